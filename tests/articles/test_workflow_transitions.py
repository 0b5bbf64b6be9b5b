"""Who may make each review transition, in which state, and what each one records."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import Article, Comment, CommentThread, ReviewEvent, Revision
from tests.factories import (
    ALL_ATTESTED,
    approved,
    article_of,
    draft,
    events_since,
    page,
    pending,
    publish_article,
    refused,
    scheduled,
    withdrawn,
    workflow_state,
)
from tests.permissions import (
    ACTS,
    MATRIX,
    NOT_TRANSITIONS,
    OK,
    ROLES,
    matrix_cases,
    person,
)

Action = ReviewEvent.Action
Decision = Revision.Decision
Status = Article.Status


# The role matrix --------------------------------------------------------------


def _check_submitted(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.decision == Decision.PENDING
    assert revision.number == 1
    assert revision.created_by == user
    assert revision.reviewer == cast.reviewer
    # The draft's writer and the submitter both count as its editors.
    assert revision.editors == sorted({cast.editor.pk, user.pk})
    assert revision.change_note == "First version."
    assert (revision.title, revision.body_markdown) == (article.title, article.body)
    assert revision.hash_matches
    assert article.status == Status.IN_REVIEW
    assert article.live_revision is None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (user, Action.SUBMITTED, revision, "First version.")
    ]
    assert page(client, article).status_code == 404


def _check_approved(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.decision == Decision.APPROVED
    assert revision.decided_by == cast.reviewer
    assert revision.decided_at is not None
    assert revision.comment == "Sources check out."
    assert all(revision.attestation[key] for key in workflow.ATTESTATION_ITEMS)
    assert revision.attestation["statements"] == list(
        workflow.ATTESTATION_ITEMS.values()
    )
    assert article.status == Status.APPROVED
    assert article.live_revision is None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (user, Action.APPROVED, revision, "Sources check out.")
    ]
    assert page(client, article).status_code == 404


def _check_changes_requested(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.decision == Decision.CHANGES_REQUESTED
    assert revision.decided_by == cast.reviewer
    assert revision.comment == "Cite the 2023 guideline."
    assert revision.attestation == {}
    assert article.status == Status.CHANGES_REQUESTED
    assert article.live_revision is None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (user, Action.CHANGES_REQUESTED, revision, "Cite the 2023 guideline.")
    ]


def _check_assigned(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.reviewer == cast.reviewer2
    assert revision.decision == Decision.PENDING
    assert article.status == Status.IN_REVIEW
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (
            user,
            Action.ASSIGNED,
            revision,
            f"Medical review assigned to {cast.reviewer2.name}.",
        )
    ]
    # The new reviewer may now decide; the old one may not.
    with refused(article, PermissionDenied, match="people assigned to this review"):
        workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    workflow.approve(revision, by=cast.reviewer2.user, attestation=ALL_ATTESTED)


def _check_published(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.published_at is not None
    assert revision.published_by == user
    assert revision.decision == Decision.APPROVED
    assert article.live_revision == revision
    assert article.status == Status.PUBLISHED
    assert article.first_published_at == revision.published_at
    assert article.next_review_due is not None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (user, Action.PUBLISHED, revision, "")
    ]
    response = page(client, article)
    assert response.status_code == 200
    assert "Regular walking lowers blood pressure" in response.content.decode()


def _check_unscheduled(article, revision, user, cast, events, client):
    revision.refresh_from_db()
    assert revision.go_live_at is None and revision.published_at is None
    assert revision.decision == Decision.APPROVED  # still ready to publish
    assert article.status == Status.APPROVED
    assert [(e.actor, e.action, e.revision) for e in events] == [
        (user, Action.UNSCHEDULED, revision)
    ]
    assert workflow.publish_scheduled(now=timezone.now() + timedelta(days=30)) == 0
    assert page(client, article).status_code == 404


def _check_republished(article, result, user, cast, events, client):
    live = article.live_revision
    assert article.withdrawn_at is None and article.status == Status.PUBLISHED
    assert article.revisions.count() == 1  # no new review, no new revision
    assert [(e.actor, e.action, e.revision) for e in events] == [
        (user, Action.REPUBLISHED, live)
    ]
    assert page(client, article).status_code == 200


def _check_withdrawn(article, result, user, cast, events, client):
    live = article.live_revision
    assert article.status == Status.WITHDRAWN
    assert article.withdrawn_at is not None
    assert live is not None and live.published_at is not None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (user, Action.WITHDRAWN, live, "Guideline withdrawn.")
    ]
    assert page(client, article).status_code == 410


def _check_rereview(article, result, user, cast, events, client):
    assert article.status == Status.PUBLISHED
    assert article.rereview_reason == "Reader reported an outdated dose."
    assert article.rereview_requested_at is not None
    assert [(e.actor, e.action, e.revision, e.comment) for e in events] == [
        (
            user,
            Action.REREVIEW_REQUESTED,
            article.live_revision,
            "Reader reported an outdated dose.",
        )
    ]
    assert page(client, article).status_code == 200


def _thread(cast, resolved=False):
    revision = pending(cast)
    thread = workflow.start_thread(revision, by=cast.editor, body="Source?")
    if resolved:
        workflow.resolve(thread, by=cast.editor, revision=revision)
        thread.refresh_from_db()
    return thread


def _check_commented(kind):
    def check(article, result, user, cast, events, client):
        thread = CommentThread.objects.get(article=article)
        last = thread.entries.last()
        assert (last.author, last.kind) == (user, kind)
        assert thread.is_resolved == (kind == Comment.Kind.RESOLVED)
        assert events == []  # comments are not workflow events

    return check


@dataclass
class Transition:
    setup: Any  # cast -> the article or revision the transition acts on
    act: Any  # (target, user, cast) -> result
    check: Any  # (article, result, user, cast, new events, client) -> None


def _check_edited(article, result, user, cast, events, client):
    assert (article.summary, article.version) == ("Clearer summary.", 2)
    assert result.pk == article.pk and result.version == 2
    assert user.pk in article.pending_editor_ids  # they may not review it now
    assert events == []  # the audit log records revisions, not keystrokes


def _check_imported(article, result, user, cast, events, client):
    assert result.saved and (result.added, result.filled) == (2, 0)
    assert [ref.key for ref in article.references.all()] == [
        "smith2020",
        "himmelstein2018",
        "beaulieujones2017",
    ]
    assert article.version == 2  # saved as an edit of the working copy
    assert user.pk in article.pending_editor_ids
    assert events == []


def _misspelt(cast):
    """Return a live article whose reviewer's name was corrected afterwards."""
    article = publish_article(cast)
    cast.reviewer.name = "Priya Ramanathan"
    cast.reviewer.save()
    return article


