"""Embeddings of cases for the need search (pgvector), where the server has the extension.

Without pgvector (a server without the package) nothing is created and the need search
ranks by words alone; `rebuild_search_index` creates the table once the extension exists.
"""

from django.db import migrations


def create(apps, schema_editor):
    from cases.search.semantic import ensure_schema

    ensure_schema(schema_editor.connection.alias)


def drop(apps, schema_editor):
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS cases_case_embedding_delete ON cases_case; "
        "DROP TRIGGER IF EXISTS cases_case_embedding_truncate ON cases_case; "
        "DROP TABLE IF EXISTS cases_case_embedding; "
        "DROP FUNCTION IF EXISTS cases_case_embedding_forget();"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_search_names_triggers")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
