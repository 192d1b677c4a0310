# ruff: noqa: E501 - long Norwegian sentences read better unbroken in this content file
"""Demo content for IOA-portalen: public bodies, learning networks and procurement cases.

Grounded in public facts where they exist (Gjesdal's driverless buses, Bærum's innovative
procurements, the Nord-Trøndelag welfare technology network, KS Vest-Norge's networks);
figures, contacts and some details are made up for the demonstration and every case is
marked is_demo. Contacts are fictitious and marked so; their e-mail addresses use the
reserved example.com domain. Organisation numbers are given only where they are known.

Loaded by `python manage.py load_demo_data` (see cases/management/commands/).
"""

from __future__ import annotations

import datetime

from ioa_portal.lib.slugs import ascii_letters

# ---------------------------------------------------------------------------
# Public bodies. key → (name, org_number or "", kind, municipality_number, county number)
# ---------------------------------------------------------------------------
ORGANIZATIONS = {
    "oslo": ("Oslo kommune", "958935420", "kommune", "0301", "03"),
    "baerum": ("Bærum kommune", "935478715", "kommune", "3201", "32"),
    "asker": ("Asker kommune", "", "kommune", "3203", "32"),
    "lillestrom": ("Lillestrøm kommune", "", "kommune", "3205", "32"),
    "nordre-follo": ("Nordre Follo kommune", "", "kommune", "3207", "32"),
    "bergen": ("Bergen kommune", "964338531", "kommune", "4601", "46"),
    "voss": ("Voss herad", "", "kommune", "4621", "46"),
    "askoy": ("Askøy kommune", "944223711", "kommune", "4627", "46"),
    "alver": ("Alver kommune", "920290922", "kommune", "4631", "46"),
    "hordaland-fk": ("Hordaland fylkeskommune", "938626367", "fylkeskommune", "", "46"),
    "vestland-fk": ("Vestland fylkeskommune", "821311632", "fylkeskommune", "", "46"),
    "helse-bergen": ("Helse Bergen HF", "983974724", "helseforetak", "", "46"),
    "gjesdal": ("Gjesdal kommune", "964965226", "kommune", "1122", "11"),
    "stavanger": ("Stavanger kommune", "964965137", "kommune", "1103", "11"),
    "sandnes": ("Sandnes kommune", "964965404", "kommune", "1108", "11"),
    "trondheim": ("Trondheim kommune", "942110464", "kommune", "5001", "50"),
    "steinkjer": ("Steinkjer kommune", "", "kommune", "5006", "50"),
    "snasa": ("Snåsa kommune", "", "kommune", "5041", "50"),
    "inderoy": ("Inderøy kommune", "", "kommune", "5053", "50"),
    "levanger": ("Levanger kommune", "938587418", "kommune", "5037", "50"),
    "verdal": ("Verdal kommune", "938587051", "kommune", "5038", "50"),
    "trondelag-fk": ("Trøndelag fylkeskommune", "", "fylkeskommune", "", "50"),
    "tromso": ("Tromsø kommune", "940101808", "kommune", "5501", "55"),
    "bodo": ("Bodø kommune", "972418013", "kommune", "1804", "18"),
    "alta": ("Alta kommune", "", "kommune", "5601", "56"),
    "fredrikstad": ("Fredrikstad kommune", "940039541", "kommune", "3107", "31"),
    "lillehammer": ("Lillehammer kommune", "945578564", "kommune", "3405", "34"),
    "hamar": ("Hamar kommune", "970540008", "kommune", "3403", "34"),
    "drammen": ("Drammen kommune", "", "kommune", "3301", "33"),
    "tonsberg": ("Tønsberg kommune", "", "kommune", "3905", "39"),
    "skien": ("Skien kommune", "", "kommune", "4003", "40"),
    "arendal": ("Arendal kommune", "", "kommune", "4203", "42"),
    "agder-fk": ("Agder fylkeskommune", "921707134", "fylkeskommune", "", "42"),
    "alesund": ("Ålesund kommune", "", "kommune", "1508", "15"),
    "molde": ("Molde kommune", "", "kommune", "1506", "15"),
    "vegvesen": ("Statens vegvesen", "971032081", "statlig", "", ""),
    "ous": ("Oslo universitetssykehus HF", "993467049", "helseforetak", "", "03"),
}


# ---------------------------------------------------------------------------
# Learning networks. Dates of the current and coming networks follow today's date.
# ---------------------------------------------------------------------------
OPEN_NETWORK_SLUG = "ioa-vest-rogaland-agder"


def networks(today: datetime.date) -> list[dict]:
    """The demo networks with their sessions; relative dates are computed from today."""
    open_start = today + datetime.timedelta(days=42)
    upcoming_start = today + datetime.timedelta(days=150)
    return [
        {
            "slug": OPEN_NETWORK_SLUG,
            "name": "Læringsnettverk for innovative anskaffelser i Vestland, Rogaland og Agder",
            "host": "KS Vest-Norge og Leverandørutviklingsprogrammet",
            "regions": ["46", "11", "42"],
            "capacity": 30,
            "registration": (
                today - datetime.timedelta(days=14),
                today + datetime.timedelta(days=28),
            ),
            "dates": (open_start, open_start + datetime.timedelta(days=7 * 30)),
            "description": (
                "Kommunedirektørutvalgene i KS Vest-Norge vil styrke arbeidet med innovative "
                "offentlige anskaffelser. Nettverket er åpent for kommuner, fylkeskommuner og "
                "statlige virksomheter i Vestland, Rogaland og Agder, og passer særlig for "
                "ansatte med fagansvar eller innkjøpsansvar.\n\n"
                "Hver deltaker tar med en egen utfordring fra arbeidsplassen og arbeider med "
                "den mellom samlingene. Vi lærer om behovskartlegging, forankring, dialog med "
                "markedet og valg av konkurranseform, og deler erfaringer underveis.\n\n"
                "Nettverket bygger på kommunenettverket KS Vest-Norge og LUP drev i 2015–2016."
            ),
            "sessions": [
                (
                    "Hva er en innovativ anskaffelse?",
                    0,
                    "Innovasjon gjennom anskaffelser, eksempler fra kommuner i regionen og "
                    "presentasjon av deltakernes egne utfordringer.",
                    "Skriv en halv side om utfordringen dere tar med, og hvem som eier den.",
                ),
                (
                    "Forankring og organisering",
                    6,
                    "Hvordan få ledelsen og fagmiljøene med, og hvordan sette sammen en "
                    "tverrfaglig prosjektgruppe.",
                    "Lag en enkel interessentanalyse og avtal et møte med egen ledelse.",
                ),
                (
                    "Behovskartlegging",
                    12,
                    "Metoder for å beskrive behov fremfor løsninger: intervjuer, observasjon "
                    "og gevinstkart.",
                    "Gjennomfør minst tre intervjuer med brukere eller ansatte og skriv et utkast "
                    "til behovsbeskrivelse.",
                ),
                (
                    "Dialog med markedet",
                    19,
                    "Dialogkonferanser, en-til-en-møter og likebehandling. Slik inviterer du "
                    "leverandørene uten å låse løsningen.",
                    "Lag en invitasjon til dialogkonferanse og en plan for en-til-en-møter.",
                ),
                (
                    "Konkurranseform og kontrakt",
                    26,
                    "Konkurransepreget dialog, konkurranse med forhandling og "
                    "innovasjonspartnerskap. Gevinstrealisering etter kontrakt.",
                    "Oppsummer hva dere har lært, og del anskaffelsen i portalen.",
                ),
            ],
            "place": "Bergen, Stavanger og Kristiansand (samlingene går på omgang)",
        },
        {
            "slug": "velferdsteknologi-nord-trondelag",
            "name": "Læringsnettverk for innovative anskaffelser av velferdsteknologi i Nord-Trøndelag",
            "host": "KS Nord-Trøndelag og Regionalt program for leverandørutvikling i Trøndelag",
            "regions": ["50"],
            "capacity": 40,
            "registration": (datetime.date(2014, 11, 1), datetime.date(2015, 1, 9)),
            "dates": (datetime.date(2015, 2, 3), datetime.date(2016, 3, 15)),
            "description": (
                "Elleve kommuner i Nord-Trøndelag lærte sammen hvordan innovative anskaffelser "
                "kan brukes til å kjøpe velferdsteknologi. Fem av kommunene gjennomførte "
                "deretter en felles anskaffelse.\n\n"
                "Deltakerne var ansatte som arbeidet med temaet til daglig. Nettverket hadde "
                "fem faglige samlinger med avtalt arbeid mellom samlingene, og ble "
                "følgeevaluert av Trøndelag Forskning og Utvikling. Den viktigste lærdommen "
                "deltakerne trakk fram, var større bevissthet om å beskrive egne behov."
            ),
            "sessions": [
                (
                    "Hva er innovative offentlige anskaffelser?",
                    0,
                    "Begreper, regelverk og eksempler.",
                    "Beskriv dagens tjeneste og hvem som bruker den.",
                ),
                (
                    "Organisering av arbeidet",
                    12,
                    "Roller, prosjektgruppe og samarbeid mellom kommunene.",
                    "Avklar hvem som deltar i den felles prosjektgruppen.",
                ),
                (
                    "Behov og gevinster",
                    24,
                    "Behovsbeskrivelse og gevinstkart for velferdsteknologi.",
                    "Skriv behovsbeskrivelsen for egen kommune.",
                ),
                (
                    "Forberedelse til dialog med markedet",
                    36,
                    "Dialogkonferanse og en-til-en-samtaler innenfor regelverket.",
                    "Delta i planleggingen av dialogkonferansen.",
                ),
                (
                    "Ulike typer konkurransegjennomføring",
                    52,
                    "Valg av prosedyre og evaluering av tilbud.",
                    "Ingen: nettverket avsluttes med erfaringsdeling.",
                ),
            ],
            "place": "Steinkjer",
        },
        {
            "slug": "kommunenettverk-ioa-vest-2015",
            "name": "Kommunenettverk for innovative anskaffelser i Vest 2015–2016",
            "host": "KS Vest-Norge og LUP",
            "regions": ["46", "11"],
            "capacity": 25,
            "registration": (datetime.date(2015, 1, 15), datetime.date(2015, 3, 1)),
            "dates": (datetime.date(2015, 4, 14), datetime.date(2016, 1, 28)),
            "description": (
                "Fra våren 2015 til januar 2016 utforsket Bergen, Gjesdal, Voss, Askøy, Lindås "
                "og Hordaland fylkeskommune hvordan de kunne skape innovasjon gjennom "
                "anskaffelser. Nettverket ga kompetanse og bidro til å videreutvikle metodikken "
                "som senere nettverk bygger på."
            ),
            "sessions": [
                (
                    "Oppstart og egne utfordringer",
                    0,
                    "Hver virksomhet presenterer et behov.",
                    "Velg ett behov å arbeide videre med.",
                ),
                (
                    "Behovskartlegging i praksis",
                    10,
                    "Metoder og eksempler.",
                    "Kartlegg behovet sammen med brukerne.",
                ),
                (
                    "Markedsdialog",
                    20,
                    "Dialogkonferanse og likebehandling.",
                    "Planlegg dialog med markedet.",
                ),
                ("Erfaringsdeling og veien videre", 40, "Hva lærte vi, og hva gjør vi nå?", ""),
            ],
            "place": "Bergen",
        },
        {
            "slug": "klimavennlige-anskaffelser-nord",
            "name": "Læringsnettverk for klimavennlige anskaffelser i Nordland, Troms og Finnmark",
            "host": "KS og Leverandørutviklingsprogrammet",
            "regions": ["18", "55", "56"],
            "capacity": 25,
            "registration": (
                upcoming_start - datetime.timedelta(days=80),
                upcoming_start - datetime.timedelta(days=30),
            ),
            "dates": (upcoming_start, upcoming_start + datetime.timedelta(days=7 * 28)),
            "description": (
                "Et nettverk for kommuner og fylkeskommuner i nord som vil bruke innkjøpene "
                "sine til å kutte utslipp: utslippsfrie bygge- og anleggsplasser, transport, "
                "energi og ombruk. Påmeldingen åpner snart."
            ),
            "sessions": [
                (
                    "Klimaavtrykket av innkjøpene",
                    0,
                    "Hvor er utslippene, og hva kan vi påvirke?",
                    "Finn de fem innkjøpene med størst klimaavtrykk i egen virksomhet.",
                ),
                (
                    "Behov og krav",
                    7,
                    "Fra klimamål til behovsbeskrivelse og krav.",
                    "Skriv en behovsbeskrivelse for ett av innkjøpene.",
                ),
                (
                    "Markedet i nord",
                    14,
                    "Dialog med leverandører i en region med lange avstander.",
                    "Forbered en dialogkonferanse.",
                ),
                (
                    "Kontrakt og oppfølging",
                    21,
                    "Insentiver, måling og rapportering.",
                    "Lag en plan for oppfølging av kravene.",
                ),
                ("Erfaringsdeling", 28, "Deltakerne viser fram arbeidet sitt.", ""),
            ],
            "place": "Bodø og digitalt",
        },
    ]


