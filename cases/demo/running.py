# ruff: noqa: E501 - long Norwegian sentences read better unbroken in this content file
"""A demo learning network under way, with invented participants (only with DEBUG on).

Its sessions have taken place (the last one two days ago), so Min side has something to
show: attendance, materials, work reports, evaluations to answer and a certificate. One
accepted participant, DEMO_PARTICIPANT_EMAIL, is the demo login to Min side: `make run`
prints a one-time link for her (`manage.py demo_participant_link`). She has been present at
every session, has reported on the first three, answered the first three evaluations and
left the last one open; another participant has consented to their challenge becoming a
case, so the coordinator can propose it at once.

Loaded by `load_demo_data` (cases/management/commands/) when DEBUG is on, never in
production. Addresses use the reserved example.com domain.
"""

from __future__ import annotations

import datetime

RUNNING_NETWORK_SLUG = "ioa-innlandet-demo"
DEMO_PARTICIPANT_EMAIL = "maret.demo@example.com"


def network(today: datetime.date) -> dict:
    """The network in the format of data.networks(): sessions every third week, the last
    one two days ago."""
    starts = today - datetime.timedelta(weeks=9, days=2)
    return {
        "slug": RUNNING_NETWORK_SLUG,
        "name": "Læringsnettverk for innovative anskaffelser i Innlandet (demo)",
        "host": "KS Innlandet og Leverandørutviklingsprogrammet",
        "regions": ["34"],
        "capacity": 20,
        "registration": (
            starts - datetime.timedelta(days=60),
            starts - datetime.timedelta(days=21),
        ),
        "dates": (starts, today + datetime.timedelta(days=30)),
        "description": (
            "Et oppdiktet nettverk som pågår, laget for å vise Min side og "
            "koordinatorens verktøy: samlinger som er holdt, materiell, rapporter om "
            "mellomarbeid og evaluering.\n\n"
            "Kommuner i Innlandet arbeider med hver sin utfordring mellom samlingene."
        ),
        "sessions": [
            (
                "Oppstart: egne utfordringer",
                0,
                "Hva en innovativ anskaffelse er, og presentasjon av deltakernes utfordringer.",
                "Beskriv utfordringen dere tar med på en halv side, og hvem som eier den.",
            ),
            (
                "Behovskartlegging",
                3,
                "Intervjuer, observasjon og gevinstkart: å beskrive behov fremfor løsninger.",
                "Gjennomfør minst tre intervjuer med brukere eller ansatte.",
            ),
            (
                "Dialog med markedet",
                6,
                "Dialogkonferanse og en-til-en-møter uten å låse løsningen.",
                "Lag en invitasjon til dialogkonferanse.",
            ),
            (
                "Konkurranseform og veien videre",
                9,
                "Konkurranse med forhandling, innovasjonspartnerskap og gevinstrealisering.",
                "Oppsummer hva dere har lært om egen utfordring, og hva dere gjør videre.",
            ),
        ],
        "place": "Hamar, Scandic Ringsaker",
        # The second session meets online (the reserved .example name leads nowhere).
        "online": {2: "https://nettmote.example/ioa-innlandet-samling-2"},
    }


# Materials: (session number, title, external link or "" for a generated PDF, public?)
MATERIALS = [
    (1, "Lysark fra oppstarten", "", False),
    (1, "Veileder for innovative anskaffelser (DFØ)", "https://anskaffelser.no/", True),
    (2, "Mal for intervjuguide", "", False),
    (3, "Lysark: dialog med markedet", "", False),
    (4, "Lysark: konkurranseformer", "", False),
]

# (name, email, job title, organisation name, challenge, case consent, work reports by session)
PARTICIPANTS = [
    (
        "Máret Demo Sara",
        DEMO_PARTICIPANT_EMAIL,
        "Innkjøpsrådgiver",
        "Lillehammer kommune",
        "Vi vil redusere energibruken i kommunale bygg uten å bestemme teknologien på forhånd.\n\nByggene er fra ulike tiår, og driftspersonalet har ulike systemer for styring.",
        False,
        {
            1: "Skrev utfordringen og fikk eiendomssjefen som eier.",
            2: "Intervjuet fire driftsoperatører og to rektorer. Behovet er bedre oversikt, ikke flere sensorer.",
            3: "Laget utkast til invitasjon til dialogkonferanse sammen med innkjøp.",
        },
    ),
    (
        "Jonas Demo Bakken",
        "jonas.demo@example.com",
        "Prosjektleder velferdsteknologi",
        "Hamar kommune",
        "Digitalt tilsyn på natt i hjemmetjenesten, uten å låse oss til én leverandør.",
        True,
        {
            1: "Beskrev behovet og forankret det hos kommunalsjefen.",
            2: "Observerte nattevakten to netter; flest alarmer er falske.",
            3: "Holdt en-til-en-møter med tre leverandører.",
            4: "Vi går videre med konkurranse med forhandling i vår.",
        },
    ),
    (
        "Linn Demo Solberg",
        "linn.demo@example.com",
        "Rådgiver, renovasjon",
        "Lillehammer kommune",
        "Færre tømminger av avfallsbeholdere med sensorer.",
        False,
        {1: "Kartla ruter og fyllingsgrad.", 2: "Snakket med sjåførene."},
    ),
    (
        "Emil Demo Hauge",
        "emil.demo@example.com",
        "Innkjøpsleder",
        "Hamar kommune",
        "Matlevering til hjemmeboende eldre med bedre ernæring.",
        False,
        {1: "Samlet tall for svinn.", 3: "Dialogkonferanse avtalt."},
    ),
    (
        "Nora Demo Strand",
        "nora.demo@example.com",
        "Seksjonsleder skole",
        "Lillehammer kommune",
        "Et felles verktøy for digitale læremidler.",
        False,
        {2: "Intervjuet lærere på tre skoler."},
    ),
    (
        "Tor Demo Lie",
        "tor.demo@example.com",
        "Avdelingsingeniør",
        "Hamar kommune",
        "Lekkasjer i vannledningsnettet: kan sensorer finne dem tidligere?",
        False,
        {},
    ),
]

# Evaluation answers of the others (useful, relevance, recommend, most useful, to improve),
# used in turn for each session; the demo participant has answered sessions 1–3 too.
ANSWERS = [
    (5, 4, 5, "Eksemplene fra andre kommuner.", "Mer tid til gruppearbeid."),
    (4, 4, 4, "Arbeidet med egen utfordring.", "Send lysarkene før samlingen."),
    (4, 5, 5, "Å høre hvordan de andre kartla behov.", ""),
    (3, 3, 4, "Gjennomgangen av regelverket.", "Lengre pauser."),
    (5, 5, 5, "Alt.", "Flere samlinger på nett."),
]
