"""/statistikk/: figures equal to counts made independently here, accessible SVG charts,
links back to the search, filters, drafts left out, and a constant number of queries."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import BenefitAnalysis, Case
from cases.search import search_filterset
from networks.models import Enrollment, Region
from tests.factories import (
    AttendanceFactory,
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    ParticipantFactory,
    SectorFactory,
    SessionFactory,
)

URL = "/statistikk/"


@pytest.fixture
def cases(db):
    """A small, uneven portfolio: several years, sectors, phases, procedures and counties."""
    oslo, vestland, agder = (Region.objects.get(number=n) for n in ("03", "46", "42"))
    health = SectorFactory(name="Test: helse", slug="test-helse")
    transport = SectorFactory(name="Test: samferdsel", slug="test-samferdsel")
    school = SectorFactory(name="Test: oppvekst", slug="test-oppvekst")
    specs = [
        (2021, [health], "markedsdialog", "dialog", oslo),
        (2023, [health, transport], "konkurranse", "innovasjonspartnerskap", vestland),
        (2023, [transport], "markedsdialog", "apen-anbud", vestland),
        (2023, [health], "implementering", "dialog", vestland),
        (2024, [school], "behovsavklaring", "annet", agder),
        (None, [], "forankring", "annet", None),
    ]
    made = []
    for year, sectors, phase, procedure, region in specs:
        made.append(
            CaseFactory(
                start_year=year, sectors=sectors, phase=phase, procedure=procedure, region=region
            )
        )
    DialogueConferenceFactory(case=made[0])
    DialogueConferenceFactory(case=made[1])
    DialogueConferenceFactory(case=made[1])  # two conferences, still one case
    BenefitAnalysisFactory(case=made[1], kind="okonomi", estimated=1_234_567, realised=800_000)
    BenefitAnalysisFactory(case=made[2], kind="okonomi", estimated=500_000, realised=None)
    BenefitAnalysisFactory(case=made[3], kind="tid", estimated=2600, realised=1900)
    BenefitAnalysisFactory(case=made[3], kind="klima", estimated=Decimal("12.5"), realised=None)
    # Another unit than kr/år cannot be added to the others, so it is left out.
    BenefitAnalysisFactory(case=made[3], kind="okonomi", estimated=999, realised=999, unit="kr")
    BenefitAnalysisFactory(case=made[4], kind="kvalitet", estimated=None, realised=None)

    draft = CaseFactory(
        title="Hemmelig utkast",
        is_published=False,
        published_at=None,
        start_year=2019,
        sectors=[SectorFactory(name="Kun i utkast", slug="utkast")],
        phase="kontrakt",
        procedure="forkommersiell",
        region=Region.objects.get(number="18"),
    )
    DialogueConferenceFactory(case=draft)
    BenefitAnalysisFactory(case=draft, kind="okonomi", estimated=7_000_000, realised=7_000_000)
    return made


def figure(response, figure_id):
    for group in ("cases", "benefits", "benefits_by_sector", "benefits_by_county", "networks"):
        for item in response.context[group]:
            if item.id == figure_id:
                return item
    raise AssertionError(f"no figure {figure_id}")


def table(item) -> dict[str, list[str]]:
    return {row.label: row.values for row in item.rows}


def published():
    return list(
        Case.objects.published().prefetch_related("sectors", "dialogue_conferences", "benefits")
    )


def test_cases_per_year_equal_independent_count(client, cases):
    response = client.get(URL)
    expected = Counter(case.start_year for case in published() if case.start_year)
    years = range(min(expected), max(expected) + 1)
    # Every year between the first and the last is shown, also those with none.
    assert table(figure(response, "figur-aar")) == {
        str(year): [str(expected.get(year, 0))] for year in years
    }
    assert "2019" not in table(figure(response, "figur-aar"))  # only the draft started then
    assert figure(response, "figur-aar").summary == "Flest anskaffelser startet i 2023: 3."


def test_cases_per_sector_phase_procedure_and_county_equal_independent_counts(client, cases):
    response = client.get(URL)
    cases_ = published()
    sectors = Counter(sector.name for case in cases_ for sector in case.sectors.all())
    assert table(figure(response, "figur-sektor")) == {
        name: [str(n)] for name, n in sectors.items()
    }
    phases = Counter(case.get_phase_display() for case in cases_)
    assert table(figure(response, "figur-fase")) == {
        str(label): [str(phases.get(label, 0))] for label in Case.Phase.labels
    }
    procedures = Counter(case.get_procedure_display() for case in cases_)
    assert table(figure(response, "figur-prosedyre")) == {
        name: [str(n)] for name, n in procedures.items()
    }
    counties = Counter(case.region.name for case in cases_ if case.region)
    assert table(figure(response, "figur-fylke")) == {
        name: [str(n)] for name, n in counties.items()
    }
    assert "1 anskaffelser uten oppgitt fylke" in figure(response, "figur-fylke").note


def test_share_with_dialogue_conference(client, cases):
    response = client.get(URL)
    cases_ = published()
    with_dialogue = sum(1 for case in cases_ if case.dialogue_conferences.all())
    item = figure(response, "figur-dialog")
    assert table(item)["Med dialogkonferanse"][0] == str(with_dialogue)
    assert table(item)["Uten dialogkonferanse"][0] == str(len(cases_) - with_dialogue)
    assert item.summary == (
        f"{with_dialogue} av {len(cases_)} anskaffelser "
        f"({round(100 * with_dialogue / len(cases_))}\xa0%) har hatt dialogkonferanse."
    )


def expected_benefits(cases_, group=lambda case: [None]):
    """(group, kind) -> [estimated sum, realised sum] over benefits in the default unit."""
    sums: dict = {}
    for case in cases_:
        for benefit in case.benefits.all():
            if benefit.unit != BenefitAnalysis.DEFAULT_UNITS.get(benefit.kind):
                continue
            for key in group(case):
                entry = sums.setdefault((key, benefit.kind), [None, None])
                for i, value in enumerate((benefit.estimated, benefit.realised)):
                    if value is not None:
                        entry[i] = (entry[i] or 0) + value
    return sums


def nb(value) -> str:
    """Norwegian number formatting: non-breaking space between thousands."""
    if value is None:
        return "–"
    text = f"{round(value):,}" if value == int(value) or value >= 100 else f"{value:.1f}"
    return text.replace(",", "\xa0").replace(".", ",")


def test_benefits_summed_by_kind_estimated_beside_realised(client, cases):
    response = client.get(URL)
    sums = expected_benefits(published())
    for kind in ("okonomi", "tid", "klima"):
        estimated, realised = sums[(None, kind)]
        assert table(figure(response, f"figur-gevinst-{kind}")) == {
            "Anslått": [nb(estimated), "1" if kind != "okonomi" else "2"],
            "Realisert": [nb(realised), "1" if realised is not None else "0"],
        }
    # The draft's 7 000 000 and the benefit in "kr" are not in the sum.
    assert sums[(None, "okonomi")] == [1_734_567, 800_000]
    # Realised is compared with what was estimated for the same analyses: 800 000 / 1 234 567.
    assert figure(response, "figur-gevinst-okonomi").summary.endswith(
        "Der gevinsten er målt, er 65\xa0% av det anslåtte realisert."
    )
    assert "1\xa0734\xa0567" in response.content.decode()


def test_benefits_by_sector_and_county(client, cases):
    response = client.get(URL)
    cases_ = published()
    by_sector = expected_benefits(cases_, lambda case: [s.name for s in case.sectors.all()])
    by_county = expected_benefits(cases_, lambda case: [case.region.name] if case.region else [])
    for kind in ("okonomi", "tid", "klima"):
        assert table(figure(response, f"figur-gevinst-{kind}-sektor")) == {
            name: [nb(v[0]), nb(v[1])] for (name, k), v in by_sector.items() if k == kind
        }
        assert table(figure(response, f"figur-gevinst-{kind}-fylke")) == {
            name: [nb(v[0]), nb(v[1])] for (name, k), v in by_county.items() if k == kind
        }


def test_drafts_never_counted(client, cases):
    response = client.get(URL)
    html = response.content.decode()
    assert "Hemmelig utkast" not in html
    assert "Kun i utkast" not in table(figure(response, "figur-sektor"))
    assert "Trøndelag" not in table(figure(response, "figur-fylke"))
    assert table(figure(response, "figur-prosedyre")).get("Førkommersiell anskaffelse") is None
    assert table(figure(response, "figur-fase"))["Kontrakt og utvikling"] == ["0"]
    assert response.context["key_figures"][0].value == "6"


def test_every_chart_is_an_accessible_svg_with_title_and_desc(client, cases):
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.S)
    assert len(svgs) >= 10
    for svg in svgs:
        opening = svg[: svg.index(">") + 1]
        assert 'role="img"' in opening
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', opening).group(1).split()
        title_id, desc_id = labelled_by
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', svg)
    assert "style=" not in html
    assert "<script" not in html


def test_every_figure_has_caption_summary_table_and_search_link(client, cases):
    html = client.get(URL).content.decode()
    figures = re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)
    assert len(figures) == 20  # with the two of the spread of reuse
    for item in figures:
        assert "<figcaption" in item
        assert 'class="chart-summary"' in item
        assert 'class="chart-link"' in item
        if "<svg" in item:
            assert "<table>" in item and "<caption id=" in item
    assert "Flest anskaffelser startet i 2023: 3." in html


def test_figures_link_to_the_search_that_finds_the_same_cases(client, cases):
    response = client.get(URL)
    html = response.content.decode()
    for expected in ("?fase=markedsdialog", "?fra_aar=2023&amp;til_aar=2023", "?dialog=ja"):
        assert expected in html
    vestland = Region.objects.get(number="46")
    assert f"?fylke={vestland.pk}" in html
    for figure_id in ("figur-aar", "figur-sektor", "figur-fase", "figur-prosedyre", "figur-fylke"):
        for row in figure(response, figure_id).rows:
            query = QueryDict(urlsplit(row.url).query)
            assert urlsplit(row.url).path == reverse("cases:list")
            assert search_filterset(query).qs.count() == int(row.values[0]), row.url


def test_statistics_of_a_search_honours_its_filters(client, cases):
    vestland = Region.objects.get(number="46")
    response = client.get(URL, {"fylke": vestland.pk, "sorter": "tittel", "side": "2"})
    in_vestland = [case for case in published() if case.region_id == vestland.pk]
    assert response.context["key_figures"][0].value == str(len(in_vestland))
    assert table(figure(response, "figur-fylke")) == {"Vestland": [str(len(in_vestland))]}
    phases = Counter(case.phase for case in in_vestland)
    assert table(figure(response, "figur-fase"))["Markedsdialog"] == [str(phases["markedsdialog"])]
    html = response.content.decode()
    assert "Fylke: Vestland" in html
    # Links keep the filter, but not the page number or sort order of the search.
    row = next(r for r in figure(response, "figur-fase").rows if r.label == "Markedsdialog")
    assert parse_qs(urlsplit(row.url).query) == {
        "fylke": [str(vestland.pk)],
        "fase": ["markedsdialog"],
    }


def test_statistics_of_a_text_search(client, cases):
    CaseFactory(title="Velferdsteknologi i hjemmet", start_year=2022)
    response = client.get(URL, {"q": "velferdsteknologi"})
    assert response.context["key_figures"][0].value == "1"
    assert table(figure(response, "figur-aar")) == {"2022": ["1"]}


def test_bad_filter_values_give_a_message_not_an_error(client, cases):
    response = client.get(URL, {"fylke": "abc", "fra_aar": "3000x", "fase": "tull"})
    assert response.status_code == 200
    assert response.context["problems"]
    assert response.context["key_figures"][0].value == "6"


def test_empty_site_shows_empty_figures(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert figure(response, "figur-aar").summary == "Ingen anskaffelser i dette utvalget."
    assert "<svg" not in response.content.decode()


@pytest.fixture
def networks(db):
    """Two published networks and one unpublished, with participants from several bodies."""
    vestland, agder = Region.objects.get(number="46"), Region.objects.get(number="42")
    bergen = OrganizationFactory(name="Bergen kommune", region=vestland)
    voss = OrganizationFactory(name="Voss kommune", region=vestland)
    arendal = OrganizationFactory(name="Arendal kommune", region=agder)
    west = LearningNetworkFactory(name="KS Vest-Norge")
    south = LearningNetworkFactory(name="Agder-nettverket")
    hidden = LearningNetworkFactory(name="Upublisert nettverk", is_published=False)

    def enroll(network, organization, status, name="Ola Nordmann"):
        participant = ParticipantFactory(organization=organization, name=name)
        return EnrollmentFactory(participant=participant, network=network, status=status)

    west_enrollments = [
        enroll(west, bergen, "accepted", name="Kari Personvern"),
        enroll(west, bergen, "accepted"),
        enroll(west, voss, "accepted"),
        enroll(west, voss, "pending"),
        enroll(west, arendal, "declined"),
    ]
    enroll(south, arendal, "accepted")
    enroll(south, arendal, "waitlisted")
    enroll(hidden, OrganizationFactory(name="Skjult kommune", region=agder), "accepted")

    first, second = SessionFactory(network=west, number=1), SessionFactory(network=west, number=2)
    for enrollment, present in zip(west_enrollments[:3], (True, True, False), strict=True):
        AttendanceFactory(enrollment=enrollment, session=first, present=present)
        AttendanceFactory(enrollment=enrollment, session=second, present=True)
    SessionFactory(network=south, number=1)  # no attendance recorded yet
    return west, south


def test_participating_public_bodies_per_county(client, networks):
    response = client.get(URL)
    accepted = Enrollment.objects.filter(status="accepted", network__is_published=True)
    bodies = {e.participant.organization for e in accepted.select_related("participant")}
    expected = Counter(org.region.name for org in bodies)
    assert table(figure(response, "figur-nettverk-fylke")) == {
        name: [str(n)] for name, n in expected.items()
    }
    assert expected == {"Vestland": 2, "Agder": 1}


def test_applications_and_accepted_per_network(client, networks):
    west, south = networks
    response = client.get(URL)
    rows = table(figure(response, "figur-nettverk-pamelding"))
    for network in (west, south):
        enrollments = list(network.enrollments.all())
        accepted = sum(1 for e in enrollments if e.status == "accepted")
        assert rows[network.name] == [str(len(enrollments)), str(accepted), "20"]
    assert "Upublisert nettverk" not in rows


def test_attendance_rate_per_session_without_personal_data(client, networks):
    response = client.get(URL)
    rows = figure(response, "figur-nettverk-oppmote").rows
    # Present, recorded, share — counted here from the attendance rows themselves.
    assert [row.label.split(":")[0] for row in rows] == [
        "KS Vest-Norge, samling 1",
        "KS Vest-Norge, samling 2",
    ]
    assert [row.values for row in rows] == [["2", "3", "67\xa0%"], ["3", "3", "100\xa0%"]]
    html = response.content.decode()
    for private in ("Kari Personvern", "Ola Nordmann", "@kommune.example.no", "+47 900"):
        assert private not in html


def test_network_figures_follow_the_network_filter(client, networks):
    west, _south = networks
    response = client.get(URL, {"nettverk": west.pk})
    assert list(table(figure(response, "figur-nettverk-pamelding"))) == [west.name]


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_does_not_grow_with_data(client, db, size, django_assert_max_num_queries):
    """Same number of queries for 1 and 6 of everything (checked against each other below).

    The first view computes the case figures (8 queries, one of them the spread of reuse)
    and stores them (5 queries of the database cache); the next reads them from the cache."""
    build(size)
    with django_assert_max_num_queries(20):
        first = client.get(URL).content
    with django_assert_max_num_queries(7):
        assert client.get(URL).content == first


def test_cached_figures_change_at_once_when_a_case_is_published(client, cases):
    assert client.get(URL).context["key_figures"][0].value == "6"
    draft = Case.objects.get(title="Hemmelig utkast")
    draft.publish()
    draft.save()
    assert client.get(URL).context["key_figures"][0].value == "7"


def build(size: int) -> None:
    region = Region.objects.get(number="46")
    for i in range(size):
        sector = SectorFactory(name=f"Sektor {size}-{i}", slug=f"sektor-{size}-{i}")
        case = CaseFactory(start_year=2015 + i, sectors=[sector], region=region)
        DialogueConferenceFactory(case=case)
        BenefitAnalysisFactory(case=case)
        network = LearningNetworkFactory()
        session = SessionFactory(network=network, number=1)
        enrollment = EnrollmentFactory(network=network, status="accepted")
        AttendanceFactory(enrollment=enrollment, session=session)


def test_query_count_is_the_same_at_two_sizes(client, db):
    counts = []
    for size in (1, 5):
        build(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"fylke": Region.objects.get(number="46").pk}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_selection_form_keeps_the_search_filters_it_has_no_field_for(client, cases):
    vestland = Region.objects.get(number="46")
    html = client.get(URL, {"fylke": vestland.pk, "q": "buss", "dialog": "ja"}).content.decode()
    assert f'<option value="{vestland.pk}" selected>Vestland</option>' in html
    assert '<input type="hidden" name="q" value="buss">' in html
    assert '<input type="hidden" name="dialog" value="ja">' in html
    assert '<label for="stat-fylke">' in html


def test_value_labels_stay_inside_the_chart_for_large_numbers():
    from cases import charts

    series = [
        charts.Series("Anslått", charts.ESTIMATED),
        charts.Series("Realisert", charts.REALISED),
    ]
    groups = [
        charts.Group(
            "Helse", [Decimal("9180375260"), Decimal("3624480950")], ["9 180 375 260"] * 2
        ),
        charts.Group("Skole", [Decimal("12.5"), None], ["12,5", "–"]),
    ]
    svg = str(charts.grouped_bar_chart("test", "Test", series, groups))
    for x, text in re.findall(r'<text x="([\d.]+)"[^>]*>([^<]+)</text>', svg):
        assert float(x) + len(text) * charts.SMALL * charts.CHAR_WIDTH <= charts.WIDTH + 1, text
    bars = [charts.Bar("År", 123_456_789, "123 456 789"), charts.Bar("Annet", 1, "1")]
    svg = str(charts.bar_chart("test2", "Test", bars))
    for x, text in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" font-weight="600">([^<]+)</text>', svg
    ):
        assert float(x) + len(text) * charts.FONT * charts.CHAR_WIDTH <= charts.WIDTH + 1, text


@pytest.mark.parametrize("language", ["", "/nn", "/en"])
def test_summaries_name_every_tied_label_in_every_language(client, db, language):
    """Two phases and two procedures tie for "Flest …": their (translated) names are joined."""
    CaseFactory(phase="markedsdialog", procedure="dialog", start_year=2023)
    CaseFactory(phase="konkurranse", procedure="apen-anbud", start_year=2024)
    response = client.get(f"{language}{URL}")
    assert response.status_code == 200
    page = response.content.decode()
    phases = {"": ("Markedsdialog", "Konkurranse")}.get(language)
    if phases:
        assert re.search(r"Flest anskaffelser er i fasene [^.]*Markedsdialog", page), page
        assert "Konkurranse" in page


def test_statistics_of_the_selections_that_failed_on_the_demo_data_answer(client, db):
    call_command("load_demo_data", stdout=None)
    queries = ["status=planned", "fylke=7", "kjoper=29", "prosedyre=plan-og-design", "fra_aar=2023"]
    for query in ["", *queries, "fra_aar=2024"]:
        for language in ("", "/nn", "/en"):
            response = client.get(f"{language}{URL}?{query}")
            assert response.status_code == 200, (language, query)
