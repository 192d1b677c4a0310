from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0032_facets_index_by_county"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="language",
            field=models.CharField(
                choices=[("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")],
                default="nb",
                max_length=5,
                verbose_name="språk",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["nb", "nn", "en"])),
                name="cases_alert_language_valid",
            ),
        ),
    ]
