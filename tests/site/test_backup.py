"""make backup / make restore: what goes in comes back, table by table and file by file."""

import psycopg
import pytest
from django.db import connection

from cases import caching
from ioa_portal.backup import backup, connection_env, restore
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    OrganizationFactory,
    SectorFactory,
)


def _connect(dbname):
    env = connection_env(dbname=dbname)
    return psycopg.connect(
        dbname=dbname,
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        autocommit=True,
    )


def _all_rows(dbname):
    """Every row of every table, except the unlogged ones (the page cache), which backups
    leave out on purpose."""
    with _connect(dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relpersistence = 'p' "
                "ORDER BY c.relname"
            )
        ]
        # Sorted whole rows: a table's first column need not be unique (facet counts).
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in tables
        }


@pytest.fixture
def empty_database():
    source = connection.settings_dict["NAME"]
    name = f"{source}_restore"
    with _connect(source) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect(source) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_a_fresh_database_gives_back_every_row_and_file(
    tmp_path, settings, empty_database
):
    buyer = OrganizationFactory(name="Bærum kommune")
    case = CaseFactory(title="Demenslandsby i Bærum", buyers=[buyer], sectors=[SectorFactory()])
    DialogueConferenceFactory(case=case)
    BenefitAnalysisFactory(case=case)
    ContactFactory(case=case, name="Åse Øvrebø")
    upload = settings.MEDIA_ROOT / "dokumenter" / "abc" / "behov.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 behovsbeskrivelse")

    folder = backup(tmp_path / "backup", dbname=connection.settings_dict["NAME"])
    restored_media = tmp_path / "restored-media"
    restore(folder, dbname=empty_database, media_root=restored_media)

    before = _all_rows(connection.settings_dict["NAME"])
    after = _all_rows(empty_database)
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    assert before["cases_case"] and before["cases_contact"]
    assert (restored_media / "dokumenter" / "abc" / "behov.pdf").read_bytes() == upload.read_bytes()


def test_restore_refuses_a_folder_without_a_dump(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        restore(tmp_path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_leaves_out_cached_pages_and_moves_the_content_version_on(
    tmp_path, client, empty_database
):
    caching.clear()  # pages that earlier transactional tests stored
    case = CaseFactory(title="Demenslandsby i Bærum")
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "miss"
    source = connection.settings_dict["NAME"]
    with _connect(source) as conn:
        assert conn.execute("SELECT count(*) FROM cases_page_cache").fetchone()[0] == 1
        version = conn.execute("SELECT last_value FROM cases_content_version").fetchone()[0]

    restore(backup(tmp_path / "backup", dbname=source), dbname=empty_database)

    with _connect(empty_database) as conn:
        assert conn.execute("SELECT count(*) FROM cases_page_cache").fetchone()[0] == 0
        restored = conn.execute("SELECT last_value FROM cases_content_version").fetchone()[0]
        assert restored > version
        assert conn.execute("SELECT title FROM cases_case").fetchall() == [(case.title,)]
