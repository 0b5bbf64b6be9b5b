"""404, 410 and 500 pages in the site's style; the 500 page needs nothing."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error

from articles import workflow
from tests.factories import publish_article


def broken_view(request):
    raise RuntimeError("boom")


def fine_view(request):
    return HttpResponse("fine")


urlpatterns = [path("boom/", broken_view), path("fine/", fine_view)]


def test_404_uses_the_site_template_when_debug_is_off(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<h1>We could not find that page</h1>" in html
    assert 'class="site-header"' in html and "/static/css/site.css" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html
    assert 'href="/search/"' in html


def test_unpublished_article_gets_the_same_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/articles/not-live/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_withdrawn_article_answers_410_in_the_site_style(client, cast):
    article = publish_article(cast)
    workflow.withdraw(article, by=cast.chief, reason="Outdated.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert 'class="site-header"' in html and "withdrawn" in html


def test_500_page_renders_without_database_or_context_processors():
    # No db fixture: any database access here fails the test.
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "{{" not in html and "{%" not in html
    assert "emergency" in html


@pytest.mark.urls("tests.site.test_error_pages")
def test_an_unhandled_error_shows_the_500_page(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
