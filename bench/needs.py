"""Need descriptions for the bench's need-search kind (bench/run.py, kind "need").

Written the way a procurement officer describes a need in the search box: 8 to 40 words,
in bokmål and nynorsk, with everyday words around the domain's. Their content words come
from the synthetic vocabulary (cases/demo/synthetic.py: its nouns, compounds, verbs and
adjectives), so at scale they match synthetic cases the way real needs match real ones:
some words rare, some in a third of the cases. tests/bench/test_needs.py checks the
lengths and that every need holds words of the synthetic texts.
"""

from __future__ import annotations

# (language, need)
NEEDS: tuple[tuple[str, str], ...] = (
    ("nb", "Hjemmeboende eldre skal få hjelp raskt hvis de faller, også når de ikke klarer å "
           "varsle selv, gjerne med trygghetsalarm eller sensor i hjemmet"),
    ("nb", "Vi ønsker velferdsteknologi som gjør at pasienter kan bo lenger hjemme og at "
           "hjemmetjenesten bruker mindre tid på bilkjøring"),
    ("nb", "Beboerne på sykehjemmet får feil medisin for ofte, og vi trenger en tryggere "
           "legemiddelhåndtering med medisindispenser"),
    ("nb", "Kommunen vil redusere energiforbruket i skolebygg og barnehager uten at "
           "inneklimaet blir dårligere for elevene"),
    ("nb", "Hvordan kan vi få flere ladestasjoner for elbiler i sentrum og ved kommunale "
           "bygg, og hvem eier og drifter dem"),
    ("nb", "Vi trenger en bedre løsning for avfallshåndtering der containere sier fra når "
           "de er fulle, så bilene slipper å kjøre tomme runder"),
    ("nb", "Pasientene våre med kols blir lagt inn på sykehus gang på gang, og vi vil følge "
           "dem opp digitalt hjemme"),
    ("nb", "Personer med demens går seg bort, og pårørende ønsker lokaliseringsteknologi "
           "som varsler når noen forlater hjemmet om natten"),
    ("nb", "Kollektivtransporten i distriktet er lite brukt, så vi ser etter fleksibel "
           "transport etter behov med mindre busser"),
    ("nb", "Vi vil kjøpe fossilfrie anleggsmaskiner og redusere klimagassutslipp på "
           "byggeplassene våre uten at kostnadene blir for høye"),
    ("nb", "Skolene trenger digitale læremidler som er universelt utformet og fungerer for "
           "elever med ulike behov"),
    ("nb", "Saksbehandlingen av byggesøknader tar for lang tid, og vi vil automatisere "
           "kontrollen av dokumentene"),
    ("nb", "Gatelysene bruker mye strøm hele natten, så vi vil ha smart belysning som "
           "dimmes når ingen ferdes på veien"),
    ("nb", "Matavfallet fra kantinene og sykehjemmene er stort, og vi ønsker å måle og "
           "redusere det gjennom en ny innkjøpsavtale"),
    ("nb", "Vi har mange gamle kommunale boliger med dårlig ventilasjon og høy "
           "energibruk som må rehabiliteres på en bærekraftig måte"),
    ("nb", "Hvordan kan innbyggerne få svar på enkle spørsmål døgnet rundt uten å ringe "
           "servicetorget, for eksempel med en digital veileder"),
    ("nb", "Kommunen ønsker å samarbeide med leverandørmarkedet om sirkulære møbler og "
           "ombruk av kontorutstyr i stedet for å kjøpe nytt"),
    ("nb", "Vi trenger et system for digitalt tilsyn om natten på sykehjemmet slik at "
           "beboerne slipper å bli vekket av runder"),
    ("nb", "Ferjesambandet skal elektrifiseres, og vi må planlegge ladeanlegg og "
           "kontrakt med rederiet i god tid før anbudet"),
    ("nb", "Mange ansatte bruker tid på å registrere de samme opplysningene i flere "
           "systemer, og vi vil ha bedre samhandling mellom fagsystemene"),
    ("nb", "Vi vil prøve ut solceller og batterier på taket av idrettshallen for å "
           "redusere strømkostnadene og effekttoppene om vinteren"),
    ("nb", "Ungdom som står utenfor skole og arbeid trenger et tilbud der de kan lære og "
           "få oppfølging fra flere tjenester samtidig"),
    ("nb", "Renholdet i kommunale bygg er dyrt og ujevnt, og vi lurer på om sensorer kan "
           "styre når rommene faktisk trenger vask"),
    ("nb", "Vi vil gjennomføre en markedsdialog før vi kjøper en ny plattform for "
           "kommunikasjon mellom skole og hjem"),
    ("nb", "Brukere av hjemmetjenesten ønsker å vite når hjelpen kommer, og vi trenger en "
           "app som viser besøkene og endringer"),
    ("nb", "Kommunen vil kartlegge lekkasjer i vannledningene tidlig med målere og sensorer "
           "før rørene sprekker og gir store skader"),
    ("nn", "Korleis kan kommunen handtere overvatn når det regnar mykje, slik at kjellarar "
           "og vegar ikkje blir sett under vatn"),
    ("nn", "Eldre som bur heime skal få hjelp raskt dersom dei fell, også når dei ikkje "
           "klarer å varsle sjølve"),
    ("nn", "Vi ønskjer å redusere energibruken i skulebygga våre utan at inneklimaet blir "
           "dårlegare for elevane og lærarane"),
    ("nn", "Pasientane på sjukeheimen får for ofte feil medisin, og vi treng ei tryggare "
           "handtering av legemiddel"),
    ("nn", "Kommunen treng fleire ladestasjonar for elbil ved kommunale bygg og i "
           "sentrum, og vil vite korleis andre har gjort det"),
    ("nn", "Vi vil ha ei betre løysing for innsamling av avfall der behaldarane seier frå "
           "når dei er fulle"),
    ("nn", "Kollektivtransporten i bygdene er lite brukt, og vi ser etter transport etter "
           "behov med mindre bussar og digital bestilling"),
    ("nn", "Personar med demens går seg vill, og pårørande ønskjer teknologi som varslar "
           "når nokon forlèt heimen om natta"),
    ("nn", "Sakshandsaminga tek for lang tid, og vi vil automatisere kontrollen av "
           "dokument og søknader med betre digitale verktøy"),
    ("nn", "Gatelysa brukar mykje straum heile natta, så vi vil ha smart belysning som "
           "skrur seg ned når ingen er ute"),
    ("nn", "Vi vil kjøpe fossilfrie anleggsmaskiner og redusere klimagassutslepp på "
           "byggjeplassane utan at kostnadene aukar mykje"),
    ("nn", "Skulane treng digitale læremiddel som er universelt utforma og fungerer for "
           "elevar med ulike behov"),
    ("nn", "Vi vil prøve ut solceller og batteri på taket av idrettshallen for å redusere "
           "straumkostnadene om vinteren"),
    ("nn", "Tilsette brukar mykje tid på å registrere dei same opplysningane i fleire "
           "system, og vi treng betre samhandling mellom fagsystema"),
)  # fmt: skip
