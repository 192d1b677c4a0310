"""Synthetic Norwegian procurement cases for benchmarks (``manage.py generate_cases``).

The text is not a short word list repeated: nouns, verbs and adjectives are inflected
(``løsning, løsningen, løsninger, løsningene``), thousands of compound nouns are built
from parts the way Norwegian builds them (``velferds`` + ``teknologi``), and every word
class is drawn from a Zipf–Mandelbrot distribution, so a few words are in most cases and
most words are in a few. Each sector has its own topical compounds, so "velferdsteknologi"
clusters in health cases as it does in real data.

Everything here is plain Python and deterministic: ``CaseGenerator(seed)`` yields the same
organisations, networks and cases for the same seed. Writing to the database is the
management command's job.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import unicodedata
from dataclasses import dataclass, field

from ioa_portal.lib.slugs import ascii_letters
from networks.validators import ORG_NUMBER_WEIGHTS

# The word lists are fixed (not drawn from the seed), so every seed speaks the same language.
VOCABULARY_SEED = 1814
# Synthetic organisations are recognised by this website prefix (the name stays realistic,
# and the website is not part of the search text). Removal deletes only these.
SYNTHETIC_WEBSITE = "https://syntetisk.example/"
SYNTHETIC_NETWORK_SLUG_PREFIX = "syntetisk-nettverk-"
SYNTHETIC_EMAIL_DOMAIN = "syntetisk.example"
# Slugs end in "-s<seed>-<number>", so a database can tell which seed filled it.
SLUG_SEED_MARK = "-s{seed}-"
# "Today" for generated dates: fixed, so a seed gives the same data on any day.
REFERENCE_DATE = datetime.date(2025, 10, 1)


# --------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def _lines(text: str) -> list[str]:
    """Entries separated by "|" or line breaks."""
    return [entry.strip() for entry in text.replace("\n", "|").split("|") if entry.strip()]


# Nouns as "lemma:class". Classes: m (en-word: -en, -er, -ene; -e words take -n, -r, -ne),
# r (agent noun in -er: -en, -e, -ne), n (et-word: -et, -er, -ene; -e words: -t, -r, -ne),
# n1 (et-word, plural unchanged: hus, huset, hus, husene), u / un (mass noun, en/et, no
# plural), or explicit "lemma:definite/plural/definite plural:gender".
BASE_NOUNS = _words(
    """
løsning:m anskaffelse:m tjeneste:m behov:n1 leverandør:m kommune:m bruker:r innbygger:r
pasient:m beboer:r kontrakt:m avtale:m konkurranse:m dialog:m marked:n gevinst:m
kostnad:m effekt:m utfordring:m innovasjon:m prosess:m modell:m plan:m strategi:m
analyse:m rapport:m erfaring:m kunnskap:u kompetanse:u ressurs:m investering:m pilot:m
test:m utprøving:m evaluering:m gjennomføring:m implementering:m oppfølging:m drift:u
kvalitet:m sikkerhet:u tilgang:m oversikt:m teknologi:m sensor:m alarm:m plattform:m
app:m måling:m reduksjon:m besparelse:m innsparing:m forbedring:m endring:m ordning:m
satsing:m tildeling:m vurdering:m kravspesifikasjon:m prioritering:m beslutning:m
avklaring:m forankring:m involvering:m medvirkning:u samhandling:u koordinering:u
digitalisering:u automatisering:u effektivisering:u elektrifisering:u rehabilitering:m
vedlikehold:un oppgradering:m opplæring:u veiledning:m rådgivning:u avdeling:m enhet:m
etat:m virksomhet:m organisasjon:m ledelse:m administrasjon:m region:m bydel:m
by:byen/byer/byene:m skole:m barnehage:m institusjon:m vei:m bil:m buss:m båt:m ferje:m
sykkel:sykkelen/sykler/syklene:m lader:r batteri:n stasjon:m varmepumpe:m solcelle:m
belysning:m ventilasjon:u pumpe:m ledning:m måler:r container:r beholder:r system:n
produkt:n prosjekt:n resultat:n tiltak:n1 initiativ:n1 område:n tilbud:n1 krav:n1
mål:n1 verktøy:n1 utstyr:un anlegg:n1 bygg:n1 hus:n1 kjøretøy:n1 nettverk:n1
samarbeid:n1 forbruk:un utslipp:n1 avfall:un materiale:n sykehus:n1
sykehjem:sykehjemmet/sykehjem/sykehjemmene:n senter:senteret/sentre/sentrene:n
opplegg:n1 oppdrag:n1 innkjøp:n1 regelverk:n1
dokument:n grunnlag:n1 kriterium:kriteriet/kriterier/kriteriene:n konsept:n
program:programmet/programmer/programmene:n rom:rommet/rom/rommene:n miljø:n nivå:n
trinn:n1 år:n1 kontor:n prinsipp:n perspektiv:n alternativ:n budsjett:n regnskap:n
fellesskap:n ansvar:un tidspunkt:n1 spørsmål:n1 forslag:n1 innspill:n1 møte:n
elev:m lærer:r lege:m sykepleier:r innkjøper:r saksbehandler:r rådmann:m ordfører:r
kommunedirektør:m prosjektleder:r fagperson:m leverandørmarked:n næringsliv:un
gründer:r bedrift:m selskap:n kunde:m fylke:n stat:m departement:n direktorat:n
hjem:hjemmet/hjem/hjemmene:n hverdag:m tid:tiden/tider/tidene:m penger:pengene/penger/pengene:m
arbeid:n1 oppgave:m rutine:m metode:m verdi:m pris:m kontraktsperiode:m leveranse:m
"""
)

# First parts of compounds, with the joining letter they take ("velferd" + s).
# The order is roughly how common they are in Norwegian procurement texts.
COMPOUND_MODIFIERS = _words(
    """
velferds helse omsorgs innovasjons markeds anskaffelses tjeneste bruker pasient hjemme
energi klima miljø bygg avfalls transport digital data skole drifts kostnads gevinst
sykehjems innkjøps leverandør kontrakts dialog konkurranse vann avløps eiendoms bolig
barnehage kollektiv lade solcelle varme lys sensor trygghets lokaliserings varslings
kommunikasjons informasjons sikkerhets personvern arkiv saksbehandlings tilsyns
rehabiliterings demens medisin legemiddel pleie sykehus ambulanse beredskaps brann
utslipps natur overvanns lednings matavfalls plast tekstil ombruks gjenbruks rest
trafikk buss båt ferje sykkel vei gate parkerings kjøretøy logistikk vare
programvare sky skjerm nett portal opplærings lærings elev undervisnings kultur
bibliotek idretts fritids ungdoms mat måltids kantine renholds vedlikeholds byggeplass
anleggs masse betong tre stål fasade tak ventilasjons inneklima kjøle strøm batteri
hydrogen biogass fjernvarme grunnvarme belysnings dør lås adgangs kamera robot
"""
)

# Last parts of compounds: their gender and inflection carry over to the compound.
COMPOUND_HEADS = _words(
    """
