"""Editors keep the synonym list of the search."""

from django.db import migrations

CODENAMES = (
    "view_synonymgroup",
    "add_synonymgroup",
    "change_synonymgroup",
    "delete_synonymgroup",
)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Redaktører")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="cases", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Redaktører"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0017_seed_synonyms"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
