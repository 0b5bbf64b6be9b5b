"""Every screen shows exactly the actions the workflow allows, no more, no fewer.

For each state an article and its revision can be in, and for every role, the
buttons on the admin's article page and revision page are compared with the
transitions that actually succeed when that person tries each one (each try
rolled back before the next). A button whose press would be refused, or a
transition with no button, fails the test.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Revision
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    approve,
    assignees,
    edit,
    publish_article,
    submit,
)
from tests.permissions import ROLES, person


def _draft(cast):
    article = ArticleFactory(created_by=cast.editor)
    ReferenceFactory(article=article)
    return article, None


def _pending(cast):
    article, _ = _draft(cast)
    return article, submit(article, cast)


def _changes_requested(cast):
    article, revision = _pending(cast)
    workflow.request_changes(revision, by=cast.reviewer.user, comment="Cite it.")
    return article, revision


def _approved(cast):
    article, revision = _pending(cast)
    return article, approve(revision, cast)


def _scheduled(cast):
    article, revision = _approved(cast)
    later = timezone.now() + timedelta(days=2)
    workflow.publish(revision, by=cast.chief, go_live_at=later)
    return article, revision


def _approved_then_resubmitted(cast):
    """An approved revision that a newer submission has overtaken."""
    article, older = _approved(cast)
    edit(article, cast.editor, summary="A second thought.")
    submit(article, cast, reviewer=cast.reviewer2)
    return article, older


def _published(cast):
    article = publish_article(cast, created_by=cast.editor)
    return article, article.live_revision


def _published_with_update_in_review(cast):
    article, live = _published(cast)
    edit(article, cast.editor, summary="Updated summary.")
    submit(article, cast)
    return article, live


def _flagged_for_rereview(cast):
    article, live = _published(cast)
    workflow.request_rereview(article, by=cast.chief, reason="Dose changed.")
    return article, live


def _withdrawn(cast):
    article, live = _published(cast)
    workflow.withdraw(article, by=cast.chief, reason="Unsafe advice.")
    return article, live


def _withdrawn_after_its_review_expired(cast):
    """Withdrawn, and its approval is older than the review interval."""
    article, live = _withdrawn(cast)
    Revision.objects.filter(pk=live.pk).update(
        decided_at=timezone.now() - timedelta(days=400)
    )
    article.refresh_from_db()
    return article, article.live_revision


STATES = {
    "draft": _draft,
    "pending": _pending,
    "changes_requested": _changes_requested,
    "approved": _approved,
    "scheduled": _scheduled,
    "approved_then_resubmitted": _approved_then_resubmitted,
    "published": _published,
    "published_with_update_in_review": _published_with_update_in_review,
    "flagged_for_rereview": _flagged_for_rereview,
    "withdrawn": _withdrawn,
    "withdrawn_after_its_review_expired": _withdrawn_after_its_review_expired,
}

# What each action's button looks like on its page.
ARTICLE_BUTTONS = {
    "submit": "admin:articles_article_submit",
    "withdraw": "admin:articles_article_withdraw",
    "republish": "admin:articles_article_republish",
    "request_rereview": "admin:articles_article_rereview",
}
REVISION_BUTTONS = ("decide", "assign", "unschedule")


def shown(client, user, article, revision):
    """Return the action names whose buttons USER sees for ARTICLE and REVISION."""
    if not user.is_authenticated:
        return set()
    client.force_login(user)
    found = set()
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    if page.status_code == 200:
        html = page.content.decode()
        if 'name="_save"' in html:
            found.add("edit")
        found |= {
            action
            for action, name in ARTICLE_BUTTONS.items()
            if f'href="{reverse(name, args=[article.pk])}"' in html
        }
    if revision is not None:
        url = reverse("admin:articles_revision_change", args=[revision.pk])
        page = client.get(url)
        if page.status_code == 200:
            html = page.content.decode()
            found |= {
                action
                for action in REVISION_BUTTONS
                if f'name="action" value="{action}"' in html
            }
            publish = reverse("admin:articles_revision_publish", args=[revision.pk])
            if f'href="{publish}"' in html:
                found.add("publish")
    return found


def attempts(cast, article, revision):
    """Return each action's transition, called as the admin's button calls it."""
    tries = {
        "edit": lambda user: workflow.edit_working_copy(
            article, by=user, changes={"summary": "Tried."}
        ),
        "submit": lambda user: workflow.submit_for_review(
            article,
            by=user,
            assignees=assignees(cast, cast.reviewer2),
            change_note="Tried.",
        ),
        "withdraw": lambda user: workflow.withdraw(article, by=user, reason="Tried."),
        "republish": lambda user: workflow.republish(article, by=user),
        "request_rereview": lambda user: workflow.request_rereview(
            article, by=user, reason="Tried."
        ),
    }
    if revision is not None:
        tries |= {
            "decide": lambda user: workflow.approve(
                revision, by=user, comment="Tried.", attestation=ALL_ATTESTED
            ),
            "assign": lambda user: workflow.assign_reviewer(
                revision, by=user, reviewer=cast.reviewer2
            ),
            "publish": lambda user: workflow.publish(revision, by=user),
            "unschedule": lambda user: workflow.unschedule(revision, by=user),
        }
    return tries


class RolledBack(Exception):
    pass


def succeeds(attempt, user):
    """Return whether ATTEMPT succeeds for USER, leaving nothing behind."""
    try:
        with transaction.atomic():
            attempt(user)
            raise RolledBack
    except RolledBack:
        return True
    except (PermissionDenied, workflow.WorkflowError):
        return False


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_the_buttons_shown_are_the_transitions_that_succeed(client, cast, state, role):
    article, revision = STATES[state](cast)
    article.refresh_from_db()
    if revision is not None:
        revision.refresh_from_db()
    user = person(cast, role)
    buttons = shown(client, user, article, revision)
    possible = {
        action
        for action, attempt in attempts(cast, article, revision).items()
        if succeeds(attempt, user)
    }
    assert buttons == possible
    assert possible == (
        workflow.available_actions(article, by=user)
        | (workflow.available_actions(revision, by=user) if revision else set())
    )


def test_an_overtaken_approval_offers_no_publish_button(client, cast):
    """The fix: an approved revision that is no longer the latest cannot go live."""
    article, older = _approved_then_resubmitted(cast)
    verdict = workflow.can_publish(older, by=cast.chief)
    assert not verdict and "newer revision exists" in verdict.reason
    client.force_login(cast.chief)
    page = client.get(reverse("admin:articles_revision_change", args=[older.pk]))
    assert 'value="publish"' not in page.content.decode()


def test_a_withdrawn_article_with_an_expired_review_needs_a_new_review(client, cast):
    article, live = _withdrawn_after_its_review_expired(cast)
    verdict = workflow.can_republish(article, by=cast.chief)
    assert not verdict and "older than the review interval" in verdict.reason
    client.force_login(cast.chief)
    url = reverse("admin:articles_article_republish", args=[article.pk])
    page = client.post(url)
    assert "older than the review interval" in page.content.decode()
    article.refresh_from_db()
    assert article.withdrawn_at is not None
