"""Run manage.py in a separate process, as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
