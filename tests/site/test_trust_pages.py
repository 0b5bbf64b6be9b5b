"""Trust pages exist, say what they must, and are linked from every footer."""

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from cms.errors import server_error

TRUST_LINKS = {
    "/about/": "Who we are",
    "/contact/": "Contact us",
    "/editorial-policy/": "Editorial policy",
    "/advertising-policy/": "Advertising and funding",
    "/privacy/": "Privacy",
    "/disclaimer/": "Medical disclaimer",
    "/corrections/": "Corrections and updates",
}


def footer(html):
    return re.search(r"<footer.*?</footer>", html, re.S).group(0)


def test_every_public_page_links_the_trust_pages_in_its_footer(client, public_paths):
    for path in public_paths + ["/no-such-page/"]:
        html = footer(client.get(path).content.decode())
        for href, text in TRUST_LINKS.items():
            assert f'<a href="{href}">{text}</a>' in html, (path, href)


def test_the_500_page_links_the_same_trust_pages(client, db):
    # 500.html cannot use {% url %}; this catches a path that drifts from urls.py.
    request = RequestFactory().get("/")
    html = footer(server_error(request).content.decode())
    for href, text in TRUST_LINKS.items():
        assert f'<a href="{href}">{text}</a>' in html, href
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    ("path", "phrases"),
    [
        ("/about/", ["Who publishes this site", "medical reviewer"]),
        ("/contact/", ["end of it", "cannot answer questions about your own health"]),
        (
            "/advertising-policy/",
            ["does not show advertising", "conflicts of interest"],
        ),
        ("/editorial-policy/", ["How an article is reviewed", "Corrections"]),
    ],
)
def test_trust_pages_say_what_they_must(client, db, path, phrases):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for phrase in phrases:
        assert phrase in html, phrase


def test_privacy_notice_describes_what_the_feedback_form_stores(client, db):
    html = client.get("/privacy/").content.decode()
    for phrase in [
        "Your answers",
        "which version of it",
        "only if you give it and tick the consent box",
        "salted hash",
        "never the address itself",
        "user agent",
        "purge_feedback_personal_data",
        "removes the e-mail address, the user agent and the address hash",
        "set no cookies",
    ]:
        assert phrase in html, phrase


def test_contact_page_shows_the_address_when_configured(client, db, settings):
    assert "mailto:" not in client.get("/contact/").content.decode()
    settings.CONTACT_EMAIL = "editors@example.org"
    cache.clear()  # public pages are cached; a settings change does not purge them
    html = client.get("/contact/").content.decode()
    assert '<a href="mailto:editors@example.org">editors@example.org</a>' in html
