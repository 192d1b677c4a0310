"""The "Koordinatorer" group: what a learning-network coordinator may see and change."""

from django.db import migrations

GROUP_NAME = "Koordinatorer"
COORDINATOR_PERMISSIONS = {
    "learningnetwork": ("view",),
    "session": ("view",),
    "participant": ("view",),
    "enrollment": ("view", "change"),
    "attendance": ("view", "add", "change"),
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("networks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(content_type__app_label="networks", codename=f"{action}_{model}")
        for model, actions in COORDINATOR_PERMISSIONS.items()
        for action in actions
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0004_database_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
