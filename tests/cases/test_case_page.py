import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import BenefitAnalysis
from cases.search import semantic
from networks.models import Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    DocumentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_case(db):
    lead = OrganizationFactory(name="Bærum kommune")
    partner = OrganizationFactory(name="Asker kommune")
    sector = SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")
    network = LearningNetworkFactory(name="IOA-nettverket i Vest", slug="ioa-vest")
    case = CaseFactory(
        title="Smart matlevering i hjemmetjenesten",
        slug="smart-matlevering",
        summary="Kommunen fant en ny måte å levere mat til hjemmeboende på.",
        need="## Problemet\n\nMange **hjemmeboende** får ikke varm mat.",
        approach="Vi holdt dialogkonferanse.",
        results="Færre turer med bil.",
        lessons="- Start tidlig\n- Involver brukerne",
        buyers=[lead, partner],
        sectors=[sector],
        region=Region.objects.get(number="32"),
        start_year=2017,
        end_year=2019,
        estimated_value=2500000,
        origin_network=network,
        doffin_ids=["2018-123456"],
        innovative_acquisitions=["prod-innov"],
        cpv_codes=["15894000"],
        is_demo=True,
    )
    DialogueConferenceFactory(
        case=case,
        held_on=datetime.date(2017, 9, 14),
        place="Bærum rådhus",
        invited_suppliers=40,
        attending_suppliers=18,
        one_to_one_meetings=6,
    )
    BenefitAnalysisFactory(
        case=case,
        kind=BenefitAnalysis.Kind.ECONOMY,
        description="Lavere transportkostnader",
        estimated=500000,
        realised=420000,
    )
    BenefitAnalysisFactory(
        case=case,
        kind=BenefitAnalysis.Kind.ECONOMY,
        description="Mindre matsvinn",
        estimated=100000,
        realised=None,
    )
    BenefitAnalysisFactory(
        case=case,
        kind=BenefitAnalysis.Kind.CLIMATE,
        description="Kortere kjøring",
        estimated=12,
        realised=9.5,
    )
    ContactFactory(
        case=case,
        name="Kari Nordmann",
        email="kari@example.no",
        phone="+47 22 00 00 00",
        is_fictitious=True,
    )
    DocumentFactory(
        case=case,
        title="Behovsbeskrivelse for matlevering",
        external_url="https://example.no/behov.pdf",
    )
    return case


