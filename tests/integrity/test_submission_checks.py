"""Submission stores the integrity report, blocks copied text, and records overrides."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import ReviewEvent
from tests.factories import assignees, refused, step_choices, submit
from tests.integrity.texts import HANDWASHING, HYDRATION, SUNSCREEN, draft, published

pytestmark = pytest.mark.django_db

REASON = "Both articles are ours; this one replaces the old page next month."


@pytest.fixture
def handwashing(cast):
    return published(cast, HANDWASHING, "Washing your hands")


@pytest.fixture
def copy(handwashing):
    """A draft whose text is mostly the published hand-washing article."""
    return draft(f"{HANDWASHING}\n\n{HYDRATION[:120]}", title="Clean hands")


def test_the_report_is_stored_on_the_revision(cast, handwashing):
    revision = submit(draft(f"{SUNSCREEN}\n\nSee [@smith2020]."), cast)

    report = revision.integrity
    assert report["originality"]["share"] == 0
    assert report["originality"]["blocked"] is False
    assert report["citations"]["cited"] == 1
    assert report["citations"]["peer_reviewed_share"] == 1
    assert report["readability"]["grade"] > 0
    assert len(report["readability"]["hardest_sentences"]) == 3
    assert "override" not in report


def test_submission_is_blocked_above_the_threshold(cast, copy):
    with refused(copy, workflow.WorkflowError, match="Washing your hands") as info:
        submit(copy, cast)
    assert "overlaps other articles" in str(info.value)
    assert "limit is 20%" in str(info.value)


def test_the_threshold_comes_from_settings(cast, copy, settings):
    settings.INTEGRITY_MAX_OVERLAP = 0.95

    revision = submit(copy, cast)
    assert 0.2 < revision.integrity["originality"]["share"] <= 0.95
    assert revision.integrity["originality"]["threshold"] == 0.95


def test_a_chief_editor_overrides_with_a_reason(cast, copy):
    revision = workflow.submit_for_review(
        copy,
        by=cast.chief,
        assignees=assignees(cast, cast.reviewer),
        change_note="Merging pages.",
        override_reason=f"  {REASON} ",
    )

    assert revision.integrity["originality"]["blocked"] is True
    assert revision.integrity["override"]["reason"] == REASON
    assert revision.integrity["override"]["by"] == "chief"
    event = revision.events.get(action=ReviewEvent.Action.OVERRIDE)
    assert (event.actor, event.comment) == (cast.chief, REASON)


def test_an_editor_cannot_override(cast, copy):
    with refused(copy, PermissionDenied, match="chief editor"):
        workflow.submit_for_review(
            copy,
            by=cast.editor,
            assignees=assignees(cast, cast.reviewer),
            override_reason=REASON,
        )


def test_overriding_takes_its_own_permission(cast, copy):
    def grant(codename):
        cast.editor.user_permissions.add(Permission.objects.get(codename=codename))
        cast.editor = type(cast.editor).objects.get(pk=cast.editor.pk)  # no cache

    grant("assign_reviewer")
    with refused(copy, PermissionDenied, match="chief editor"):
        workflow.submit_for_review(
            copy,
            by=cast.editor,
            assignees=assignees(cast, cast.reviewer),
            override_reason=REASON,
        )
    grant("override_originality")
    revision = workflow.submit_for_review(
        copy,
        by=cast.editor,
        assignees=assignees(cast, cast.reviewer),
        override_reason=REASON,
    )
    assert revision.integrity["override"]["by"] == "ed"


def test_a_chief_editor_without_a_reason_is_blocked_too(cast, copy):
    with refused(copy, workflow.WorkflowError, match="Washing your hands"):
        workflow.submit_for_review(
            copy, by=cast.chief, assignees=assignees(cast, cast.reviewer)
        )


def test_no_override_is_recorded_when_nothing_is_blocked(cast):
    revision = workflow.submit_for_review(
        draft(SUNSCREEN),
        by=cast.chief,
        assignees=assignees(cast, cast.reviewer),
        override_reason=REASON,
    )

    assert "override" not in revision.integrity
    assert not revision.events.filter(action=ReviewEvent.Action.OVERRIDE).exists()


# The admin screens ---------------------------------------------------------


def submit_url(article):
    return reverse("admin:articles_article_submit", args=[article.pk])


def test_the_submit_page_shows_the_report_before_submitting(client, cast, copy):
    client.force_login(cast.editor)
    page = client.get(submit_url(copy)).content.decode()

    assert "Integrity checks" in page
    assert "Submission is blocked" in page
    assert "Washing your hands" in page
    assert "<mark>Washing your hands with soap" in page
    assert "Reading grade" in page
    assert "override_reason" not in page  # editors cannot override

    response = client.post(
        submit_url(copy), {**step_choices(cast), "change_note": "New."}
    )
    assert response.status_code == 200
    assert "overlaps other articles" in response.content.decode()
    assert not copy.revisions.exists()


def test_a_chief_editor_overrides_from_the_submit_page(client, cast, copy):
    client.force_login(cast.chief)
    assert 'name="override_reason"' in client.get(submit_url(copy)).content.decode()

    response = client.post(
        submit_url(copy),
        {
            **step_choices(cast),
            "change_note": "New.",
            "override_reason": REASON,
        },
    )
    assert response.status_code == 302
    revision = copy.revisions.get()
    assert revision.integrity["override"]["reason"] == REASON
    assert revision.events.filter(action=ReviewEvent.Action.OVERRIDE).exists()


def test_the_reviewer_sees_the_stored_report_beside_the_diff(client, cast, copy):
    revision = workflow.submit_for_review(
        copy,
        by=cast.chief,
        assignees=assignees(cast, cast.reviewer),
        override_reason=REASON,
    )
    client.force_login(cast.reviewer.user)
    page = client.get(
        reverse("admin:articles_revision_change", args=[revision.pk])
    ).content.decode()

    # Read in order: the text, then what changed, then the checks.
    assert page.index("As readers will see it") < page.index("Nothing is live yet")
    assert page.index("Nothing is live yet") < page.index("Integrity checks")
    assert "overridden by chief" in page
    assert REASON in page
    assert "<mark>Washing your hands with soap" in page
    assert "No references are cited." in page and "Reading grade" in page


def test_the_editorial_policy_says_what_is_checked(client):
    page = client.get(reverse("editorial-policy")).content.decode()

    section = page[page.index("What we check before review") :]
    assert section.index("Originality") < section.index("Independence")
    for topic in ("peer reviewed", "more than 10 years old", "reading level"):
        assert topic in section
