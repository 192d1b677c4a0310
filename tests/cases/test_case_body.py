"""Case pages' bodies kept rendered (cases.case_body, issue 23): a kept body is shown only
with the rows it was rendered from, whatever changed them and however."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from cases import case_body
from cases.models import Case, CaseBody, Contact, Reuse, Sector, SimilarCases
from cases.search import similar
from networks.models import LearningNetwork, Organization, Region
from tests.cases.admin_forms import admin_form
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    DocumentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.IOA_PAGE_CACHE = False  # the view itself, every time


@pytest.fixture
def case():
    case = CaseFactory(
        title="Digitalt tilsyn om natten",
        buyers=[OrganizationFactory(name="Os kommune")],
        sectors=[SectorFactory(name="Nattilsyn og trygghet")],
        region=Region.objects.get(number="46"),
        origin_network=LearningNetworkFactory(name="Nettverket i Vest", is_published=True),
        builds_on=CaseFactory(title="Sensorer i Sogn"),
    )
    DialogueConferenceFactory(case=case, place="Førde")
    BenefitAnalysisFactory(case=case, description="Spart reisetid")
    DocumentFactory(case=case, title="Konkurransegrunnlaget")
    ContactFactory(case=case, name="Kari Nordmann")
    CaseFactory(title="Tilsyn i Tysnes", builds_on=case)
    CaseFactory(
        title="Digitalt tilsyn om natten i Fjell",
        summary=case.summary,
        sectors=list(case.sectors.all()),
        buyers=[OrganizationFactory(name="Fjell kommune")],
    )
    Reuse.objects.create(
        case=case,
        organization=OrganizationFactory(
            name="Stord kommune", region=Region.objects.get(number="46")
        ),
        how=Reuse.How.SAME,
        year=2025,
        contact_name="Ola",
        contact_email="ola@example.org",
        status=Reuse.Status.APPROVED,
    )
    return Case.objects.get(pk=case.pk)


def page(client, case, language="nb") -> str:
    with translation.override(language):
        url = reverse("cases:detail", args=[case.slug])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_view_keeps_the_body_and_the_next_shows_it(client, case):
    first = page(client, case)
    kept = CaseBody.objects.get(case=case, language="nb")
    assert "Konkurransegrunnlaget" in kept.html
    assert kept.html in first
    # Shown as kept: a body changed behind the page's back (as no write can) is what shows.
    CaseBody.objects.filter(pk=kept.pk).update(html=kept.html.replace("Førde", "Kept-marker"))
    assert "Kept-marker" in page(client, case)


# Every kind of change to what the body shows, made the way the site or a script makes it.
def rename_case(case):
    case.title = "Nytt navn"
    case.save()


def bulk_update_case(case):
    Case.objects.filter(pk=case.pk).update(title="Nytt navn")


def rename_buyer(case):
    Organization.objects.filter(casebuyer__case=case).update(name="Nytt navn")


def rename_region(case):
    Region.objects.filter(pk=case.region_id).update(name="Nytt navn")


def rename_sector(case):
    Sector.objects.filter(pk__in=case.sector_ids).update(name="Nytt navn")


def rename_network(case):
    LearningNetwork.objects.filter(pk=case.origin_network_id).update(name="Nytt navn")


def move_conference(case):
    case.dialogue_conferences.update(place="Nytt navn")


def add_benefit(case):
    BenefitAnalysisFactory(case=case, description="Nytt navn")


def rename_document(case):
    case.documents.update(title="Nytt navn")


def rename_contact(case):
    case.contacts.update(name="Nytt navn")


def add_reuse(case):
    Reuse.objects.create(
        case=case,
        organization=OrganizationFactory(name="Nytt navn"),
        how=Reuse.How.ADAPTED,
        year=2026,
        contact_name="Per",
        contact_email="per@example.org",
        status=Reuse.Status.APPROVED,
    )


def rename_the_case_it_builds_on(case):
    Case.objects.filter(pk=case.builds_on_id).update(title="Nytt navn")


def rename_a_case_building_on_it(case):
    Case.objects.filter(builds_on=case).update(title="Nytt navn")


def rename_a_similar_case(case):
    Case.objects.filter(title="Digitalt tilsyn om natten i Fjell").update(title="Nytt navn")


def rename_a_similar_cases_buyer(case):
    similar = Case.objects.get(title="Digitalt tilsyn om natten i Fjell")
    Organization.objects.filter(casebuyer__case=similar).update(name="Nytt navn")


@pytest.mark.parametrize(
    "change",
    [
        rename_case,
        bulk_update_case,
        rename_buyer,
        rename_region,
        rename_sector,
        rename_network,
        move_conference,
        add_benefit,
        rename_document,
        rename_contact,
        add_reuse,
        rename_the_case_it_builds_on,
        rename_a_case_building_on_it,
        rename_a_similar_case,
        rename_a_similar_cases_buyer,
    ],
)
def test_a_change_to_any_row_the_body_shows_shows_at_once(client, case, change):
    assert "Nytt navn" not in page(client, case)
    assert CaseBody.objects.filter(case=case).exists()
    change(case)
    html = page(client, case)
    assert "Nytt navn" in html
    # Kept again, from the new rows.
    assert "Nytt navn" in CaseBody.objects.get(case=case, language="nb").html


def test_a_similar_case_unpublished_leaves_the_page(client, case):
    assert "Digitalt tilsyn om natten i Fjell" in page(client, case)
    Case.objects.filter(title="Digitalt tilsyn om natten i Fjell").update(is_published=False)
    assert "Digitalt tilsyn om natten i Fjell" not in page(client, case)


def test_a_week_old_similar_list_is_scored_again_and_the_body_kept_anew(client, case):
    page(client, case)
    old = timezone.now() - similar.SIMILAR_MAX_AGE - datetime.timedelta(hours=1)
    SimilarCases.objects.filter(case=case).update(computed_at=old)
    CaseFactory(
        title="Digitalt tilsyn om natten i Lindås",
        summary=case.summary,
        sectors=list(case.sectors.all()),
    )
    html = page(client, case)
    assert "Digitalt tilsyn om natten i Lindås" in html
    assert SimilarCases.objects.get(case=case).computed_at > old
    assert "i Lindås" in CaseBody.objects.get(case=case, language="nb").html


def test_removing_or_changing_a_contact_removes_the_kept_bodies_that_showed_it(client, case):
    other = CaseFactory()
    ContactFactory(case=other, name="Siri Annen")
    page(client, case)
    page(client, case, "en")
    page(client, other)
    assert CaseBody.objects.filter(case=case).count() == 2
    Contact.objects.filter(case=case).delete()
    # Gone at once, without anybody viewing the page; the other case's body stays.
    assert not CaseBody.objects.filter(case=case).exists()
    assert CaseBody.objects.filter(case=other).exists()
    page(client, case)
    Contact.objects.filter(case=other).update(email="ny@example.org")
    assert not CaseBody.objects.filter(case=other).exists()
    assert CaseBody.objects.filter(case=case).exists()


def test_each_language_has_its_own_body(client, case):
    assert "Dialogkonferanse" in page(client, case)
    english = page(client, case, "en")
    assert "Dialogue conference" in english
    assert 'href="/en/anskaffelser/' in english
    assert set(CaseBody.objects.filter(case=case).values_list("language", flat=True)) == {
        "nb",
        "en",
    }
    assert "Dialogkonferanse" in page(client, case)


def test_a_new_build_renders_the_body_again(client, case, monkeypatch):
    page(client, case)
    before = CaseBody.objects.get(case=case, language="nb").fingerprint
    monkeypatch.setattr(case_body, "build", lambda: "another release")
    page(client, case)
    assert CaseBody.objects.get(case=case, language="nb").fingerprint != before


def test_a_draft_is_never_kept_and_its_preview_shows_it_as_it_is(client, case):
    Case.objects.filter(pk=case.pk).update(is_published=False)
    client.force_login(UserFactory(is_staff=True))
    html = page(client, case)
    assert "Utkast" in html
    assert not CaseBody.objects.filter(case=case).exists()
    Case.objects.filter(pk=case.pk).update(is_published=True)
    assert "badge-draft" not in page(client, case)


def test_saving_in_the_admin_renders_the_body_in_every_language(
    client, case, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    data["title"] = ["Lagret i administrasjonen"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    kept = CaseBody.objects.filter(case=case)
    assert set(kept.values_list("language", flat=True)) == {"nb", "nn", "en"}
    assert all("Lagret i administrasjonen" in body.html for body in kept)
    # Unpublished in the admin: its kept bodies go with the next save.
    data["is_published"] = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert not CaseBody.objects.filter(case=case).exists()


def test_other_kept_bodies_cost_the_page_no_more_queries(
    client, case, django_assert_max_num_queries
):
    page(client, case)
    CaseBody.objects.bulk_create(
        [
            CaseBody(
                case=CaseFactory(),
                language=language,
                fingerprint="x",
                html="<p>x</p>",
                rendered_at=timezone.now(),
            )
            for language in ("nb", "nn", "en")
            for _ in range(10)
        ]
    )
    from cases import caching

    caching.clear_local()
    with django_assert_max_num_queries(5):
        page(client, case)


def test_render_case_bodies_keeps_every_stale_body_ahead_of_the_first_view(
    client, case, monkeypatch, django_assert_max_num_queries
):
    """After a release every kept body is stale: the command renders them, newest first,
    so that the next view reads a kept body; a second run only reads."""
    older = Case.objects.exclude(pk=case.pk).filter(is_published=True)
    draft = CaseFactory(title="Utkast som ikke skal gjengis", is_published=False)
    out = io.StringIO()
    call_command("render_case_bodies", stdout=out)
    published = Case.objects.filter(is_published=True).count()
    assert f"Rendered {published * 3:,} case page bodies; 0 were up to date" in out.getvalue()
    assert CaseBody.objects.filter(case=case).count() == 3
    assert not CaseBody.objects.filter(case=draft).exists()
    with django_assert_max_num_queries(3):  # the kept body: no rendering
        assert "Førde" in page(client, case)

    out = io.StringIO()
    call_command("render_case_bodies", stdout=out)
    assert f"Rendered 0 case page bodies; {published * 3:,} were up to date" in out.getvalue()

    monkeypatch.setattr(case_body, "build", lambda: "the next release")
    Case.objects.filter(pk=case.pk).update(published_at=timezone.now())
    out = io.StringIO()
    call_command("render_case_bodies", "--limit", "1", "--language", "nn", stdout=out)
    assert "Rendered 1 case page bodies; 0 were up to date" in out.getvalue()
    assert CaseBody.objects.get(case=case, language="nn").fingerprint == (
        case_body._fingerprint(case.pk)
    )
    assert all(
        body.fingerprint != case_body._fingerprint(body.case_id)
        for body in CaseBody.objects.filter(case__in=older, language="nn")
    )
    with pytest.raises(CommandError):
        call_command("render_case_bodies", "--limit", "0")
