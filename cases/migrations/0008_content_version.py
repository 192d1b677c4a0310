"""A sequence that every write to published content advances, and the table of rendered
pages keyed on it (see cases.caching).

Statement-level triggers: a COPY of 100,000 rows or an admin save costs one nextval().
A sequence, not a counter row, so that concurrent writers never wait for each other and a
rolled-back write still moves the version on (a cache miss, never a stale page)."""

from django.db import migrations

TABLES = (
    "cases_case",
    "cases_case_sectors",
    "cases_casebuyer",
    "cases_dialogueconference",
    "cases_benefitanalysis",
    "cases_contact",
    "cases_document",
    "cases_sector",
    "networks_organization",
    "networks_region",
    "networks_learningnetwork",
)

CREATE_SQL = """
CREATE SEQUENCE cases_content_version;
-- Rendered pages, shared by every process. UNLOGGED: no WAL, emptied after a crash, which
-- suits a cache. A page of a newer version replaces the
-- older one of the same address; expired rows are deleted as new ones are stored.
CREATE UNLOGGED TABLE cases_page_cache (
    key text PRIMARY KEY,
    version bigint NOT NULL,
    expires timestamptz NOT NULL,
    status smallint NOT NULL,
    headers jsonb NOT NULL,
    body bytea NOT NULL
);
CREATE INDEX cases_page_cache_expires_idx ON cases_page_cache (expires);
CREATE FUNCTION cases_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('cases_content_version');
    RETURN NULL;
END
$$;
""" + "".join(
    f"CREATE TRIGGER {table}_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cases_content_changed();\n"
    for table in TABLES
)

DROP_SQL = "".join(
    f"DROP TRIGGER IF EXISTS {table}_content_version ON {table};\n" for table in TABLES
) + """
DROP FUNCTION IF EXISTS cases_content_changed();
DROP SEQUENCE IF EXISTS cases_content_version;
DROP TABLE IF EXISTS cases_page_cache;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_published_updated_index"),
        ("networks", "0005_coordinators_group"),
    ]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
