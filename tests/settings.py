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

# Registry look-ups never leave the machine: tests serve recorded answers
# through httpx.MockTransport, and anything that slips past reaches only a
# name that cannot resolve (RFC 2606), whatever the environment says.
CROSSREF_API_URL = "http://crossref.registry.invalid"
NCBI_EUTILS_URL = "http://eutils.registry.invalid/entrez/eutils"
PMC_IDCONV_URL = "http://idconv.registry.invalid/tools/idconv/api/v1/articles/"
REGISTRY_CONTACT_EMAIL = "tests@vetted.invalid"
NCBI_API_KEY = ""
REGISTRY_TIMEOUT = 10.0
# The registry check of the integrity report stays on in tests, whatever the
# environment says; tests/conftest.py refuses its requests unless a test
# serves recorded answers.
INTEGRITY_CHECK_REGISTRIES = True
# Queued work runs at once, in the process that queued it, when the
# transaction commits; tests of the queue itself use the database backend
# (tests/core/test_outgoing_mail.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
