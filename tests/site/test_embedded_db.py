"""The embedded PostgreSQL: shared by processes, and stoppable even after a user was killed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "IOA_PGDATA": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_two_processes_share_one_server_and_stop_works_after_a_killed_user(tmp_path):
    data_dir = tmp_path / "pgdata"
    start = "from ioa_portal import embedded_db; print(embedded_db.database_url())"
    first = run(start, data_dir)
    second = run(start, data_dir)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert (data_dir / "postmaster.pid").exists()

    # Sized for the benchmark database, set once (shared_buffers needs a restart).
    show = (
        "import psycopg; from ioa_portal import embedded_db;"
        "c = psycopg.connect(embedded_db.database_url());"
        "print([c.execute(f'SHOW {name}').fetchone()[0] for name in embedded_db.SERVER_SETTINGS])"
    )
    shown = run(show, data_dir)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "['1GB']"

    killed = run(start + "; import os, signal; os.kill(os.getpid(), signal.SIGKILL)", data_dir)
    assert killed.returncode != 0  # died without letting go of the server

    stop = run("from ioa_portal import embedded_db; embedded_db.stop()", data_dir)
    assert stop.returncode == 0, stop.stderr
    assert not (data_dir / "postmaster.pid").exists()
