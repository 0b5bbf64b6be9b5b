"""Anonymous public pages are cacheable; staff pages are not; publishing purges."""

import gzip
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils.http import parse_http_date

from articles import workflow
from articles.public import cache as page_cache
from tests.factories import (
    ArticleFactory,
    TopicFactory,
    approve,
    publish_article,
    submit,
)


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


def test_browsers_that_accept_gzip_get_the_cached_page_compressed(client, article):
    plain = client.get(article.get_absolute_url())
    packed = client.get(
        article.get_absolute_url(), headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert packed["X-Page-Cache"] == "hit"  # one cached copy serves both
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert "Accept-Encoding" in packed["Vary"] and "Cookie" not in packed["Vary"]
    # The compressed copy's ETag is weak, and still answers a conditional request.
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(
        article.get_absolute_url(),
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]},
    )
    assert again.status_code == 304


def test_staff_get_private_uncached_pages(client, cast, article):
    client.force_login(cast.editor)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_made_up_session_cookie_does_not_skip_the_cache(client, article):
    client.get(article.get_absolute_url())
    client.cookies["sessionid"] = "made-up-to-force-a-database-render"
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "private" not in response["Cache-Control"]


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


def test_a_corrected_reviewer_name_purges_pages_that_show_it(client, cast, article):
    client.get(article.get_absolute_url())
    cast.reviewer.name = "Priya Raman-Shah"
    cast.reviewer.save()
    # The approval keeps the name it was given under; the profile page follows.
    assert (
        "Priya Raman-Shah"
        not in client.get(article.get_absolute_url()).content.decode()
    )
    assert (
        "Priya Raman-Shah"
        in client.get(cast.reviewer.get_absolute_url()).content.decode()
    )
    workflow.correct_attribution(cast.reviewer, by=cast.chief, reason="Misspelt.")
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


# What invalidates a page, and what does not --------------------------------------


def test_changing_a_published_articles_topic_purges_its_page(client, article):
    other = TopicFactory(name="Neurology", slug="neurology")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    article.topic = other
    article.save()
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert 'href="/topics/neurology/">Neurology</a>' in response.content.decode()


def test_adding_an_also_read_link_purges_the_page(client, cast, article):
    linked = publish_article(cast, title="Naps and learning")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    article.also_read.add(linked)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="also-read-heading"' in html and "Naps and learning" in html
    article.also_read.remove(linked)
    assert (
        'id="also-read-heading"'
        not in client.get(article.get_absolute_url()).content.decode()
    )


def test_edits_readers_cannot_see_purge_nothing(client, cast, article):
    draft = ArticleFactory(title="Draft on naps")
    sleep = TopicFactory(name="Sleep", slug="sleep")
    client.get(article.get_absolute_url())
    before = page_cache.generation()
    article.body = "A working-copy edit, not yet reviewed [@smith2020]."
    article.save()
    draft.topic = sleep
    draft.save()
    draft.also_read.add(article)
    assert page_cache.generation() == before
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


# Validators ---------------------------------------------------------------------


def test_last_modified_follows_changes_around_the_article(
    client, cast, article, monkeypatch
):
    first = client.get(article.get_absolute_url())
    later = page_cache._now() + timedelta(seconds=5)
    monkeypatch.setattr(page_cache, "_now", lambda: later)
    cast.reviewer.name = "Priya Raman-Shah"
    cast.reviewer.save()
    # Shown on the page once corrected, not part of the revision.
    workflow.correct_attribution(cast.reviewer, by=cast.chief, reason="Misspelt.")
    response = client.get(
        article.get_absolute_url(),
        headers={"If-Modified-Since": first["Last-Modified"]},
    )
    assert response.status_code == 200
    assert "Priya Raman-Shah" in response.content.decode()
    assert parse_http_date(response["Last-Modified"]) == int(later.timestamp())
    again = client.get(
        article.get_absolute_url(),
        headers={"If-Modified-Since": response["Last-Modified"]},
    )
    assert again.status_code == 304


def test_no_generation_validators_when_the_generation_is_unknown(client, article):
    """Without the generation, only the page's own bytes can vouch for it.

    Django's ConditionalGetMiddleware then hashes the content for the ETag,
    which is exact; a Last-Modified from the revision alone could confirm a
    page whose surroundings changed, so none is sent.
    """
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
        assert "None" not in response.get("ETag", "")
        assert not response.get("ETag", "").startswith(
            f'"{article.live_revision.content_hash[:20]}'
        )
        assert "Last-Modified" not in response
    caches._settings = None


# Cache keys ---------------------------------------------------------------------


def page_entries():
    """The page-cache entries the local-memory cache holds now."""
    return [key for key in caches["default"]._cache if ":page:" in key]


def test_query_strings_the_page_ignores_share_its_entry(client, article):
    path = article.get_absolute_url()
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(f"{path}?junk=1")["X-Page-Cache"] == "hit"
    assert client.get(f"{path}?utm_source=x&junk=2")["X-Page-Cache"] == "hit"
    # The article page does not paginate: a page number is ignored too.
    assert client.get(f"{path}?page=2")["X-Page-Cache"] == "hit"
    assert client.get(f"{path}?p=7&page=x")["X-Page-Cache"] == "hit"


def test_a_flood_of_query_strings_makes_a_bounded_number_of_entries(client, article):
    """The attack: ?page=1 ... ?page=40, repeated parameters, on every path."""
    paths = [article.get_absolute_url(), "/", "/corrections/", "/sitemap.xml"]
    for path in paths:
        for n in range(1, 41):
            for query in (
                f"page={n}",
                f"p={n}",
                f"page={n}&page={n + 1}&p={n}&p=0{n}",
                f"p=0{n}&junk={n}",
                f"p={n:05d}",
            ):
                assert client.get(f"{path}?{query}").status_code in {200, 404}
    # One entry per path: the sitemap has one real page (p=2 on is a 404, never kept).
    assert len(page_entries()) == len(paths)
    assert client.get("/sitemap.xml?p=1")["X-Page-Cache"] == "hit"
    assert client.get("/sitemap.xml?p=0001")["X-Page-Cache"] == "hit"
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    assert client.get("/sitemap.xml?p=2").status_code == 404
    assert "X-Page-Cache" not in client.get("/sitemap.xml?p=x")  # not kept
    assert len(page_entries()) == len(paths)


def test_a_bad_host_is_refused_on_a_cache_hit_as_on_a_miss(client, article):
    path = article.get_absolute_url()
    assert client.get(path, HTTP_HOST="evil.example").status_code == 400
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    refused = client.get(path, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert "X-Page-Cache" not in refused


def test_page_entries_have_a_lifetime(client, article, settings):
    client.get(article.get_absolute_url())
    [key] = page_entries()
    expires = caches["default"]._expire_info[key]
    assert expires is not None
    assert 0 < expires - time.time() <= settings.PAGE_CACHE_SECONDS


def test_the_local_memory_cache_is_bounded(settings):
    options = settings.CACHES["default"].get("OPTIONS", {})
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        assert 0 < options["MAX_ENTRIES"] <= 10_000
