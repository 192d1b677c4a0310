"""Back up and restore the configured database (embedded or DATABASE_URL) and uploaded files.

A backup is a folder holding ``database.dump`` (pg_dump's custom format) and ``media.tar.gz``
(everything under MEDIA_ROOT). The PostgreSQL client programs come from the pgserver
package when it is installed (they can dump older servers too), otherwise from PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections


def _major_version(program: str) -> int | None:
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if result.returncode == 0 and match else None


def client_program(name: str, server_major: int | None = None) -> str:
    """pg_dump or pg_restore of the server's major version when there is one.

    A newer pg_dump writes settings an older server does not know (pg_restore then
    fails), so prefer the programs on PATH when they match the server, then the ones
    that come with pgserver (the embedded server's own version).
    """
    candidates = []
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        if (POSTGRES_BIN_PATH / name).exists():
            candidates.append(str(POSTGRES_BIN_PATH / name))
    except ImportError:
        pass
    if not candidates:
        raise CommandError(f"{name} was not found; install the PostgreSQL client programs")
    if server_major is not None:
        for program in candidates:
            if _major_version(program) == server_major:
                return program
        newer = [p for p in candidates if (_major_version(p) or 0) > server_major]
        if newer:
            return newer[0]
    return candidates[-1]


def server_major_version(alias: str = "default") -> int:
    return connections[alias].pg_version // 10000


def connection_env(alias: str = "default", dbname: str | None = None) -> dict[str, str]:
    """libpq environment variables for the configured database."""
    params = connections[alias].get_connection_params()
    env = dict(os.environ)
    mapping = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    for key, var in mapping.items():
        if params.get(key):
            env[var] = str(params[key])
    env["PGDATABASE"] = dbname or params["dbname"]
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def backup(target: Path, *, dbname: str | None = None, media_root: Path | None = None) -> Path:
    target.mkdir(parents=True, exist_ok=False)
    env = connection_env(dbname=dbname)
    _run(
        [
            client_program("pg_dump", server_major_version()),
            "--format=custom",
            "--no-owner",
            # Unlogged tables hold only rendered pages (cases.caching): not worth keeping.
            "--no-unlogged-table-data",
            "--file",
            str(target / "database.dump"),
        ],
        env,
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    return target


def restore(source: Path, *, dbname: str | None = None, media_root: Path | None = None) -> None:
    dump = source / "database.dump"
    if not dump.exists():
        raise CommandError(f"{dump} does not exist; give the folder that 'make backup' made")
    env = connection_env(dbname=dbname)
    version_before = _content_version(env)
    _run(
        [
            client_program("pg_restore", server_major_version()),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            env["PGDATABASE"],
            str(dump),
        ],
        env,
    )
    _advance_content_version(env, version_before)
    archive_path = source / "media.tar.gz"
    if archive_path.exists():
        media_root = Path(media_root or settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("media")]
            for member in members:
                member.name = member.name.removeprefix("media").lstrip("/") or "."
            archive.extractall(media_root, members=members, filter="data")


def _connect(env: dict[str, str]):
    import psycopg

    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    params = {param: env[var] for var, param in keys.items() if env.get(var)}
    return psycopg.connect(dbname=env["PGDATABASE"], autocommit=True, **params)


def _content_version(env: dict[str, str]) -> int | None:
    """The content version (cases.caching), or None in a database without it."""
    with _connect(env) as connection:
        if connection.execute("SELECT to_regclass('cases_content_version')").fetchone()[0]:
            return connection.execute("SELECT last_value FROM cases_content_version").fetchone()[0]
    return None


def _advance_content_version(env: dict[str, str], before: int | None) -> None:
    """Move the content version past every value used before the restore.

    The dump brings back an older value; running workers may still hold pages cached
    under the versions that follow it (cases.caching), which would then be served again."""
    restored = _content_version(env)
    if restored is not None:
        with _connect(env) as connection:
            connection.execute(
                "SELECT setval('cases_content_version', %s)", [max(restored, before or 0) + 1]
            )
