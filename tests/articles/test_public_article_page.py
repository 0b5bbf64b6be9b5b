"""The public pages render only live, approved revisions."""

from contextlib import contextmanager
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ReferenceFactory,
    approve,
    publish_article,
    submit,
)


@contextmanager
def freeze(when):
    """Let the workflow's clock read WHEN (UTC)."""
    moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def get(client, article):
    return client.get(reverse("articles:detail", args=[article.slug]))


def test_article_page_shows_what_readers_expect(client, cast):
    author = AuthorFactory(name="Lena Ortiz", slug="lena-ortiz", credentials="RN, MSc")
    article = ArticleFactory(title="Walking and blood pressure", authors=[author])
    ReferenceFactory(article=article)
    publish_article(cast, article)
    html = get(client, article).content.decode()
    assert "<h1>Walking and blood pressure</h1>" in html
    assert "Medically reviewed by" in html
    assert 'href="/reviewers/priya-raman/">Priya Raman, MD, MRCP</a>' in html
    assert 'Written by <a href="/authors/lena-ortiz/">Lena Ortiz, RN, MSc</a>' in html
    assert "Last updated" in html and "Next review due" in html
    assert 'role="doc-biblioref"' in html
    assert '<h2 id="references-heading">References</h2>' in html
    assert "https://doi.org/10.1136/bmj.m1234" in html
    assert "does not provide medical advice" in html
    assert 'href="/disclaimer/"' in html
    assert 'href="/editorial-policy/"' in html


def review_line(client, article):
    html = get(client, article).content.decode()
    start = html.index('<p class="review-line">Medically')
    return html[start : html.index("</p>", start) + 4]


def test_review_line_comes_from_the_approval_record(client, cast):
    # Submitted to one reviewer, reassigned, approved by the other, on one day,
    # published days later: the line names who approved and when they did.
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast, reviewer=cast.reviewer2)
    workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer)
    revision.refresh_from_db()
    with freeze("2026-03-02 10:00"):
        approve(revision, cast)
    with freeze("2026-03-09 10:00"):
        workflow.publish(revision, by=cast.chief)
    assert review_line(client, article) == (
        '<p class="review-line">Medically reviewed by '
        '<a href="/reviewers/priya-raman/">Priya Raman, MD, MRCP</a> on '
        '<time datetime="2026-03-02">2 March 2026</time></p>'
    )
    # Renaming a reviewer who did not approve changes nothing on the page.
    cast.reviewer2.name = "Somebody Else"
    cast.reviewer2.save()
    assert "Somebody Else" not in get(client, article).content.decode()


def test_byline_is_the_one_frozen_with_the_live_revision(client, cast):
    lena = AuthorFactory(name="Lena Ortiz", slug="lena-ortiz", credentials="RN")
    article = ArticleFactory(authors=[lena])
    ReferenceFactory(article=article)
    publish_article(cast, article)
    # The working copy gets another author: not reviewed, not shown.
    article.authors.set([AuthorFactory(name="Unreviewed Writer")])
    html = get(client, article).content.decode()
    assert 'Written by <a href="/authors/lena-ortiz/">Lena Ortiz, RN</a>' in html
    assert "Unreviewed Writer" not in html
    # Even if the profile is deleted, the credit stays (without a link).
    lena.delete()
    html = get(client, article).content.decode()
    assert "Written by Lena Ortiz, RN</p>" in html


def test_unpublished_article_is_404(client, cast):
    draft = ArticleFactory()
    assert get(client, draft).status_code == 404
    ReferenceFactory(article=draft)
    revision = submit(draft, cast)
    assert get(client, draft).status_code == 404
    approve(revision, cast)
    assert get(client, draft).status_code == 404


def test_editing_the_working_copy_never_changes_the_public_page(client, cast):
    article = publish_article(cast)
    article.body = "Unreviewed claim that must not appear [@smith2020]."
    article.title = "Unreviewed title"
    article.save()
    html = get(client, article).content.decode()
    assert "Unreviewed" not in html
    assert "Regular walking lowers blood pressure" in html


def test_new_revision_shows_only_after_approval_and_publishing(client, cast):
    article = publish_article(cast)
    article.body = "Updated advice on walking [@smith2020]."
    article.save()
    revision = submit(article, cast, note="Clarified the advice.")
    assert "Updated advice" not in get(client, article).content.decode()
    approve(revision, cast)
    assert "Updated advice" not in get(client, article).content.decode()
    workflow.publish(revision, by=cast.chief)
    html = get(client, article).content.decode()
    assert "Updated advice" in html
    assert "Clarified the advice." in html  # article history


