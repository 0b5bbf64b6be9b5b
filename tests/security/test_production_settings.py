"""Production settings pass Django's deployment checklist and send strict headers."""

import secrets

import pytest
from django.test import override_settings

from tests.factories import publish_article
from tests.processes import manage

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "health.example.org",
    # cms/checks.py warns (cms.W001, cms.W002) when a site does not say who
    # publishes it and how to reach them.
    "PUBLISHER_NAME": "Vetted Health Ltd",
    "CONTACT_EMAIL": "editors@health.example.org",
    # ...and cms.W003 while links would point at a local address.
    "SITE_URL": "https://health.example.org",
}


def test_check_deploy_reports_no_warning_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_fails_when_https_is_turned_off():
    # The test above is meaningful only if the checklist can fail.
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", FORCE_HTTPS="0", **PRODUCTION
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no HTTPS redirect


def effective_sources(policy, directive):
    """Return the sources a browser applies for DIRECTIVE: its own, else default-src."""
    directives = {}
    for part in filter(str.strip, policy.split(";")):
        name, *sources = part.split()
        directives[name] = sources
    return directives.get(directive, directives["default-src"])


@pytest.mark.django_db
def test_public_page_headers(client, cast):
    article = publish_article(cast)
    for _ in range(2):  # a page-cache miss, then a hit: both carry the headers
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        for fetch in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
            assert effective_sources(csp, fetch) == ["'self'"], fetch
        assert effective_sources(csp, "frame-src") == ["'none'"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_admin_and_errors_carry_the_policy_too(client, admin_user):
    assert "Content-Security-Policy" in client.get("/admin/login/")
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    client.force_login(admin_user)
    assert "Content-Security-Policy" in client.get("/admin/")


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
def test_plain_http_is_redirected_and_https_gets_hsts(client, cast):
    article = publish_article(cast)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get(article.get_absolute_url(), secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    # Load balancers probe the health check over plain HTTP.
    assert client.get("/healthz").status_code == 200


def test_check_deploy_warns_while_the_site_url_is_local():
    local = {**PRODUCTION, "SITE_URL": "http://127.0.0.1:8000"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **local)
    assert result.returncode != 0
    assert "cms.W003" in result.stderr
