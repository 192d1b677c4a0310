"""Who may open what: every URL of the site against every role, as one table.

Columns: anonymous visitor, participant (someone holding the signed withdrawal link from
their email — otherwise anonymous), coordinator of network A, coordinator of network B,
editor (staff in the "Redaktører" group), superuser.
302 is a redirect to a login page; 404 is what another network's or an unpublished
case's pages look like to someone who may not see them (their existence is not revealed).
"""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from networks.models import NetworkMessage
from tests.factories import (
    CaseFactory,
    DocumentFactory,
    EnrollmentFactory,
    LearningNetworkFactory,
    SessionFactory,
    UserFactory,
)

ROLES = ("anonymous", "participant", "coord_a", "coord_b", "editor", "superuser")

# fmt: off
MATRIX = [
    # method, url template,                                anon part coA  coB  edit super
    ("GET",  "/",                                           200, 200, 200, 200, 200, 200),
    ("GET",  "/om/",                                        200, 200, 200, 200, 200, 200),
    ("GET",  "/personvern/",                                200, 200, 200, 200, 200, 200),
    ("GET",  "/tilgjengelighet/",                           200, 200, 200, 200, 200, 200),
    ("GET",  "/nn/",                                        200, 200, 200, 200, 200, 200),
    ("GET",  "/en/anskaffelser/",                           200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/",                              200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/?q=velferd",                    200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/feed/",                         200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/eksport.csv",                   200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/eksport.json",                  200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/{published}/",                  200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/{published}/dokumenter/{pub_doc}/", 200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/{draft}/",                      404, 404, 404, 404, 200, 200),
    ("GET",  "/anskaffelser/{draft}/dokumenter/{draft_doc}/", 404, 404, 404, 404, 200, 200),
    ("GET",  "/anskaffelser/del/",                          200, 200, 200, 200, 200, 200),
    ("GET",  "/statistikk/",                                200, 200, 200, 200, 200, 200),
    ("GET",  "/kom-i-gang/",                                200, 200, 200, 200, 200, 200),
    ("GET",  "/kom-i-gang/markedsdialog/",                  200, 200, 200, 200, 200, 200),
    ("GET",  "/api/",                                       200, 200, 200, 200, 200, 200),
    ("GET",  "/api/v1/cases/",                              200, 200, 200, 200, 200, 200),
    ("GET",  "/api/v1/cases/{published}/",                  200, 200, 200, 200, 200, 200),
    ("GET",  "/api/v1/cases/{draft}/",                      404, 404, 404, 404, 404, 404),
    ("GET",  "/sitemap.xml",                                200, 200, 200, 200, 200, 200),
    ("GET",  "/robots.txt",                                 200, 200, 200, 200, 200, 200),
    ("GET",  "/healthz",                                    200, 200, 200, 200, 200, 200),
    ("GET",  "/virksomheter/sok/?q=bergen",                 200, 200, 200, 200, 200, 200),
    ("POST", "/virksomheter/sok/?q=bergen",                 405, 405, 405, 405, 405, 405),
    ("GET",  "/admin/cases/case/kunngjoring/",              302, 302, 302, 302, 200, 200),
    ("GET",  "/nettverk/",                                  200, 200, 200, 200, 200, 200),
    ("GET",  "/nettverk/nettverk-a/",                       200, 200, 200, 200, 200, 200),
    ("GET",  "/nettverk/nettverk-a/kalender.ics",           200, 200, 200, 200, 200, 200),
    ("GET",  "/nettverk/nettverk-a/pamelding/",             200, 200, 200, 200, 200, 200),
    ("GET",  "/nettverk/upublisert/",                       404, 404, 404, 404, 404, 404),
    ("GET",  "/nettverk/nettverk-a/send-bekreftelse/",      200, 200, 200, 200, 200, 200),
    ("POST", "/nettverk/nettverk-a/send-bekreftelse/",      400, 400, 400, 400, 400, 400),
    ("GET",  "/nettverk/trekk/{token}/",                    200, 200, 200, 200, 200, 200),
    ("GET",  "/nettverk/trekk/{forged}/",                   404, 404, 404, 404, 404, 404),
    ("GET",  "/koordinator/logg-inn/",                      200, 200, 302, 302, 302, 302),
    ("GET",  "/koordinator/glemt-passord/",                 200, 200, 200, 200, 200, 200),
    ("GET",  "/koordinator/glemt-passord/sendt/",           200, 200, 200, 200, 200, 200),
    ("GET",  "/koordinator/nytt-passord/MQ/feil-token/",     200, 200, 200, 200, 200, 200),
    ("GET",  "/koordinator/nytt-passord/ferdig/",           200, 200, 200, 200, 200, 200),
    # With IOA_REQUIRE_2FA off (as here) there is no second step: the pages send people on.
    ("GET",  "/koordinator/logg-inn/engangskode/",          302, 302, 302, 302, 302, 302),
    ("GET",  "/koordinator/logg-inn/tofaktor/",             302, 302, 302, 302, 302, 302),
    ("GET",  "/koordinator/",                               302, 302, 200, 200, 200, 200),
    ("GET",  "/koordinator/nettverk-a/",                    302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/?status=pending",     302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/ny-deltaker/",        302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/deltakere.csv",       302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/samlinger/1/oppmote/", 302, 302, 200, 404, 404, 200),
    ("POST", "/koordinator/nettverk-a/pameldinger/{enrollment}/beslutning/",
                                                            302, 302, 302, 404, 404, 302),
    ("POST", "/koordinator/nettverk-a/pameldinger/{enrollment}/send-epost/",
                                                            302, 302, 302, 404, 404, 302),
    ("GET",  "/koordinator/nettverk-a/pameldinger/{enrollment}/beslutning/?status=declined",
                                                            302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/pameldinger/{decided}/angre/",
                                                            302, 302, 200, 404, 404, 200),
    ("POST", "/koordinator/nettverk-a/pameldinger/{other}/angre/",
                                                            302, 302, 302, 404, 404, 302),
    ("GET",  "/koordinator/nettverk-a/e-post/",             302, 302, 200, 404, 404, 200),
    ("GET",  "/koordinator/nettverk-a/e-post/ny/",          302, 302, 200, 404, 404, 200),
    ("POST", "/koordinator/nettverk-a/e-post/ny/",          302, 302, 400, 404, 404, 400),
    ("GET",  "/koordinator/nettverk-a/e-post/{message}/",   302, 302, 200, 404, 404, 200),
    ("POST", "/koordinator/nettverk-a/e-post/{message}/send-igjen/",
                                                            302, 302, 302, 404, 404, 302),
    ("GET",  "/koordinator/nettverk-b/e-post/{message}/",   302, 302, 404, 404, 404, 404),
    ("GET",  "/koordinator/nettverk-b/",                    302, 302, 404, 200, 404, 200),
    ("GET",  "/koordinator/nettverk-b/deltakere.csv",       302, 302, 404, 200, 404, 200),
    ("GET",  "/admin/",                                     302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/case/",                          302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/case/add/",                      302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/networks/organization/",               302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/networks/participant/",                302, 302, 302, 302, 403, 200),
    ("GET",  "/admin/networks/enrollment/",                 302, 302, 302, 302, 403, 200),
    ("GET",  "/admin/auth/user/",                           302, 302, 302, 302, 403, 200),
]
# fmt: on


