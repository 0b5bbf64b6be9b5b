"""Test settings: the real settings module, with test-only environment defaults."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("DEBUG", "0")
# Production mode over plain HTTP: the test client and live server speak HTTP.
os.environ.setdefault("FORCE_HTTPS", "0")

from cms.settings import *  # noqa: E402,F403
from cms.settings import STATIC_ROOT, STORAGES, VAR_DIR  # noqa: E402

# No collectstatic step in tests: serve static files unhashed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns if it is missing
# A file, not memory: the cache test starts app servers that share this database.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # One file per test run, so parallel runs never share a database.
    DATABASES["default"]["TEST"]["NAME"] = str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