def _check_corrected(article, result, user, cast, events, client):
    [step] = result
    assert step.credited_name == "Priya Ramanathan, MD, MRCP"
    assert step.attribution["corrections"][0]["from"] == ["Priya Raman", "MD, MRCP"]
    assert [(e.actor, e.action) for e in events] == [
        (user, Action.ATTRIBUTION_CORRECTED)
    ]
    assert "“Priya Raman, MD, MRCP”" in events[0].comment


def _link(cast):
    return workflow.send_outside_link(
        pending(cast), by=cast.chief, name="Dr Lena Ortiz", email="lo@example.org"
    )


def _check_link_sent(article, link, user, cast, events, client):
    assert link.is_open() and link.created_by == user
    assert link.expires_at - link.created_at > timedelta(days=13, hours=23)
    assert [(e.actor, e.action) for e in events] == [(user, Action.OUTSIDE_LINK_SENT)]


def _check_link_revoked(article, link, user, cast, events, client):
    assert not link.is_open() and link.revoked_by == user
    assert [(e.actor, e.action) for e in events] == [
        (user, Action.OUTSIDE_LINK_REVOKED)
    ]


TRANSITIONS = {
    "correct_attribution": Transition(
        setup=_misspelt, act=ACTS["correct_attribution"], check=_check_corrected
    ),
    "send_outside_link": Transition(
        setup=pending, act=ACTS["send_outside_link"], check=_check_link_sent
    ),
    "revoke_outside_link": Transition(
        setup=_link, act=ACTS["revoke_outside_link"], check=_check_link_revoked
    ),
    "unschedule": Transition(
        setup=scheduled, act=ACTS["unschedule"], check=_check_unscheduled
    ),
    "republish": Transition(
        setup=withdrawn, act=ACTS["republish"], check=_check_republished
    ),
    "edit_working_copy": Transition(
        setup=draft, act=ACTS["edit_working_copy"], check=_check_edited
    ),
    "submit_for_review": Transition(
        setup=draft, act=ACTS["submit_for_review"], check=_check_submitted
    ),
    "approve": Transition(setup=pending, act=ACTS["approve"], check=_check_approved),
    "request_changes": Transition(
        setup=pending, act=ACTS["request_changes"], check=_check_changes_requested
    ),
    "assign_reviewer": Transition(
        setup=pending, act=ACTS["assign_reviewer"], check=_check_assigned
    ),
    "publish": Transition(setup=approved, act=ACTS["publish"], check=_check_published),
    "withdraw": Transition(
        setup=publish_article, act=ACTS["withdraw"], check=_check_withdrawn
    ),
    "request_rereview": Transition(
        setup=publish_article, act=ACTS["request_rereview"], check=_check_rereview
    ),
    "start_thread": Transition(
        setup=pending,
        act=ACTS["start_thread"],
        check=_check_commented(Comment.Kind.COMMENT),
    ),
    "reply": Transition(
        setup=_thread, act=ACTS["reply"], check=_check_commented(Comment.Kind.COMMENT)
    ),
    "resolve": Transition(
        setup=_thread,
        act=ACTS["resolve"],
        check=_check_commented(Comment.Kind.RESOLVED),
    ),
    "reopen": Transition(
        setup=lambda cast: _thread(cast, resolved=True),
        act=ACTS["reopen"],
        check=_check_commented(Comment.Kind.REOPENED),
    ),
    "import_references": Transition(
        setup=draft, act=ACTS["import_references"], check=_check_imported
    ),
}

CASES = [
    pytest.param(
        name, role, expected, id=f"{name}-{role}-{'ok' if expected is OK else 'denied'}"
    )
    for name, role, expected in matrix_cases()
]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_role_matrix(client, cast, name, role, expected):
    transition = TRANSITIONS[name]
    target = transition.setup(cast)
    article = article_of(target)
    user = person(cast, role)
    if expected is OK:
        before = workflow_state(article)
        result = transition.act(target, user, cast)
        events = events_since(article, before)
        article.refresh_from_db()
        transition.check(article, result, user, cast, events, client)
    else:
        with refused(article, PermissionDenied):
            transition.act(target, user, cast)


def test_every_transition_and_role_is_in_the_matrix():
    exported = set(workflow.__all__) - NOT_TRANSITIONS
    assert exported == set(MATRIX) == set(TRANSITIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())