def pdf(name):
    return ContentFile(b"%PDF-1.4\n% behovsbeskrivelse\n", name=name)


@pytest.fixture
def site(db):
    network_a = LearningNetworkFactory(name="Nettverk A", slug="nettverk-a")
    network_b = LearningNetworkFactory(name="Nettverk B", slug="nettverk-b")
    LearningNetworkFactory(slug="upublisert", is_published=False)
    SessionFactory(network=network_a, number=1)
    enrollment = EnrollmentFactory(network=network_a)
    EnrollmentFactory(network=network_b)
    # A decision a coordinator made today (can be undone), and one that cannot be.
    decided = EnrollmentFactory(
        network=network_a,
        status="declined",
        previous_status="pending",
        decided_at=timezone.now(),
    )
    other = EnrollmentFactory(network=network_a)
    published = CaseFactory(title="Velferdsteknologi i Bærum")
    draft = CaseFactory(title="Utkast om avfall", is_published=False, published_at=None)
    users = {
        "coord_a": UserFactory(username="koordinator-a"),
        "coord_b": UserFactory(username="koordinator-b"),
        "editor": UserFactory(username="redaktor", is_staff=True),
        "superuser": UserFactory(username="sjef", is_staff=True, is_superuser=True),
    }
    network_a.coordinators.add(users["coord_a"])
    decided.decided_by = users["coord_a"]
    decided.save()
    message = NetworkMessage.objects.create(network=network_a, subject="Hei", body="Tekst")
    network_b.coordinators.add(users["coord_b"])
    users["editor"].groups.add(Group.objects.get(name="Redaktører"))
    values = {
        "published": published.slug,
        "draft": draft.slug,
        "pub_doc": DocumentFactory(case=published, file=pdf("behov.pdf")).pk,
        "draft_doc": DocumentFactory(case=draft, file=pdf("utkast.pdf")).pk,
        "enrollment": enrollment.pk,
        "decided": decided.pk,
        "other": other.pk,
        "message": message.pk,
        "token": enrollment.withdraw_token(),
        "forged": enrollment.withdraw_token()[:-3] + "xyz",
    }
    return users, values


