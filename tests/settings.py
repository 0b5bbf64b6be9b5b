"""Test settings: the real settings module, with test-only environment defaults."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("DEBUG", "0")

from cms.settings import *  # noqa: E402,F403
from cms.settings import STORAGES, VAR_DIR  # noqa: E402

# No collectstatic step in tests: serve static files unhashed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
