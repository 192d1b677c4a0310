"""The first version of the getting-started guide (/kom-i-gang/), one text per phase.

Editors change the texts in the admin afterwards; this migration only fills in rows that are
missing, so running it again never overwrites their work. Editors may also edit guide texts
and see (and delete) the private contact of submitted cases.
"""

from django.db import migrations

GUIDE = [
    {
        "phase": "forankring",
        "title": "Forankring: få ledelsen med fra start",
        "intro": (
            "En innovativ anskaffelse tar lengre tid enn en vanlig, krever at fagfolk og "
            "innkjøpere arbeider sammen, og har en risiko for at resultatet blir et annet enn "
            "dere så for dere. Derfor trenger arbeidet et tydelig mandat før dere setter i gang: "
            "ledelsen skal kjenne målet, ha satt av folk og tid, og vite hva som kan gå galt."
        ),
        "what_to_do": """\
- **Knytt anskaffelsen til mål dere allerede har**, i kommuneplanen, anskaffelsesstrategien \
eller en handlingsplan for klima, helse eller digitalisering.
- **Skriv et kort notat til ledelsen**: hvilket problem skal løses, hva det koster i dag, \
hvem som må være med, og hva dere ber om av tid, penger og beslutninger.
- **Sett sammen et lite team** med innkjøper, en fagperson fra tjenesten og gjerne en \
representant for brukerne. En innkjøper alene blir for sårbart.
- **Avklar hvem som bestemmer underveis**, og når ledelsen skal få høre hvordan det går.
- **Begynn i det små.** En avgrenset anskaffelse med et tydelig behov er en god første øvelse. \
Kommunen gjør mange små innkjøp hvert år, og hvert av dem kan gjøres litt smartere.
- **Vurder å gå sammen med andre.** Koordinerte anskaffelser gir større tyngde i markedet og \
deler arbeidet, og i et læringsnettverk får dere veiledning og kolleger å lære sammen med.
""",
        "pitfalls": """\
- Dere starter med løsningen («vi skal kjøpe roboter») i stedet for problemet, og ledelsen \
ser ikke hva kommunen vinner.
- Alt hviler på én ildsjel. Når hun eller han bytter jobb, stopper arbeidet.
- Ledelsen venter full sikkerhet for resultatet. Snakk om risikoen tidlig, og vis hvordan \
den kan håndteres, for eksempel med faser og opsjoner i kontrakten.
- Politikerne hører om prosjektet først når noe går galt. Fortell om arbeidet underveis, \
også om det som går bra.
""",
    },
    {
        "phase": "behovsavklaring",
        "title": "Behovsavklaring: beskriv behovet, ikke løsningen",
        "intro": (
            "Her finner dere ut hva problemet egentlig er, hvem det rammer og hva en god løsning "
            "skal oppnå. Da elleve kommuner i Nord-Trøndelag kjøpte velferdsteknologi i et "
            "læringsnettverk, var det nettopp bevisstheten om egne behov deltakerne trakk fram "
            "som den viktigste lærdommen. Et behov som er godt beskrevet gir leverandørene rom "
            "til å foreslå løsninger dere ikke visste fantes."
        ),
        "what_to_do": """\
- **Snakk med dem som har problemet**: ansatte i tjenesten, brukere og pårørende. Se gjerne \
hvordan arbeidet gjøres i dag.
- **Beskriv situasjonen i dag med tall** der dere har dem: tidsbruk, kostnader, avvik, \
klager eller utslipp. Tallene blir utgangspunktet når gevinstene skal måles.
- **Skriv hvilke virkninger dere ønsker**, ikke hvilken teknologi dere vil ha. «Hjemmeboende \
skal få hjelp raskt hvis de faller, også når de ikke klarer å varsle selv» er et behov; \
«trygghetsalarm med falldetektor» er en løsning.
- **Søk i kunnskapsbanken** etter andre som har hatt et lignende behov. Les \
behovsbeskrivelsene deres og ta kontakt med dem.
- **Undersøk markedet**: finnes det løsninger i dag, og hvor modne er de?
- **Lag et utkast til behovsbeskrivelse** som dere kan dele med leverandørene i neste fase.
""",
        "pitfalls": """\
- Kravspesifikasjonen skrives først og kalles behovsbeskrivelse. Detaljerte tekniske krav \
stenger ute nye løsninger.
- En annen kommunes beskrivelse kopieres uten at noen sjekker om den passer hos dere.
- Brukerne blir ikke spurt, og løsningen treffer ikke hverdagen deres.
- Ingen måler hvordan det er i dag. Uten et utgangspunkt er det vanskelig å vise hva \
anskaffelsen ga.
""",
    },
    {
        "phase": "markedsdialog",
        "title": "Markedsdialog: la leverandørene komme til orde tidlig",
        "intro": (
            "Gjennom dialog før konkurransen lærer dere hva markedet kan levere, og "
            "leverandørene lærer hva dere trenger. Regelverket åpner for dette så lenge alle "
            "behandles likt og ingen får opplysninger som gir dem et forsprang. Bærum kommune "
            "holdt dialogkonferanse i 24 prosent av sine kunngjorte anskaffelser i 2017, mens "
            "landsgjennomsnittet var 1,4 prosent."
        ),
        "what_to_do": """\
- **Kunngjør dialogkonferansen på Doffin** i god tid og inviter bredt, også små og nye \
bedrifter og leverandører fra andre bransjer.
- **Send med behovsbeskrivelsen** og noen konkrete spørsmål dere vil ha svar på.
- **Hold konferansen**: presenter behovet, la gjerne brukerne fortelle selv, og gi \
leverandørene god tid til spørsmål.
- **Tilby en-til-en-møter til alle som ønsker det**, med like lang tid og samme tema for alle. \
Skriv referat fra hvert møte.
- **Del presentasjoner, spørsmål og svar med alle**, også med dem som ikke kunne komme.
- **Bruk innspillene**: juster behovsbeskrivelsen, og velg prosedyre ut fra hva dere har lært \
om markedet.
""",
        "pitfalls": """\
- Frykten for å forskjellsbehandle leverandører gjør at dialogen ikke blir noe av. Mange av \
deltakerne i læringsnettverket i Nord-Trøndelag var i utgangspunktet skeptiske til dialogmøter \
og en-til-en-samtaler av denne grunnen. Med åpen invitasjon, lik behandling, referater og deling \
av informasjon er dialogen lovlig, og den gir bedre anskaffelser.
- Bare leverandørene dere kjenner fra før, blir invitert.
- Noen i møtene lover noe om konkurransen, eller gir én leverandør opplysninger som de andre \
ikke får.
- Forretningshemmeligheter havner i referater som deles. Avtal på forhånd hva som skal holdes \
fortrolig.
""",
    },
    {
        "phase": "konkurranse",
        "title": "Konkurranse: gi rom for nye løsninger",
        "intro": (
            "Nå skriver dere konkurransegrunnlaget og velger prosedyre. Målet er å beskrive hva "
            "løsningen skal oppnå, og å velge tilbudet som gir mest verdi for tjenesten og "
            "innbyggerne – ikke bare det billigste."
        ),
        "what_to_do": """\
- **Velg prosedyre etter hvor moden løsningen er.** Finnes den allerede, kan en åpen \
konkurranse med funksjonskrav passe. Må den utvikles, vurder konkurranse med forhandling, \
konkurransepreget dialog eller innovasjonspartnerskap.
- **Skriv funksjons- og ytelseskrav**: hva løsningen skal få til, ikke hvordan.
- **Vekt kvalitet, gevinster og miljø** i tildelingskriteriene, og forklar hvordan dere vil \
evaluere tilbudene.
- **Hold kvalifikasjonskravene på et nivå** som ikke stenger ute nye og små leverandører.
- **Planlegg hvordan løsningen skal prøves**: pilot, demonstrasjon eller prøveperiode.
- **Gi leverandørene nok tid** til å svare når de må tenke nytt.
""",
        "pitfalls": """\
- Innspillene fra markedsdialogen blir ikke brukt i konkurransegrunnlaget.
- Prisen vektes så tungt at det lønner seg å tilby det kjente og billige.
- Krav om mange års referanser gjør at bare de etablerte leverandørene kan delta.
- Tilbudsfristen er for kort for leverandører som må utvikle noe nytt.
""",
    },
    {
        "phase": "kontrakt",
        "title": "Kontrakt og utvikling: del risikoen og følg opp tett",
        "intro": (
            "Kontrakten skal gi leverandøren mulighet til å utvikle og forbedre løsningen, og gi "
            "dere mulighet til å stoppe hvis den ikke virker. Hvor tett dere følger opp i "
            "utviklings- og pilotperioden avgjør ofte om gevinstene kommer."
        ),
        "what_to_do": """\
- **Del kontrakten i faser** med tydelige milepæler og mulighet til å avslutte mellom fasene.
- **Avtal hvem som eier rettighetene** til det som utvikles, og om andre offentlige \
virksomheter kan ta løsningen i bruk.
- **Legg inn opsjoner** slik at andre kommuner kan slutte seg til senere.
- **Sett av tid for ansatte i tjenesten** til testing og tilbakemeldinger. Leverandøren \
trenger brukerne for å lage noe som virker.
- **Hold faste oppfølgingsmøter** og skriv ned hva dere lærer underveis.
""",
        "pitfalls": """\
- Kontrakten låser løsningen slik den var beskrevet i tilbudet og hindrer forbedringer.
- Ingen i tjenesten har fått tid til å være med i piloten.
- All risiko legges på leverandøren, og prisen eller interessen blir deretter.
""",
    },
    {
        "phase": "implementering",
        "title": "Implementering og gevinstrealisering: ta løsningen i bruk og vis hva den ga",
        "intro": (
            "En ny løsning gir gevinster først når den er tatt i bruk i hele tjenesten. I denne "
            "fasen lærer dere opp de ansatte, endrer arbeidsmåtene og måler virkningene mot "
            "utgangspunktet dere beskrev i behovsavklaringen."
        ),
        "what_to_do": """\
- **Lag en plan for innføringen** med opplæring, nye rutiner og ansvar for oppfølging.
- **Mål gevinstene mot utgangspunktet**: sparte kroner, frigjort tid, lavere utslipp og \
bedre kvalitet for brukerne.
- **Skriv en kort evaluering**: hva virket, og hva ville dere gjort annerledes?
- **Del anskaffelsen i kunnskapsbanken** med behovsbeskrivelse, dialoginvitasjon og \
gevinstanalyse, så andre kan bygge videre på det dere har gjort.
- **Fortell ledelsen og politikerne om resultatene.** Det gjør neste innovative anskaffelse \
lettere å forankre.
""",
        "pitfalls": """\
- Prosjektet anses som ferdig når kontrakten er signert, og ingen har ansvar for å hente ut \
gevinstene.
- Gevinstene kommer som bedre kvalitet uten at noen har beskrevet dem, og blir usynlige.
- Erfaringene blir værende i én kommune, og andre må finne ut av de samme spørsmålene på nytt.
""",
    },
]

EDITOR_PERMISSIONS = [
    ("guidetext", "change"),
    ("guidetext", "view"),
    ("casesubmission", "view"),
    ("casesubmission", "delete"),
]


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    GuideText = apps.get_model("cases", "GuideText")
    for position, text in enumerate(GUIDE, start=1):
        GuideText.objects.get_or_create(
            phase=text["phase"], defaults={**text, "position": position * 10}
        )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Redaktører")
    editors.permissions.add(
        *[
            Permission.objects.get(content_type__app_label="cases", codename=f"{action}_{model}")
            for model, action in EDITOR_PERMISSIONS
        ]
    )


def unseed(apps, schema_editor):
    GuideText = apps.get_model("cases", "GuideText")
    GuideText.objects.filter(phase__in=[text["phase"] for text in GUIDE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0004_guide_texts_and_submissions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
