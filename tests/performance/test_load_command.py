"""`bench/load.py` runs end to end and checks its own accounting (figures: `make load`).

A short run with few clients: readers get only 200s, the feedback flood is
throttled, and the reports in the database are exactly those the server
accepted.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def redis_url():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return ""
    return "redis://127.0.0.1:6379/13"


def test_short_load_run_reports_and_accounts_for_every_post(tmp_path):
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        database = database.rsplit("/", 1)[0] + "/vetted_load_test"
        workers = "2"
    else:  # one writer process: SQLite takes one write at a time
        database = f"sqlite:///{tmp_path / 'load.sqlite3'}"
        workers = "1"
    result = subprocess.run(
        [
            sys.executable, "bench/load.py", "--duration", "3", "--readers", "8",
            "--flooders", "2", "--workers", workers, "--rate", "5/10m",
            "--database-url", database, "--redis-url", redis_url(),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, out + result.stderr[-3000:]
    assert "[ok] zero reader errors at 8 concurrent readers" in out
    assert "[ok] feedback flood throttled" in out
    assert "[ok] reports in the database == votes accepted" in out
    assert "req/s" in out and "p99 ms" in out
