"""Unpublished text never reaches the public: not by URL, preview, search or feed.

Each private text carries a word found nowhere else. Anonymous visitors and
signed-in readers (accounts without staff access) must never see those words,
nor the addresses of articles that are not live.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ReferenceFactory,
    TopicFactory,
    UserFactory,
    approve,
    edit,
    publish_article,
    submit,
)

SECRETS = {
    "draft": "zorblaxine",  # an article never published, in review
    "pending": "quendrilate",  # an update of a live article, awaiting review
    "scheduled": "vexmorphic",  # an approved update scheduled for tomorrow
    "withdrawn": "plumbastic",  # an article taken off the site
}


def rewrite(article, cast, word, *, title=None):
    """Put WORD in ARTICLE's working copy and submit it; return the revision."""
    edit(
        article,
        cast.editor,
        title=title or article.title,
        summary=f"What {word} does.",
        body=f"{word.capitalize()} changes everything [@smith2020].",
    )
    return submit(article, cast, note=f"Adds {word}.")


@pytest.fixture
def site(cast):
    """Return the public site's live article and the four private texts."""
    topic = TopicFactory(name="Sleep", slug="sleep")
    writer = AuthorFactory(name="Nadia Quill", slug="nadia-quill")
    unpublished_writer = AuthorFactory(name="Only Drafts", slug="only-drafts")

    def article(slug, body, authors=(writer,), **fields):
        created = ArticleFactory(
            slug=slug, topic=topic, authors=list(authors), body=body, **fields
        )
        ReferenceFactory(article=created)
        return created

    live = publish_article(
        cast, article("sleep-and-memory", "Sleep helps memory [@smith2020].")
    )

    draft = article(
        "zorblaxine-and-sleep",
        "Zorblaxine shortens sleep [@smith2020].",
        authors=(writer, unpublished_writer),
        title="Zorblaxine and sleep",
        summary="What zorblaxine does.",
    )
    ReferenceFactory(article=draft, key="trial", title="A zorblaxine trial")
    draft_revision = submit(draft, cast, note="First zorblaxine draft.")

    pending = publish_article(cast, article("naps", "Short naps help [@smith2020]."))
    pending_revision = rewrite(pending, cast, SECRETS["pending"], title="Quendrilate")

    scheduled = publish_article(
        cast, article("bedtime", "A regular bedtime helps [@smith2020].")
    )
    tomorrow = timezone.now() + timedelta(days=1)
    scheduled_revision = approve(rewrite(scheduled, cast, SECRETS["scheduled"]), cast)
    workflow.publish(scheduled_revision, by=cast.chief, go_live_at=tomorrow)

    withdrawn = publish_article(
        cast, article("melatonin", "Plumbastic melatonin [@smith2020].")
    )
    # A published update, so the article was listed among the corrections too.
    update = approve(rewrite(withdrawn, cast, SECRETS["withdrawn"]), cast)
    workflow.publish(update, by=cast.chief)
    workflow.withdraw(withdrawn, by=cast.chief, reason="Under review.")

    return {
        "live": live,
        "draft": draft,
        "pending": pending,
        "scheduled": scheduled,
        "withdrawn": withdrawn,
        "revisions": [draft_revision, pending_revision, scheduled_revision],
        "author_of_drafts_only": unpublished_writer,
    }


@pytest.fixture(params=["anonymous", "reader"])
def visitor(request, client, db):
    """Return a client for someone outside the newsroom."""
    if request.param == "reader":
        client.force_login(UserFactory(username="reader", is_staff=False))
    return client


def leaked_words(response, allow=()):
    page = response.content.decode().lower()
    return [word for word in SECRETS.values() if word in page and word not in allow]


def test_article_urls_show_only_the_live_text(visitor, site):
    expected = {
        "live": (200, "Sleep helps memory"),
        "pending": (200, "Short naps help"),
        "scheduled": (200, "A regular bedtime helps"),
        "draft": (404, ""),
        "withdrawn": (410, "This article has been withdrawn"),
    }
    for name, (status, text) in expected.items():
        response = visitor.get(site[name].get_absolute_url())
        assert response.status_code == status, name
        assert text in response.content.decode(), name
        assert leaked_words(response) == [], name


LISTINGS = [
    "/",
    "/corrections/",
    "/topics/sleep/",
    "/authors/nadia-quill/",
    "/authors/only-drafts/",
    "/reviewers/priya-raman/",
    "/feeds/articles/",
    "/feeds/topics/sleep/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", LISTINGS)
def test_listings_feeds_and_sitemap_show_only_live_articles(visitor, site, path):
    response = visitor.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert leaked_words(response) == []
    for private in ("draft", "withdrawn"):
        assert site[private].get_absolute_url() not in page, private
    if path in {"/topics/sleep/", "/feeds/articles/", "/sitemap.xml"}:
        for public in ("live", "pending", "scheduled"):
            assert site[public].get_absolute_url() in page, public
    if path == "/sitemap.xml":
        assert site["author_of_drafts_only"].get_absolute_url() not in page


@pytest.mark.parametrize("name", list(SECRETS))
def test_search_never_finds_private_text(visitor, site, name):
    word = SECRETS[name]
    response = visitor.get("/search/", {"q": word})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert "No articles match your search" in response.content.decode()
    assert leaked_words(response, allow={word}) == []
    # The live text of the same articles is found, so the index is not empty.
    found = visitor.get("/search/", {"q": "naps"}).context["results"]
    assert [result.slug for result in found] == ["naps"]


def test_editor_preview_and_admin_pages_send_visitors_to_the_login(visitor, site):
    draft = site["draft"]
    preview = reverse("markdownx_markdownify") + f"?article={draft.pk}"
    requests = [
        ("post", preview, {"content": "Zorblaxine [@trial]"}),
        ("get", preview, None),
        ("get", reverse("admin:articles_article_change", args=[draft.pk]), None),
        ("get", reverse("admin:articles_article_submit", args=[draft.pk]), None),
        *(
            ("get", reverse("admin:articles_revision_change", args=[r.pk]), None)
            for r in site["revisions"]
        ),
    ]
    for method, url, data in requests:
        response = getattr(visitor, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
        assert leaked_words(response) == [], url
        assert "A zorblaxine trial" not in response.content.decode()


def test_staff_preview_does_show_the_private_text(client, cast, site):
    """The words are really there: an editor sees what visitors must not."""
    client.force_login(cast.editor)
    preview = reverse("markdownx_markdownify") + f"?article={site['draft'].pk}"
    html = client.post(preview, {"content": "Zorblaxine [@trial]"}).content.decode()
    assert "A zorblaxine trial" in html
    revision = site["revisions"][1]
    review = client.get(reverse("admin:articles_revision_change", args=[revision.pk]))
    assert SECRETS["pending"] in review.content.decode().lower()
