"""Sitemap, RSS feeds and robots.txt list only what readers can see."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from articles import workflow
from articles.models import Article, Revision
from tests.factories import ArticleFactory, approve, edit, publish_article, submit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: getattr(
            url.find(f"{SITEMAP}lastmod"), "text", None
        )
        for url in root.iter(f"{SITEMAP}url")
    }


def feed_items(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_sitemap_lists_live_articles_and_their_people_and_topics(
    client, live_article, cast, site_url
):
    withdrawn = publish_article(cast, title="Gone")
    workflow.withdraw(withdrawn, by=cast.chief, reason="Outdated.")
    ArticleFactory(title="Draft only", slug="draft-only")
    urls = sitemap(client)
    day = live_article.live_revision.published_at.date().isoformat()
    assert urls[f"{site_url}/articles/walking-and-blood-pressure/"] == day
    assert urls[f"{site_url}/topics/heart-health/"] == day
    assert urls[f"{site_url}/authors/lena-ortiz/"] == day
    assert urls[f"{site_url}/reviewers/priya-raman/"] == day
    for page in ["/", "/about/", "/contact/", "/privacy/", "/editorial-policy/"]:
        assert f"{site_url}{page}" in urls
    assert f"{site_url}{withdrawn.get_absolute_url()}" not in urls
    assert f"{site_url}/articles/draft-only/" not in urls
    # The withdrawn article's topic lists nothing, so it is not in the sitemap.
    assert f"{site_url}{withdrawn.topic.get_absolute_url()}" not in urls


def test_sitemap_lastmod_follows_the_live_revision(
    client, live_article, cast, site_url
):
    # The first revision went live long ago, so an update is visibly newer.
    first = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    Revision.objects.filter(pk=live_article.live_revision_id).update(published_at=first)
    Article.objects.filter(pk=live_article.pk).update(first_published_at=first)
    page = f"{site_url}/articles/walking-and-blood-pressure/"
    assert sitemap(client)[page] == "2024-03-01"
    assert sitemap(client)[f"{site_url}/topics/heart-health/"] == "2024-03-01"

    edit(live_article, cast.editor, body="Updated [@smith2020].")
    revision = approve(submit(live_article, cast), cast)
    workflow.publish(revision, by=cast.chief)
    revision.refresh_from_db()
    day = revision.published_at.date().isoformat()
    assert day != "2024-03-01"
    urls = sitemap(client)
    assert urls[page] == day
    assert urls[f"{site_url}/topics/heart-health/"] == day
    assert urls[f"{site_url}/authors/lena-ortiz/"] == day


def test_site_feed_has_new_and_updated_articles(client, live_article, cast, site_url):
    channel, items = feed_items(client, "/feeds/articles/")
    assert channel.find("title").text == "Vetted Health: new and updated articles"
    assert channel.find("link").text == f"{site_url}/"
    (item,) = items
    url = f"{site_url}/articles/walking-and-blood-pressure/"
    assert item.find("title").text == "Walking and blood pressure"
    assert item.find("link").text == url
    assert item.find("guid").text == f"{url}#revision-1"
    assert item.find("description").text == live_article.live_revision.summary
    assert item.find("category").text == "Heart health"

    # A reviewed update is a new item for feed readers: a new guid, a new date.
    edit(live_article, cast.editor, body="Updated [@smith2020].")
    workflow.publish(approve(submit(live_article, cast), cast), by=cast.chief)
    _, items = feed_items(client, "/feeds/articles/")
    assert [i.find("guid").text for i in items] == [f"{url}#revision-2"]


def test_feeds_leave_out_drafts_and_withdrawn_articles(client, live_article, cast):
    gone = publish_article(cast, title="Gone")
    workflow.withdraw(gone, by=cast.chief, reason="Outdated.")
    ArticleFactory(title="Draft only")
    _, items = feed_items(client, "/feeds/articles/")
    assert [i.find("title").text for i in items] == ["Walking and blood pressure"]


def test_topic_feed_has_only_that_topic(client, live_article, cast, site_url):
    publish_article(cast, title="Elsewhere")
    channel, items = feed_items(client, "/feeds/topics/heart-health/")
    assert channel.find("title").text == "Vetted Health: Heart health"
    assert channel.find("link").text == f"{site_url}/topics/heart-health/"
    assert [i.find("title").text for i in items] == ["Walking and blood pressure"]
    assert client.get("/feeds/topics/no-such-topic/").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(
    client, db, site_url
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /markdownx/" in lines
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
