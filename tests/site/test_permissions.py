"""Who may open what: every URL of the site against every role, as one table.

Columns: anonymous visitor, participant (someone holding the signed withdrawal link from
their email — otherwise anonymous), coordinator of network A, coordinator of network B,
editor (staff in the "Redaktører" group), superuser.
302 is a redirect to a login page; 404 is what another network's or an unpublished
case's pages look like to someone who may not see them (their existence is not revealed).
"""

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