teknologi:m løsning:m tjeneste:m system:n plattform:m sensor:m anlegg:n1 bygg:n1
behov:n1 avtale:m kontrakt:m prosjekt:n modell:m plan:m strategi:m analyse:m rapport:m
verktøy:n1 utstyr:un tilbud:n1 kostnad:m gevinst:m utslipp:n1 forbruk:un drift:u
senter:senteret/sentre/sentrene:n bil:m stasjon:m punkt:n tilsyn:n1 alarm:m måling:m
styring:u oversikt:m kartlegging:m portal:m app:m program:programmet/programmer/programmene:n
opplegg:n1 ordning:m tiltak:n1 arbeid:n1 område:n nettverk:n1 partner:r marked:n
kompetanse:u kvalitet:m sikkerhet:u register:registeret/registre/registrene:n avdeling:m
park:m flåte:m rute:m vei:m container:r beholder:r sortering:u innsamling:u
håndtering:u behandling:m planlegging:u oppfølging:u samarbeid:n1 konferanse:m møte:n
dokument:n krav:n1 kriterium:kriteriet/kriterier/kriteriene:n metode:m prosess:m
forsøk:n1 pilot:m realisering:u avklaring:m utvikling:u innføring:u leverandør:m
løsningsforslag:n1 rom:rommet/rom/rommene:n enhet:m kapasitet:m infrastruktur:m
"""
)

# Compounds that everybody in the field uses: always in the vocabulary, at the top.
CORE_COMPOUNDS = (
    ("velferds", "teknologi"),
    ("markeds", "dialog"),
    ("dialog", "konferanse"),
    ("innovasjons", "partnerskap:n1"),
    ("behovs", "avklaring"),
    ("gevinst", "realisering"),
    ("hjemme", "tjeneste"),
    ("anskaffelses", "strategi"),
    ("konkurranse", "grunnlag:n1"),
    ("tildelings", "kriterium:kriteriet/kriterier/kriteriene:n"),
    ("leverandør", "marked:n"),
    ("digital", "tilsyn:n1"),
    ("trygghets", "alarm"),
    ("lade", "stasjon"),
    ("energi", "forbruk:un"),
    ("klima", "gassutslipp:n1"),
    ("avfalls", "håndtering:u"),
    ("sirkulær", "økonomi:m"),
    ("nullutslipps", "bygg:n1"),
    ("kollektiv", "transport:m"),
    ("skole", "bygg:n1"),
    ("omsorgs", "bolig:m"),
    ("sykehjems", "plass:m"),
    ("legemiddel", "håndtering:u"),
    ("medisin", "dispenser:r"),
    ("lokaliserings", "teknologi"),
)

# Verbs as "infinitive present past participle".
VERBS = _lines(
    """
anskaffe anskaffer anskaffet anskaffet|kjøpe kjøper kjøpte kjøpt
utvikle utvikler utviklet utviklet|teste tester testet testet|prøve prøver prøvde prøvd
innføre innfører innførte innført|bruke bruker brukte brukt
redusere reduserer reduserte redusert|øke øker økte økt
forbedre forbedrer forbedret forbedret|effektivisere effektiviserer effektiviserte effektivisert
digitalisere digitaliserer digitaliserte digitalisert
automatisere automatiserer automatiserte automatisert|kartlegge kartlegger kartla kartlagt
beskrive beskriver beskrev beskrevet|vurdere vurderer vurderte vurdert
evaluere evaluerer evaluerte evaluert|gjennomføre gjennomfører gjennomførte gjennomført
planlegge planlegger planla planlagt|etablere etablerer etablerte etablert
invitere inviterer inviterte invitert|involvere involverer involverte involvert
samordne samordner samordnet samordnet|dele deler delte delt|lære lærer lærte lært
finne finner fant funnet|velge velger valgte valgt|levere leverer leverte levert
tilby tilbyr tilbød tilbudt|motta mottar mottok mottatt|skape skaper skapte skapt
utforske utforsker utforsket utforsket|analysere analyserer analyserte analysert
måle måler målte målt|følge følger fulgte fulgt|sikre sikrer sikret sikret
styrke styrker styrket styrket|forenkle forenkler forenklet forenklet
erstatte erstatter erstattet erstattet|kombinere kombinerer kombinerte kombinert
tilpasse tilpasser tilpasset tilpasset|integrere integrerer integrerte integrert
koordinere koordinerer koordinerte koordinert|forankre forankrer forankret forankret
avklare avklarer avklarte avklart|prioritere prioriterer prioriterte prioritert
spesifisere spesifiserer spesifiserte spesifisert|utlyse utlyser utlyste utlyst
kunngjøre kunngjør kunngjorde kunngjort|tildele tildeler tildelte tildelt
signere signerer signerte signert|implementere implementerer implementerte implementert
skalere skalerer skalerte skalert|spare sparer sparte spart
frigjøre frigjør frigjorde frigjort|bygge bygger bygde bygd
rehabilitere rehabiliterer rehabiliterte rehabilitert|drifte drifter driftet driftet
vedlikeholde vedlikeholder vedlikeholdt vedlikeholdt|overvåke overvåker overvåket overvåket
varsle varsler varslet varslet|registrere registrerer registrerte registrert
dokumentere dokumenterer dokumenterte dokumentert|rapportere rapporterer rapporterte rapportert
hente henter hentet hentet|sortere sorterer sorterte sortert
gjenvinne gjenvinner gjenvant gjenvunnet|lade lader ladet ladet
transportere transporterer transporterte transportert|frakte frakter fraktet fraktet
støtte støtter støttet støttet|hjelpe hjelper hjalp hjulpet|oppnå oppnår oppnådde oppnådd
få får fikk fått|gi gir ga gitt|se ser så sett|vise viser viste vist|gjøre gjør gjorde gjort
ta tar tok tatt|skrive skriver skrev skrevet|møte møter møtte møtt
delta deltar deltok deltatt|stimulere stimulerer stimulerte stimulert
utfordre utfordrer utfordret utfordret|endre endrer endret endret
avdekke avdekker avdekket avdekket|begrense begrenser begrenset begrenset
unngå unngår unngikk unngått|oppdage oppdager oppdaget oppdaget|bidra bidrar bidro bidratt
åpne åpner åpnet åpnet|formidle formidler formidlet formidlet
forhandle forhandler forhandlet forhandlet|justere justerer justerte justert
dimensjonere dimensjonerer dimensjonerte dimensjonert|pilotere piloterer piloterte pilotert
sammenligne sammenligner sammenlignet sammenlignet
kvalitetssikre kvalitetssikrer kvalitetssikret kvalitetssikret
"""
)

# Adjectives as "base neuter plural [definite]".
ADJECTIVES = _lines(
    """
