"""Every public page: valid structure, landmarks, one h1, labelled fields, no cookies.

The browser tests (tests/e2e/test_public_site.py) run axe-core on the same
pages; these checks are the fast, browser-free half.
"""

import re

from django.test import RequestFactory

from articles import workflow
from cms.errors import server_error
from tests.factories import publish_article
from tests.site.html_checks import check_page, form_methods


def test_public_pages_are_well_formed_and_structured(client, public_paths):
    for path in public_paths + ["/no-such-page/"]:
        response = client.get(path)
        problems = check_page(response.content.decode())
        assert problems == [], (path, problems)


def test_trust_and_error_pages_are_well_formed(client, cast, settings):
    settings.DEBUG = False
    trust = [
        "/about/",
        "/contact/",
        "/privacy/",
        "/advertising-policy/",
        "/editorial-policy/",
        "/disclaimer/",
        "/corrections/",
    ]
    for path in trust:
        response = client.get(path)
        assert response.status_code == 200, path
        assert check_page(response.content.decode()) == [], path

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert check_page(missing.content.decode()) == [], "404"

    gone = publish_article(cast)
    workflow.withdraw(gone, by=cast.chief, reason="Outdated.")
    withdrawn = client.get(gone.get_absolute_url())
    assert withdrawn.status_code == 410
    assert check_page(withdrawn.content.decode()) == [], "410"

    broken = server_error(RequestFactory().get("/"))
    assert broken.status_code == 500
    assert check_page(broken.content.decode()) == [], "500"


def test_anonymous_pages_set_no_cookies_and_carry_no_tokens(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert not response.cookies, path
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html, path
        assert "Vary" not in response or "Cookie" not in response["Vary"], path


def test_search_forms_use_get(client, public_paths):
    for path in public_paths:
        html = client.get(path).content.decode()
        searches = re.findall(r'<form[^>]*role="search"[^>]*>', html)
        assert searches, path
        assert all('method="get"' in form for form in searches), path
    assert "get" in form_methods(client.get("/").content.decode())


def test_citations_and_references_link_both_ways(client, live_article):
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert 'href="#ref-1" id="cite-1-1"' in html
    assert 'id="ref-1"' in html
    assert 'href="#cite-1-1"' in html and 'href="#cite-1-2"' in html
    assert 'href="#ref-2" id="cite-2-1"' in html


def test_skip_link_targets_main(client, db):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main"' in html
