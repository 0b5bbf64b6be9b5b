"""Deployment checks for what the public site promises readers.

Run by `manage.py check --deploy`: a site that cannot say who publishes it or
how to reach them fails the trust criteria readers and search engines apply
(JAMA's benchmarks, HONcode), so production must set both.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


@checks.register("publisher", deploy=True)
def publisher_identity(app_configs, **kwargs):
    """Return a warning for each missing or unusable publisher setting."""
    problems = []
    if not settings.PUBLISHER_NAME.strip():
        problems.append(
            checks.Warning(
                "PUBLISHER_NAME is not set: the About page and the structured data "
                "cannot say who publishes the site.",
                hint="Set PUBLISHER_NAME to the organisation's legal name.",
                id="cms.W001",
            )
        )
    email = settings.CONTACT_EMAIL.strip()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            checks.Warning(
                "CONTACT_EMAIL is not set or is not an e-mail address: the contact "
                "page can offer readers only the anonymous feedback form.",
                hint="Set CONTACT_EMAIL to an address the editors read.",
                id="cms.W002",
            )
        )
    return problems


@checks.register("publisher", deploy=True)
def public_address(app_configs, **kwargs):
    """Warn when SITE_URL is still a local address in production."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if settings.DEBUG or host not in {"127.0.0.1", "localhost", "::1", ""}:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: canonical links, the sitemap, feeds, "
            "structured data and e-mails would point readers at a local address.",
            hint="Set SITE_URL to the public address, e.g. https://health.example.org.",
            id="cms.W003",
        )
    ]
