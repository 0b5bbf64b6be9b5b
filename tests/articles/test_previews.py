"""Staff preview drafts and revisions in the real page layout; nobody else can."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, draft, edit, pending, publish_article


def preview_of_draft(article):
    return reverse("preview-article", args=[article.pk])


def test_an_editor_sees_the_draft_in_the_public_layout(client, cast):
    article = draft(
        cast, title="Sleep and screens", body="Dim the lights [@smith2020]."
    )
    client.force_login(cast.editor)
    response = client.get(preview_of_draft(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sleep and screens" in html and "Dim the lights" in html
    assert 'role="doc-biblioref"' in html  # citations numbered as on the site
    assert "not public" in html and 'class="preview-banner"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"]
    # Nothing a reader could act on, nothing a crawler could index.
    assert "Was this article helpful?" not in html
    assert "application/ld+json" not in html
    assert 'rel="canonical"' not in html


def test_the_working_copy_preview_follows_unsubmitted_edits(client, cast):
    article = publish_article(cast, title="Walking")
    edit(article, cast.editor, summary="An edit nobody has reviewed yet.")
    client.force_login(cast.chief)
    html = client.get(preview_of_draft(article)).content.decode()
    assert "An edit nobody has reviewed yet." in html
    # The public page still shows the reviewed text.
    client.logout()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "An edit nobody has reviewed yet." not in public


def test_a_revision_preview_says_what_it_is(client, cast):
    revision = pending(cast)
    client.force_login(cast.reviewer.user)
    html = client.get(reverse("preview-revision", args=[revision.pk])).content.decode()
    assert "revision 1 (pending review): not public" in html
    live = publish_article(cast).live_revision
    html = client.get(reverse("preview-revision", args=[live.pk])).content.decode()
    assert "the live revision" in html


@pytest.mark.parametrize("who", ["anonymous", "reader", "plain_staff"])
def test_everyone_else_gets_a_404(client, cast, who):
    article = draft(cast)
    revision = pending(cast)
    if who == "reader":
        client.force_login(UserFactory(username="reader", is_staff=False))
    elif who == "plain_staff":
        client.force_login(UserFactory(username="plain"))  # staff, no role
    for url in [
        preview_of_draft(article),
        reverse("preview-revision", args=[revision.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert revision.title.encode() not in response.content


def test_view_on_site_of_a_draft_opens_its_preview(client, cast):
    article = draft(cast)
    client.force_login(cast.editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert f'href="{preview_of_draft(article)}" class="viewsitelink"' in html
    live = publish_article(cast)
    page = client.get(reverse("admin:articles_article_change", args=[live.pk]))
    assert f'href="{live.get_absolute_url()}" class="viewsitelink"' in page.text
