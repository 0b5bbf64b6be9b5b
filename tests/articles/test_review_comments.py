"""Review comments: threads on passages, for the article's editors and reviewers."""

import pytest
from django.core import mail
from django.urls import reverse

from articles import workflow
from articles.models import Comment, CommentThread
from articles.workflow import comments
from tests.factories import draft, edit, page, pending, publish_article, submit

BODY = (
    "Regular walking lowers blood pressure [@smith2020].\n\n"
    "Thirty minutes a day is enough for most adults."
)


def comment_url(revision):
    return reverse("admin:articles_revision_comments", args=[revision.pk])


def review_url(revision):
    return reverse("admin:articles_revision_change", args=[revision.pk])


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post a comment action as USER, running what waits for the commit."""

    def post(user, revision, **data):
        client.force_login(user)
        data.setdefault("back", "review")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(comment_url(revision), data)

    return post


@pytest.fixture
def revision(cast):
    return submit(draft(cast, body=BODY), cast)


def test_a_reviewer_comments_on_a_passage_and_sees_it_beside_the_text(
    post, client, cast, revision
):
    response = post(
        cast.reviewer.user,
        revision,
        action="start",
        passage="Thirty minutes   a day",  # as a selection gives it, spaces and all
        body="Which guideline says thirty?",
    )
    thread = CommentThread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{review_url(revision)}#thread-{thread.pk}"
    assert thread.passage == "Thirty minutes a day"
    screen = client.get(review_url(revision)).content.decode()
    panel = screen[screen.index('id="comments"') : screen.index("Your decision")]
    assert "On “Thirty minutes a day”" in panel
    assert "Which guideline says thirty?" in panel
    assert "Comments (1 open)" in panel
    # The editor who submitted it and the fact checker who checked it are
    # told, with the link to answer.
    (message,) = mail.outbox
    assert message.to == [cast.editor.email, cast.fact_checker.user.email]
    assert "Which guideline says thirty?" in message.body
    assert f"{review_url(revision)}#comments" in message.body
    # And it is in the revision's history.
    history = screen[screen.index('id="history"') :]
    assert "Review comment by rev: “Which guideline says thirty?”" in history


def test_a_passage_across_paragraphs_and_a_citation_number_is_found(cast, revision):
    thread = workflow.comments.start_thread(
        revision,
        by=cast.reviewer.user,
        body="Split this.",
        passage="blood pressure (1). Thirty minutes",
    )
    assert thread.passage == "blood pressure (1). Thirty minutes"


def test_a_passage_that_is_not_in_the_revision_is_refused_and_the_comment_kept(
    post, client, cast, revision
):
    response = post(
        cast.reviewer.user,
        revision,
        action="start",
        passage="Sixty minutes a day",
        body="My carefully written comment.",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "is not in revision 1 as readers see it" in text
    assert "My carefully written comment." in text  # nothing typed is lost
    assert not CommentThread.objects.exists() and not Comment.objects.exists()
    assert not mail.outbox


def test_an_empty_comment_is_refused(client, post, cast, revision):
    response = post(cast.reviewer.user, revision, action="start", body="  ")
    assert response.status_code == 400
    assert "Write a comment." in response.content.decode()
    assert not CommentThread.objects.exists()


def test_a_forged_action_or_thread_is_a_clear_400(client, post, cast, revision):
    other = pending(cast)
    foreign = comments.start_thread(other, by=cast.editor, body="Elsewhere.")
    bad = [
        {"action": "delete", "body": "x"},
        {"action": "reply", "thread": foreign.pk, "body": "x"},
        {"action": "reply", "thread": "99999999999999999999", "body": "x"},
        {"action": "start", "body": "x", "back": "https://evil.example/"},
    ]
    for data in bad:
        response = post(cast.editor, revision, **data)
        assert response.status_code == 400, data
    assert foreign.entries.count() == 1


@pytest.mark.parametrize("who", ["editor", "chief", "reviewer"])
def test_the_editors_and_the_assigned_reviewer_may_comment(
    client, post, cast, revision, who
):
    user = getattr(cast, who)
    user = user.user if who == "reviewer" else user
    response = post(user, revision, action="start", body="Noted.")
    assert response.status_code == 302
    assert CommentThread.objects.filter(started_by=user).exists()


@pytest.mark.parametrize("who", ["moderator", "reviewer2"])
def test_nobody_else_may_comment_or_sees_the_form(client, post, cast, revision, who):
    user = getattr(cast, who)
    user = user.user if who == "reviewer2" else user
    response = post(user, revision, action="start", body="Sneaky.")
    assert response.status_code == 403
    assert not CommentThread.objects.exists()
    assert not comments.can_comment(revision.article, by=user)


def test_anonymous_visitors_are_sent_to_the_login_page(client, revision):
    response = client.post(comment_url(revision), {"action": "start", "body": "Hi"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not CommentThread.objects.exists()


def test_resolve_and_reopen_are_kept_and_told(client, post, cast, revision):
    thread = comments.start_thread(
        revision, by=cast.reviewer.user, body="Cite the trial.", passage="Thirty"
    )
    mail.outbox.clear()
    post(
        cast.editor,
        revision,
        action="resolve",
        thread=thread.pk,
        body="Added the trial.",
    )
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == cast.editor
    assert [m.to for m in mail.outbox] == [
        [cast.fact_checker.user.email, cast.reviewer.user.email]
    ]
    # Resolving twice is refused with the reason, and nothing is written.
    again = post(cast.editor, revision, action="resolve", thread=thread.pk, body="")
    assert again.status_code == 400
    assert "already resolved" in again.content.decode()
    post(cast.reviewer.user, revision, action="reopen", thread=thread.pk)
    thread.refresh_from_db()
    assert not thread.is_resolved
    kinds = list(thread.entries.values_list("kind", "author__username"))
    assert kinds == [
        ("comment", "rev"),
        ("resolved", "ed"),
        ("reopened", "rev"),
    ]


def test_threads_are_kept_on_the_next_revision_with_a_note_when_the_passage_changed(
    client, cast, revision
):
    changed = comments.start_thread(
        revision, by=cast.reviewer.user, body="Too strong.", passage="Thirty minutes"
    )
    kept = comments.start_thread(
        revision, by=cast.reviewer.user, body="Fine.", passage="Regular walking"
    )
    workflow.request_changes(revision, by=cast.reviewer.user, comment="See comments.")
    article = revision.article
    edit(article, cast.editor, body=BODY.replace("Thirty minutes", "Half an hour"))
    second = submit(article, cast)
    views = {v.thread.pk: v for v in comments.threads_for(article, revision=second)}
    assert views[changed.pk].carried and views[changed.pk].passage_changed
    assert views[kept.pk].carried and not views[kept.pk].passage_changed
    client.force_login(cast.reviewer.user)
    screen = client.get(review_url(second)).content.decode()
    assert screen.count("Started on revision 1, an earlier revision.") == 2
    assert screen.count("The passage has changed:") == 1
    # The first revision does not show threads started later.
    later = comments.start_thread(second, by=cast.reviewer.user, body="New point.")
    first_views = comments.threads_for(article, revision=revision)
    assert later.pk not in {v.thread.pk for v in first_views}


def test_the_editor_answers_on_the_article_form(client, post, cast, revision):
    thread = comments.start_thread(
        revision, by=cast.reviewer.user, body="Source?", passage="Thirty minutes"
    )
    article = revision.article
    edit(article, cast.editor, body=BODY.replace("Thirty minutes", "Half an hour"))
    client.force_login(cast.editor)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = form.content.decode()
    assert "Source?" in text and "The passage has changed:" in text
    assert '<a href="#comments">1 open review comment</a>' in text
    # The panel sits outside the article form, so its forms do not nest.
    assert text.index('id="comments"') > text.index("</form>")
    response = post(
        cast.editor,
        revision,
        action="reply",
        thread=thread.pk,
        body="Changed to half an hour; see the new reference.",
        back="editor",
    )
    assert response["Location"].startswith(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert thread.entries.last().body.startswith("Changed to half an hour")
    assert [m.to for m in mail.outbox][-1] == [
        cast.fact_checker.user.email,
        cast.reviewer.user.email,
    ]


def test_comments_are_never_public(client, cast):
    article = draft(cast, body=BODY)
    revision = submit(article, cast)
    comments.start_thread(
        revision, by=cast.reviewer.user, body="PRIVATE-REMARK", passage="Thirty"
    )
    publish_article(cast, article=article)
    assert "PRIVATE-REMARK" not in page(client, article).content.decode()
    client.force_login(cast.editor)  # not even in the staff preview of the page
    preview = client.get(reverse("preview-revision", args=[revision.pk]))
    assert preview.status_code == 200
    assert "PRIVATE-REMARK" not in preview.content.decode()
