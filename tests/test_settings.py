"""Settings come from the environment; production refuses to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both_and_debug_without_either():
    assert (
        run_check(
            DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
        ).returncode
        == 0
    )
    assert run_check(DEBUG="1").returncode == 0


def test_database_url_selects_the_database():
    from cms import settings

    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 0
    code = (
        "import os; os.environ['DATABASE_URL']='postgres://u@db.example:5432/x';"
        "os.environ['DEBUG']='1'; from cms import settings as s;"
        "d=s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['CONN_MAX_AGE'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["django.db.backends.postgresql", "db.example", "600"]