ny nytt nye|innovativ innovativt innovative|digital digitalt digitale|felles felles felles
god godt gode|stor stort store|liten lite små lille|lav lavt lave|høy høyt høye
effektiv effektivt effektive|bærekraftig bærekraftig bærekraftige
miljøvennlig miljøvennlig miljøvennlige|trygg trygt trygge|sikker sikkert sikre
enkel enkelt enkle|kompleks komplekst komplekse|offentlig offentlig offentlige
privat privat private|kommunal kommunalt kommunale|regional regionalt regionale
nasjonal nasjonalt nasjonale|lokal lokalt lokale|ekstern eksternt eksterne
intern internt interne|eksisterende eksisterende eksisterende
tradisjonell tradisjonelt tradisjonelle|moderne moderne moderne
fleksibel fleksibelt fleksible|robust robust robuste|brukervennlig brukervennlig brukervennlige
fornybar fornybart fornybare|elektrisk elektrisk elektriske|fossilfri fossilfritt fossilfrie
utslippsfri utslippsfritt utslippsfrie|sirkulær sirkulært sirkulære
tverrfaglig tverrfaglig tverrfaglige|strategisk strategisk strategiske
økonomisk økonomisk økonomiske|teknisk teknisk tekniske|juridisk juridisk juridiske
praktisk praktisk praktiske|tydelig tydelig tydelige|konkret konkret konkrete
relevant relevant relevante|aktuell aktuelt aktuelle|mulig mulig mulige
nødvendig nødvendig nødvendige|viktig viktig viktige|vanlig vanlig vanlige
selvstendig selvstendig selvstendige|helhetlig helhetlig helhetlige
forutsigbar forutsigbart forutsigbare|standardisert standardisert standardiserte
smart smart smarte|automatisk automatisk automatiske|trådløs trådløst trådløse
mobil mobilt mobile|sentral sentralt sentrale|årlig årlig årlige
langsiktig langsiktig langsiktige|kostbar kostbart kostbare|rimelig rimelig rimelige
fysisk fysisk fysiske|sosial sosialt sosiale|kreativ kreativt kreative|åpen åpent åpne
omfattende omfattende omfattende|grønn grønt grønne|ren rent rene|stille stille stille
energieffektiv energieffektivt energieffektive|klimavennlig klimavennlig klimavennlige
universell universelt universelle|tilgjengelig tilgjengelig tilgjengelige
"""
)

ADVERBS = _words(
    """også ikke tidlig raskt tydelig sammen fortsatt allerede derfor likevel gradvis
systematisk betydelig vesentlig særlig spesielt nå senere først deretter underveis lokalt
digitalt daglig ukentlig årlig mer mindre godt bedre ofte sjelden alltid heller"""
)

PREPOSITIONS = _words("i på for med til av fra om mellom gjennom etter under uten hos mot ved")

QUANTIFIERS = _words("mange flere noen alle få ulike andre nye")

# Adjectives after "det er …" and "dette var …".
PREDICATIVES = _words(
    """viktig nødvendig mulig enkelt krevende nyttig lærerikt riktig vanskelig