# ---------------------------------------------------------------------------
# Cases. Helper tuples keep the list readable:
#   conference: (date, place, invited, attending, one-to-one meetings, summary)
#   benefit:    (kind, description, baseline, estimated, realised, unit or "", period)
#   contact:    (name, role, organisation key)
#   document:   (kind, title, url)
# ---------------------------------------------------------------------------
D = datetime.date
GUIDE = "https://anskaffelser.no/"
LUP = "https://innovativeanskaffelser.no/"

CASES: list[dict] = [
    {
        "slug": "forerlose-busser-gjesdal",
        "title": "Førerløse busser i Gjesdal – utprøving av to teknologier",
        "summary": (
            "Gjesdal kommune prøvde ut selvkjørende minibusser sammen med andre kommuner i "
            "regionen. To ulike teknologier ble testet i vanlig trafikk for å lære hva som "
            "skal til før slike busser kan bli en del av kollektivtilbudet."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø"],
        "buyers": ["gjesdal"],
        "county": "11",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovativ-losning",
        "years": (2018, 2020),
        "value": 3500000,
        "cpv": ["34121000-1", "60112000-6"],
        "need": (
            "Innbyggere i spredtbygde deler av kommunen har langt til nærmeste "
            "bussholdeplass, og tilbudet utenfor rushtiden er tynt. Kommunen ville finne "
            "ut om små selvkjørende busser kan gi hyppigere avganger til en lavere "
            "kostnad per reise.\n\n"
            "Ønskede effekter:\n\n"
            "- bedre tilbud til eldre og unge uten bil\n"
            "- mindre bilkjøring til og fra sentrum\n"
            "- kunnskap om teknologien før en større anskaffelse"
        ),
        "approach": (
            "Kommunen samarbeidet med andre kommuner om behovet, slik at markedet så et "
            "større marked enn én kommune alene. Etter en dialogkonferanse ble det valgt å "
            "prøve ut to teknologier fra ulike leverandører, på hver sin strekning.\n\n"
            "Innkjøpslederen hadde ansvaret for prosessen og fikk råd fra fagfolk i "
            "teknisk etat og fra samferdselsmiljøet i fylket."
        ),
        "results": (
            "Begge bussene kjørte i vanlig trafikk med vert om bord. Passasjerene var "
            "positive, men farten var lav og bussene stoppet ofte for parkerte biler og "
            "vegetasjon. Forsøkene ga kommunen et godt grunnlag for å stille krav i neste "
            "runde."
        ),
        "lessons": (
            "- Begynn i det små og tenk stort: en avgrenset test lærer mye.\n"
            "- Samarbeid med andre kommuner gjør deg mer interessant for markedet.\n"
            "- Organisasjonen løftet seg faglig – både innkjøp og de tekniske miljøene."
        ),
        "conferences": [
            (
                D(2018, 3, 8),
                "Ålgård",
                35,
                14,
                6,
                "Leverandørene anbefalte å teste mer enn én teknologi.",
            )
        ],
        "benefits": [
            (
                "tid",
                "Kortere ventetid for passasjerer på strekningen",
                1500,
                900,
                600,
                "",
                "prøveperioden",
            ),
            ("klima", "Mindre bilkjøring til sentrum", None, 20, None, "", "per år ved full drift"),
            ("kvalitet", "Andel passasjerer som var fornøyd", None, None, None, "", ""),
        ],
        "contacts": [
            ("Marit Fjelde", "Innkjøpsleder", "gjesdal"),
            ("Tor Ivar Sele", "Prosjektleder, teknisk", "gjesdal"),
        ],
        "documents": [("annet", "Veileder for innovative anskaffelser", LUP)],
    },
    {
        "slug": "demenslandsby-baerum",
        "title": "Demenslandsby i Bærum",
        "summary": (
            "Bærum kommune brukte innovative anskaffelser for å realisere en demenslandsby, "
            "der personer med demens kan leve et mest mulig vanlig liv med butikk, kafé og "
            "trygge uteområder."
        ),
        "sectors": ["Helse og omsorg", "Bygg og eiendom"],
        "buyers": ["baerum"],
        "county": "32",
        "status": "completed",
        "phase": "implementering",
        "procedure": "dialog",
        "innovation_type": "innovasjonsvennlig",
        "years": (2016, 2020),
        "value": 850000000,
        "cpv": ["45215100-8", "71200000-0"],
        "need": (
            "Antallet personer med demens øker. Tradisjonelle sykehjem gir trygghet, men "
            "lite frihet. Kommunen ønsket et sted der beboerne kan gå ut på egen hånd, "
            "handle og delta i hverdagsaktiviteter, og der de ansatte bruker tiden på "
            "omsorg fremfor tilsyn.\n\n"
            "Behovet ble beskrevet sammen med pårørende, ansatte og fagmiljøer, med vekt på "
            "beboernes livskvalitet."
        ),
        "approach": (
            "Kommunen holdt dialogkonferanser med arkitekter, entreprenører og "
            "teknologileverandører før konkurransen. Konkurransegrunnlaget beskrev ønsket "
            "effekt og funksjon fremfor detaljerte løsninger.\n\n"
            "Velferdsteknologi som sensorer, lokalisering og digitalt tilsyn ble planlagt "
            "sammen med bygget, ikke etterpå."
        ),
        "results": (
            "Demenslandsbyen ble tatt i bruk i 2020. Beboerne bor i små bofellesskap rundt "
            "et torg og beveger seg fritt innenfor landsbyen."
        ),
        "lessons": (
            "- Brukerne og pårørende må med fra første dag.\n"
            "- Bygg og teknologi må planlegges som én helhet.\n"
            "- Dialog med markedet ga løsninger kommunen ikke hadde tenkt på selv."
        ),
        "conferences": [
            (
                D(2016, 4, 20),
                "Bærum rådhus",
                80,
                42,
                12,
                "Stor interesse fra både bygg- og teknologimiljøer.",
            ),
            (D(2016, 11, 3), "Digitalt", 40, 19, 8, "Oppfølging om teknologi og drift."),
        ],
        "benefits": [
            ("kvalitet", "Mer bevegelse og aktivitet for beboerne", None, None, None, "", ""),
            ("tid", "Mindre tid brukt på fysisk tilsyn om natten", 9000, 4000, None, "", "per år"),
        ],
        "contacts": [("Ingrid Haugland", "Prosjektleder", "baerum")],
        "documents": [("behovsbeskrivelse", "Veiledning om behovsbeskrivelse", GUIDE)],
    },
    {
        "slug": "oksenoya-senter-fornebu",
        "title": "Oksenøya senter på Fornebu – skole, barnehage og omsorgssenter i ett",
        "summary": (
            "På Fornebu samlet Bærum kommune skole, barnehage og omsorgssenter i ett "
            "flerbruksbygg. Markedsdialog og funksjonskrav skulle gi et arealeffektivt og "
            "klimavennlig bygg som brukes store deler av døgnet."
        ),
        "sectors": ["Bygg og eiendom", "Oppvekst og utdanning", "Helse og omsorg"],
        "buyers": ["baerum"],
        "county": "32",
        "status": "ongoing",
        "phase": "kontrakt",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2017, None),
        "value": 1200000000,
        "cpv": ["45214200-2", "45215100-8"],
        "need": (
            "Fornebu vokser raskt, og kommunen trenger både skoleplasser, barnehageplasser "
            "og omsorgsboliger. Tomtene er få og dyre. Ved å samle tjenestene kan lokaler "
            "som gymsal, kjøkken og uteområder brukes av flere grupper.\n\n"
            "Bygget skal ha lave utslipp i bygging og drift."
        ),
        "approach": (
            "Kommunen inviterte til dialog tidlig og beskrev behov og ønskede effekter "
            "fremfor ferdige løsninger. Tilbyderne ble utfordret på sambruk, energi og "
            "materialvalg."
        ),
        "results": "Prosjektet er i kontraktsfasen. Erfaringene deles når bygget er tatt i bruk.",
        "lessons": (
            "- Sambruk krever at driftsmodellen avklares like tidlig som arkitekturen.\n"
            "- Funksjonskrav gir rom for bedre løsninger, men krever mer av evalueringen."
        ),
        "conferences": [(D(2017, 9, 12), "Fornebu", 60, 31, 10, "")],
        "benefits": [
            ("annet", "Sparte areal ved sambruk", None, 12000000, None, "kr", "byggekostnad"),
            (
                "klima",
                "Lavere utslipp fra drift sammenlignet med tre separate bygg",
                None,
                150,
                None,
                "",
                "",
            ),
        ],
        "contacts": [("Henrik Solberg", "Prosjektsjef bygg", "baerum")],
        "documents": [],
    },
    {
        "slug": "lokaliseringsteknologi-omsorg-baerum",
        "title": "Lokaliseringsteknologi i omsorgstjenesten",
        "summary": (
            "Bærum kommune anskaffet lokaliseringsteknologi slik at personer med demens "
            "kan gå tur på egen hånd, mens pårørende og tjenesten kan finne dem raskt ved "
            "behov."
        ),
        "sectors": ["Helse og omsorg", "Digitalisering"],
        "buyers": ["baerum"],
        "county": "32",
        "status": "completed",
        "phase": "implementering",
        "procedure": "dialog",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2015, 2017),
        "value": 6000000,
        "cpv": ["32500000-8", "48000000-8"],
        "need": (
            "Mange hjemmeboende med demens blir urolige og går ut alene. Letingen tar tid "
            "og skaper bekymring. Løsningen måtte være enkel å bære, ivareta personvernet "
            "og kunne kobles til kommunens responssenter."
        ),
        "approach": (
            "Etter dialog med leverandørene valgte kommunen konkurransepreget dialog for å "
            "kunne utvikle kravene sammen med tilbyderne. Etikk og samtykke ble behandlet "
            "som egne temaer i dialogen."
        ),
        "results": "Lokaliseringsteknologien er tatt i bruk i hjemmetjenesten og på flere bo- og behandlingssentre.",
        "lessons": (
            "- Samtykke og etikk må avklares før teknologien tas i bruk.\n"
            "- Opplæring av pårørende er like viktig som opplæring av ansatte."
        ),
        "conferences": [(D(2015, 5, 7), "Sandvika", 45, 22, 9, "")],
        "benefits": [
            ("tid", "Mindre tid brukt på leteaksjoner", 1200, 600, 700, "", "per år"),
            ("okonomi", "Utsatt behov for institusjonsplass", None, 2500000, 1800000, "", "per år"),
        ],
        "contacts": [("Sofie Lie", "Rådgiver velferdsteknologi", "baerum")],
        "documents": [],
    },
    {
        "slug": "tryggere-hverdag-hjemmeboende-baerum",
        "title": "Teknologi for tryggere hverdag for hjemmeboende",
        "summary": (
            "Bærum kommune kjøpte en pakke med trygghetsteknologi – digitale alarmer, "
            "sensorer og varsling – slik at flere eldre kan bo trygt hjemme lenger."
        ),
        "sectors": ["Helse og omsorg"],
        "buyers": ["baerum"],
        "county": "32",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2016, 2018),
        "value": 15000000,
        "cpv": ["33196200-2", "35120000-1"],
        "need": (
            "De analoge trygghetsalarmene skulle fases ut, og kommunen ville samtidig se "
            "på hva ny teknologi kunne gi: fallsensorer, dørsensorer og varsling direkte "
            "til hjemmetjenesten."
        ),
        "approach": (
            "Kommunen beskrev situasjoner fra hverdagen, for eksempel et fall om natten, "
            "og ba leverandørene vise hvordan løsningene deres ville håndtert dem."
        ),
        "results": "Over tusen brukere fikk digitale trygghetsalarmer, og mange fikk i tillegg sensorer tilpasset sitt behov.",
        "lessons": "- Scenarier fra hverdagen gjør behovet forståelig for leverandørene.\n- Sett av tid til å kartlegge hver bruker.",
        "conferences": [(D(2016, 2, 18), "Bærum rådhus", 50, 27, 11, "")],
        "benefits": [("tid", "Færre unødvendige hjemmebesøk", 8000, 5000, 4200, "", "per år")],
        "contacts": [("Anders Moe", "Seksjonsleder", "baerum")],
        "documents": [],
    },
    {
        "slug": "smart-matleveranse-hjemmetjenesten",
        "title": "Smart Matleveranse i hjemmetjenesten",
        "summary": (
            "Bærum kommune utviklet en ny måte å levere middag til hjemmeboende på, der "
            "brukerne velger retter selv og leveransen er koordinert med hjemmetjenesten."
        ),
        "sectors": ["Helse og omsorg", "Digitalisering"],
        "buyers": ["baerum"],
        "county": "32",
        "status": "completed",
        "phase": "implementering",
        "procedure": "innovasjonspartnerskap",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2016, 2019),
        "value": 9000000,
        "cpv": ["15894000-3", "55521200-0"],
        "need": (
            "Underernæring er et kjent problem blant hjemmeboende eldre. Den gamle "
            "ordningen ga lite valgfrihet, og mange ansatte brukte tid på å bringe mat. "
            "Kommunen ønsket bedre ernæring, mer valgfrihet og mindre transport."
        ),
        "approach": (
            "Et innovasjonspartnerskap ga rom for å utvikle løsningen sammen med "
            "leverandøren: bestilling på nettbrett, kjøleskap som varsler og levering som "
            "planlegges sammen med hjemmetjenestens ruter."
        ),
        "results": "Brukerne bestiller selv, og hjemmetjenesten bruker mindre tid på matlevering.",
        "lessons": "- Innovasjonspartnerskap krever tett oppfølging fra kommunen.\n- Test med noen få brukere først.",
        "conferences": [(D(2016, 6, 2), "Sandvika", 30, 12, 7, "")],
        "benefits": [
            (
                "tid",
                "Mindre tid brukt på matlevering i hjemmetjenesten",
                6000,
                3500,
                3000,
                "",
                "per år",
            ),
            ("kvalitet", "Flere brukere med stabil vekt", None, None, None, "", ""),
        ],
        "contacts": [("Camilla Holm", "Prosjektleder", "baerum")],
        "documents": [],
    },
    {
        "slug": "plattform-digitale-laeremidler",
        "title": "Felles plattform for digitale læremidler",
        "summary": (
            "Bærum kommune ledet en koordinert anskaffelse av en plattform for digitale "
            "læremidler i grunnskolen, i samarbeid med en rekke andre kommuner."
        ),
        "sectors": ["Oppvekst og utdanning", "Digitalisering"],
        "buyers": ["baerum", "asker", "lillestrom", "nordre-follo"],
        "county": "32",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2018, 2020),
        "value": 60000000,
        "cpv": ["48190000-6", "72000000-5"],
        "need": (
            "Lærerne brukte mange ulike innlogginger og tjenester. Kommunene ønsket én "
            "plattform der elever og lærere finner læremidler fra flere forlag, med felles "
            "innlogging og god personvernbeskyttelse."
        ),
        "approach": (
            "Kommunene gikk sammen for å stå sterkere i markedet. Bærum ledet arbeidet og "
            "holdt dialogkonferanse med både forlag og plattformleverandører."
        ),
        "results": "Plattformen er tatt i bruk i skolene i de deltakende kommunene.",
        "lessons": (
            "- Koordinerte anskaffelser gir større muskler, men krever en tydelig leder.\n"
            "- Avklar personvern og databehandleravtaler tidlig.\n"
            "- Lærerne må være med på å teste."
        ),
        "conferences": [(D(2018, 10, 16), "Sandvika", 50, 24, 10, "")],
        "benefits": [
            (
                "okonomi",
                "Lavere lisenskostnader ved felles avtale",
                None,
                3000000,
                2400000,
                "",
                "per år",
            )
        ],
        "contacts": [
            ("Jonas Eide", "Innkjøpsrådgiver", "baerum"),
            ("Line Aas", "Rådgiver skole", "asker"),
        ],
        "documents": [],
    },
    {
        "slug": "velferdsteknologi-fem-kommuner-nord-trondelag",
        "title": "Felles anskaffelse av velferdsteknologi i fem kommuner i Nord-Trøndelag",
        "summary": (
            "Etter et læringsnettverk med elleve kommuner gikk fem av dem sammen om å kjøpe "
            "velferdsteknologi. Dialog med leverandørene tidlig i prosessen var nytt for "
            "mange av deltakerne."
        ),
        "sectors": ["Helse og omsorg"],
        "buyers": ["steinkjer", "snasa", "inderoy", "levanger", "verdal"],
        "county": "50",
        "status": "completed",
        "phase": "implementering",
        "procedure": "dialog",
        "innovation_type": "innovasjonsvennlig",
        "years": (2015, 2017),
        "value": 12000000,
        "cpv": ["33196200-2", "85000000-9"],
        "network": "velferdsteknologi-nord-trondelag",
        "need": (
            "Kommunene hadde felles utfordringer: flere eldre, færre hender og lange "
            "avstander i hjemmetjenesten. De ønsket trygghetsalarmer, digitalt tilsyn og "
            "medisineringsstøtte som kunne fungere på tvers av kommunene."
        ),
        "approach": (
            "Arbeidet ble organisert som et læringsnettverk med fem samlinger og avtalt "
            "arbeid mellom samlingene. Deltakerne lærte å beskrive behov, forberedte "
            "dialogen med markedet sammen og gjennomførte en felles konkurranse.\n\n"
            "Mange var i utgangspunktet skeptiske til en-til-en-samtaler med leverandører "
            "av frykt for å forskjellsbehandle, men fant at dette gjort riktig både er "
            "lovlig og gir bedre innkjøp."
        ),
        "results": "Kommunene fikk en felles avtale og et felles fagmiljø for velferdsteknologi.",
        "lessons": (
            "- Den viktigste lærdommen var å definere egne behov.\n"
            "- Å lære sammen med andre og av hverandre oppleves nyttig.\n"
            "- Dialog med markedet er lovlig når alle behandles likt."
        ),
        "conferences": [(D(2015, 10, 22), "Steinkjer", 55, 23, 9, "")],
        "benefits": [
            ("okonomi", "Lavere pris ved felles innkjøp", None, 1200000, 900000, "", "per år"),
            ("tid", "Færre tilsynsbesøk om natten", 5000, 2500, None, "", "per år"),
        ],
        "contacts": [("Randi Kvam", "Prosjektleder velferdsteknologi", "steinkjer")],
        "documents": [("evaluering", "Om læringsnettverk for innovative anskaffelser", LUP)],
    },
    {
        "slug": "sensorer-avfallsbeholdere-bergen",
        "title": "Sensorer i avfallsbeholdere i Bergen sentrum",
        "summary": (
            "Bergen kommune tok utgangspunkt i overfylte søppelkasser i sentrum og kjøpte "
            "sensorstyrt tømming. Bilene kjører nå dit det trengs, ikke etter fast rute."
        ),
        "sectors": ["Avfall og gjenvinning", "Digitalisering"],
        "buyers": ["bergen"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-anbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2016, 2018),
        "value": 4000000,
        "cpv": ["34928480-6", "90500000-2"],
        "network": "kommunenettverk-ioa-vest-2015",
        "need": (
            "Søppelkassene i sentrum ble enten tømt for tidlig eller for sent. Overfylte "
            "kasser ga forsøpling og måker, mens halvtomme kasser ga unødvendig kjøring."
        ),
        "approach": (
            "Behovet ble utforsket i kommunenettverket for innovative anskaffelser. "
            "Kommunen stilte funksjonskrav om fyllingsgrad og varsling, og lot "
            "leverandørene foreslå teknologien."
        ),
        "results": "Færre overfylte kasser og kortere kjørerute for renovasjonsbilene.",
        "lessons": "- Funksjonskrav åpner for flere leverandører.\n- Data fra sensorene må eies av kommunen.",
        "conferences": [(D(2016, 3, 10), "Bergen rådhus", 25, 11, 5, "")],
        "benefits": [
            ("klima", "Mindre kjøring med renovasjonsbil", 60, 35, 38, "", "per år"),
            ("okonomi", "Lavere driftskostnader", None, 500000, 420000, "", "per år"),
        ],
        "contacts": [("Eirik Vik", "Fagleder renovasjon", "bergen")],
        "documents": [],
    },
    {
        "slug": "energioppfolging-kommunale-bygg-voss",
        "title": "Energioppfølging av kommunale bygg på Voss",
        "summary": (
            "Voss herad kjøpte energioppfølging som tjeneste, med betaling knyttet til "
            "faktisk spart energi i skoler og omsorgsbygg."
        ),
        "sectors": ["Energi", "Bygg og eiendom"],
        "buyers": ["voss"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2016, 2019),
        "value": 5000000,
        "cpv": ["71314300-5"],
        "network": "kommunenettverk-ioa-vest-2015",
        "need": "Energibruken i byggene var høy og lite kjent. Kommunen manglet folk til å følge den opp.",
        "approach": "Kontrakten ga leverandøren en andel av gevinsten når energibruken gikk ned.",
        "results": "Energibruken gikk merkbart ned i de fleste byggene allerede det første året.",
        "lessons": "- Mål utgangspunktet grundig før kontrakten starter.\n- Gevinstdeling gir felles interesse.",
        "conferences": [(D(2016, 1, 21), "Vossevangen", 20, 9, 4, "")],
        "benefits": [("okonomi", "Lavere strømregning", 6000000, 900000, 1050000, "", "per år")],
        "contacts": [("Kristin Dale", "Eiendomssjef", "voss")],
        "documents": [],
    },
    {
        "slug": "sanntidsovervaking-vannkvalitet-askoy",
        "title": "Sanntidsovervåking av vannkvalitet på Askøy",
        "summary": (
            "Askøy kommune anskaffet sensorer og analyseverktøy som overvåker "
            "drikkevannet i sanntid og varsler ved avvik."
        ),
        "sectors": ["Vann og avløp", "Digitalisering"],
        "buyers": ["askoy"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "dialog",
        "innovation_type": "innovativ-losning",
        "years": (2019, 2021),
        "value": 7000000,
        "cpv": ["38421100-3", "65100000-4"],
        "need": "Prøver av drikkevannet ble tatt med faste mellomrom, og svar kom først etter flere døgn.",
        "approach": "Kommunen holdt dialogmøter med leverandører og forskningsmiljøer før konkurransen.",
        "results": "Avvik oppdages nå i løpet av minutter i stedet for dager.",
        "lessons": "- Hold beredskapsmiljøene tett på anskaffelsen.\n- Krev åpne grensesnitt til egne systemer.",
        "conferences": [(D(2019, 11, 5), "Kleppestø", 30, 15, 8, "")],
        "benefits": [
            ("kvalitet", "Raskere varsling ved avvik i vannkvaliteten", None, None, None, "", "")
        ],
        "contacts": [("Øystein Nes", "Leder vann og avløp", "askoy")],
        "documents": [],
    },
    {
        "slug": "utslippsfrie-ferjer-hordaland",
        "title": "Krav om lav- og nullutslipp i ferjeanbud",
        "summary": (
            "Hordaland fylkeskommune stilte krav om lav- og nullutslippsteknologi i "
            "anbudene for fylkesvegferjene, og ga markedet tid til å utvikle løsningene."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø", "Energi"],
        "buyers": ["hordaland-fk"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2015, 2020),
        "value": 2500000000,
        "cpv": ["60640000-6", "34512000-9"],
        "network": "kommunenettverk-ioa-vest-2015",
        "need": "Ferjene sto for en stor del av fylkeskommunens egne utslipp.",
        "approach": (
            "Fylkeskommunen varslet markedet i god tid og satte krav til utslipp i stedet "
            "for til teknologi. Lang kontraktstid gjorde investeringene i batteri og "
            "ladeinfrastruktur regningssvarende."
        ),
        "results": "Flere samband ble elektrifisert, og utslippene fra ferjedriften gikk kraftig ned.",
        "lessons": "- Varsle markedet tidlig.\n- Sørg for at strømnettet på land er klart i tide.",
        "conferences": [(D(2015, 6, 11), "Bergen", 40, 26, 12, "")],
        "benefits": [
            ("klima", "Lavere utslipp fra ferjedriften", 40000, 25000, None, "", "per år")
        ],
        "contacts": [("Hilde Brekke", "Seniorrådgiver samferdsel", "hordaland-fk")],
        "documents": [],
    },
    {
        "slug": "digital-hjemmeoppfolging-alver",
        "title": "Digital hjemmeoppfølging av kronisk syke",
        "summary": (
            "Alver kommune (tidligere Lindås) tok i bruk digital hjemmeoppfølging der "
            "pasienter måler blodtrykk og oksygen hjemme og får oppfølging fra "
            "sykepleier på skjerm."
        ),
        "sectors": ["Helse og omsorg", "Digitalisering"],
        "buyers": ["alver"],
        "county": "46",
        "status": "ongoing",
        "phase": "implementering",
        "procedure": "begrenset-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2020, None),
        "value": 3000000,
        "cpv": ["48814000-7"],
        "need": "Pasienter med kols og hjertesvikt ble ofte innlagt på sykehus når tilstanden forverret seg.",
        "approach": "Kommunen beskrev pasientforløpet og ba leverandørene vise hvordan de ville støtte det.",
        "results": "Færre akutte innleggelser blant pasientene som deltar.",
        "lessons": "- Samarbeid med fastlegene fra start.\n- Start med en liten gruppe pasienter.",
        "conferences": [(D(2020, 2, 13), "Knarvik", 25, 10, 6, "")],
        "benefits": [("okonomi", "Færre sykehusinnleggelser", None, 800000, None, "", "per år")],
        "contacts": [("Tone Mjelde", "Kommuneoverlege", "alver")],
        "documents": [],
    },
    {
        "slug": "utslippsfrie-byggeplasser-oslo",
        "title": "Utslippsfrie bygge- og anleggsplasser i Oslo",
        "summary": (
            "Oslo kommune bruker innkjøpsmakten sin til å kreve utslippsfrie maskiner på "
            "kommunens bygge- og anleggsplasser, og har gitt leverandørene tid til å "
            "omstille seg."
        ),
        "sectors": ["Klima og miljø", "Bygg og eiendom", "Energi"],
        "buyers": ["oslo"],
        "county": "03",
        "status": "ongoing",
        "phase": "implementering",
        "procedure": "apen-anbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2017, None),
        "value": None,
        "cpv": ["45000000-7"],
        "need": "Byggeplassene sto for en betydelig del av byens direkte utslipp og for mye støy.",
        "approach": (
            "Kommunen holdt markedsdialog med entreprenører og maskinleverandører, varslet "
            "kravene år i forveien og startet med tildelingskriterier før kravene ble "
            "absolutte."
        ),
        "results": "Stadig flere av kommunens prosjekter har utslippsfrie maskiner.",
        "lessons": "- Varsle kravene lenge før de gjelder.\n- Start med tildelingskriterier og skjerp gradvis.",
        "conferences": [
            (D(2017, 5, 4), "Oslo rådhus", 120, 85, 0, "Stor deltakelse fra bransjen."),
            (D(2019, 3, 27), "Digitalt", 100, 64, 15, ""),
        ],
        "benefits": [
            (
                "klima",
                "Kutt i utslipp fra maskiner på byggeplassene",
                None,
                10000,
                None,
                "",
                "per år",
            )
        ],
        "contacts": [("Petter Rønning", "Spesialrådgiver klima", "oslo")],
        "documents": [("annet", "Veileder for klimavennlige anskaffelser", GUIDE)],
    },
    {
        "slug": "digital-hjemmeoppfolging-ous",
        "title": "Pasientforløp med digital oppfølging etter utskrivning",
        "summary": (
            "Oslo universitetssykehus prøvde ut digital oppfølging av pasienter de første "
            "ukene etter utskrivning, i samarbeid med bydelene."
        ),
        "sectors": ["Helse og omsorg", "Digitalisering"],
        "buyers": ["ous", "oslo"],
        "county": "03",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forkommersiell",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2019, 2022),
        "value": 8000000,
        "cpv": ["48814000-7", "72000000-5"],
        "need": "Mange pasienter ble lagt inn på nytt kort tid etter utskrivning.",
        "approach": "En førkommersiell anskaffelse lot tre leverandører utvikle løsninger i konkurranse.",
        "results": "To løsninger nådde pilotfasen, og én er videreført.",
        "lessons": "- Førkommersiell anskaffelse passer når markedet ikke har løsningen.\n- Avklar ansvar mellom sykehus og kommune tidlig.",
        "conferences": [(D(2019, 4, 9), "Oslo", 60, 34, 14, "")],
        "benefits": [("okonomi", "Færre reinnleggelser", None, 4000000, 2500000, "", "per år")],
        "contacts": [("Mona Sandvik", "Prosjektleder innovasjon", "ous")],
        "documents": [],
    },
    {
        "slug": "utslippsfri-varelevering-trondheim",
        "title": "Utslippsfri varelevering til kommunale virksomheter i Trondheim",
        "summary": (
            "Trondheim kommune samlet leveransene til skoler, barnehager og sykehjem i en "
            "felles logistikkløsning med elektriske kjøretøy."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø"],
        "buyers": ["trondheim"],
        "county": "50",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2018, 2021),
        "value": 20000000,
        "cpv": ["60100000-9", "34144900-7"],
        "need": "Mange leverandører kjørte hver sin bil til de samme virksomhetene flere ganger i uka.",
        "approach": "Kommunen beskrev leveransemønsteret og ba om en samlet logistikkløsning med nullutslipp.",
        "results": "Antallet leveranser per virksomhet gikk kraftig ned, og all kjøring er utslippsfri.",
        "lessons": "- Kartlegg leveransene før du beskriver behovet.\n- Involver virksomhetene som mottar varene.",
        "conferences": [(D(2018, 9, 20), "Trondheim", 40, 19, 8, "")],
        "benefits": [
            ("klima", "Utslipp fra varetransport", 300, 50, 40, "", "per år"),
            ("tid", "Mindre tid brukt på varemottak", 3000, 1500, 1600, "", "per år"),
        ],
        "contacts": [("Sindre Aune", "Innkjøpsrådgiver", "trondheim")],
        "documents": [],
    },
    {
        "slug": "nedgravde-containere-stavanger",
        "title": "Nedgravde avfallscontainere med fyllingssensorer",
        "summary": (
            "Stavanger kommune erstattet søppelkasser i tette boligområder med nedgravde "
            "containere som melder fra når de må tømmes."
        ),
        "sectors": ["Avfall og gjenvinning"],
        "buyers": ["stavanger"],
        "county": "11",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-anbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2017, 2019),
        "value": 25000000,
        "cpv": ["34928480-6"],
        "need": "Trange gater gjorde tømming av mange små dunker tungvint og støyende.",
        "approach": "Konkurransen vektla totale kostnader over levetiden og muligheten for sensorstyrt tømming.",
        "results": "Færre tømminger og mindre støy i boligområdene.",
        "lessons": "- Se på totalkostnad, ikke bare innkjøpspris.",
        "conferences": [],
        "benefits": [("okonomi", "Lavere tømmekostnader", None, 700000, 650000, "", "per år")],
        "contacts": [("Geir Tjelta", "Avdelingsleder renovasjon", "stavanger")],
        "documents": [],
    },
    {
        "slug": "digitalt-tilsyn-sandnes",
        "title": "Digitalt tilsyn om natten i omsorgsboliger",
        "summary": (
            "Sandnes kommune innførte digitalt tilsyn med sensorer som varsler ved uro og "
            "fall, slik at beboerne sover uforstyrret og de ansatte rykker ut når det trengs."
        ),
        "sectors": ["Helse og omsorg"],
        "buyers": ["sandnes"],
        "county": "11",
        "status": "completed",
        "phase": "implementering",
        "procedure": "dialog",
        "innovation_type": "innovasjonsvennlig",
        "years": (2018, 2020),
        "value": 5500000,
        "cpv": ["33196200-2"],
        "need": "Faste nattlige runder vekket beboerne og ga likevel ikke sikkerhet mellom rundene.",
        "approach": "Dialogen med leverandørene handlet mye om personvern og hvordan sensorer kan erstatte kamera.",
        "results": "Beboerne sover bedre, og de ansatte bruker tiden der det er behov.",
        "lessons": "- Ta med tillitsvalgte og ansatte tidlig.",
        "conferences": [(D(2018, 4, 19), "Sandnes", 30, 16, 7, "")],
        "benefits": [("tid", "Færre unødvendige nattlige tilsyn", 7000, 3500, 3800, "", "per år")],
        "contacts": [("Kari Vatne", "Enhetsleder", "sandnes")],
        "documents": [],
    },
    {
        "slug": "varme-fra-avlopsvann-tromso",
        "title": "Varme fra avløpsvann i Tromsø",
        "summary": (
            "Tromsø kommune undersøkte hvordan varmen i avløpsvannet kan brukes til å "
            "varme opp kommunale bygg, og inviterte markedet til å foreslå løsninger."
        ),
        "sectors": ["Energi", "Vann og avløp", "Klima og miljø"],
        "buyers": ["tromso"],
        "county": "55",
        "status": "ongoing",
        "phase": "markedsdialog",
        "procedure": "dialog",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2023, None),
        "value": 40000000,
        "cpv": ["09323000-9", "45232400-6"],
        "need": "Byggene trenger mye varme store deler av året, mens varmen i avløpet går tapt.",
        "approach": "Kommunen har holdt dialogkonferanse og planlegger konkurransepreget dialog.",
        "results": "",
        "lessons": "- Kald klima gir store gevinster, men krever robuste løsninger.",
        "conferences": [(D(2023, 10, 12), "Tromsø", 35, 17, 9, "")],
        "benefits": [("klima", "Redusert bruk av fossil spisslast", None, 400, None, "", "per år")],
        "contacts": [("Jorunn Pedersen", "Rådgiver energi", "tromso")],
        "documents": [],
    },
    {
        "slug": "digital-tvilling-vann-bodo",
        "title": "Digital tvilling for vann- og avløpsnettet i Bodø",
        "summary": (
            "Bodø kommune anskaffer en digital modell av ledningsnettet for å planlegge "
            "vedlikehold og oppdage lekkasjer tidligere."
        ),
        "sectors": ["Vann og avløp", "Digitalisering"],
        "buyers": ["bodo"],
        "county": "18",
        "status": "ongoing",
        "phase": "konkurranse",
        "procedure": "forhandling",
        "innovation_type": "innovativ-losning",
        "years": (2022, None),
        "value": 10000000,
        "cpv": ["48000000-8", "72300000-8"],
        "need": "En stor del av vannet går tapt i lekkasjer, og kunnskapen om nettet ligger i få hoder.",
        "approach": "Markedsdialogen viste at flere leverandører har løsninger; konkurransen pågår.",
        "results": "",
        "lessons": "",
        "conferences": [(D(2022, 11, 8), "Bodø", 28, 13, 6, "")],
        "benefits": [("okonomi", "Mindre vanntap", None, 1500000, None, "", "per år")],
        "contacts": [("Vegard Hansen", "Fagansvarlig vann", "bodo")],
        "documents": [],
    },
    {
        "slug": "ombruk-byggematerialer-fredrikstad",
        "title": "Ombruk av byggematerialer i ny skole",
        "summary": (
            "Fredrikstad kommune stilte krav om ombruk av materialer da en gammel skole "
            "ble revet og en ny bygget."
        ),
        "sectors": ["Bygg og eiendom", "Klima og miljø", "Avfall og gjenvinning"],
        "buyers": ["fredrikstad"],
        "county": "31",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2020, 2023),
        "value": 300000000,
        "cpv": ["45214200-2"],
        "need": "Rivemassene ville ellers blitt avfall, og nye materialer gir store utslipp.",
        "approach": "Kommunen kartla materialene i det gamle bygget og delte kartleggingen med tilbyderne.",
        "results": "Tegl, dører og fasadeplater ble brukt om igjen.",
        "lessons": "- Kartlegg materialene før riving.\n- Sett av plass til mellomlagring.",
        "conferences": [(D(2020, 1, 28), "Fredrikstad", 35, 20, 7, "")],
        "benefits": [
            ("annet", "Sparte utslipp ved ombruk", None, 200, 170, "tonn CO2e", "hele prosjektet")
        ],
        "contacts": [("Anne Berit Olsen", "Prosjektleder", "fredrikstad")],
        "documents": [],
    },
    {
        "slug": "ombruk-mobler-lillehammer",
        "title": "Ombruk av møbler i kommunale kontorer",
        "summary": (
            "Lillehammer kommune kjøpte ombruk og reparasjon av møbler som tjeneste, i "
            "stedet for nye møbler."
        ),
        "sectors": ["Avfall og gjenvinning", "Klima og miljø"],
        "buyers": ["lillehammer"],
        "county": "34",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2021, 2022),
        "value": 1500000,
        "cpv": ["39130000-2", "50850000-8"],
        "need": "Kontorene skulle pusses opp, og mange møbler var brukbare.",
        "approach": "Konkurransen ba om ombruk først, reparasjon deretter og nye møbler bare ved behov.",
        "results": "Over to tredeler av møblene ble brukt om igjen.",
        "lessons": "- Små anskaffelser kan også være innovative.",
        "conferences": [],
        "benefits": [
            ("annet", "Lavere kostnad enn nye møbler", 2500000, 1000000, 1100000, "kr", "engangs")
        ],
        "contacts": [("Silje Bakken", "Innkjøpsrådgiver", "lillehammer")],
        "documents": [],
    },
    {
        "slug": "fallsensorer-sykehjem-hamar",
        "title": "Tidlig varsling av fall på sykehjem",
        "summary": (
            "Hamar kommune testet sensorer som varsler når en beboer er i ferd med å falle "
            "ut av sengen, for å forebygge fall."
        ),
        "sectors": ["Helse og omsorg"],
        "buyers": ["hamar"],
        "county": "34",
        "status": "completed",
        "phase": "implementering",
        "procedure": "begrenset-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2019, 2021),
        "value": 2000000,
        "cpv": ["33196200-2"],
        "need": "Fall er en vanlig årsak til skade og sykehusinnleggelse blant sykehjemsbeboere.",
        "approach": "To leverandører fikk teste løsningene på hver sin avdeling før kommunen valgte.",
        "results": "Antallet fall gikk ned på avdelingene med sensorer.",
        "lessons": "- Test i vanlig drift før du kjøper stort.",
        "conferences": [(D(2019, 3, 14), "Hamar", 20, 8, 5, "")],
        "benefits": [("kvalitet", "Færre fall blant beboerne", None, None, None, "", "")],
        "contacts": [("Guro Strand", "Fagutviklingssykepleier", "hamar")],
        "documents": [],
    },
    {
        "slug": "batteriferje-lavik-oppedal",
        "title": "Utviklingskontrakt for verdens første batteridrevne bilferje",
        "summary": (
            "Statens vegvesen utlyste en utviklingskontrakt for en utslippsfri ferje på "
            "sambandet Lavik–Oppedal. Resultatet ble en batteridrevet bilferje i rutetrafikk "
            "fra 2015."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø", "Energi"],
        "buyers": ["vegvesen"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2010, 2015),
        "value": None,
        "cpv": ["60640000-6", "34512000-9"],
        "need": "Ferjesambandene ga store utslipp, og det fantes ingen utslippsfrie bilferjer på markedet.",
        "approach": (
            "Vegvesenet utlyste en utviklingskonkurranse der tilbyderne fikk frihet til å "
            "velge teknologi, med krav til utslipp og regularitet."
        ),
        "results": "Den batteridrevne ferjen gikk i rute fra 2015 og banet vei for elektrifisering av mange samband.",
        "lessons": "- En offentlig kunde kan skape et nytt marked.\n- Krav til effekt gir rom for ny teknologi.",
        "conferences": [],
        "benefits": [
            ("klima", "Utslipp sammenlignet med dieselferje", 2000, 100, None, "", "per år")
        ],
        "contacts": [("Trond Lunde", "Seniorrådgiver ferje", "vegvesen")],
        "documents": [("annet", "Innovative anskaffelser – eksempler", LUP)],
    },
    {
        "slug": "fremtidens-hurtigbat",
        "title": "Fremtidens hurtigbåt – førkommersiell anskaffelse",
        "summary": (
            "Trøndelag fylkeskommune inviterte leverandører til å utvikle utslippsfrie "
            "hurtigbåter gjennom en førkommersiell anskaffelse i flere faser."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø"],
        "buyers": ["trondelag-fk"],
        "county": "50",
        "status": "completed",
        "phase": "kontrakt",
        "procedure": "forkommersiell",
        "innovation_type": "innovasjonsanskaffelse",
        "years": (2019, 2021),
        "value": 20000000,
        "cpv": ["34512000-9", "73000000-2"],
        "need": "Hurtigbåtene er blant de største utslippskildene i fylkeskommunens kollektivtilbud.",
        "approach": "Konkurransen gikk i faser – konsept, design og prototyp – med færre leverandører for hver fase.",
        "results": "Flere konsepter for utslippsfrie hurtigbåter ble utviklet og kan brukes i senere anbud.",
        "lessons": "- Del utviklingen i faser for å spre risiko.\n- Inviter andre fylker med.",
        "conferences": [(D(2019, 2, 26), "Trondheim", 70, 45, 16, "")],
        "benefits": [],
        "contacts": [("Maria Husby", "Rådgiver miljø", "trondelag-fk")],
        "documents": [],
    },
    {
        "slug": "klimavennlig-asfalt-agder",
        "title": "Klimavennlig asfalt på fylkesvegene i Agder",
        "summary": (
            "Agder fylkeskommune tok i bruk tildelingskriterier for klimagassutslipp i "
            "asfaltkontraktene, og leverandørene svarte med lavtemperaturasfalt og mer "
            "gjenbruk."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø"],
        "buyers": ["agder-fk"],
        "county": "42",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-anbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2020, 2022),
        "value": 150000000,
        "cpv": ["45233000-9", "44113620-7"],
        "need": "Asfaltering er en stor post i fylkets klimaregnskap.",
        "approach": "Tilbyderne dokumenterte utslipp med miljødeklarasjoner, og lavere utslipp ga bedre poeng.",
        "results": "Utslippene per tonn asfalt gikk ned.",
        "lessons": "- Krev miljødeklarasjoner.\n- Vekt klima høyt nok til at det betyr noe.",
        "conferences": [(D(2020, 2, 5), "Kristiansand", 25, 14, 6, "")],
        "benefits": [
            ("klima", "Lavere utslipp fra asfaltproduksjon", 5000, 4000, 4200, "", "per år")
        ],
        "contacts": [("Bjørn Tveit", "Rådgiver innkjøp", "agder-fk")],
        "documents": [],
    },
    {
        "slug": "blagronn-overvannshandtering-drammen",
        "title": "Blågrønn håndtering av overvann",
        "summary": (
            "Drammen kommune søkte naturbaserte løsninger for overvann i et boligområde "
            "som ofte ble oversvømt ved styrtregn."
        ),
        "sectors": ["Vann og avløp", "Klima og miljø"],
        "buyers": ["drammen"],
        "county": "33",
        "status": "ongoing",
        "phase": "behovsavklaring",
        "procedure": "plan-og-design",
        "innovation_type": "innovasjonsvennlig",
        "years": (2024, None),
        "value": None,
        "cpv": ["71222000-0"],
        "need": "Avløpsnettet har ikke kapasitet ved kraftig regn, og kjellere blir fylt med vann.",
        "approach": "Kommunen planlegger en plan- og designkonkurranse for regnbed, grønne tak og flomveier.",
        "results": "",
        "lessons": "",
        "conferences": [],
        "benefits": [],
        "contacts": [("Ida Hovland", "Rådgiver overvann", "drammen")],
        "documents": [],
    },
    {
        "slug": "utslippsfrie-tjenestebiler-tonsberg",
        "title": "Utslippsfrie tjenestebiler med delingsordning",
        "summary": (
            "Tønsberg kommune erstattet faste tjenestebiler med en delingsordning for "
            "elbiler og el-sykler."
        ),
        "sectors": ["Transport og mobilitet", "Klima og miljø"],
        "buyers": ["tonsberg"],
        "county": "39",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2021, 2022),
        "value": 8000000,
        "cpv": ["34144900-7", "60170000-0"],
        "need": "Mange tjenestebiler sto stille store deler av dagen.",
        "approach": "Kommunen kartla bruken og beskrev behovet som tilgang til transport, ikke antall biler.",
        "results": "Færre biler, høyere utnyttelse og ingen utslipp fra kjøringen.",
        "lessons": "- Mål bruken før du kjøper.",
        "conferences": [(D(2021, 3, 3), "Digitalt", 20, 9, 4, "")],
        "benefits": [
            ("okonomi", "Lavere kostnader til bilhold", 3000000, 2200000, 2300000, "", "per år"),
            ("klima", "Utslipp fra tjenestekjøring", 120, 0, 5, "", "per år"),
        ],
        "contacts": [("Eva Larsen", "Miljørådgiver", "tonsberg")],
        "documents": [],
    },
    {
        "slug": "solceller-som-tjeneste-skien",
        "title": "Solceller på skoletak som tjeneste",
        "summary": (
            "Skien kommune inviterte markedet til å tilby solkraft fra skoletakene som en "
            "tjeneste, der leverandøren eier og drifter anlegget."
        ),
        "sectors": ["Energi", "Bygg og eiendom", "Oppvekst og utdanning"],
        "buyers": ["skien"],
        "county": "40",
        "status": "ongoing",
        "phase": "konkurranse",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2023, None),
        "value": 12000000,
        "cpv": ["09331200-0"],
        "need": "Kommunen vil produsere egen strøm, men har ikke kapital eller fagfolk til å eie anleggene.",
        "approach": "Dialog med markedet viste at energi som tjeneste var realistisk.",
        "results": "",
        "lessons": "",
        "conferences": [(D(2023, 5, 24), "Skien", 18, 9, 5, "")],
        "benefits": [("okonomi", "Lavere strømkostnader", None, 600000, None, "", "per år")],
        "contacts": [("Rune Aasen", "Energirådgiver", "skien")],
        "documents": [],
    },
    {
        "slug": "chatbot-innbyggerdialog-arendal",
        "title": "Digital veileder for innbyggerhenvendelser",
        "summary": (
            "Arendal kommune anskaffet en digital veileder som svarer på vanlige spørsmål "
            "døgnet rundt og sender resten videre til riktig fagperson."
        ),
        "sectors": ["Digitalisering"],
        "buyers": ["arendal"],
        "county": "42",
        "status": "completed",
        "phase": "implementering",
        "procedure": "apen-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2020, 2021),
        "value": 1200000,
        "cpv": ["48000000-8"],
        "need": "Servicetorget fikk mange like spørsmål, og ventetiden på telefon var lang.",
        "approach": "Kommunen analyserte henvendelsene og ba om en løsning som kunne lære av dem.",
        "results": "Om lag en tredel av henvendelsene besvares nå uten at en ansatt må inn.",
        "lessons": "- Løsningen er ikke bedre enn innholdet den bygger på.",
        "conferences": [],
        "benefits": [("tid", "Frigjort tid på servicetorget", 4000, 1200, 1300, "", "per år")],
        "contacts": [("Nina Kristiansen", "Digitaliseringsrådgiver", "arendal")],
        "documents": [],
    },
    {
        "slug": "sjovannsvarme-alesund",
        "title": "Energisentral med sjøvannsvarme",
        "summary": (
            "Ålesund kommune vurderer en energisentral som henter varme fra sjøen til "
            "flere kommunale bygg i sentrum."
        ),
        "sectors": ["Energi", "Klima og miljø"],
        "buyers": ["alesund"],
        "county": "15",
        "status": "planned",
        "phase": "forankring",
        "procedure": "annet",
        "innovation_type": "innovasjonsvennlig",
        "years": (2025, None),
        "value": None,
        "cpv": [],
        "need": "Byggene i sentrum varmes i dag med strøm og fjernvarme. Sjøen er en stor, stabil varmekilde.",
        "approach": "Kommunen forankrer prosjektet politisk før behovsavklaringen starter.",
        "results": "",
        "lessons": "",
        "conferences": [],
        "benefits": [],
        "contacts": [("Kjetil Vik", "Energiplanlegger", "alesund")],
        "documents": [],
    },
    {
        "slug": "medisineringsstotte-molde",
        "title": "Elektronisk medisineringsstøtte i hjemmetjenesten",
        "summary": (
            "Molde kommune tok i bruk elektroniske medisindispensere som minner brukerne "
            "på å ta medisinene og varsler hjemmetjenesten ved avvik."
        ),
        "sectors": ["Helse og omsorg"],
        "buyers": ["molde"],
        "county": "15",
        "status": "completed",
        "phase": "implementering",
        "procedure": "begrenset-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2019, 2020),
        "value": 2500000,
        "cpv": ["33196200-2"],
        "need": "Mange hjemmebesøk handlet bare om å gi medisiner til faste tider.",
        "approach": "Kommunen beskrev arbeidsflyten og krevde integrasjon med fagsystemet.",
        "results": "Færre besøk, og brukerne tar medisinene sine mer presist.",
        "lessons": "- Velg ut brukerne sammen med fastlegen.",
        "conferences": [(D(2019, 1, 17), "Molde", 15, 7, 4, "")],
        "benefits": [("tid", "Færre medisinbesøk", 5000, 2500, 2700, "", "per år")],
        "contacts": [("Solveig Aarseth", "Fagleder hjemmetjenesten", "molde")],
        "documents": [],
    },
    {
        "slug": "fornybar-varme-skoler-alta",
        "title": "Fornybar oppvarming av skoler i Alta",
        "summary": (
            "Alta kommune erstatter oljefyring i skolene med fornybar varme, og ba "
            "markedet om løsninger som tåler lange, kalde vintre."
        ),
        "sectors": ["Energi", "Oppvekst og utdanning", "Klima og miljø"],
        "buyers": ["alta"],
        "county": "56",
        "status": "ongoing",
        "phase": "konkurranse",
        "procedure": "apen-anbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2024, None),
        "value": 18000000,
        "cpv": ["09323000-9"],
        "need": "Tre skoler varmes fortsatt med olje som reserve, og byggene har høy energibruk.",
        "approach": "Etter dialog med lokale leverandører ble konkurransen delt i mindre kontrakter.",
        "results": "",
        "lessons": "- Del opp kontraktene så lokale leverandører kan delta.",
        "conferences": [(D(2024, 2, 15), "Alta", 12, 7, 5, "")],
        "benefits": [("klima", "Slutt på oljefyring", 80, 0, None, "", "per år")],
        "contacts": [("Arne Eira", "Prosjektleder eiendom", "alta")],
        "documents": [],
    },
    {
        "slug": "pasientlogistikk-helse-bergen",
        "title": "Smartere pasientlogistikk på sykehuset",
        "summary": (
            "Helse Bergen anskaffet et system som viser ledige senger og pasientflyt i "
            "sanntid, for å korte ned ventetiden i akuttmottaket."
        ),
        "sectors": ["Helse og omsorg", "Digitalisering"],
        "buyers": ["helse-bergen"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovativ-losning",
        "years": (2018, 2020),
        "value": 14000000,
        "cpv": ["48814000-7"],
        "need": "Pasienter ble liggende lenge i akuttmottaket mens ansatte lette etter ledige senger.",
        "approach": "Sykehuset observerte arbeidsflyten og brukte funnene i kravspesifikasjonen.",
        "results": "Kortere liggetid i akuttmottaket og færre telefoner mellom avdelingene.",
        "lessons": "- Observer arbeidet, ikke bare intervju de ansatte.",
        "conferences": [(D(2018, 5, 29), "Bergen", 40, 18, 9, "")],
        "benefits": [
            ("tid", "Kortere liggetid i akuttmottaket", 30000, 20000, 21000, "timer/år", "")
        ],
        "contacts": [("Hanne Vikøren", "Prosjektleder", "helse-bergen")],
        "documents": [],
    },
    {
        "slug": "kollektivtilbud-pa-bestilling-vestland",
        "title": "Kollektivtransport på bestilling i distriktene",
        "summary": (
            "Vestland fylkeskommune erstattet lite brukte busslinjer med bestillingstransport "
            "som henter passasjerene der de bor."
        ),
        "sectors": ["Transport og mobilitet", "Digitalisering"],
        "buyers": ["vestland-fk"],
        "county": "46",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovasjonsvennlig",
        "years": (2021, 2023),
        "value": 30000000,
        "cpv": ["60112000-6"],
        "need": "Store busser kjørte nesten tomme på faste ruter i grisgrendte strøk.",
        "approach": "Fylkeskommunen beskrev reisebehovet og lot tilbyderne foreslå kjøretøy og bestillingsløsning.",
        "results": "Flere reisende, lavere kostnad per tur og mindre utslipp.",
        "lessons": "- Gjør det enkelt å bestille, også for dem som ikke bruker app.",
        "conferences": [(D(2021, 4, 22), "Førde", 30, 15, 7, "")],
        "benefits": [
            ("okonomi", "Lavere kostnad per passasjer", None, 2000000, 1700000, "", "per år"),
            ("klima", "Mindre utslipp fra tomkjøring", 500, 300, 320, "", "per år"),
        ],
        "contacts": [("Håkon Moen", "Rådgiver kollektiv", "vestland-fk")],
        "documents": [],
    },
    {
        "slug": "skolemat-lokale-ravarer-verdal",
        "title": "Skolemat med lokale råvarer",
        "summary": (
            "Verdal kommune utlyste en konkurranse om skolemat der små, lokale "
            "produsenter kunne gi tilbud på deler av leveransen."
        ),
        "sectors": ["Oppvekst og utdanning", "Klima og miljø"],
        "buyers": ["verdal"],
        "county": "50",
        "status": "completed",
        "phase": "kontrakt",
        "procedure": "apen-tilbud",
        "innovation_type": "innovasjonsvennlig",
        "years": (2022, 2023),
        "value": 3000000,
        "cpv": ["15894000-3"],
        "need": "Kommunen ønsket sunn skolemat med mindre transport og mer lokal verdiskaping.",
        "approach": "Konkurransen ble delt i delkontrakter for brød, frukt og grønt og varmmat.",
        "results": "Tre lokale leverandører fikk kontrakt.",
        "lessons": "- Del opp konkurransen.\n- Gjør kvalifikasjonskravene forholdsmessige.",
        "conferences": [],
        "benefits": [("klima", "Kortere transport av matvarer", 25, 15, None, "", "per år")],
        "contacts": [("Marte Sandberg", "Rådgiver oppvekst", "verdal")],
        "documents": [],
    },
]


