"""Run manage.py or an app server in a separate process, as an operator would."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# What a shell passes on; everything else (SECRET_KEY, DEBUG...) is set per call.
KEPT = {"PATH", "HOME", "LANG", "DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH"}


def manage(*args, **env):
    """Run manage.py with the real settings and only ENV on a clean environment."""
    clean = {k: v for k, v in os.environ.items() if k in KEPT}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def database_url(connection):
    """Return a DATABASE_URL for CONNECTION's (test) database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def start_app(port, connection, **env):
    """Start gunicorn (one worker) on PORT with the test settings and ENV.

    It runs with production's config file, so its request limits are tested.
    """
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "-c", GUNICORN_CONFIG]
    return subprocess.Popen(
        [*command, "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(connection),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def fetch(port, path):
    """Return (X-Page-Cache, body) of PATH on the local server at PORT, retrying."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}{path}", timeout=5
            ) as r:
                return r.headers.get("X-Page-Cache"), r.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