avgjørende lurt klokt tidkrevende kostbart spennende nytt uvant"""
)

# Topical word parts per sector (the slugs of the sectors migration).
SECTOR_TOPICS = {
    "helse-og-omsorg": (
        "velferds helse omsorgs pasient hjemme sykehjems trygghets lokaliserings varslings "
        "rehabiliterings demens medisin legemiddel pleie sykehus ambulanse tilsyns",
        "pasient beboer sykehjem sykehus lege sykepleier hjem hverdag",
    ),
    "bygg-og-eiendom": (
        "bygg eiendoms bolig vedlikeholds byggeplass anleggs masse betong tre stål fasade "
        "tak ventilasjons inneklima dør lås adgangs",
        "bygg hus anlegg rom vedlikehold rehabilitering",
    ),
    "transport-og-mobilitet": (
        "transport trafikk kollektiv buss båt ferje sykkel vei gate parkerings kjøretøy "
        "logistikk vare lade hydrogen",
        "bil buss båt ferje vei sykkel kjøretøy stasjon",
    ),
    "klima-og-miljo": (
        "klima miljø utslipps natur overvanns biogass ombruks gjenbruks plast tekstil",
        "utslipp miljø forbruk materiale",
    ),
    "energi": (
        "energi strøm varme kjøle lys belysnings solcelle batteri fjernvarme grunnvarme lade",
        "solcelle varmepumpe batteri belysning ventilasjon måler",
    ),
    "oppvekst-og-utdanning": (
        "skole barnehage elev undervisnings opplærings lærings ungdoms",
        "skole barnehage elev lærer opplæring",
    ),
    "vann-og-avlop": (
        "vann avløps overvanns lednings",
        "ledning pumpe anlegg måler",
    ),
    "avfall-og-gjenvinning": (
        "avfalls matavfalls rest plast tekstil ombruks gjenbruks",
        "avfall container beholder materiale",
    ),
    "digitalisering": (
        "digital data programvare sky skjerm nett portal informasjons sikkerhets personvern "
        "arkiv saksbehandlings kommunikasjons sensor robot",
        "system plattform app sensor saksbehandler",
    ),
    "kultur-og-fritid": (
        "kultur bibliotek idretts fritids ungdoms",
        "by bydel møte arbeid",
    ),
}

# Relative frequency of the sectors (the first listed sector of a case).
SECTOR_WEIGHTS = {
    "helse-og-omsorg": 26,
    "bygg-og-eiendom": 15,
    "digitalisering": 12,
    "transport-og-mobilitet": 10,
    "klima-og-miljo": 9,
    "energi": 8,
    "oppvekst-og-utdanning": 8,
    "avfall-og-gjenvinning": 6,
    "vann-og-avlop": 4,
    "kultur-og-fritid": 2,
}

SECTOR_CPV = {
    "helse-og-omsorg": ("33000000", "85000000", "33196200", "48000000"),
    "bygg-og-eiendom": ("45000000", "45210000", "71000000", "50700000"),
    "transport-og-mobilitet": ("60000000", "34100000", "34144900", "63700000"),
    "klima-og-miljo": ("90700000", "71313000", "77300000"),
    "energi": ("09300000", "09331200", "31500000", "45330000"),
    "oppvekst-og-utdanning": ("80000000", "39160000", "48190000"),
    "vann-og-avlop": ("65100000", "45232400", "42120000"),
    "avfall-og-gjenvinning": ("90500000", "90510000", "44613800"),
    "digitalisering": ("72000000", "48000000", "72222300", "32420000"),
    "kultur-og-fritid": ("92000000", "92511000", "37400000"),
}

# Municipalities per county (numbers of 2024), so the synthetic buyers spread like real ones.
MUNICIPALITIES_PER_COUNTY = {
    "03": 1,
    "11": 23,
    "15": 26,
    "18": 41,
    "31": 12,
    "32": 21,
    "33": 18,
    "34": 46,
    "39": 6,
    "40": 17,
    "42": 25,
    "46": 43,
    "50": 38,
    "55": 21,
    "56": 18,
}
# Relative population, for how many cases come from each county.
COUNTY_WEIGHTS = {
    "03": 13,
    "11": 9,
    "15": 5,
    "18": 4,
    "31": 6,
    "32": 13,
    "33": 5,
    "34": 7,
    "39": 5,
    "40": 3,
    "42": 6,
    "46": 12,
    "50": 9,
    "55": 3,
    "56": 1,
}

PLACE_FIRST = _words(
    "Nord Sør Øst Vest Fjell Fjord Elve Sjø Stor Lille Berg Bjørke Eike Lyng Mo Ny Gamle "
    "Høy Lang Kvit Grøn Sol Ravne Ulve Hjorte Ørne Laks Tind Skog Myr Dal Strand Vik Nes "
    "Furu Rogn Heg Alme Lin Aske Stein Sand Grus Hav Å Li Rein Gaupe Oter Hegre Tjeld Måke"
)
PLACE_LAST = _words(
    "vik nes dal berg stad fjord øy heim land sund vang bø rud set li haug mo ås eid voll "
    "bakken våg sjøen elva stranda lia "
)

FIRST_NAMES = _words(
    "Anne Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Solveig Randi Nina Heidi Silje "
    "Ida Nora Emma Sara Maja Ole Per Jan Lars Kjell Knut Arne Bjørn Svein Hans Geir Tor Terje "
    "Morten Espen Håkon Jonas Magnus Sindre Aksel Jorunn Frode Sigrid Trond Vibeke Øystein Åse"
)
LAST_NAMES = _words(
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide "
    "Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen "
    "Ali Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen Holm Lien Hauge Christensen "
    "Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Hanssen Ahmed Haugland Thorsen Fjeldstad"
)
CONFERENCE_PLACES = (
    "Rådhuset",
    "Kulturhuset",
    "Innovasjonssenteret",
    "Bibliotekets møterom",
    "Samfunnshuset",
    "Fylkeshuset",
)
ROLES = (
    "Innkjøpsrådgiver",
    "Prosjektleder",
    "Innkjøpssjef",
    "Rådgiver",
    "Spesialrådgiver",
    "Enhetsleder",
    "Fagleder",
    "Seniorrådgiver",
    "Virksomhetsleder",
    "Innovasjonsrådgiver",
)


# --------------------------------------------------------------------------------------
# Inflection
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Noun:
    lemma: str
    gender: str  # "m" (en-word, feminine counted here) or "n" (et-word)
    definite: str
    plural: str
    definite_plural: str
    countable: bool = True

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.lemma, self.definite, self.plural, self.definite_plural)


@dataclass(frozen=True, slots=True)
class Verb:
    infinitive: str
    present: str
    past: str
    participle: str


@dataclass(frozen=True, slots=True)
class Adjective:
    base: str
    neuter: str
    plural: str
    definite: str


def noun(spec: str) -> Noun:
    """Inflect a noun written as in BASE_NOUNS ("løsning:m", "rom:rommet/rom/rommene:n")."""
    lemma, *rest = spec.split(":")
    if len(rest) == 2:
        definite, plural, definite_plural = rest[0].split("/")
        return Noun(lemma, rest[1], definite, plural, definite_plural)
    kind = rest[0]
    ends_e = lemma.endswith("e")
    if kind == "m":
        if ends_e:
            return Noun(lemma, "m", lemma + "n", lemma + "r", lemma + "ne")
        return Noun(lemma, "m", lemma + "en", lemma + "er", lemma + "ene")
    if kind == "r":
        return Noun(lemma, "m", lemma + "en", lemma + "e", lemma + "ne")
    if kind == "n":
        if ends_e:
            return Noun(lemma, "n", lemma + "t", lemma + "r", lemma + "ne")
        return Noun(lemma, "n", lemma + "et", lemma + "er", lemma + "ene")
    if kind == "n1":
        return Noun(lemma, "n", lemma + "et", lemma, lemma + "ene")
    if kind == "u":
        definite = lemma + ("n" if ends_e else "en")
        return Noun(lemma, "m", definite, lemma, definite, countable=False)
    if kind == "un":
        return Noun(lemma, "n", lemma + "et", lemma, lemma + "et", countable=False)
    raise ValueError(f"Unknown noun class in {spec!r}")


def join_compound(modifier: str, head: str) -> str:
    """Join two parts; three equal consonants become two (buss + stasjon = busstasjon)."""
    if len(modifier) >= 2 and modifier[-1] == modifier[-2] == head[0]:
        return modifier[:-1] + head
    return modifier + head


def compound(modifier: str, head: Noun) -> Noun:
    """A compound noun takes the gender and inflection of its last part."""
    return Noun(
        join_compound(modifier, head.lemma),
        head.gender,
        join_compound(modifier, head.definite),
        join_compound(modifier, head.plural),
        join_compound(modifier, head.definite_plural),
        head.countable,
    )


def verb(spec: str) -> Verb:
    return Verb(*spec.split())


def adjective(spec: str) -> Adjective:
    parts = spec.split()
    return Adjective(parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else parts[2])


def zipf_cum_weights(n: int, exponent: float = 1.0, offset: float = 2.7) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights 1/(rank + offset)^exponent for ranks 1..n."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** exponent for rank in range(1, n + 1)))


class ZipfSampler:
    """Draws items by rank: the first item is the most common."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items, exponent: float = 1.0, offset: float = 2.7):
        self.items = list(items)
        self.cum = zipf_cum_weights(len(self.items), exponent, offset)
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]

    def draws(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------


class Vocabulary:
    """The words of the synthetic texts, ranked by how common they are."""

    def __init__(self, compounds: int = 6000):
        rng = random.Random(VOCABULARY_SEED)
        self.base_nouns = [noun(spec) for spec in BASE_NOUNS]
        heads = [noun(spec) for spec in COMPOUND_HEADS]
        # Score every modifier × head pair: the earlier both parts are listed, the more
        # common the compound, with noise so that the ranking is not a grid.
        scored = []
        for m_rank, modifier in enumerate(COMPOUND_MODIFIERS):
            for h_rank, head in enumerate(heads):
                if join_compound(modifier, head.lemma) == modifier + modifier:
                    continue
                score = rng.lognormvariate(0, 0.9) / ((m_rank + 3) * (h_rank + 3)) ** 0.8
                scored.append((score, modifier, head))
        scored.sort(key=lambda item: -item[0])
        core = [
            compound(modifier, noun(head) if ":" in head else noun(head + ":m"))
            for modifier, head in CORE_COMPOUNDS
        ]
        seen = {n.lemma for n in core} | {n.lemma for n in self.base_nouns}
        ranked = list(core)
        for _score, modifier, head in scored:
            word = compound(modifier, head)
            if word.lemma not in seen:
                seen.add(word.lemma)
                ranked.append(word)
            if len(ranked) >= compounds:
                break
        self.compounds = ranked
        self.modifier_of = {}
        for modifier, head in CORE_COMPOUNDS:
            self.modifier_of[join_compound(modifier, head.split(":")[0])] = modifier
        for _score, modifier, head in scored:
            self.modifier_of.setdefault(join_compound(modifier, head.lemma), modifier)
        self.verbs = [verb(spec) for spec in VERBS]
        self.adjectives = [adjective(spec) for spec in ADJECTIVES]
        # Words in the order they are listed are ranked by that order; shuffle the tail of
        # the long lists a little so alphabet or topic order does not decide frequency.
        self.noun_sampler = ZipfSampler(self.base_nouns, exponent=0.9)
        self.compound_sampler = ZipfSampler(self.compounds, exponent=1.0, offset=5)
        self.verb_sampler = ZipfSampler(self.verbs, exponent=0.9)
        self.adjective_sampler = ZipfSampler(self.adjectives, exponent=0.9)
        self.adverb_sampler = ZipfSampler(ADVERBS, exponent=0.9)
        self.preposition_sampler = ZipfSampler(PREPOSITIONS, exponent=1.2)
        self._base_by_lemma = {n.lemma: n for n in self.base_nouns}

    def sector_samplers(self, slug: str) -> tuple[ZipfSampler, ZipfSampler]:
        """Compounds and plain nouns typical of a sector, in global rank order."""
        modifiers, nouns = SECTOR_TOPICS.get(slug, ("", ""))
        modifiers = set(modifiers.split())
        compounds = [c for c in self.compounds if self.modifier_of.get(c.lemma) in modifiers]
        plain = [self._base_by_lemma[w] for w in nouns.split() if w in self._base_by_lemma]
        return (
            ZipfSampler(compounds or self.compounds, exponent=0.9, offset=3),
            ZipfSampler(plain or self.base_nouns, exponent=0.7),
        )

    def all_forms(self) -> set[str]:
        """Every word form the texts can contain (for tests and for picking search terms)."""
        words: set[str] = set()
        for n in itertools.chain(self.base_nouns, self.compounds):
            words.update(n.forms)
        for v in self.verbs:
            words.update((v.infinitive, v.present, v.past, v.participle))
        for a in self.adjectives:
            words.update((a.base, a.neuter, a.plural, a.definite))
        words.update(ADVERBS)
        words.update(PREPOSITIONS)
        return words


# --------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------

# Slots: N noun phrase, V verb (present), W verb (past), I infinitive, P participle,
# A adjective (neuter, after "det"/"dette"), R adverb, p preposition, D number, B buyer.
GENERIC_TEMPLATES = (
    "N V N p N.",
    "N V R N.",
    "i dag V N N p N.",
    "Derfor V N N p N.",
    "Målet er å I N og I N.",
    "Det er A å I N p N.",
    "N har P N p N.",
    "N skal I N R.",
    "Gjennom N V N N.",
    "N og N V N p N.",
    "Dette V N p N, og N V R N.",
    "N V N som V N.",
    "Uten N V N R N.",
    "N må I N før N V N.",
    "Når N V N, V N R N.",
    "For N er det A å I N.",
    "Det V N p N.",
    "N V N, N og N.",
    "Samtidig V N N p N.",
    "N kan I N p N.",
)
PRESENT_TEMPLATES = {
    "need": (
        "Problemet er at N R V N.",
        "Behovet gjelder N p N.",
        "Situasjonen i dag er at N V N p N.",
        "Ønsket effekt er N og N.",
        "Det gjelder særlig N og N.",
        "Mange V N p N.",
        "i dag V N R N, og det V N.",
        "Vi trenger N som kan I N.",
        "Dette rammer N og N.",
        "Hvis vi ikke V N, V N N.",
    ),
    "summary": (
        "B vil I N p N.",
        "B V N for å I N.",
        "Anskaffelsen skal I N og I N.",
        "B samarbeider med N om N.",
    ),
}
PAST_TEMPLATES = {
    "approach": (
        "Vi gjennomførte en dialogkonferanse med D leverandører om N.",
        "Konkurransen ble kunngjort på Doffin, og D leverandører leverte tilbud.",
        "Tildelingskriteriene la vekt på N og N.",
        "B W N p N.",
        "Vi W N før vi W N.",
        "Prosjektgruppen W N og W N.",
        "i behovsavklaringen W vi N p N.",
        "Leverandørene W N i D en-til-en-møter.",
        "Etter markedsdialogen W vi N.",
        "N ble P p N.",
        "Det ble P N p N.",
        "Vi brukte D måneder på N.",
    ),
    "results": (
        "N W N med D prosent.",
        "Løsningen er tatt i bruk i N.",
        "Gevinsten er anslått til D kroner i året.",
        "N W N, og N W R.",
        "Etter D måneder W N N.",
        "Brukerne W N p N.",
        "Vi har P N p N.",
        "Tiltaket W D timer i måneden.",
    ),
    "lessons": (
        "Vi lærte at N V N.",
        "Det lønner seg å I N tidlig.",
        "Neste gang vil vi I N R.",
        "Vårt råd til andre er å I N før N V N.",
        "Vi burde ha P N tidligere.",
        "Dialogen med N W N.",
        "N var A for N.",
        "Det var A å I N p N.",
    ),
}
TITLE_TEMPLATES = (
    "{Cc} i {Nd}",
    "{Cc} for {Np}",
    "Innovativ anskaffelse av {Cp}",
    "Felles anskaffelse av {C}",
    "{Cc} og {C}",
    "{Cc} i {B}",
    "Fra {C} til {C}",
    "Markedsdialog om {C}",
    "Pilot: {C} på {Cd}",
    "{Cc} med {Np}",
    "Ny løsning for {C}",
    "{Cc}",
    "Smartere {C} i {Nd}",
    "Utvikling av {C}",
    "{Cc} – {C} og {C}",
)


def _parse(template: str) -> tuple[str, tuple[str, ...]]:
    """Turn "N V N p N." into a format string and its slot types."""
    out, slots = [], []
    for token in template.split(" "):
        core, tail = token.rstrip(".,:"), token[len(token.rstrip(".,:")) :]
        if core in {"N", "V", "W", "I", "P", "A", "R", "p", "D", "B"}:
            out.append("{}" + tail)
            slots.append(core)
        else:
            out.append(token)
    return " ".join(out), tuple(slots)


_GENERIC = [_parse(t) for t in GENERIC_TEMPLATES]
_FIELD_TEMPLATES = {
    key: [_parse(t) for t in templates] + _GENERIC
    for key, templates in itertools.chain(PRESENT_TEMPLATES.items(), PAST_TEMPLATES.items())
}
_PAST_FIELDS = set(PAST_TEMPLATES)


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class OrganizationSpec:
    key: int
    name: str
    org_number: str
    kind: str
    municipality_number: str
    region_number: str
    website: str


@dataclass(slots=True)
class NetworkSpec:
    key: int
    name: str
    slug: str
    host: str
    region_numbers: tuple[str, ...]
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(slots=True)
class CaseSpec:
    number: int
    title: str
    slug: str
    summary: str
    status: str
    phase: str
    procedure: str
    innovation_type: str
    region_number: str
    sector_slugs: list[str]
    buyer_keys: list[int]  # first is the lead buyer
    cpv_codes: list[str]
    doffin_ids: list[str]
    estimated_value: int | None
    start_year: int
    end_year: int | None
    network_key: int | None
    need: str
    approach: str
    results: str
    lessons: str
    is_published: bool
    published_at: datetime.datetime | None
    conferences: list[dict] = field(default_factory=list)
    benefits: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)


