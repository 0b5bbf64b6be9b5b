"""`workflow.edit_working_copy`: the one way the working copy changes."""

import pytest
from django.db import connection

from articles import workflow
from articles.editorial.admin import forms
from articles.editorial.admin.forms import ArticleForm
from articles.models import Article, Reference
from tests.admin_forms import article_form, change_url
from tests.factories import ArticleFactory, AuthorFactory, draft, refused

BROWSER_BODY = "First line.  \r\nSecond line\t\r\n\r\n- a point [@smith2020]   \r\n"
STORED_BODY = "First line.\nSecond line\n\n- a point [@smith2020]\n"


def test_line_endings_and_trailing_spaces_are_normalised(cast):
    article = draft(cast)
    workflow.edit_working_copy(
        article,
        by=cast.editor,
        changes={"body": BROWSER_BODY, "summary": "One.\r\nTwo. "},
    )
    article.refresh_from_db()
    assert article.body == STORED_BODY
    assert article.summary == "One.\nTwo."


def test_a_body_typed_in_a_browser_is_stored_with_lf(client, cast):
    article = draft(cast)
    client.force_login(cast.editor)
    form = article_form(article, body=BROWSER_BODY)
    assert client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.body == STORED_BODY.strip()  # forms strip the ends too
    # The same text saved again from the browser is no change at all.
    before = article.working_copy_hash()
    client.post(change_url(article), article_form(article, body=BROWSER_BODY))
    article.refresh_from_db()
    assert article.working_copy_hash() == before


def test_each_save_bumps_the_version_and_records_the_editor(cast):
    article = draft(cast)
    assert article.version == 1
    chief_edit = workflow.edit_working_copy(
        article, by=cast.chief, changes={"title": "Salt, reconsidered"}
    )
    assert chief_edit.version == 2
    article.refresh_from_db()
    assert (article.title, article.version) == ("Salt, reconsidered", 2)
    assert article.pending_editor_ids == [cast.editor.pk, cast.chief.pk]


def test_a_stale_version_is_refused_and_writes_nothing(cast):
    article = draft(cast)
    workflow.edit_working_copy(article, by=cast.chief, changes={"title": "First"})
    with refused(article, workflow.EditConflict, match="Someone else saved"):
        workflow.edit_working_copy(
            article, by=cast.editor, changes={"title": "Second"}, opened_version=1
        )
    assert Article.objects.get(pk=article.pk).title == "First"


def test_related_fields_and_references_are_replaced(cast):
    article, other = draft(cast), draft(cast)
    author = AuthorFactory(name="New Author")
    workflow.edit_working_copy(
        article,
        by=cast.editor,
        changes={"authors": [author], "also_read": [other]},
        references=[Reference(key="who2023", title="A guideline", kind="guideline")],
    )
    assert list(article.authors.all()) == [author]
    assert list(article.also_read.all()) == [other]
    assert list(article.references.values_list("key", "position")) == [("who2023", 1)]


def test_only_working_copy_fields_can_be_changed(cast):
    article = draft(cast)
    with pytest.raises(ValueError, match="live_revision"):
        workflow.edit_working_copy(
            article, by=cast.editor, changes={"live_revision": None}
        )


def test_a_new_article_is_created_at_version_one(cast, groups):
    topic = draft(cast).topic
    article = workflow.edit_working_copy(
        Article(slug="new-one"),
        by=cast.editor,
        changes={"title": "New  ", "topic": topic, "summary": "S", "body": "B\r\n"},
    )
    article.refresh_from_db()
    assert (article.title, article.body, article.version) == ("New", "B\n", 1)
    assert article.pending_editor_ids == [cast.editor.pk]


@pytest.mark.django_db(transaction=True)
def test_it_works_outside_any_transaction(cast):
    """The row lock is taken inside the service's own transaction."""
    article = draft(cast)
    assert not connection.in_atomic_block
    workflow.edit_working_copy(article, by=cast.editor, changes={"title": "Outside"})
    assert Article.objects.get(pk=article.pk).title == "Outside"
    # The admin form only validates now: no lock, so no TransactionManagementError.
    form = ArticleForm(
        data=article_form(Article.objects.get(pk=article.pk)),
        instance=Article.objects.get(pk=article.pk),
    )
    assert form.is_valid(), form.errors


def test_a_save_racing_the_forms_check_shows_the_conflict_and_keeps_the_text(
    client, cast, monkeypatch
):
    """Someone saves after the form's own check passed: the locked save refuses,
    the admin shows the form again with the conflict message, nothing is written."""
    article = ArticleFactory(created_by=cast.editor)
    opened = article_form(article, body="My careful rewording.")
    workflow.edit_working_copy(article, by=cast.chief, changes={"summary": "Chief's."})
    checks = []

    def check_that_ran_before_the_other_save(instance, *, opened_version):
        checks.append(opened_version)
        if len(checks) == 1:
            return None  # the other save had not happened yet
        return workflow.edit_conflict(instance, opened_version=opened_version)

    monkeypatch.setattr(forms, "edit_conflict", check_that_ran_before_the_other_save)
    client.force_login(cast.editor)
    response = client.post(change_url(article), opened)
    assert response.status_code == 200
    assert checks == [1, 1]  # refused under the lock, then shown again
    page = response.content.decode()
    assert "Someone else saved this article" in page
    assert "My careful rewording." in page
    article.refresh_from_db()
    assert (article.summary, article.version) == ("Chief's.", 2)
    assert article.body != "My careful rewording."
