"""Start, reuse or stop the embedded PostgreSQL server that serves development and tests.

The server lives in a data folder inside the checkout (``.pgdata`` by default) and keeps
running after the process that started it exits, so runserver, gunicorn workers and
pytest (with xdist workers) all connect to the same server. ``pgserver`` takes an
inter-process file lock while it initialises or starts the cluster, so two processes
starting at once cannot both run ``initdb`` or ``pg_ctl start``.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".pgdata"


def data_dir() -> Path:
    return Path(os.environ.get("IOA_PGDATA", DEFAULT_DATA_DIR)).resolve()


def _server(cleanup_mode=None):
    # Imported lazily: production (DATABASE_URL set) never loads pgserver.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(data_dir(), cleanup_mode=cleanup_mode)


def database_url() -> str:
    """Return a connection URL for the embedded server, starting it when needed."""
    server = _server()
    # The server listens on a Unix socket inside the data folder only.
    return f"postgresql://postgres@/postgres?host={server.get_postmaster_info().socket_dir}"


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

    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs as this user under root
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir(), user=user)
    (data_dir() / ".handle_pids.json").unlink(missing_ok=True)
