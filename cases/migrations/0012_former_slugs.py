"""Former addresses of cases: when a case's slug changes, the old one redirects to it.

A trigger records the old slug, whoever changes it (the admin, an import, SQL), and frees
the new slug from the list, since an address in use belongs to its case."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

CREATE_SQL = """
CREATE FUNCTION cases_case_remember_slug() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_formerslug WHERE slug = NEW.slug;
    INSERT INTO cases_formerslug (slug, case_id, changed_at)
    VALUES (OLD.slug, NEW.id, now())
    ON CONFLICT (slug) DO UPDATE
    SET case_id = EXCLUDED.case_id, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_case_slug_changed AFTER UPDATE OF slug ON cases_case
FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
EXECUTE FUNCTION cases_case_remember_slug();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS cases_case_slug_changed ON cases_case;
DROP FUNCTION IF EXISTS cases_case_remember_slug();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_storage'),
    ]

    operations = [
        migrations.CreateModel(
            name='FormerSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=250, verbose_name='tidligere kortnavn')),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='endret')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='former_slugs', to='cases.case', verbose_name='anskaffelse')),
            ],
            options={
                'verbose_name': 'tidligere adresse',
                'verbose_name_plural': 'tidligere adresser',
                'ordering': ['-changed_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('slug',), name='cases_formerslug_slug_uniq')],
            },
        ),
        migrations.RunSQL(CREATE_SQL, DROP_SQL),
    ]