def contact_email(name: str) -> str:
    """A made-up address on the reserved example.com domain."""
    ascii_name = ascii_letters(name.lower()).replace(" ", ".")
    return f"{ascii_name}@example.com"


# ---------------------------------------------------------------------------
# Reuse (issue 19): public bodies that took a case's solution into use, all approved.
#   (case slug, organisation key, how, year, public sentence)
# ---------------------------------------------------------------------------
REUSES: list[tuple[str, str, str, int, str]] = [
    (
        "plattform-digitale-laeremidler",
        "asker",
        "avtale",
        2023,
        "Vi ble med på avtalen og tok plattformen i bruk i alle barneskolene.",
    ),
    ("plattform-digitale-laeremidler", "lillestrom", "avtale", 2023, ""),
    (
        "plattform-digitale-laeremidler",
        "nordre-follo",
        "avtale",
        2024,
        "Innføringen gikk raskt fordi opplæringsopplegget fra Bærum kunne brukes som det var.",
    ),
    ("velferdsteknologi-fem-kommuner-nord-trondelag", "levanger", "samme", 2021, ""),
    (
        "velferdsteknologi-fem-kommuner-nord-trondelag",
        "verdal",
        "samme",
        2021,
        "Samme løsning, samme leverandør, egne rutiner for nattevakten.",
    ),
    (
        "sensorer-avfallsbeholdere-bergen",
        "stavanger",
        "tilpasset",
        2022,
        "Vi tilpasset løsningen til nedgravde containere i sentrum.",
    ),
    ("sensorer-avfallsbeholdere-bergen", "askoy", "tilpasset", 2023, ""),
    (
        "digitalt-tilsyn-sandnes",
        "gjesdal",
        "samme",
        2023,
        "Nattilsynet med sensorer sparer oss for mange kjøreturer.",
    ),
    ("digitalt-tilsyn-sandnes", "stavanger", "tilpasset", 2024, ""),
    (
        "demenslandsby-baerum",
        "asker",
        "inspirert",
        2022,
        "Erfaringene fra Bærum ble brukt da vi planla nytt bo- og behandlingssenter.",
    ),
    ("forerlose-busser-gjesdal", "sandnes", "inspirert", 2021, ""),
]