def test_withdrawn_article_answers_410(client, cast):
    article = publish_article(cast)
    workflow.withdraw(article, by=cast.chief, reason="Guideline changed.")
    response = get(client, article)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_related_recent_and_also_read(client, cast):
    main = publish_article(cast)
    sibling = publish_article(cast, topic=main.topic, title="Sibling piece")
    other = publish_article(cast, title="Other topic piece")
    draft = ArticleFactory(topic=main.topic, title="Draft piece")
    main.also_read.set([other, draft])
    html = get(client, main).content.decode()
    assert "Sibling piece" in html
    assert "Other topic piece" in html
    assert "Draft piece" not in html
    assert html.count('id="also-read-heading"') == 1
    assert sibling.slug in html


@pytest.mark.parametrize("name", ["articles:home", "disclaimer", "editorial-policy"])
def test_site_pages_render(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_home_topic_author_and_reviewer_pages_list_live_articles(client, cast):
    article = publish_article(cast, title="Live piece")
    ArticleFactory(title="Hidden draft", topic=article.topic)
    author = article.authors.get()
    pages = [
        reverse("articles:home"),
        reverse("articles:topic", args=[article.topic.slug]),
        reverse("articles:author", args=[author.slug]),
        reverse("articles:reviewer", args=[cast.reviewer.slug]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Live piece" in html, url
        assert "Hidden draft" not in html, url
    reviewer_html = client.get(pages[-1]).content.decode()
    assert "Conflicts of interest" in reviewer_html


def test_unknown_people_and_topics_are_404(client, db):
    for name in ["articles:topic", "articles:author", "articles:reviewer"]:
        assert client.get(reverse(name, args=["nobody"])).status_code == 404


def test_corrections_page_lists_updates_not_first_publications(client, cast):
    article = publish_article(cast, title="Iron and fatigue")
    publish_article(cast, title="Never updated")
    assert "Iron and fatigue" not in client.get("/corrections/").content.decode()
    article.body = "Corrected dose [@smith2020]."
    article.save()
    revision = approve(submit(article, cast, note="Corrected the dose."), cast)
    workflow.publish(revision, by=cast.chief)
    html = client.get("/corrections/").content.decode()
    assert "Iron and fatigue" in html and "Corrected the dose." in html
    assert "Never updated" not in html


def test_corrections_page_leaves_out_a_first_publication_after_changes(client, cast):
    article = ArticleFactory(title="Zinc and colds")
    ReferenceFactory(article=article)
    first = submit(article, cast, note="First draft.")
    workflow.request_changes(first, by=cast.reviewer.user, comment="Cite the trial.")
    article.body = "Zinc may shorten a cold [@smith2020]."
    article.save()
    second = approve(submit(article, cast, note="Cited the trial."), cast)
    workflow.publish(second, by=cast.chief)
    assert second.number == 2
    assert get(client, article).status_code == 200
    html = client.get("/corrections/").content.decode()
    assert "Zinc and colds" not in html and "Cited the trial." not in html


def test_article_shows_last_reviewed_and_next_review_due(client, cast, settings):
    article = publish_article(cast)
    html = get(client, article).content.decode()
    assert "Last reviewed" in html
    assert article.next_review_due.strftime("%B %Y") in html


def test_author_pages_feeds_and_sitemap_follow_the_reviewed_byline(client, cast):
    lena = AuthorFactory(name="Lena Ortiz", slug="lena-ortiz")
    newcomer = AuthorFactory(name="Unreviewed Writer", slug="unreviewed-writer")
    article = ArticleFactory(title="Salt and blood pressure", authors=[lena])
    ReferenceFactory(article=article)
    publish_article(cast, article)
    article.authors.set([newcomer])  # the working copy only

    assert "Salt and blood pressure" in client.get("/authors/lena-ortiz/").text
    assert (
        "Salt and blood pressure" not in client.get("/authors/unreviewed-writer/").text
    )
    feed = client.get("/feeds/articles/").text
    assert "Lena Ortiz" in feed and "Unreviewed Writer" not in feed
    sitemap = client.get("/sitemap.xml").text
    assert "/authors/lena-ortiz/" in sitemap
    assert "/authors/unreviewed-writer/" not in sitemap