def valid_org_numbers(start: int, taken: set[str]):
    """Valid nine-digit organisation numbers (mod-11), counting up from an 8-digit base."""
    base = start
    while True:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            number = digits + str(0 if remainder == 0 else 11 - remainder)
            if number not in taken:
                yield number
        base += 1


def ascii_slug(text: str) -> str:
    text = ascii_letters(text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out, dash = [], False
    for char in text:
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# Status and phase go together: a completed case is implementing, a planned one anchoring.
STATUS_PHASES = {
    "planned": (("forankring", 5), ("behovsavklaring", 4), ("markedsdialog", 1)),
    "ongoing": (
        ("behovsavklaring", 3),
        ("markedsdialog", 4),
        ("konkurranse", 3),
        ("kontrakt", 3),
        ("implementering", 2),
    ),
    "completed": (("kontrakt", 2), ("implementering", 8)),
    "cancelled": (("behovsavklaring", 2), ("markedsdialog", 3), ("konkurranse", 4)),
}
PHASE_ORDER = (
    "forankring",
    "behovsavklaring",
    "markedsdialog",
    "konkurranse",
    "kontrakt",
    "implementering",
)
PROCEDURE_WEIGHTS = (
    ("apen-anbud", 14),
    ("begrenset-anbud", 5),
    ("apen-tilbud", 12),
    ("begrenset-tilbud", 4),
    ("forhandling", 24),
    ("dialog", 12),
    ("innovasjonspartnerskap", 8),
    ("plan-og-design", 3),
    ("forkommersiell", 4),
    ("annet", 14),
)
BENEFIT_KINDS = (("okonomi", 5), ("tid", 4), ("klima", 2), ("kvalitet", 3), ("annet", 1))
BENEFIT_UNITS = {"okonomi": "kr/år", "tid": "timer/år", "klima": "tonn CO2e/år"}
BENEFIT_DESCRIPTIONS = {
    "okonomi": ("Lavere kostnader til {C}", "Spart driftskostnad for {C}", "Mindre innkjøp av {C}"),
    "tid": ("Spart tid i {Nd}", "Færre timer til {C}", "Raskere {C}"),
    "klima": ("Lavere utslipp fra {C}", "Mindre energibruk i {Cd}", "Redusert {C}"),
    "kvalitet": ("Bedre {C} for brukerne", "Tryggere {C}", "Høyere kvalitet på {C}"),
    "annet": ("Nye leverandører i markedet for {C}", "Bedre samarbeid om {C}"),
}


def _weighted(pairs):
    values = [v for v, _ in pairs]
    cum = list(itertools.accumulate(w for _, w in pairs))
    return values, cum


class CaseGenerator:
    """Deterministic synthetic cases for one seed.

    ``organizations()`` and ``networks()`` list what the cases refer to; ``case(n)``
    builds case number n. Cases must be requested in order 0, 1, 2 … for the same seed
    to give the same data (one random stream).
    """

    def __init__(
        self,
        seed: int,
        sector_slugs: list[str] | None = None,
        region_numbers: list[str] | None = None,
        region_names: dict[str, str] | None = None,
        taken_org_numbers: set[str] | None = None,
        vocabulary: Vocabulary | None = None,
    ):
        self.seed = seed
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary or Vocabulary()
        self.sector_slugs = sector_slugs or list(SECTOR_WEIGHTS)
        self.region_numbers = region_numbers or list(MUNICIPALITIES_PER_COUNTY)
        self.region_names = region_names or {}
        self._taken = taken_org_numbers or set()
        self._predicative = ZipfSampler(PREDICATIVES, exponent=0.8)
        self._build_phrase_pools()
        self._build_organizations()
        self._build_networks()
        weights = [SECTOR_WEIGHTS.get(slug, 2) for slug in self.sector_slugs]
        self._sector_cum = list(itertools.accumulate(weights))
        self._status_choice = _weighted(
            (("planned", 10), ("ongoing", 40), ("completed", 45), ("cancelled", 5))
        )
        self._phase_choices = {s: _weighted(p) for s, p in STATUS_PHASES.items()}
        self._procedure_choice = _weighted(PROCEDURE_WEIGHTS)
        self._benefit_kind_choice = _weighted(BENEFIT_KINDS)
        # More cases every year, as the method spread.
        years = list(range(2012, REFERENCE_DATE.year + 1))
        self._year_choice = (years, list(itertools.accumulate((y - 2009) ** 1.6 for y in years)))

    # ---- phrases ----------------------------------------------------------------------

    def _noun_phrase(self, nouns: ZipfSampler, compounds: ZipfSampler) -> str:
        rng, vocab = self.rng, self.vocabulary
        word = compounds.draw(rng) if rng.random() < 0.55 else nouns.draw(rng)
        adj = vocab.adjective_sampler.draw(rng) if rng.random() < 0.3 else None
        roll = rng.random()
        if not word.countable:
            if roll < 0.5:
                if not adj:
                    return word.lemma
                return f"{adj.base if word.gender == 'm' else adj.neuter} {word.lemma}"
            roll = 0.3  # definite singular
        if roll < 0.28:
            plural = word.plural
            return f"{adj.plural} {plural}" if adj else plural
        if roll < 0.55:
            if adj:
                return f"{'den' if word.gender == 'm' else 'det'} {adj.definite} {word.definite}"
            return word.definite
        if roll < 0.72:
            article = "en" if word.gender == "m" else "et"
            if adj:
                return f"{article} {adj.base if word.gender == 'm' else adj.neuter} {word.lemma}"
            return f"{article} {word.lemma}"
        if roll < 0.84:
            if adj:
                return f"de {adj.plural} {word.definite_plural}"
            return word.definite_plural
        if roll < 0.93:
            owner = nouns.draw(rng)
            if owner.definite.endswith("s"):
                return word.definite
            return f"{owner.definite}s {word.lemma}"
        return f"{rng.choice(QUANTIFIERS)} {word.plural}"

    def _build_phrase_pools(self) -> None:
        """Pools of noun phrases drawn by Zipf once, then sampled uniformly per case.

        Sampling a pool uniformly keeps the Zipf shape and costs one call per phrase.
        """
        vocab = self.vocabulary
        self.global_phrases = [
            self._noun_phrase(vocab.noun_sampler, vocab.compound_sampler) for _ in range(60_000)
        ]
        self.sector_phrases = {}
        self.sector_compounds = {}
        for slug in self.sector_slugs:
            compounds, nouns = vocab.sector_samplers(slug)
            self.sector_compounds[slug] = compounds
            self.sector_phrases[slug] = [self._noun_phrase(nouns, compounds) for _ in range(12_000)]

    def _text(self, field_name: str, sentences: int, sector: str, buyer: str) -> str:
        rng, vocab = self.rng, self.vocabulary
        templates = _FIELD_TEMPLATES[field_name]
        past = field_name in _PAST_FIELDS
        global_phrases, topical = self.global_phrases, self.sector_phrases[sector]
        n_global, n_topical = len(global_phrases), len(topical)
        random_ = rng.random
        out = []
        for fmt, slots in rng.choices(templates, k=sentences):
            args = []
            for slot in slots:
                if slot == "N":
                    if random_() < 0.4:
                        args.append(topical[int(random_() * n_topical)])
                    else:
                        args.append(global_phrases[int(random_() * n_global)])
                elif slot == "V":
                    v = vocab.verb_sampler.draw(rng)
                    args.append(v.past if past and rng.random() < 0.7 else v.present)
                elif slot == "W":
                    args.append(vocab.verb_sampler.draw(rng).past)
                elif slot == "I":
                    args.append(vocab.verb_sampler.draw(rng).infinitive)
                elif slot == "P":
                    args.append(vocab.verb_sampler.draw(rng).participle)
                elif slot == "A":
                    args.append(self._predicative.draw(rng))
                elif slot == "R":
                    args.append(vocab.adverb_sampler.draw(rng))
                elif slot == "p":
                    args.append(vocab.preposition_sampler.draw(rng))
                elif slot == "D":
                    args.append(str(rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40))))
                else:  # B
                    args.append(buyer)
            out.append(_capitalise(fmt.format(*args)))
        return " ".join(out)

    def _paragraphs(self, field_name: str, sentences: int, sector: str, buyer: str) -> str:
        if sentences <= 0:
            return ""
        parts, left = [], sentences
        while left > 0:
            n = min(left, self.rng.randint(2, 4))
            parts.append(self._text(field_name, n, sector, buyer))
            left -= n
        if field_name == "approach" and self.rng.random() < 0.35:
            items = [
                "- " + _capitalise(self.global_phrases[int(self.rng.random() * 60_000)])
                for _ in range(self.rng.randint(3, 5))
            ]
            parts.insert(1, "\n".join(items))
        return "\n\n".join(parts)

    def _title(self, sector: str, buyer: str) -> str:
        rng = self.rng
        compounds = self.sector_compounds[sector]
        template = rng.choice(TITLE_TEMPLATES)
        values = {}
        for key in ("Cc", "Cp", "Cd"):
            if "{" + key + "}" in template:
                sampler = compounds if rng.random() < 0.7 else self.vocabulary.compound_sampler
                c = sampler.draw(rng)
                values[key] = {"Cc": _capitalise(c.lemma), "Cp": c.plural, "Cd": c.definite}[key]
        if "{Nd}" in template:
            values["Nd"] = self.vocabulary.noun_sampler.draw(rng).definite
        if "{Np}" in template:
            values["Np"] = self.vocabulary.noun_sampler.draw(rng).plural
        values["B"] = buyer
        # Several {C} in one template get fresh words each.
        while "{C}" in template:
            c = compounds.draw(rng)
            template = template.replace("{C}", c.lemma, 1)
        return template.format(**values)

    # ---- organisations and networks ----------------------------------------------------

    def _place_names(self, count: int) -> list[str]:
        names, seen = [], set()
        rng = random.Random(self.seed * 7919 + 1)
        while len(names) < count:
            name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_LAST)
            if name not in seen and name.lower() != name[:1].lower() * len(name):
                seen.add(name)
                names.append(name)
        return names

    def _build_organizations(self) -> None:
        rng = random.Random(self.seed * 7919)
        numbers = valid_org_numbers(99_500_000 + (self.seed % 1000) * 400, self._taken)
        per_county = {n: MUNICIPALITIES_PER_COUNTY.get(n, 10) for n in self.region_numbers}
        places = self._place_names(sum(per_county.values()) + 80)
        place_iter = iter(places)
        orgs: list[OrganizationSpec] = []

        def add(name, kind, region, municipality=""):
            key = len(orgs)
            orgs.append(
                OrganizationSpec(
                    key,
                    name,
                    next(numbers),
                    kind,
                    municipality,
                    region,
                    f"{SYNTHETIC_WEBSITE}{ascii_slug(name)}-{self.seed}-{key}",
                )
            )

        self.municipalities_by_region: dict[str, list[int]] = {}
        for region in self.region_numbers:
            keys = []
            for i in range(per_county[region]):
                keys.append(len(orgs))
                add(f"{next(place_iter)} kommune", "kommune", region, f"{region}{i + 1:02d}")
            self.municipalities_by_region[region] = keys
        self.others_by_region: dict[str, list[int]] = {r: [] for r in self.region_numbers}
        for region in self.region_numbers:
            self.others_by_region[region].append(len(orgs))
            add(f"{next(place_iter)} fylkeskommune", "fylkeskommune", region)
            self.others_by_region[region].append(len(orgs))
            add(f"{next(place_iter)} interkommunale selskap IKS", "interkommunalt", region)
        for i in range(4):
            region = self.region_numbers[i % len(self.region_numbers)]
            self.others_by_region[region].append(len(orgs))
            add(f"Helse {next(place_iter)} HF", "helseforetak", region)
        state_topics = (
            "velferdsteknologi",
            "digital samhandling",
            "bygg og eiendom",
            "vegtransport",
            "energiomstilling",
            "skoleutvikling",
        )
        oslo = "03" if "03" in self.region_numbers else self.region_numbers[0]
        for topic in state_topics:
            self.others_by_region[oslo].append(len(orgs))
            add(f"Direktoratet for {topic}", "statlig", oslo)
        self.organizations = orgs
        # Some buyers are far more active than others: a Zipf rank per county.
        self._buyer_samplers = {}
        for region in self.region_numbers:
            keys = self.municipalities_by_region[region][:]
            rng.shuffle(keys)
            self._buyer_samplers[region] = ZipfSampler(keys, exponent=0.8, offset=1)
        self._region_choice = (
            self.region_numbers,
            list(itertools.accumulate(COUNTY_WEIGHTS.get(n, 3) for n in self.region_numbers)),
        )

    def _build_networks(self) -> None:
        rng = random.Random(self.seed * 104729)
        networks = []
        hosts = (
            "KS",
            "KS og LUP",
            "Fylkeskommunen og KS",
            "Nasjonalt program for leverandørutvikling",
        )
        for i in range(8):
            k = min(3, len(self.region_numbers))
            regions = tuple(sorted(rng.sample(self.region_numbers, k=k)))
            names = [self.region_names.get(n, n) for n in regions]
            start = datetime.date(2016 + i, rng.choice((1, 3, 9)), 1)
            networks.append(
                NetworkSpec(
                    key=i,
                    name=(
                        f"Læringsnettverk {i + 1} for {', '.join(names[:-1])} og {names[-1]} "
                        "(syntetisk)"
                    ),
                    slug=f"{SYNTHETIC_NETWORK_SLUG_PREFIX}{self.seed}-{i + 1}",
                    host=rng.choice(hosts),
                    region_numbers=regions,
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=rng.randint(300, 540)),
                )
            )
        self.networks = networks

    def organization_names(self) -> dict[int, str]:
        return {o.key: o.name for o in self.organizations}

    # ---- cases ---------------------------------------------------------------------------

    def _pick(self, choice):
        values, cum = choice
        return values[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _buyers(self, region: str) -> list[int]:
        rng = self.rng
        roll = rng.random()
        others = self.others_by_region.get(region) or []
        if roll < 0.22 and others:
            lead = rng.choice(others)
        else:
            lead = self._buyer_samplers[region].draw(rng)
        buyers = [lead]
        if rng.random() < 0.13:  # coordinated procurement: several municipalities together
            pool = self.municipalities_by_region[region]
            for key in rng.sample(pool, k=min(len(pool), rng.randint(1, 7))):
                if key not in buyers:
                    buyers.append(key)
        return buyers

    def case(self, number: int) -> CaseSpec:
        rng = self.rng
        region = self._pick(self._region_choice)
        buyers = self._buyers(region)
        lead_name = self.organizations[buyers[0]].name
        sector_roll = rng.random() * self._sector_cum[-1]
        sectors = [self.sector_slugs[bisect.bisect(self._sector_cum, sector_roll)]]
        for _ in range(rng.choices((0, 1, 2), weights=(60, 30, 10))[0]):
            extra = rng.choice(self.sector_slugs)
            if extra not in sectors:
                sectors.append(extra)
        sector = sectors[0]

        start_year = self._pick(self._year_choice)
        status = self._pick(self._status_choice)
        if start_year >= REFERENCE_DATE.year - 1 and status == "completed":
            status = "ongoing"
        if start_year <= REFERENCE_DATE.year - 6 and status in ("planned", "ongoing"):
            status = "completed" if rng.random() < 0.8 else "cancelled"
        phase = self._pick(self._phase_choices[status])
        phase_index = PHASE_ORDER.index(phase)
        procedure = self._pick(self._procedure_choice)
        if procedure in ("innovasjonspartnerskap", "forkommersiell"):
            innovation_type = "innovasjonsanskaffelse"
        else:
            innovation_type = rng.choices(
                ("innovasjonsvennlig", "innovativ-losning", "innovasjonsanskaffelse"), (60, 32, 8)
            )[0]
        end_year = None
        if status in ("completed", "cancelled"):
            end_year = min(start_year + rng.choice((0, 1, 1, 2, 2, 3, 4)), REFERENCE_DATE.year)

        # Text lengths vary a lot between cases, as they do in real case write-ups.
        length = rng.lognormvariate(0, 0.45)
        title = self._title(sector, lead_name)
        summary = self._text("summary", max(2, round(3 * min(length, 1.5))), sector, lead_name)
        need = self._paragraphs("need", max(2, round(7 * length)), sector, lead_name)
        approach = self._paragraphs(
            "approach",
            max(1, round(6 * length)) if phase_index >= 2 else rng.randint(0, 2),
            sector,
            lead_name,
        )
        results = self._paragraphs(
            "results", round(4 * length) if phase_index >= 4 else 0, sector, lead_name
        )
        lessons = self._paragraphs(
            "lessons",
            round(4 * length) if status != "planned" and phase_index >= 3 else 0,
            sector,
            lead_name,
        )

        is_published = rng.random() < 0.97
        published_at = None
        if is_published:
            first = datetime.date(start_year, 1, 1)
            span = max(1, (REFERENCE_DATE - first).days)
            day = first + datetime.timedelta(days=int(span * rng.random() ** 0.7))
            published_at = datetime.datetime(
                day.year,
                day.month,
                day.day,
                rng.randint(7, 16),
                rng.randint(0, 59),
                tzinfo=datetime.UTC,
            )
        # A sector the generator has no codes for (one an editor added) has one default.
        codes = SECTOR_CPV.get(sector, ("48000000",))
        cpv = sorted(set(rng.sample(codes, k=min(len(codes), rng.choice((0, 1, 1, 2))))))
        doffin = []
        if phase_index >= 3 and rng.random() < 0.6:
            doffin.append(f"{start_year}-{rng.randint(100000, 999999)}")
        value = None
        if rng.random() < 0.7:
            value = int(round(rng.lognormvariate(14.5, 1.3), -4))  # median about 2 mill. kr
        network = None
        if self.networks and rng.random() < 0.09:
            network = rng.choice(self.networks).key

        spec = CaseSpec(
            number=number,
            title=title[:250],
            slug=f"{ascii_slug(title)[:200]}{SLUG_SEED_MARK.format(seed=self.seed)}{number}",
            summary=summary,
            status=status,
            phase=phase,
            procedure=procedure,
            innovation_type=innovation_type,
            region_number=region,
            sector_slugs=sectors,
            buyer_keys=buyers,
            cpv_codes=cpv,
            doffin_ids=doffin,
            estimated_value=value,
            start_year=start_year,
            end_year=end_year,
            network_key=network,
            need=need,
            approach=approach,
            results=results,
            lessons=lessons,
            is_published=is_published,
            published_at=published_at,
        )
        self._children(spec, phase_index, sector, lead_name)
        return spec

    def _children(self, spec: CaseSpec, phase_index: int, sector: str, buyer: str) -> None:
        rng = self.rng
        if phase_index >= 2 and rng.random() < 0.6:
            for i in range(1 if rng.random() < 0.85 else 2):
                invited = rng.randint(8, 200)
                held = datetime.date(spec.start_year, rng.randint(1, 12), rng.randint(1, 28))
                online = rng.random() < 0.3
                spec.conferences.append(
                    {
                        "held_on": min(held + datetime.timedelta(days=120 * i), REFERENCE_DATE),
                        "place": "" if online else rng.choice(CONFERENCE_PLACES),
                        "is_online": online,
                        "invited_suppliers": invited,
                        "attending_suppliers": max(1, int(invited * rng.uniform(0.1, 0.6))),
                        "one_to_one_meetings": rng.randint(0, 15),
                        "summary": self._text("approach", rng.randint(1, 3), sector, buyer),
                    }
                )
        if phase_index >= 4 and rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                kind = self._pick(self._benefit_kind_choice)
                compounds = self.sector_compounds[sector]
                c = compounds.draw(rng)
                text = rng.choice(BENEFIT_DESCRIPTIONS[kind]).format(
                    C=c.lemma, Cd=c.definite, Nd=self.vocabulary.noun_sampler.draw(rng).definite
                )
                scale = {"okonomi": 300_000, "tid": 2_000, "klima": 40}.get(kind)
                estimated = realised = baseline = None
                if scale:
                    estimated = round(scale * rng.lognormvariate(0, 1.0), 0)
                    if spec.status == "completed" and rng.random() < 0.6:
                        realised = round(estimated * rng.uniform(0.5, 1.2), 0)
                    if rng.random() < 0.3:
                        baseline = round(estimated * rng.uniform(2, 6), 0)
                spec.benefits.append(
                    {
                        "kind": kind,
                        "description": text[:300],
                        "baseline": baseline,
                        "estimated": estimated,
                        "realised": realised,
                        "unit": BENEFIT_UNITS.get(kind, ""),
                        "period": rng.choice(("", "", "per år", "2023–2025", "første driftsår")),
                    }
                )
        if rng.random() < 0.75:
            for _ in range(1 if rng.random() < 0.8 else 2):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                spec.contacts.append(
                    {
                        "name": f"{first} {last}",
                        "role": rng.choice(ROLES),
                        "organization": buyer,
                        "email": f"{ascii_slug(first)}.{ascii_slug(last)}@{SYNTHETIC_EMAIL_DOMAIN}",
                        "phone": "+47 "
                        + " ".join(str(rng.randint(10 if i else 40, 99)) for i in range(4)),
                    }
                )