# A case that builds on another: slug → the slug of the case it builds on.
BUILDS_ON: dict[str, str] = {
    "nedgravde-containere-stavanger": "sensorer-avfallsbeholdere-bergen",
    "digital-hjemmeoppfolging-ous": "digital-hjemmeoppfolging-alver",
}

# ---------------------------------------------------------------------------
# The needs board (issue 19): published needs, some with "Vi har samme behov".
#   key: title, text, phase, market year offset from this year, sector, organisation key,
#   open to joint procurement, show contact, contact name, status, interested bodies
#   (organisation key, sentence)
# ---------------------------------------------------------------------------
NEEDS: list[dict] = [
    {
        "title": "Forebygging av fall hos hjemmeboende eldre",
        "text": "Mange eldre som bor hjemme, faller om natten og ligger lenge før noen finner dem. Hjemmetjenesten vil oppdage fall raskere uten å overvåke mer enn nødvendig.\n\nVi ønsker å finne ut hva markedet kan tilby av sensorer og varsling, og om andre kommuner vil kjøpe sammen med oss.",
        "phase": "behovsavklaring",
        "market_in": 1,
        "sector": "Helse og omsorg",
        "organization": "skien",
        "open_to_joint": True,
        "show_contact": True,
        "contact": "Ingrid Fallet",
        "status": "published",
        "interests": [("tonsberg", "Vi har samme utfordring i hjemmetjenesten."), ("drammen", "")],
    },
    {
        "title": "Utslippsfri massetransport i byggeprosjekter",
        "text": "Transport av masser til og fra byggeplassene står for en stor del av utslippene i prosjektene våre. Vi vil stille krav om utslippsfri transport, men vet ikke hva markedet kan levere om to år.\n\nVi planlegger en dialogkonferanse og vil gjerne samarbeide med andre byggherrer i regionen.",
        "phase": "markedsdialog",
        "market_in": 1,
        "sector": "Klima og miljø",
        "organization": "bergen",
        "open_to_joint": True,
        "show_contact": False,
        "contact": "Henrik Masse",
        "status": "published",
        "interests": [
            ("vestland-fk", "Vi har flere vegprosjekter med samme behov."),
            ("askoy", ""),
        ],
    },
    {
        "title": "Innbyggerdialog på flere språk",
        "text": "Innbyggere som ikke snakker norsk, får ikke svar på enkle spørsmål om skole, helse og søknader. Vi vil se på digitale løsninger som svarer på flere språk, og som kan overlate samtalen til en saksbehandler.",
        "phase": "forankring",
        "market_in": 2,
        "sector": "Digitalisering",
        "organization": "arendal",
        "open_to_joint": False,
        "show_contact": False,
        "contact": "Sara Språk",
        "status": "published",
        "interests": [("fredrikstad", "")],
    },
    {
        "title": "Brøyting etter sensordata på kommunale veier",
        "text": "Vi brøyter etter faste ruter, også der det ikke trengs. Med data fra sensorer og værvarsler kan vi kanskje brøyte der og når det trengs, og spare både penger og utslipp.",
        "phase": "behovsavklaring",
        "market_in": 1,
        "sector": "Transport og mobilitet",
        "organization": "alta",
        "open_to_joint": True,
        "show_contact": True,
        "contact": "Nils Brøyt",
        "status": "published",
        "interests": [("tromso", "Vi vil gjerne være med på en felles anskaffelse.")],
    },
    {
        "title": "Ombruk av IT-utstyr fra skolene",
        "text": "Hvert år kaster vi fungerende datamaskiner og nettbrett fra skolene. Vi vil finne en leverandør som kan ta imot, slette, reparere og selge utstyret videre.",
        "phase": "konkurranse",
        "market_in": 0,
        "sector": "Avfall og gjenvinning",
        "organization": "lillehammer",
        "open_to_joint": False,
        "show_contact": False,
        "contact": "Kari Krets",
        "status": "procurement",
        "interests": [],
    },
]
