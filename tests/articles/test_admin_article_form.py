"""The article form in the admin: adding, saving beside the workflow, the slug."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import workflow
from articles.editorial.admin import ArticleAdmin
from articles.models import Article, Reference
from tests.admin_forms import article_form, change_url, new_article_form
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ReferenceFactory,
    TopicFactory,
    approve,
    publish_article,
    submit,
    superuser,
)

Status = Article.Status
ADD_URL = reverse("admin:articles_article_add")


def test_editor_adds_an_article_from_the_add_page(client, cast):
    topic, author = TopicFactory(), AuthorFactory()
    client.force_login(cast.editor)
    page = client.get(ADD_URL).content.decode()
    [version_input] = re.findall(r'<input[^>]*name="version"[^>]*>', page)
    assert 'type="hidden"' in version_input and "value=" not in version_input
    response = client.post(ADD_URL, new_article_form(topic, author))
    assert response.status_code == 302
    article = Article.objects.get(slug="vitamin-d-in-winter")
    assert article.version == 1
    assert article.status == Status.DRAFT
    assert list(article.authors.all()) == [author]
    # The new article opens and saves like any other.
    assert client.get(change_url(article)).status_code == 200
    saved = client.post(change_url(article), article_form(article, title="D"))
    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("D", 2)


def test_a_posted_version_is_ignored_when_adding(client, cast):
    client.force_login(cast.editor)
    data = new_article_form(TopicFactory(), AuthorFactory(), version="99")
    assert client.post(ADD_URL, data).status_code == 302
    assert Article.objects.get(slug="vitamin-d-in-winter").version == 1


def interleave(monkeypatch, action):
    """Run ACTION once, just after the admin has read the article for a save."""
    real_get_object = ArticleAdmin.get_object
    done = []

    def get_object(self, request, object_id, from_field=None):
        obj = real_get_object(self, request, object_id, from_field)
        if request.method == "POST" and not done:
            done.append(action())
        return obj

    monkeypatch.setattr(ArticleAdmin, "get_object", get_object)


def test_an_editors_save_does_not_undo_a_withdrawal(client, cast, monkeypatch):
    article = publish_article(cast)
    interleave(
        monkeypatch,
        lambda: workflow.withdraw(article, by=cast.chief, reason="Unsafe dose."),
    )
    client.force_login(cast.editor)
    form = article_form(article, body="A gentler wording [@smith2020].")
    assert client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.body == "A gentler wording [@smith2020]."
    assert article.status == Status.WITHDRAWN
    assert article.withdrawn_at is not None
    assert client.get(article.get_absolute_url()).status_code == 410


def test_an_editors_save_does_not_undo_a_publication(client, cast, monkeypatch):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = approve(submit(article, cast), cast)
    article.refresh_from_db()
    interleave(monkeypatch, lambda: workflow.publish(revision, by=cast.chief))
    client.force_login(cast.editor)
    form = article_form(article, body="Next update, not reviewed [@smith2020].")
    assert client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.live_revision == revision
    assert article.status == Status.PUBLISHED
    assert article.first_published_at is not None
    assert article.next_review_due is not None
    # Publication cleared the editor list; this save starts the next one.
    assert article.pending_editor_ids == [cast.editor.pk]
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Regular walking lowers blood pressure" in html
    assert "not reviewed" not in html


def test_published_slug_is_read_only_for_everyone(client, cast):
    article = publish_article(cast, slug="iron-and-fatigue")
    for user in (cast.editor, cast.chief, superuser()):
        client.force_login(user)
        page = client.get(change_url(article)).content.decode()
        assert 'name="slug"' not in page
        assert "iron-and-fatigue" in page
        article.refresh_from_db()
        form = article_form(article, slug="renamed", summary=f"By {user}.")
        assert client.post(change_url(article), form).status_code == 302
        article.refresh_from_db()
        assert (article.slug, article.summary) == ("iron-and-fatigue", f"By {user}.")
    assert client.get("/articles/iron-and-fatigue/").status_code == 200


def test_published_slug_change_is_refused_by_the_model(cast):
    article = publish_article(cast, slug="iron-and-fatigue")
    article.slug = "renamed"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    [message] = error.value.message_dict["slug"]
    assert "/articles/iron-and-fatigue/" in message and "cannot change" in message


def test_publication_while_the_form_is_open_refuses_the_slug_change(
    client, cast, monkeypatch
):
    article = ArticleFactory(slug="zinc-and-colds")
    ReferenceFactory(article=article)
    revision = approve(submit(article, cast), cast)
    article.refresh_from_db()
    interleave(monkeypatch, lambda: workflow.publish(revision, by=cast.chief))
    client.force_login(cast.chief)
    response = client.post(change_url(article), article_form(article, slug="zinc"))
    assert response.status_code == 200
    assert "cannot change: every link to it would break" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "zinc-and-colds"


def test_draft_slug_can_still_change(client, cast):
    article = ArticleFactory(slug="first-try")
    client.force_login(cast.editor)
    page = client.get(change_url(article)).content.decode()
    assert 'name="slug"' in page
    client.post(change_url(article), article_form(article, slug="second-try"))
    article.refresh_from_db()
    assert article.slug == "second-try"


def test_topic_and_also_read_stay_editable_after_publication(client, cast):
    article = publish_article(cast)
    other = publish_article(cast, title="Sleep and blood pressure")
    new_topic = TopicFactory(name="Heart health")
    client.force_login(cast.editor)
    form = article_form(article, topic=new_topic.pk, also_read=[other.pk])
    assert client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.topic == new_topic
    assert list(article.also_read.all()) == [other]


def test_conflict_keeps_the_typed_reference_and_saves_nothing(client, cast):
    article = ArticleFactory(title="Salt and blood pressure")
    ReferenceFactory(article=article)
    client.force_login(cast.editor)
    opened_by_a = article_form(article, body="Alice's text [@smith2020].")
    opened_by_b = article_form(
        article,
        body="Bob's text [@smith2020] [@who2023].",
        **{
            "references-TOTAL_FORMS": "1",
            "references-0-article": article.pk,
            "references-0-key": "who2023",
            "references-0-kind": "guideline",
            "references-0-position": "2",
            "references-0-title": "Guideline on sodium intake for adults",
            "references-0-container": "World Health Organization",
            "references-0-year": "2023",
            "references-0-evidence_type": "guideline",
        },
    )
    assert client.post(change_url(article), opened_by_a).status_code == 302
    second = client.post(change_url(article), opened_by_b)
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else saved this article" in html
    assert "Guideline on sodium intake for adults" in html
    assert 'value="who2023"' in html
    article.refresh_from_db()
    assert article.body == "Alice's text [@smith2020]."
    assert list(Reference.objects.filter(article=article).values_list("key")) == [
        ("smith2020",)
    ]
