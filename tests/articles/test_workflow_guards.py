"""The right person in the wrong state, conflicts of interest, and required input:
every refused transition leaves the database exactly as it was."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import Article, Reference, ReviewEvent, Revision
from articles.workflow import WorkflowError
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    AuthorFactory,
    MedicalReviewerFactory,
    ReferenceFactory,
    approve,
    approved,
    article_of,
    assignees,
    draft,
    edit,
    editing_reviewer,
    editor_who_reviews,
    events_since,
    force_assign,
    page,
    pending,
    publish_article,
    refused,
    submit,
    workflow_state,
)
from tests.permissions import ACTS

Action = ReviewEvent.Action
Decision = Revision.Decision
Status = Article.Status


# State guards: the right person, the wrong state ------------------------------


def _changes_requested(cast):
    return workflow.request_changes(
        pending(cast), by=cast.reviewer.user, comment="Needs a source."
    )


def _superseded(cast):
    first = pending(cast)
    submit(first.article, cast, reviewer=cast.reviewer2, note="Second try.")
    first.refresh_from_db()
    return first


def _published(cast):
    return publish_article(cast).live_revision


def _approved_then_newer(cast):
    revision = approved(cast)
    edit(revision.article, cast.editor, body="Newer text [@smith2020].")
    submit(revision.article, cast, note="Newer.")
    return revision


def _in_review_article(cast):
    return pending(cast).article


def _withdrawn_article(cast):
    article = publish_article(cast)
    workflow.withdraw(article, by=cast.chief, reason="Unsafe.")
    return article


STATES = {
    "pending": pending,
    "approved": approved,
    "changes_requested": _changes_requested,
    "superseded": _superseded,
    "published": _published,
    "approved_then_newer": _approved_then_newer,
    "draft_article": draft,
    "in_review_article": _in_review_article,
    "withdrawn_article": _withdrawn_article,
}


def _decide(act):
    """Call ACT as the revision's own reviewer: only the state can stop it."""
    return lambda revision, cast: act(revision, revision.reviewer.user, cast)


def _as_chief(act):
    return lambda target, cast: act(target, cast.chief, cast)


GUARDS = [
    ("approve", "approved", "no longer pending"),
    ("approve", "changes_requested", "no longer pending"),
    ("approve", "superseded", "no longer pending"),
    ("request_changes", "approved", "no longer pending"),
    ("request_changes", "changes_requested", "no longer pending"),
    ("request_changes", "superseded", "no longer pending"),
    ("assign_reviewer", "approved", "Only a pending revision"),
    ("assign_reviewer", "changes_requested", "Only a pending revision"),
    ("assign_reviewer", "superseded", "Only a pending revision"),
    ("publish", "pending", "Only an approved revision"),
    ("publish", "changes_requested", "Only an approved revision"),
    ("publish", "superseded", "Only an approved revision"),
    ("publish", "published", "already published"),
    ("publish", "approved_then_newer", "newer revision exists"),
    ("withdraw", "draft_article", "Only a published article"),
    ("withdraw", "in_review_article", "Only a published article"),
    ("withdraw", "withdrawn_article", "Only a published article"),
    ("request_rereview", "draft_article", "Only a published article"),
    ("request_rereview", "in_review_article", "Only a published article"),
    ("request_rereview", "withdrawn_article", "Only a published article"),
]


@pytest.mark.parametrize(
    ("name", "state", "message"), GUARDS, ids=[f"{n}-{s}" for n, s, _ in GUARDS]
)
def test_transition_refused_in_the_wrong_state(cast, name, state, message):
    target = STATES[state](cast)
    act = ACTS[name]
    call = _decide(act) if name in {"approve", "request_changes"} else _as_chief(act)
    with refused(article_of(target), WorkflowError, match=message):
        call(target, cast)


