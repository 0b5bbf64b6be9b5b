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


SITE_DEFAULT = (
    "Health articles checked by medical reviewers, with every claim linked to "
    "its source."
)


def test_each_indexable_page_has_a_description_of_its_own(client, public_paths):
    indexable = [path for path in public_paths if not path.startswith("/search/")]
    descriptions = {}
    for path in indexable:
        description = meta(client.get(path).content.decode(), "name", "description")
        assert description and description != SITE_DEFAULT, path
        descriptions.setdefault(description, []).append(path)
    shared = {d: paths for d, paths in descriptions.items() if len(paths) > 1}
    assert not shared, shared


def test_profile_pages_are_described_by_the_persons_bio(client, live_article, cast):
    bio = (
        "Lena Ortiz is a registered nurse who spent twelve years on a cardiology "
        "ward before writing about heart health, blood pressure and exercise for "
        "patients and their families, in plain words and with the evidence."
    )
    author = live_article.authors.get()
    author.bio = bio
    author.save()
    html = client.get(author.get_absolute_url()).content.decode()
    assert meta(html, "name", "description") == bio[:159] + "…"
    assert meta(html, "property", "og:description") == bio[:159] + "…"

    cast.reviewer.bio = "GP in Leeds with an interest in hypertension."
    cast.reviewer.save()
    html = client.get(cast.reviewer.get_absolute_url()).content.decode()
    assert meta(html, "name", "description") == (
        "GP in Leeds with an interest in hypertension."
    )


def test_a_withdrawn_article_asks_to_be_dropped_from_search(client, cast):
    from articles import workflow
    from tests.factories import publish_article

    article = publish_article(cast)
    workflow.withdraw(article, by=cast.chief, reason="Outdated.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html and 'property="og:url"' not in html
    assert meta(html, "name", "description") != SITE_DEFAULT
