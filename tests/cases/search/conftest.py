"""The small fixed library of Norwegian cases the search tests run on.

Each test reads as a sentence of the specification: this query finds these cases, in
this order, and shows this. Everything runs against real PostgreSQL (the `norwegian`
text search configuration and pg_trgm).
"""

import pytest

from cases.models import Case, Sector
from cases.search.index import rebuild_word_list
from networks.models import Region
from tests.cases.search.helpers import days_ago
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    LearningNetworkFactory,
    OrganizationFactory,
)


@pytest.fixture
def library():
    """Eight cases: seven published, one draft. Keys are short names used in the tests."""
    akershus, rogaland, trondelag = (Region.objects.get(number=n) for n in ("32", "11", "50"))
    baerum = OrganizationFactory(name="Bærum kommune", region=akershus)
    asker = OrganizationFactory(name="Asker kommune", region=akershus)
    gjesdal = OrganizationFactory(name="Gjesdal kommune", region=rogaland)
    levanger = OrganizationFactory(name="Levanger kommune", region=trondelag)
    verdal = OrganizationFactory(name="Verdal kommune", region=trondelag)
    sector = {s.slug: s for s in Sector.objects.all()}
    network = LearningNetworkFactory(name="Læringsnettverket i Nord-Trøndelag")

    cases = {
        "trygge_hjem": CaseFactory(
            title="Velferdsteknologi for trygge hjem",
            summary="Kommunen kjøpte lokaliseringsteknologi og digitalt tilsyn, slik at "
            "personer med demens kan bo trygt hjemme lenger.",
            need="Anskaffelsen skulle gi pårørende mer ro og ansatte færre unødige besøk.",
            buyers=[baerum],
            sectors=[sector["helse-og-omsorg"]],
            region=akershus,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.IMPLEMENTATION,
            procedure=Case.Procedure.NEGOTIATION,
            innovation_type=Case.InnovationType.INNOVATION_PROCUREMENT,
            cpv_codes=["33196200"],
            start_year=2019,
            end_year=2021,
            published_at=days_ago(50),
        ),
        "trondelag": CaseFactory(
            title="Felles anskaffelse av velferdsteknologi i Nord-Trøndelag",
            summary="Fem kommuner gikk sammen om å kjøpe trygghetsskapende teknologi etter "
            "et læringsnettverk.",
            need="Kommunene ville dele erfaringer og kjøpe inn sammen.",
            buyers=[levanger, verdal],
            sectors=[sector["helse-og-omsorg"]],
            region=trondelag,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.CONTRACT,
            procedure=Case.Procedure.OPEN_TENDER,
            cpv_codes=["33190000"],
            origin_network=network,
            start_year=2016,
            end_year=2018,
            published_at=days_ago(40),
        ),
        "elbuss": CaseFactory(
            title="Førerløse elbussar på Ålgård",
            summary="Gjesdal kommune prøvde to teknologier for selvkjørende kjøretøy sammen "
            "med andre kommuner.",
            need="Folk uten bil skulle komme seg til sentrum.",
            lessons="Leverandører trenger tid til å teste i vinterføre.",
            buyers=[gjesdal],
            sectors=[sector["transport-og-mobilitet"]],
            region=rogaland,
            status=Case.Status.ONGOING,
            phase=Case.Phase.COMPETITION,
            procedure=Case.Procedure.INNOVATION_PARTNERSHIP,
            innovation_type=Case.InnovationType.INNOVATIVE_SOLUTION,
            start_year=2018,
            published_at=days_ago(30),
        ),
        "laering": CaseFactory(
            title="Digital læringsplattform for grunnskolen",
            summary="Bærum ledet en felles anskaffelse av digitale læremidler for flere kommuner.",
            need="Lærerne ville ha ett sted for alt. Anskaffelsene før var små og spredte.",
            buyers=[baerum, asker],
            sectors=[sector["oppvekst-og-utdanning"]],
            region=akershus,
            status=Case.Status.ONGOING,
            phase=Case.Phase.MARKET_DIALOGUE,
            procedure=Case.Procedure.COMPETITIVE_DIALOGUE,
            start_year=2021,
            published_at=days_ago(20),
        ),
        "klasserom": CaseFactory(
            title="Teknologi i klasserommet",
            summary="Skolene testet nye læringsverktøy i tett dialog med leverandørene.",
            need="Elevene trengte bedre verktøy.",
            buyers=[asker],
            sectors=[sector["oppvekst-og-utdanning"]],
            region=akershus,
            status=Case.Status.PLANNED,
            phase=Case.Phase.NEEDS,
            procedure=Case.Procedure.OPEN_NATIONAL,
            start_year=2023,
            published_at=days_ago(10),
        ),
        "oksenoya": CaseFactory(
            title="Økt egenproduksjon på Oksenøya senter",
            summary="Skole, barnehage og omsorgssenter på Fornebu deler energibrønner og "
            "solceller.",
            need="Anskaffelser av energi skulle gi lavere utslipp.",
            buyers=[baerum],
            sectors=[sector["bygg-og-eiendom"], sector["energi"]],
            region=akershus,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.IMPLEMENTATION,
            procedure=Case.Procedure.DESIGN_CONTEST,
            start_year=2017,
            end_year=2020,
            published_at=days_ago(5),
        ),
        "avfall": CaseFactory(
            title="Åpen markedsdialog om smart avfallshåndtering",
            summary="Kommunen inviterte leverandører til dialog om sensorer i avfallsbeholdere.",
            need="Tømmingen skulle skje når beholderen er full.",
            buyers=[gjesdal],
            sectors=[sector["avfall-og-gjenvinning"]],
            region=rogaland,
            status=Case.Status.CANCELLED,
            phase=Case.Phase.MARKET_DIALOGUE,
            procedure=Case.Procedure.OTHER,
            start_year=2022,
            published_at=days_ago(3),
        ),
        "utkast": CaseFactory(
            title="Utkast om velferdsteknologi i Asker",
            summary="Ikke ferdig. Velferdsteknologi og demens.",
            buyers=[asker],
            sectors=[sector["helse-og-omsorg"]],
            region=akershus,
            is_published=False,
            published_at=None,
        ),
    }
    DialogueConferenceFactory(case=cases["trygge_hjem"])
    DialogueConferenceFactory(case=cases["trondelag"])
    DialogueConferenceFactory(case=cases["laering"])
    BenefitAnalysisFactory(case=cases["trygge_hjem"])
    BenefitAnalysisFactory(case=cases["oksenoya"])
    rebuild_word_list()
    return cases
