"""A small but complete site for the browser tests: every page type has something to show."""

from django.urls import reverse
from django.utils import timezone

from cases.models import Need, NeedInterest, Reuse
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
    SessionFactory,
)


def build_scenery() -> dict:
    baerum = OrganizationFactory(name="Bærum kommune", municipality_number="3201", region=None)
    gjesdal = OrganizationFactory(name="Gjesdal kommune", municipality_number="1122", region=None)
    health = SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")
    transport = SectorFactory(name="Transport og mobilitet", slug="transport-og-mobilitet")
    network = LearningNetworkFactory(
        name="IOA-nettverk Vestland, Rogaland og Agder", slug="ioa-vest"
    )
    for number in range(1, 5):
        SessionFactory(network=network, number=number, title=f"Samling {number}")
    welfare = CaseFactory(
        title="Velferdsteknologi for hjemmeboende i Bærum",
        summary="Bærum kommune kjøpte lokaliseringsteknologi og trygghetsløsninger etter dialog.",
        need="Flere eldre vil bo hjemme lenger. Velferdsteknologi skal gi trygghet.",
        buyers=[baerum],
        sectors=[health],
        origin_network=network,
    )
    DialogueConferenceFactory(case=welfare)
    BenefitAnalysisFactory(case=welfare)
    ContactFactory(case=welfare, name="Kari Nordmann", is_fictitious=True)
    buses = CaseFactory(
        title="Førerløse busser i Gjesdal",
        summary="Gjesdal prøvde ut to teknologier for selvkjørende busser med andre kommuner.",
        buyers=[gjesdal],
        sectors=[transport],
    )
    # Issue 19: an approved report of reuse, and a need on the board with interest.
    reuse = Reuse.objects.create(
        case=welfare,
        organization=gjesdal,
        how="tilpasset",
        year=2024,
        sentence="Vi tilpasset løsningen.",
        contact_name="Kari",
        contact_email="kari@example.com",
        status="approved",
    )
    need = Need.objects.create(
        title="Forebygging av fall hos hjemmeboende eldre",
        text="Hjemmetjenesten vil oppdage fall raskere.\n\nVi vil kjøpe sammen med andre.",
        organization=gjesdal,
        sector=health,
        open_to_joint=True,
        contact_name="Eva",
        contact_email="eva@example.com",
        status="published",
        reviewed_at=timezone.now(),
    )
    interest = NeedInterest.objects.create(need=need, organization=baerum, is_confirmed=True)
    return {
        "welfare": welfare,
        "buses": buses,
        "network": network,
        "need": need,
        "reuse": reuse,
        "interest": interest,
    }


def _search(s):
    return reverse("cases:list") + "?q=velferdsteknologi"


PUBLIC_PAGES = {
    "front": lambda s: "/",
    "search-results": _search,
    "search-no-hits": lambda s: reverse("cases:list") + "?q=zqxjvbnm",
    "search-facets": lambda s: (
        reverse("cases:list")
        + f"?q=kommune&sektor={s['welfare'].sectors.first().pk}&fase=behovsavklaring"
    ),
    "case": lambda s: s["welfare"].get_absolute_url(),
    "statistics": lambda s: reverse("statistics"),
    "guide": lambda s: reverse("guide"),
    "guide-phase": lambda s: reverse("guide_phase", args=["markedsdialog"]),
    "submit-case": lambda s: reverse("cases:submit"),
    "network-list": lambda s: reverse("networks:list"),
    "network": lambda s: s["network"].get_absolute_url(),
    "about": lambda s: reverse("about"),
    "privacy": lambda s: reverse("privacy"),
    "accessibility": lambda s: reverse("accessibility"),
    "not-found": lambda s: "/finnes-ikke/",
    "export-refused": lambda s: reverse("cases:export_csv") + "?sektor=abc",
    "reuse-form": lambda s: reverse("cases:reuse", args=[s["welfare"].slug]),
    "needs-list": lambda s: reverse("needs:list"),
    "needs-search": lambda s: reverse("needs:list") + "?q=tryggleik+heime&modus=presis",
    "needs-need-search": lambda s: (
        reverse("needs:list") + "?q=eldre+som+bur+heime+og+treng+tryggleik+om+natta"
    ),
    "need": lambda s: s["need"].get_absolute_url(),
    "need-new": lambda s: reverse("needs:new"),
    "need-interest": lambda s: reverse("needs:interest", args=[s["need"].pk]),
    "need-manage": lambda s: reverse("needs:manage", args=[s["need"].manage_token()]),
    "need-new-link": lambda s: reverse("needs:new_link"),
    # The receipts and the pages behind the emailed links (issue 19). Opening a link again
    # shows the same page; the scenery's report and interest are confirmed already.
    "reuse-sent": lambda s: reverse("cases:reuse_sent", args=[s["welfare"].slug]),
    "reuse-confirmed": lambda s: reverse(
        "cases:reuse_confirm", args=[s["welfare"].slug, s["reuse"].confirm_token()]
    ),
    "reuse-link-invalid": lambda s: reverse(
        "cases:reuse_confirm", args=[s["welfare"].slug, s["reuse"].confirm_token()[:-3] + "xyz"]
    ),
    "need-sent": lambda s: reverse("needs:sent"),
    "need-interest-confirmed": lambda s: reverse(
        "needs:interest_confirm", args=[s["interest"].confirm_token()]
    ),
    "need-link-invalid": lambda s: reverse(
        "needs:manage", args=[s["need"].manage_token()[:-3] + "xyz"]
    ),
    "need-delete": lambda s: reverse("needs:delete", args=[s["need"].manage_token()]),
    "need-deleted": lambda s: reverse("needs:deleted"),
}
