"""Anonymous public pages are cacheable; staff pages are not; publishing purges."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from articles import workflow
from tests.factories import approve, publish_article, submit


@pytest.fixture
def article(cast):
    return publish_article(cast, title="Sleep and memory")


def test_anonymous_article_response_is_shareable(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=60" in cache_control
    assert "stale-while-revalidate=300" in cache_control
    assert response["ETag"].startswith(f'"{article.live_revision.content_hash[:20]}')
    assert response["Last-Modified"].endswith("GMT")


def test_second_request_is_served_from_the_page_cache_without_queries(
    client, article, django_assert_num_queries
):
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Sleep and memory" in response.content.decode()


def test_matching_conditional_request_gets_304(client, article):
    first = client.get(article.get_absolute_url())
    again = client.get(
        article.get_absolute_url(), headers={"If-None-Match": first["ETag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        article.get_absolute_url(),
        headers={"If-Modified-Since": first["Last-Modified"]},
    )
    assert since.status_code == 304


def test_staff_get_private_uncached_pages(client, cast, article):
    client.force_login(cast.editor)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_publishing_a_new_revision_is_visible_at_once(client, cast, article):
    assert "Regular walking" in client.get(article.get_absolute_url()).content.decode()
    article.body = "Sleep consolidates memories [@smith2020]."
    article.save()
    revision = approve(submit(article, cast), cast)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    workflow.publish(revision, by=cast.chief)
    response = client.get(article.get_absolute_url())
    assert "Sleep consolidates memories" in response.content.decode()


def test_withdrawing_purges_and_home_page_follows(client, cast, article):
    assert "Sleep and memory" in client.get("/").content.decode()
    workflow.withdraw(article, by=cast.chief, reason="Outdated.")
    assert "Sleep and memory" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_renaming_a_reviewer_purges_pages_that_show_them(client, cast, article):
    client.get(article.get_absolute_url())
    cast.reviewer.name = "Priya Raman-Shah"
    cast.reviewer.save()
    assert "Priya Raman-Shah" in client.get(article.get_absolute_url()).content.decode()


def test_pages_are_served_when_redis_is_down(client, article):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down):
        caches._settings = None
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Sleep and memory" in response.content.decode()
    caches._settings = None