def test_permission_matrix(client, site):
    users, values = site
    wrong = []
    for method, template, *expected in MATRIX:
        url = template.format(**values)
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            if role in users:
                client.force_login(users[role])
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, {"status": "accepted"})
            got = response.status_code
            if got != want:
                wrong.append(f"{method} {url} as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


# Issue 21: Min side, materials, work reports and evaluations. Roles: anonymous, a
# participant of network A (accepted, present at session 1), a participant of network B
# (logged in to Min side), coordinators of A and B, editor, superuser.
ROLES_21 = ("anonymous", "part_a", "part_b", "coord_a", "coord_b", "editor", "superuser")
# fmt: off
MATRIX_21 = [
    # method, url template,                                     anon pA  pB  coA coB edit sup
    ("GET",  "/nettverk/min-side/",                               302, 200, 200, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/logg-inn/",                      200, 200, 200, 200, 200, 200, 200),  # noqa: E501
    ("GET",  "/nettverk/min-side/inn/{forged_login}/",            404, 404, 404, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-a/",                    302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-a/samlinger/1/mellomarbeid/", 302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-a/samlinger/1/evaluering/",   302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/materiell/{material_token}/",    302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/nettverk-a/materiell/{private}/",         404, 404, 404, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/nettverk/nettverk-a/materiell/{public}/",          200, 200, 200, 200, 200, 200, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/samlinger/",                302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/samlinger/1/materiell/",    302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/materiell/{private}/",      302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("POST", "/koordinator/nettverk-a/materiell/{public}/slett/", 302, 302, 302, 302, 404, 404, 302),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/samlinger/1/mellomarbeid/", 302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/samlinger/1/mellomarbeid.csv", 302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/mellomarbeid/{report}/fil/", 302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/evaluering/",               302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("GET",  "/koordinator/nettverk-a/evaluering.csv",            302, 302, 302, 200, 404, 404, 200),  # noqa: E501
    ("POST", "/koordinator/nettverk-a/samlinger/1/evaluering/send/", 302, 302, 302, 302, 404, 404, 302),  # noqa: E501
    ("GET",  "/koordinator/",                                     302, 302, 302, 200, 200, 200, 200),  # noqa: E501
    ("GET",  "/admin/",                                           302, 302, 302, 302, 302, 200, 200),  # noqa: E501
]
# fmt: on


def test_permission_matrix_of_min_side_and_session_work(client, db):
    import datetime

    from networks import materials, participants
    from networks.models import SessionMaterial, WorkReport
    from tests.factories import AttendanceFactory

    network_a = LearningNetworkFactory(name="Nettverk A", slug="nettverk-a")
    network_b = LearningNetworkFactory(name="Nettverk B", slug="nettverk-b")
    session = SessionFactory(
        network=network_a, number=1, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    part_a = EnrollmentFactory(network=network_a, status="accepted")
    AttendanceFactory(enrollment=part_a, session=session, present=True)
    part_b = EnrollmentFactory(network=network_b, status="accepted")
    users = {
        "coord_a": UserFactory(username="koordinator-a"),
        "coord_b": UserFactory(username="koordinator-b"),
        "editor": UserFactory(username="redaktor", is_staff=True),
        "superuser": UserFactory(username="sjef", is_staff=True, is_superuser=True),
    }
    network_a.coordinators.add(users["coord_a"])
    network_b.coordinators.add(users["coord_b"])
    users["editor"].groups.add(Group.objects.get(name="Redaktører"))
    private = SessionMaterial.objects.create(session=session, title="Lysark", file=pdf("l.pdf"))
    report = WorkReport.objects.create(
        enrollment=part_a, session=session, text="Gjort", file=pdf("r.pdf")
    )
    values = {
        "forged_login": participants.issue_link(part_a.participant).signed[:-3] + "xyz",
        "private": private.pk,
        "report": report.pk,
        "material_token": materials.material_url(private, part_a.participant.pk).split("/")[-2],
    }
    wrong = []
    for method, template, *expected in MATRIX_21:
        for role, want in zip(ROLES_21, expected, strict=True):
            # A fresh public material each time: one row deletes it.
            public = SessionMaterial.objects.create(
                session=session, title="Åpent", file=pdf("p.pdf"), audience="public"
            )
            url = template.format(public=public.pk, **values)
            client.logout()
            if role in users:
                client.force_login(users[role])
            elif role in ("part_a", "part_b"):
                enrollment = part_a if role == "part_a" else part_b
                link = participants.issue_link(enrollment.participant)
                client.post(f"/nettverk/min-side/inn/{link.signed}/")
            response = client.get(url) if method == "GET" else client.post(url)
            if response.status_code != want:
                wrong.append(
                    f"{method} {url} as {role}: expected {want}, got {response.status_code}"
                )
    assert not wrong, "\n".join(wrong)


# Issue 19: reuse of a case's solution, and the needs board. Same roles as MATRIX.
# fmt: off
MATRIX_19 = [
    # method, url template,                                         anon part coA  coB  edit super
    ("GET",  "/anskaffelser/{published}/gjenbruk/",                  200, 200, 200, 200, 200, 200),
    ("POST", "/anskaffelser/{published}/gjenbruk/",                  400, 400, 400, 400, 400, 400),
    ("GET",  "/anskaffelser/{draft}/gjenbruk/",                      404, 404, 404, 404, 404, 404),
    ("GET",  "/anskaffelser/{published}/gjenbruk/sendt/",            200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/{published}/gjenbruk/bekreft/{reuse_token}/", 200, 200, 200, 200, 200, 200),  # noqa: E501
    ("GET",  "/anskaffelser/{published}/gjenbruk/bekreft/{reuse_forged}/", 404, 404, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/anskaffelser/{draft}/gjenbruk/bekreft/{reuse_token}/", 404, 404, 404, 404, 404, 404),
    ("GET",  "/anskaffelser/{other_case}/gjenbruk/bekreft/{reuse_token}/", 404, 404, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/anskaffelser/{published}/gjenbruk/bekreft/{reuse_expired}/", 410, 410, 410, 410, 410, 410),  # noqa: E501
    ("GET",  "/anskaffelser/{published}/gjenbruk/bekreft/{need_token}/", 404, 404, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/admin/cases/reuse/",                                  302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/reuse/{reuse}/change/",                   302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/reuse/add/",                              302, 302, 302, 302, 403, 403),
    ("GET",  "/behov/",                                              200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/?fylke=x&fase=y&felles=ja&q=skole",             200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/feed/",                                         200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/nytt/",                                         200, 200, 200, 200, 200, 200),
    ("POST", "/behov/nytt/",                                         400, 400, 400, 400, 400, 400),
    ("GET",  "/behov/sendt/",                                        200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/ny-lenke/",                                     200, 200, 200, 200, 200, 200),
    ("POST", "/behov/ny-lenke/",                                     400, 400, 400, 400, 400, 400),
    ("GET",  "/behov/slettet/",                                      200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/{need}/",                                       200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/{pending_need}/",                               404, 404, 404, 404, 200, 200),
    ("GET",  "/behov/{unconfirmed_need}/",                           404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/{need}/samme-behov/",                           200, 200, 200, 200, 200, 200),
    ("POST", "/behov/{need}/samme-behov/",                           400, 400, 400, 400, 400, 400),
    ("GET",  "/behov/{pending_need}/samme-behov/",                   404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/{closed_need}/",                                200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/{closed_need}/samme-behov/",                    404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/{unconfirmed_need}/samme-behov/",               404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/samme-behov/bekreft/{interest_token}/",         200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/samme-behov/bekreft/{need_forged}/",            404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/samme-behov/bekreft/{interest_forged}/",        404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/samme-behov/bekreft/{interest_expired}/",       410, 410, 410, 410, 410, 410),
    ("GET",  "/behov/forvalt/{need_token}/",                         200, 200, 200, 200, 200, 200),
    ("POST", "/behov/forvalt/{need_token}/",                         400, 400, 400, 400, 400, 400),
    ("GET",  "/behov/forvalt/{unconfirmed_token}/",                  200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/forvalt/{need_forged}/",                        404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/forvalt/{need_expired}/",                       410, 410, 410, 410, 410, 410),
    ("GET",  "/behov/forvalt/{interest_token}/",                     404, 404, 404, 404, 404, 404),
    ("POST", "/behov/forvalt/{need_forged}/",                        404, 404, 404, 404, 404, 404),
    ("GET",  "/behov/forvalt/{need_token}/slett/",                   200, 200, 200, 200, 200, 200),
    ("GET",  "/behov/forvalt/{need_forged}/slett/",                  404, 404, 404, 404, 404, 404),
    ("POST", "/behov/forvalt/{need_forged}/slett/",                  404, 404, 404, 404, 404, 404),
    ("POST", "/behov/forvalt/{need_expired}/slett/",                 410, 410, 410, 410, 410, 410),
    ("GET",  "/admin/cases/need/",                                   302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/need/{need}/change/",                     302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/need/add/",                               302, 302, 302, 302, 403, 403),
    ("GET",  "/admin/cases/need/{closed_need}/delete/",              302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/reuse/{reuse}/delete/",                   302, 302, 302, 302, 200, 200),
]
# fmt: on


def test_permission_matrix_of_reuse_and_needs(client, site):
    from cases.models import Reuse
    from tests.factories import OrganizationFactory

    users, values = site
    published = CaseFactory(title="Gjenbrukt løsning")
    reuse = Reuse.objects.create(
        case=published,
        organization=OrganizationFactory(),
        how="samme",
        year=2024,
        contact_name="Kari",
        contact_email="kari@example.no",
        status="confirmed",
    )
    from cases.models import Need, NeedInterest

    body = OrganizationFactory()

    def need(status, reviewed):
        return Need.objects.create(
            title="Behov",
            text="Tekst",
            organization=body,
            contact_email="eier@example.no",
            status=status,
            reviewed_at=timezone.now() if reviewed else None,
        )

    open_need = need("published", True)
    unconfirmed_need = need("unconfirmed", False)
    interest = NeedInterest.objects.create(need=open_need, organization=body)
    # Links signed more than a year ago: older than every link of the needs board.
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 400 * 86400):
        expired = {
            "need_expired": open_need.manage_token(),
            "interest_expired": interest.confirm_token(),
            "reuse_expired": reuse.confirm_token(),
        }
    values = {
        **values,
        **expired,
        "need": open_need.pk,
        "pending_need": need("pending", False).pk,
        "unconfirmed_need": unconfirmed_need.pk,
        "closed_need": need("closed", True).pk,
        "need_token": open_need.manage_token(),
        "unconfirmed_token": unconfirmed_need.manage_token(),
        "need_forged": open_need.manage_token()[:-3] + "xyz",
        "interest_token": interest.confirm_token(),
        "interest_forged": interest.confirm_token()[:-3] + "xyz",
        "published": published.slug,
        "other_case": CaseFactory(title="En annen anskaffelse").slug,
        "reuse": reuse.pk,
        "reuse_token": reuse.confirm_token(),
        "reuse_forged": reuse.confirm_token()[:-3] + "xyz",
    }
    wrong = []
    for method, template, *expected in MATRIX_19:
        url = template.format(**values)
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            if role in users:
                client.force_login(users[role])
            response = client.get(url) if method == "GET" else client.post(url, {"x": "1"})
            if response.status_code != want:
                got = response.status_code
                wrong.append(f"{method} {url} as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_every_role_deletes_a_need_through_its_signed_link_and_nothing_without_it(client, site):
    """The signed link is the only key: whoever holds it deletes the need (a fresh need per
    role, since the row is gone after), and a logged-in editor without it deletes nothing."""
    from cases.models import Need, NeedInterest
    from tests.factories import OrganizationFactory

    users, _values = site
    body = OrganizationFactory()
    for role in ROLES:
        need = Need.objects.create(
            title="Behov",
            text="Tekst",
            organization=body,
            status="published",
            reviewed_at=timezone.now(),
        )
        NeedInterest.objects.create(need=need, organization=body, is_confirmed=True)
        client.logout()
        if role in users:
            client.force_login(users[role])
        forged = client.post(f"/behov/forvalt/{need.manage_token()[:-3]}xyz/slett/")
        assert forged.status_code == 404, role
        assert Need.objects.filter(pk=need.pk).exists(), role
        response = client.post(f"/behov/forvalt/{need.manage_token()}/slett/")
        assert (response.status_code, response["Location"]) == (302, "/behov/slettet/"), role
        assert not Need.objects.filter(pk=need.pk).exists(), role
        assert not NeedInterest.objects.filter(need_id=need.pk).exists(), role


# Issue 21, from challenge to case and certificates. Same roles as MATRIX_21; part_a is
# accepted in network A (ended), consented, and attended every session; each request
# starts from a fresh state (nothing proposed, consent given).
# fmt: off
MATRIX_21_CASES = [
    # method, url template,                                       anon pA  pB  coA coB edit sup
    ("POST", "/nettverk/min-side/nettverk-a/samtykke-anskaffelse/",  302, 302, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-a/samtykke-anskaffelse/",  302, 405, 405, 302, 302, 302, 302),  # noqa: E501
    ("POST", "/anskaffelser/fra-nettverk/nettverk-a/pameldinger/{part_a}/", 302, 302, 302, 302, 404, 404, 302),  # noqa: E501
    ("POST", "/anskaffelser/fra-nettverk/nettverk-a/pameldinger/{part_b}/", 302, 302, 302, 404, 404, 404, 404),  # noqa: E501
    ("GET",  "/anskaffelser/fra-nettverk/nettverk-a/pameldinger/{part_a}/", 302, 302, 302, 405, 405, 405, 405),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-a/kursbevis.pdf",          302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/en/nettverk/min-side/nettverk-a/kursbevis.pdf",       302, 200, 404, 302, 302, 302, 302),  # noqa: E501
    ("GET",  "/nettverk/min-side/nettverk-b/kursbevis.pdf",          302, 404, 403, 302, 302, 302, 302),  # noqa: E501
]
# fmt: on


def test_permission_matrix_of_case_proposals_and_certificates(client, db):
    import datetime

    from cases.models import Case
    from networks import participants
    from tests.factories import AttendanceFactory

    network_a = LearningNetworkFactory(name="Nettverk A", slug="nettverk-a")
    network_b = LearningNetworkFactory(name="Nettverk B", slug="nettverk-b")
    sessions = [
        SessionFactory(
            network=network_a, number=n, starts_at=timezone.now() - datetime.timedelta(days=10 - n)
        )
        for n in (1, 2)
    ]
    part_a = EnrollmentFactory(network=network_a, status="accepted")
    for session in sessions:
        AttendanceFactory(enrollment=part_a, session=session, present=True)
    part_b = EnrollmentFactory(network=network_b, status="accepted")
    users = {
        "coord_a": UserFactory(username="koordinator-a"),
        "coord_b": UserFactory(username="koordinator-b"),
        "editor": UserFactory(username="redaktor", is_staff=True),
        "superuser": UserFactory(username="sjef", is_staff=True, is_superuser=True),
    }
    network_a.coordinators.add(users["coord_a"])
    network_b.coordinators.add(users["coord_b"])
    users["editor"].groups.add(Group.objects.get(name="Redaktører"))
    values = {"part_a": part_a.pk, "part_b": part_b.pk}
    wrong = []
    for method, template, *expected in MATRIX_21_CASES:
        url = template.format(**values)
        for role, want in zip(ROLES_21, expected, strict=True):
            Case.objects.filter(origin_network__isnull=False).delete()
            type(part_a).objects.filter(pk__in=[part_a.pk, part_b.pk]).update(
                case_consent_at=timezone.now(), case_proposed_at=None
            )
            client.logout()
            if role in users:
                client.force_login(users[role])
            elif role in ("part_a", "part_b"):
                enrollment = part_a if role == "part_a" else part_b
                link = participants.issue_link(enrollment.participant)
                client.post(f"/nettverk/min-side/inn/{link.signed}/")
            response = client.get(url) if method == "GET" else client.post(url, {"consent": "1"})
            if response.status_code != want:
                got = response.status_code
                wrong.append(f"{method} {url} as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


# Issue 20: alerts for a search, and the job queue in the admin. Same roles as MATRIX.
# fmt: off
MATRIX_20 = [
    # method, url template,                                       anon part coA  coB  edit super
    ("GET",  "/anskaffelser/varsel/",                               200, 200, 200, 200, 200, 200),
    ("POST", "/anskaffelser/varsel/",                               400, 400, 400, 400, 400, 400),
    ("GET",  "/anskaffelser/varsel/bekreft/{alert_confirm}/",       200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/varsel/bekreft/{forged}/",              400, 400, 400, 400, 400, 400),
    ("GET",  "/anskaffelser/varsel/avmeld/{alert_unsubscribe}/",    200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/varsel/avmeld/{forged}/",               200, 200, 200, 200, 200, 200),
    ("POST", "/anskaffelser/varsel/avmeld/{forged}/",               200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/varsel/mine/{alert_manage}/",           200, 200, 200, 200, 200, 200),
    ("GET",  "/anskaffelser/varsel/mine/{forged}/",                 400, 400, 400, 400, 400, 400),
    ("GET",  "/admin/procrastinate/procrastinatejob/",              302, 302, 302, 302, 200, 200),
    # Alerts are counted, never listed: one read-only page, no change or delete pages.
    ("GET",  "/admin/cases/alert/",                                 302, 302, 302, 302, 200, 200),
    ("GET",  "/admin/cases/alert/1/change/",                        302, 302, 302, 302, 404, 404),
    ("GET",  "/admin/cases/alert/add/",                             302, 302, 302, 302, 404, 404),
]
# fmt: on


def test_permission_matrix_of_alerts_and_jobs(client, site):
    from cases import alerts
    from cases.models import Alert

    users, values = site
    alert = Alert.objects.create(email="kari@example.no", query="q=velferd")
    values = {
        **values,
        "alert_confirm": alerts.confirm_token(alert),
        "alert_unsubscribe": alerts.unsubscribe_token(alert),
        "alert_manage": alerts.manage_token(alert.email),
        "forged": alerts.confirm_token(alert)[:-3] + "xyz",
    }
    wrong = []
    for method, template, *expected in MATRIX_20:
        url = template.format(**values)
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            if role in users:
                client.force_login(users[role])
            response = client.get(url) if method == "GET" else client.post(url, {"x": "1"})
            if response.status_code != want:
                got = response.status_code
                wrong.append(f"{method} {url} as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)
