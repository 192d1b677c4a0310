"""Writers of published content hold a shared advisory lock until they commit.

The statement triggers of migration 0008 advance the content version before the writing
transaction commits. A visitor's request that read the new version in between would render
the old content and store it under the new version. Now each writing transaction first
takes a shared, transaction-level advisory lock (writers never wait for each other), and
the page cache stores a page only when, at the moment it read the version, nobody held
that lock (cases.caching)."""

from django.db import migrations

WRITERS_LOCK = 7_342_001  # cases.caching.WRITERS_LOCK

CREATE_SQL = f"""
CREATE OR REPLACE FUNCTION cases_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({WRITERS_LOCK});
    PERFORM nextval('cases_content_version');
    RETURN NULL;
END
$$;
"""

DROP_SQL = """
CREATE OR REPLACE FUNCTION cases_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('cases_content_version');
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_facet_columns")]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
