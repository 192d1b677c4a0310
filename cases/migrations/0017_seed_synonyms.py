"""A first synonym list from the procurement domain; editors keep it in the admin."""

from django.db import migrations

GROUPS = [
    "gatelys, gatebelysning, veilys, vegljos, veibelysning, vegbelysning",
    "KI, kunstig intelligens, AI",
    "chatbot, chatterobot, digital veileder, digital assistent, prateprogram",
    "skoleskyss, skolebuss, skoletransport, skulebuss, skuleskyss",
    "digital hjemmeoppfølging, digital heimeoppfølging, medisinsk avstandsoppfølging",
    "trygghetsalarm, tryggleiksalarm, personalarm",
    "fallsensor, fallalarm, falldeteksjon, fallvarsling",
    "digitalt tilsyn, kameratilsyn, nattilsyn, digital natteovervåking",
    "sykehjem, sjukeheim, pleiehjem",
    "omsorgsbolig, omsorgsbustad",
    "hjemmetjeneste, heimeteneste, hjemmesykepleie, heimesjukepleie",
    "elbil, elektrisk bil",
    "elbuss, elektrisk buss, batteribuss",
    "ferje, ferge",
    "batteriferje, elferje, elektrisk ferje",
    "utslippsfri, nullutslipp",
    "fossilfri, fossilfritt",
    "byggeplass, anleggsplass",
    "overvann, overvatn",
    "avløp, avlaup, spillvann",
    "vannmåler, vassmålar",
    "avfall, renovasjon, søppel, boss",
    "tingenes internett, IoT",
    "energisparekontrakt, EPC, energisparingskontrakt",
    "solcelle, solcellepanel, solpanel",
    "læremidler, læringsressurser",
    "grunnskole, grunnskule",
    "barnehage, barnehagar",
    "ensomhet, einsemd",
    "demens, kognitiv svikt",
    "legemiddel, medisin, medikament",
    "medisindispenser, legemiddeldispenser, medisinautomat",
    "KOLS, kronisk obstruktiv lungesykdom",
    "reinnleggelse, gjeninnleggelse, reinnlegging",
    "sykehus, sjukehus",
    "markedsdialog, leverandørdialog",
    "dialogkonferanse, dialogmøte, leverandørkonferanse",
    "innovasjonspartnerskap, innovasjonspartnarskap",
    "førkommersiell anskaffelse, FoU-anskaffelse, PCP",
    "gevinstrealisering, gevinstuttak",
    "selvkjørende buss, førerløs buss, autonom buss, sjølvkøyrande buss",
    "snøbrøyting, brøyting, snørydding",
    "matsvinn, matkast",
    "universell utforming, tilgjengelighet, tilgjengeligheit",
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("cases", "SynonymGroup")
    if not SynonymGroup.objects.exists():
        SynonymGroup.objects.bulk_create(SynonymGroup(terms=group) for group in GROUPS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_synonym_groups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
