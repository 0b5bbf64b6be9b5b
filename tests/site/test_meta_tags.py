"""Canonical URL, description, Open Graph and Twitter tags on every public page."""

import html as html_lib
import re

import pytest


def meta(html, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html
    )
    return html_lib.unescape(match.group(1)) if match else None


def test_every_public_page_has_canonical_description_and_social_tags(
    client, public_paths, site_url
):
    for path in public_paths:
        html = client.get(path).content.decode()
        canonical = f'<link rel="canonical" href="{site_url}{path.split("?")[0]}">'
        assert canonical in html, path
        assert meta(html, "name", "description"), path
        assert meta(html, "property", "og:url") == f"{site_url}{path.split('?')[0]}"
        title = html_lib.unescape(re.search(r"<title>(.*?)</title>", html).group(1))
        assert meta(html, "property", "og:title") == title, path
        assert meta(html, "name", "twitter:title") == title, path
        description = meta(html, "name", "description")
        assert meta(html, "property", "og:description") == description, path
        assert meta(html, "name", "twitter:card") == "summary", path
        assert meta(html, "property", "og:site_name"), path
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="Vetted Health: new and updated articles" href="/feeds/articles/">'
        ) in html, path


def test_article_page_is_an_open_graph_article(client, live_article):
    html = client.get(live_article.get_absolute_url()).content.decode()
    revision = live_article.live_revision
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == f"{revision.title} | Vetted Health"
    assert meta(html, "property", "og:description") == revision.summary
    assert meta(html, "property", "article:modified_time") == (
        revision.published_at.isoformat()
    )
    assert 'href="/feeds/topics/heart-health/"' in html


def test_topic_page_links_its_own_feed(client, live_article):
    html = client.get(live_article.topic.get_absolute_url()).content.decode()
    assert meta(html, "property", "og:type") == "website"
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Vetted Health: Heart health" href="/feeds/topics/heart-health/">'
    ) in html


@pytest.mark.parametrize("title", ['Fish & "chips" <b>', "It's <script>"])
def test_titles_are_escaped_once_in_social_tags(client, cast, title):
    from tests.factories import publish_article

    article = publish_article(cast, title=title)
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "property", "og:title") == f"{title} | Vetted Health"
    assert "&amp;amp;" not in html
    assert "<b> | Vetted" not in html