def test_resubmitting_supersedes_the_pending_revision(cast):
    first = pending(cast)
    article = first.article
    before = workflow_state(article)
    second = submit(article, cast, reviewer=cast.reviewer2, note="Second try.")
    first.refresh_from_db()
    article.refresh_from_db()
    assert first.decision == Decision.SUPERSEDED
    assert (second.number, second.decision) == (2, Decision.PENDING)
    assert article.status == Status.IN_REVIEW
    assert [(e.actor, e.action, e.revision) for e in events_since(article, before)] == [
        (cast.editor, Action.SUPERSEDED, first),
        (cast.editor, Action.SUBMITTED, second),
        (cast.fact_checker.user, Action.STEP_APPROVED, second),
    ]
    assert list(article.revisions.pending()) == [second]


def test_only_the_latest_pending_revision_can_be_decided(cast):
    first = pending(cast)
    second = submit(first.article, cast, note="Second try.")  # same reviewer
    with refused(first.article, WorkflowError, match="no longer pending"):
        workflow.approve(first, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    with refused(first.article, WorkflowError, match="no longer pending"):
        workflow.request_changes(first, by=cast.reviewer.user, comment="Old one.")
    approve(second, cast)
    second.refresh_from_db()
    assert second.decision == Decision.APPROVED


def test_reviewer_who_edited_the_working_copy_cannot_be_chosen(cast):
    article = edit(draft(cast), editing_reviewer(cast), summary="Reviewer's wording.")
    with refused(article, WorkflowError, match="Priya Raman wrote or edited"):
        submit(article, cast, reviewer=cast.reviewer)
    assert not article.revisions.exists()


def test_reviewer_who_edited_the_working_copy_cannot_be_assigned(cast):
    article = edit(draft(cast), editing_reviewer(cast), summary="Reviewer's wording.")
    revision = submit(article, cast, reviewer=cast.reviewer2)
    assert set(revision.editors) == {cast.editor.pk, cast.reviewer.user.pk}
    with refused(article, WorkflowError, match="Priya Raman wrote or edited"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer)


def test_reviewer_who_edited_the_working_copy_cannot_approve(cast):
    article = edit(draft(cast), editing_reviewer(cast), summary="Reviewer's wording.")
    revision = submit(article, cast, reviewer=cast.reviewer2)
    # Even when assigned behind the workflow's back, the decision is refused.
    force_assign(revision, cast.reviewer)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.request_changes(revision, by=cast.reviewer.user, comment="Hmm.")


def test_reviewer_who_edited_cannot_approve_after_a_resubmission(cast):
    article = edit(draft(cast), editing_reviewer(cast), summary="Reviewer's wording.")
    first = submit(article, cast, reviewer=cast.reviewer2)
    workflow.request_changes(first, by=cast.reviewer2.user, comment="Shorten it.")
    edit(article, cast.editor, body="Shorter text [@smith2020].")
    article.refresh_from_db()
    assert article.summary == "Reviewer's wording."  # still in the text
    with refused(article, WorkflowError, match="Priya Raman wrote or edited"):
        submit(article, cast, reviewer=cast.reviewer, note="Shortened.")
    second = submit(article, cast, reviewer=cast.reviewer2, note="Shortened.")
    assert set(second.editors) == {cast.editor.pk, cast.reviewer.user.pk}
    with refused(article, WorkflowError, match="Priya Raman wrote or edited"):
        workflow.assign_reviewer(second, by=cast.chief, reviewer=cast.reviewer)


def test_publication_clears_the_editor_list(cast):
    article = edit(draft(cast), editing_reviewer(cast), summary="Reviewer's wording.")
    first = approve(submit(article, cast, reviewer=cast.reviewer2), cast)
    article.refresh_from_db()
    assert cast.reviewer.user.pk in article.pending_editor_ids
    workflow.publish(first, by=cast.chief)
    article.refresh_from_db()
    assert article.pending_editor_ids == []
    # The next revision is new work: the earlier editor may now review it.
    edit(article, cast.editor, body="Updated advice [@smith2020].")
    revision = submit(article, cast, reviewer=cast.reviewer)
    assert revision.editors == [cast.editor.pk]
    approve(revision, cast)


def _author_who_reviews(name="Dana Author"):
    """Return (reviewer, author) sharing one account, as a doctor who writes."""
    reviewer = MedicalReviewerFactory(name=name)
    return reviewer, AuthorFactory(name=name, user=reviewer.user)


def test_credited_author_cannot_be_chosen_assigned_or_decide(client, cast):
    reviewer, author = _author_who_reviews()
    article = draft(cast, authors=[author])
    with refused(article, WorkflowError, match="Dana Author wrote or edited"):
        submit(article, cast, reviewer=reviewer)
    client.force_login(cast.editor)
    url = reverse("admin:articles_article_submit", args=[article.pk])
    assert f'value="{reviewer.pk}"' not in client.get(url).content.decode()
    revision = submit(article, cast, reviewer=cast.reviewer)
    assert reviewer.user.pk in revision.editors
    with refused(article, WorkflowError, match="Dana Author wrote or edited"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=reviewer)
    force_assign(revision, reviewer)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.approve(revision, by=reviewer.user, attestation=ALL_ATTESTED)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.request_changes(revision, by=reviewer.user, comment="Fine by me.")


def test_author_given_an_account_after_submission_cannot_review(cast):
    author = AuthorFactory(name="Dana Author")
    article = draft(cast, authors=[author])
    revision = submit(article, cast, reviewer=cast.reviewer2)
    reviewer = MedicalReviewerFactory(name="Dana Author")
    author.user = reviewer.user
    author.save()
    with refused(article, WorkflowError, match="Dana Author wrote or edited"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=reviewer)
    force_assign(revision, reviewer)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.approve(revision, by=reviewer.user, attestation=ALL_ATTESTED)


def test_submitter_cannot_be_chosen_as_reviewer(cast):
    both = editor_who_reviews()
    article = draft(cast)
    with refused(article, WorkflowError, match=f"{both.name} wrote or edited"):
        workflow.submit_for_review(
            article, by=both.user, assignees=assignees(cast, both)
        )


def test_submitter_cannot_be_assigned_or_decide_their_own_revision(cast):
    both = editor_who_reviews()
    article = draft(cast)
    revision = workflow.submit_for_review(
        article, by=both.user, assignees=assignees(cast, cast.reviewer)
    )
    with refused(article, WorkflowError, match=f"{both.name} wrote or edited"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=both)
    force_assign(revision, both)
    with refused(article, PermissionDenied, match="wrote or edited this revision"):
        workflow.approve(revision, by=both.user, attestation=ALL_ATTESTED)


def test_inactive_reviewer_cannot_be_chosen_or_assigned(cast):
    retired = MedicalReviewerFactory(name="Retired Reviewer", active=False)
    article = draft(cast)
    with refused(article, WorkflowError, match="not an active medical reviewer"):
        submit(article, cast, reviewer=retired)
    revision = submit(article, cast)
    with refused(article, WorkflowError, match="not an active medical reviewer"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=retired)


def test_a_reviewer_must_be_chosen(cast):
    article = draft(cast)
    with refused(article, WorkflowError, match="Choose a fact checker"):
        workflow.submit_for_review(article, by=cast.editor, assignees={})
    revision = submit(article, cast)
    with refused(article, WorkflowError, match="Choose a medical reviewer"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=None)


@pytest.mark.parametrize(
    "unconfirmed", [None, False, ""], ids=["absent", "false", "blank"]
)
@pytest.mark.parametrize("key", list(workflow.ATTESTATION_ITEMS))
def test_approval_needs_every_attestation_item(cast, key, unconfirmed):
    revision = pending(cast)
    attestation = dict(ALL_ATTESTED)
    if unconfirmed is None:
        del attestation[key]
    else:
        attestation[key] = unconfirmed
    statement = workflow.ATTESTATION_ITEMS[key]
    with refused(revision.article, WorkflowError, match=statement):
        workflow.approve(revision, by=cast.reviewer.user, attestation=attestation)
    revision.refresh_from_db()
    assert revision.decision == Decision.PENDING
    assert revision.attestation == {}


def test_approval_with_no_attestation_lists_every_statement(cast):
    revision = pending(cast)
    with refused(revision.article, WorkflowError) as error:
        workflow.approve(revision, by=cast.reviewer.user, attestation={})
    for statement in workflow.ATTESTATION_ITEMS.values():
        assert statement in str(error.value)


@pytest.mark.parametrize("comment", ["", "   ", "\n\t", None])
def test_request_changes_needs_a_comment(cast, comment):
    revision = pending(cast)
    with refused(revision.article, WorkflowError, match="a comment is required"):
        workflow.request_changes(revision, by=cast.reviewer.user, comment=comment)


def test_submit_blocked_by_an_unknown_citation_key(cast):
    article = draft(cast, body="Walking helps [@smith2020], as does sleep [@ghost].")
    with refused(article, WorkflowError, match="@ghost") as error:
        submit(article, cast)
    assert "@smith2020" not in str(error.value)
    assert article.status == Status.DRAFT
    assert not article.revisions.exists()


@pytest.mark.parametrize("blank", ["", "   \n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_submit_blocked_when_a_field_is_empty(cast, field, blank):
    article = draft(cast, **{field: blank})
    with refused(article, WorkflowError, match=f"Fill in before submitting: {field}"):
        submit(article, cast)
    assert not article.revisions.exists()


def test_submit_blocked_without_authors(cast):
    article = draft(cast, authors=[])
    with refused(article, WorkflowError, match="Fill in before submitting: authors"):
        submit(article, cast)


def test_submit_names_every_missing_field(cast):
    article = draft(cast, title="", summary="", authors=[])
    with refused(article, WorkflowError, match="title, summary, authors"):
        submit(article, cast)


# Withdrawing and re-review ----------------------------------------------------


def test_withdrawn_article_answers_410_and_nothing_is_deleted(client, cast):
    article = publish_article(cast)
    revisions = list(article.revisions.values_list("pk", flat=True))
    events = article.events.count()
    workflow.withdraw(article, by=cast.chief, reason="  Guideline withdrawn.  ")
    article.refresh_from_db()
    response = page(client, article)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Regular walking" not in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()
    assert list(article.revisions.values_list("pk", flat=True)) == revisions
    assert Reference.objects.filter(article=article).count() == 1
    assert article.live_revision_id == revisions[0]
    assert article.events.count() == events + 1
    assert article.events.first().comment == "Guideline withdrawn."
    assert article not in Article.objects.published()


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_withdraw_needs_a_reason(client, cast, reason):
    article = publish_article(cast)
    with refused(article, WorkflowError, match="Give a reason"):
        workflow.withdraw(article, by=cast.chief, reason=reason)
    assert page(client, article).status_code == 200


def test_request_rereview_keeps_the_article_live(client, cast):
    article = publish_article(cast)
    live = article.live_revision
    workflow.request_rereview(article, by=cast.moderator, reason=" Dose changed. ")
    article.refresh_from_db()
    assert article.rereview_reason == "Dose changed."
    assert article.rereview_requested_at is not None
    assert article.live_revision == live
    assert article.status == Status.PUBLISHED
    assert article in Article.objects.published()
    response = page(client, article)
    assert response.status_code == 200
    assert "Regular walking lowers blood pressure" in response.content.decode()


def test_publishing_a_new_revision_clears_the_rereview_request(cast):
    article = publish_article(cast)
    workflow.request_rereview(article, by=cast.moderator, reason="Dose changed.")
    edit(article, cast.editor, body="New dose advice [@smith2020].")
    publish_article(cast, article)
    assert article.rereview_reason == ""
    assert article.rereview_requested_at is None


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_request_rereview_needs_a_reason(cast, reason):
    article = publish_article(cast)
    with refused(article, WorkflowError, match="Give a reason"):
        workflow.request_rereview(article, by=cast.moderator, reason=reason)


def test_reviewer_made_inactive_after_assignment_cannot_decide(cast):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast)
    cast.reviewer.active = False
    cast.reviewer.save()
    with pytest.raises(PermissionDenied, match="no longer an active medical reviewer"):
        approve(revision, cast)
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING
