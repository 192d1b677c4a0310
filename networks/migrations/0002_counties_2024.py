from django.db import migrations

# The fifteen counties of 1 January 2024 with their county numbers.
COUNTIES_2024 = [
    ("03", "Oslo", "oslo"),
    ("11", "Rogaland", "rogaland"),
    ("15", "Møre og Romsdal", "more-og-romsdal"),
    ("18", "Nordland", "nordland"),
    ("31", "Østfold", "ostfold"),
    ("32", "Akershus", "akershus"),
    ("33", "Buskerud", "buskerud"),
    ("34", "Innlandet", "innlandet"),
    ("39", "Vestfold", "vestfold"),
    ("40", "Telemark", "telemark"),
    ("42", "Agder", "agder"),
    ("46", "Vestland", "vestland"),
    ("50", "Trøndelag", "trondelag"),
    ("55", "Troms", "troms"),
    ("56", "Finnmark", "finnmark"),
]


def load_counties(apps, schema_editor):
    Region = apps.get_model("networks", "Region")
    for number, name, slug in COUNTIES_2024:
        Region.objects.update_or_create(number=number, defaults={"name": name, "slug": slug})


def unload_counties(apps, schema_editor):
    apps.get_model("networks", "Region").objects.filter(
        number__in=[number for number, _, _ in COUNTIES_2024]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]
    operations = [migrations.RunPython(load_counties, unload_counties)]
