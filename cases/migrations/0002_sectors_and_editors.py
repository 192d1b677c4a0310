from django.db import migrations

SECTORS = [
    ("Helse og omsorg", "helse-og-omsorg", "Velferdsteknologi, hjemmetjenester, sykehjem og sykehus."),
    ("Bygg og eiendom", "bygg-og-eiendom", "Skoler, barnehager, omsorgsbygg og drift av eiendom."),
    ("Transport og mobilitet", "transport-og-mobilitet", "Kollektivtransport, kjøretøy og logistikk."),
    ("Klima og miljø", "klima-og-miljo", "Lavere utslipp, sirkulære løsninger og naturmangfold."),
    ("Energi", "energi", "Energieffektivisering, fornybar energi og lading."),
    ("Oppvekst og utdanning", "oppvekst-og-utdanning", "Skole, barnehage og digitale læremidler."),
    ("Vann og avløp", "vann-og-avlop", "Vannforsyning, avløp og overvann."),
    ("Avfall og gjenvinning", "avfall-og-gjenvinning", "Innsamling, sortering og ombruk."),
    ("Digitalisering", "digitalisering", "Digitale tjenester, data og felles plattformer."),
    ("Kultur og fritid", "kultur-og-fritid", "Bibliotek, idrett og kulturtilbud."),
]

EDITOR_PERMISSIONS = {
    "cases": {
        "case": ("add", "change", "delete", "view"),
        "casebuyer": ("add", "change", "delete", "view"),
        "dialogueconference": ("add", "change", "delete", "view"),
        "benefitanalysis": ("add", "change", "delete", "view"),
        "contact": ("add", "change", "delete", "view"),
        "document": ("add", "change", "delete", "view"),
        "sector": ("add", "change", "delete", "view"),
    },
    # Editors pick buyers and may add a missing public body; they see counties and networks.
    "networks": {
        "organization": ("add", "change", "view"),
        "region": ("view",),
        "learningnetwork": ("view",),
    },
}


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Sector = apps.get_model("cases", "Sector")
    for name, slug, description in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Redaktører")
    codenames = [
        (app, f"{action}_{model}")
        for app, models in EDITOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    perms = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in codenames
    ]
    editors.permissions.set(perms)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Redaktører").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("networks", "0002_counties_2024"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