def test_case_page_shows_everything_a_reader_needs(client, full_case):
    response = client.get(full_case.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Smart matlevering i hjemmetjenesten</h1>" in html
    assert "Kommunen fant en ny måte" in html
    # badges, including the visible demo label
    assert "Pågår" in html and "Behovsavklaring" in html and "Annet" in html
    assert 'class="badge badge-demo">Demo<' in html
    # buyers, sector and county link to the filtered search
    lead = full_case.casebuyer_set.get(is_lead=True).organization
    assert f'href="/anskaffelser/?kjoper={lead.pk}">Bærum kommune</a>' in html
    assert "Asker kommune" in html
    sector = full_case.sectors.get()
    assert f'?sektor={sector.pk}">Helse og omsorg</a>' in html
    assert f'?fylke={full_case.region.pk}">Akershus</a>' in html
    assert "2017–2019" in html
    assert "2\xa0500\xa0000 kr" in html
    # Markdown rendered, headings moved below the page's own h2
    assert "<h3>Problemet</h3>" in html and "<strong>hjemmeboende</strong>" in html
    assert "<li>Start tidlig</li>" in html
    # dialogue conference
    assert "Dialogkonferanse 14. september 2017" in html
    assert "40 inviterte leverandører" in html and "18 leverandører deltok" in html
    # benefits with totals per kind
    assert "Lavere transportkostnader" in html
    assert "Sum Økonomi" in html and "600\xa0000" in html and "420\xa0000" in html
    assert "Sum Klima" in html and "9,5" in html
    # contacts
    assert 'href="mailto:kari@example.no"' in html
    assert 'href="tel:+4722000000"' in html
    assert "Fiktiv person" in html
    # documents, origin network, Doffin
    assert 'href="https://example.no/behov.pdf"' in html and "ekstern lenke" in html
    assert 'href="/nettverk/ioa-vest/">IOA-nettverket i Vest</a>' in html
    assert 'href="https://www.doffin.no/notices/2018-123456"' in html
    assert (
        "<dd>Produktinnovasjon: nye eller vesentlig forbedrede varer eller tjenester</dd>" in html
    )
    # breadcrumbs, meta and Open Graph
    assert 'aria-label="Brødsmulesti"' in html and 'aria-current="page">Smart matlevering' in html
    assert '<meta name="description" content="Kommunen fant en ny måte' in html
    assert '<meta property="og:title" content="Smart matlevering i hjemmetjenesten">' in html
    assert 'property="og:url" content="http://testserver/anskaffelser/smart-matlevering/"' in html
    assert "draft-banner" not in html


def sum_row(html: str, kind: str) -> str:
    """The text of the benefits table's "Sum <kind>" row, as a reader sees it."""
    row = re.search(rf"<tr>\s*<th[^>]*>Sum {kind}</th>.*?</tr>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_a_benefit_sum_over_only_some_rows_says_how_many_it_covers(client, full_case):
    time = {"case": full_case, "kind": BenefitAnalysis.Kind.TIME}
    BenefitAnalysisFactory(**time, description="Færre turer", estimated=300, realised=250)
    BenefitAnalysisFactory(**time, description="Kortere møter", estimated=None, realised=40)
    BenefitAnalysisFactory(**time, description="Mindre papir", estimated=None, realised=None)
    BenefitAnalysisFactory(
        case=full_case, kind=BenefitAnalysis.Kind.QUALITY, unit="poeng", realised=None
    )
    html = client.get(full_case.get_absolute_url()).content.decode()
    # One of the two economy rows is measured, so its realised sum is not like-for-like.
    assert sum_row(html, "Økonomi") == "Sum Økonomi 600 000 420 000 (1 av 2 målt) kr/år"
    assert sum_row(html, "Tid") == "Sum Tid 300 (1 av 3 anslått) 290 (2 av 3 målt) timer/år"
    # Sums over every row need no note; a sum with nothing measured says so.
    assert sum_row(html, "Klima") == "Sum Klima 12 9,50 tonn CO2e/år"
    assert sum_row(html, "Kvalitet") == "Sum Kvalitet 500 000 ikke målt poeng"


def test_the_benefits_table_tells_narrow_screens_it_scrolls_sideways(client, full_case):
    html = client.get(full_case.get_absolute_url()).content.decode()
    hint = '<p class="scroll-hint">Rull sideveis for å se alle kolonnene.</p>'
    assert hint in html
    assert html.index(hint) < html.index('<div class="table-scroll"')
    nynorsk = client.get("/nn" + full_case.get_absolute_url()).content.decode()
    translation.activate("nb")  # the request left its language active in this thread
    assert "Rull sidelengs for å sjå alle kolonnane." in nynorsk


def test_markdown_in_case_text_is_sanitised_on_the_page(client):
    case = CaseFactory(need="Se <script>alert('x')</script>[her](javascript:alert(1))")
    html = client.get(case.get_absolute_url()).content.decode()
    assert "alert" not in html.split("<main")[1]


def test_draft_is_404_for_the_public(client):
    case = CaseFactory(is_published=False, published_at=None)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_draft_is_404_for_logged_in_non_staff(client, coordinator_a):
    case = CaseFactory(is_published=False, published_at=None)
    client.force_login(coordinator_a)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_banner(client, editor):
    case = CaseFactory(title="Hemmelig utkast", is_published=False, published_at=None)
    client.force_login(editor)
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "draft-banner" in html and "ikke publisert" in html
    assert reverse("admin:cases_case_change", args=[case.pk]) in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]


def test_unknown_slug_is_404(client, db):
    assert client.get("/anskaffelser/finnes-ikke/").status_code == 404


def test_unpublished_network_is_named_but_not_linked(client):
    network = LearningNetworkFactory(name="Lukket nettverk", is_published=False)
    case = CaseFactory(origin_network=network)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Lukket nettverk" in html
    assert network.get_absolute_url() not in html


@pytest.mark.parametrize("n", [1, 6])
def test_case_page_queries_do_not_grow_with_related_rows(
    client, django_assert_max_num_queries, settings, n
):
    settings.IOA_PAGE_CACHE = False  # the view's own queries (see test_page_cache.py)
    sectors = [SectorFactory() for _ in range(n)]
    case = CaseFactory(
        buyers=OrganizationFactory.create_batch(n),
        sectors=sectors,
        region=Region.objects.get(number="46"),
        origin_network=LearningNetworkFactory(),
    )
    DialogueConferenceFactory.create_batch(n, case=case)
    BenefitAnalysisFactory.create_batch(n, case=case)
    ContactFactory.create_batch(n, case=case)
    DocumentFactory.create_batch(n, case=case)
    # The first view scores the similar cases and keeps them, then renders the body from
    # the rows once and keeps it (cases.case_body). Where the server has vectors, scoring
    # also asks for the case's own (this one has none yet, so nothing is near it).
    with django_assert_max_num_queries(17 + semantic.available()):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="conference"') == n
    # Then: the content version, the case, and its kept body with its fingerprint, similar
    # cases included.
    with django_assert_max_num_queries(3):
        response = client.get(case.get_absolute_url())
    assert response.content.decode().count('class="conference"') == n
    # Another worker (nothing kept in this process) asks the same.
    from cases import caching

    caching.clear_local()
    with django_assert_max_num_queries(3):
        response = client.get(case.get_absolute_url())
    assert response.content.decode().count('class="conference"') == n


def rename(case, slug):
    case.slug = slug
    case.save()


def test_an_old_address_redirects_to_the_case_after_its_slug_changes(client):
    case = CaseFactory(title="Smart matlevering", slug="matlevering")
    assert client.get("/anskaffelser/matlevering/").status_code == 200  # now in the page cache
    rename(case, "smart-matlevering")
    rename(case, "smart-matlevering-i-baerum")

    for old in ("matlevering", "smart-matlevering"):
        response = client.get(reverse("cases:detail", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == "/anskaffelser/smart-matlevering-i-baerum/"
    assert client.get(response["Location"]).status_code == 200
    # Redirects keep the language and the query string.
    nynorsk = client.get("/nn/anskaffelser/matlevering/?utm_source=nyhetsbrev")
    assert (
        nynorsk["Location"] == "/nn/anskaffelser/smart-matlevering-i-baerum/?utm_source=nyhetsbrev"
    )


def test_an_address_typed_with_capitals_leads_to_the_case(client):
    case = CaseFactory(title="Smart matlevering", slug="smart-matlevering")
    response = client.get("/anskaffelser/Smart-Matlevering/?utm_source=epost")
    assert response.status_code == 301
    assert response["Location"] == "/anskaffelser/smart-matlevering/?utm_source=epost"
    rename(case, "matlevering-i-baerum")  # a former address, typed with capitals
    response = client.get("/anskaffelser/SMART-MATLEVERING/", follow=True)
    assert response.redirect_chain[-1][0] == "/anskaffelser/matlevering-i-baerum/"
    assert response.status_code == 200
    assert client.get("/anskaffelser/Finnes-Ikke/", follow=True).status_code == 404


def test_an_address_in_use_belongs_to_its_case_not_to_a_former_owner(client):
    first = CaseFactory(title="Første", slug="robotstovsuger")
    rename(first, "robotstovsuger-i-asker")
    second = CaseFactory(title="Andre", slug="robotstovsuger")

    response = client.get(reverse("cases:detail", args=["robotstovsuger"]))
    assert response.status_code == 200
    assert "Andre" in response.content.decode()

    # Taking a former address back makes it live again, and the other one former.
    rename(second, "robotstovsuger-2")
    rename(first, "robotstovsuger")
    assert client.get("/anskaffelser/robotstovsuger/").status_code == 200
    moved = client.get("/anskaffelser/robotstovsuger-i-asker/")
    assert moved["Location"] == "/anskaffelser/robotstovsuger/"


def test_former_addresses_of_drafts_and_unknown_addresses_are_not_found(client):
    draft = CaseFactory(slug="utkast", is_published=False)
    rename(draft, "utkast-2")
    assert client.get("/anskaffelser/utkast/").status_code == 404
    assert client.get("/anskaffelser/finnes-ikke/").status_code == 404


def test_documents_under_an_old_address_redirect_too(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    from cases.models import Document

    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(slug="gammel")
    document = Document(case=case, kind="behovsbeskrivelse", title="Behov")
    document.file.save("behov.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    rename(case, "ny")

    response = client.get(f"/anskaffelser/gammel/dokumenter/{document.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/anskaffelser/ny/dokumenter/{document.pk}/"
    # A document does not move to another case's address.
    other = CaseFactory(slug="annen")
    assert client.get(f"/anskaffelser/{other.slug}/dokumenter/{document.pk}/").status_code == 404


def test_editors_see_former_addresses_and_can_free_one(client, editor):
    case = CaseFactory(slug="forste-adresse")
    rename(case, "andre-adresse")
    client.force_login(editor)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "<code>forste-adresse</code>" in page

    former = case.former_slugs.get()
    delete = reverse("admin:cases_formerslug_delete", args=[former.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert client.get("/anskaffelser/forste-adresse/").status_code == 404


def test_a_case_form_opened_before_another_case_took_its_old_address_still_saves(client, superuser):
    from tests.cases.admin_forms import admin_form

    first = CaseFactory(title="Første", slug="kapplop-i-admin")
    rename(first, "kapplop-i-admin-2")
    second = CaseFactory(title="Andre", slug="annen-adresse")
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[first.pk])
    data = admin_form(client, url)  # the form lists the former address

    rename(second, "kapplop-i-admin")  # meanwhile, in another tab
    data["summary"] = ["Ny oppsummering."]
    response = client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.summary == "Ny oppsummering."


def test_a_dialogue_conference_known_only_by_its_date_has_no_empty_list(client):
    case = CaseFactory()
    DialogueConferenceFactory(
        case=case,
        place="",
        invited_suppliers=None,
        attending_suppliers=None,
        one_to_one_meetings=None,
    )
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'class="conference"' in html
    assert "conference-facts" not in html
