"""Checked credentials, specialties, and the attribution frozen at approval."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Registration, ReviewEvent, Specialty, StepKind
from articles.workflow import WorkflowError
from articles.workflow.credentials import remind_expiring_registrations
from tests.factories import (
    ALL_ATTESTED,
    MedicalReviewerFactory,
    TopicFactory,
    approve,
    assignees,
    draft,
    publish_article,
    refused,
    submit,
)

Action = ReviewEvent.Action


def registration_of(reviewer):
    return reviewer.registrations.get()


# Registrations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"status": Registration.Status.SUSPENDED}, "suspended"),
        ({"status": Registration.Status.LAPSED}, "lapsed"),
        ({"verified_on": None}, "never verified"),
        ({"expires_on": timezone.localdate() - timedelta(days=1)}, "expired"),
    ],
)
def test_no_current_verified_registration_means_no_assignment(cast, change, why):
    Registration.objects.filter(reviewer=cast.reviewer2).update(**change)
    article = draft(cast)
    with refused(article, WorkflowError, match="no current verified registration"):
        submit(article, cast, reviewer=cast.reviewer2)
    revision = submit(article, cast)
    with refused(article, WorkflowError, match="no current verified registration"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer2)


def test_a_registration_that_lapses_after_assignment_blocks_the_approval(cast):
    revision = submit(draft(cast), cast)
    Registration.objects.filter(reviewer=cast.reviewer).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    with refused(revision.article, WorkflowError, match="Priya Raman has no current"):
        workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    # Renewed and checked again: the approval goes through.
    Registration.objects.filter(reviewer=cast.reviewer).update(
        expires_on=timezone.localdate() + timedelta(days=365)
    )
    approve(revision, cast)


def test_a_reviewer_without_any_registration_is_not_offered(client, cast):
    unregistered = MedicalReviewerFactory(name="Nora Quill", registered=False)
    article = draft(cast)
    with refused(article, WorkflowError, match="Nora Quill has no current"):
        submit(article, cast, reviewer=unregistered)


def test_recording_a_check_in_the_admin_records_who_checked(client, cast):
    reviewer = cast.reviewer2
    client.force_login(cast.chief)
    url = reverse("admin:articles_medicalreviewer_change", args=[reviewer.pk])
    old = registration_of(reviewer)
    today = timezone.localdate()
    data = {
        "name": reviewer.name,
        "slug": reviewer.slug,
        "credentials": reviewer.credentials,
        "bio": "",
        "profile_links": "[]",
        "specialty": reviewer.specialty,
        "specialties": [s.pk for s in reviewer.specialties.all()],
        "conflict_of_interest": "None declared.",
        "active": "on",
        "registrations-TOTAL_FORMS": "1",
        "registrations-INITIAL_FORMS": "1",
        "registrations-0-id": old.pk,
        "registrations-0-reviewer": reviewer.pk,
        "registrations-0-body": old.body,
        "registrations-0-number": old.number,
        "registrations-0-status": "current",
        "registrations-0-verified_on": (today - timedelta(days=1)).isoformat(),
        "registrations-0-expires_on": (today + timedelta(days=400)).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    old.refresh_from_db()
    assert old.verified_by == cast.chief
    assert old.verified_on == today - timedelta(days=1)
    # A check dated in the future is refused with the reason.
    future = {**data, "registrations-0-verified_on": (today + timedelta(days=3))}
    response = client.post(url, future)
    assert response.status_code == 200
    assert "A check cannot be in the future." in response.content.decode()


# Specialties -------------------------------------------------------------------


@pytest.fixture
def cardiology(cast):
    """A topic only cardiologists cover; cast.reviewer2 is one, cast.reviewer not."""
    topic = TopicFactory(name="Heart rhythm", general_practice=False)
    specialty = Specialty.objects.create(name="Cardiology")
    specialty.topics.add(topic)
    cast.reviewer2.specialties.add(specialty)
    return topic


def test_a_reviewer_outside_the_topic_is_refused_with_a_warning(cast, cardiology):
    article = draft(cast, topic=cardiology)
    with refused(article, WorkflowError, match="do not cover the topic Heart rhythm"):
        submit(article, cast)  # Priya Raman: general practice only
    revision = submit(article, cast, reviewer=cast.reviewer2)
    assert revision.reviewer == cast.reviewer2


def test_only_a_chief_editor_overrides_the_specialty_warning_with_a_reason(
    cast, cardiology
):
    article = draft(cast, topic=cardiology)
    with refused(article, PermissionDenied, match="Only a chief editor"):
        workflow.submit_for_review(
            article,
            by=cast.editor,
            assignees=assignees(cast),
            specialty_reason="She trained in cardiology.",
        )
    revision = workflow.submit_for_review(
        article,
        by=cast.chief,
        assignees=assignees(cast),
        specialty_reason="Ten years in a cardiology unit before general practice.",
    )
    override = revision.events.get(action=Action.OVERRIDE)
    assert override.comment == (
        "Priya Raman assigned outside their specialties: Ten years in a "
        "cardiology unit before general practice."
    )
    assert override.actor == cast.chief


def test_reassigning_outside_the_specialties_needs_the_reason_too(cast, cardiology):
    revision = submit(draft(cast, topic=cardiology), cast, reviewer=cast.reviewer2)
    with refused(revision.article, WorkflowError, match="do not cover"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer)
    workflow.assign_reviewer(
        revision, by=cast.chief, reviewer=cast.reviewer, specialty_reason="Cover."
    )
    assert revision.events.filter(action=Action.OVERRIDE).count() == 1


# Reminders of expiring registrations ------------------------------------------


def test_chief_editors_are_reminded_of_registrations_expiring_within_60_days(
    cast, django_capture_on_commit_callbacks
):
    now = timezone.now()
    today = timezone.localdate(now)
    Registration.objects.filter(reviewer=cast.reviewer).update(
        expires_on=today + timedelta(days=30)
    )
    Registration.objects.filter(reviewer=cast.reviewer2).update(
        expires_on=today + timedelta(days=75)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring_registrations(now=now) == 1
    [message] = mail.outbox
    assert message.to == [cast.chief.email]
    assert "Priya Raman" in message.body and "in 30 days" in message.body
    assert cast.reviewer2.name not in message.body  # beyond the 60 days
    # Not again the next day, but again a week later.
    assert remind_expiring_registrations(now=now + timedelta(days=1)) == 0
    assert remind_expiring_registrations(now=now + timedelta(days=7)) == 1
    # In the last week, every day.
    Registration.objects.filter(reviewer=cast.reviewer).update(
        expires_on=today + timedelta(days=9)
    )
    assert remind_expiring_registrations(now=now + timedelta(days=8)) == 1
    assert remind_expiring_registrations(now=now + timedelta(days=9)) == 1
    assert remind_expiring_registrations(now=now + timedelta(days=9)) == 0
    # Nothing for a registration that has no expiry or is already lapsed.
    Registration.objects.filter(reviewer=cast.reviewer).update(expires_on=None)
    assert remind_expiring_registrations(now=now + timedelta(days=10)) == 0


# Attribution frozen at approval ------------------------------------------------


def test_the_approval_keeps_the_name_and_registration_it_was_given_under(cast):
    article = publish_article(cast)
    step = article.live_revision.steps.get(kind=StepKind.MEDICAL_REVIEW)
    registration = registration_of(cast.reviewer)
    assert step.credited_name == "Priya Raman, MD, MRCP"
    assert step.attribution["registration"]["number"] == registration.number
    # A chief editor edits the profile: the approval does not change.
    cast.reviewer.name, cast.reviewer.credentials = "P. Raman", "MBBS"
    cast.reviewer.save()
    registration.number = "GMC9999999"
    registration.save()
    step.refresh_from_db()
    assert step.credited_name == "Priya Raman, MD, MRCP"
    assert step.attribution["registration"]["number"] != "GMC9999999"
    # The next approval carries the new wording.
    later = approve(submit(article, cast), cast)
    newer = later.steps.get(kind=StepKind.MEDICAL_REVIEW)
    assert newer.credited_name == "P. Raman, MBBS"


def test_correcting_the_name_is_recorded_and_the_reviewer_told(
    cast, django_capture_on_commit_callbacks
):
    article = publish_article(cast)
    cast.reviewer.name = "Priya Ramanathan"
    cast.reviewer.save()
    with refused(article, PermissionDenied, match="Only a chief editor"):
        workflow.correct_attribution(cast.reviewer, by=cast.editor, reason="Typo.")
    with refused(article, WorkflowError, match="Say why"):
        workflow.correct_attribution(cast.reviewer, by=cast.chief, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        [step] = workflow.correct_attribution(
            cast.reviewer, by=cast.chief, reason="Her surname was cut short."
        )
    assert step.credited_name == "Priya Ramanathan, MD, MRCP"
    event = article.events.get(action=Action.ATTRIBUTION_CORRECTED)
    assert event.actor == cast.chief
    assert "“Priya Raman, MD, MRCP”" in event.comment
    assert "Her surname was cut short." in event.comment
    [told] = [m for m in mail.outbox if m.to == [cast.reviewer.user.email]]
    assert "Priya Ramanathan, MD, MRCP" in told.body
    assert article.title in told.body
    # Done once: a second correction has nothing to do.
    with refused(article, WorkflowError, match="Nothing to correct"):
        workflow.correct_attribution(cast.reviewer, by=cast.chief, reason="Again.")


def test_the_correction_page_lists_what_will_change(client, cast):
    article = publish_article(cast, title="Sleep and memory")
    cast.reviewer.name = "Priya Ramanathan"
    cast.reviewer.save()
    url = reverse(
        "admin:articles_medicalreviewer_correct_attribution", args=[cast.reviewer.pk]
    )
    client.force_login(cast.editor)
    assert client.get(url).status_code == 403
    client.force_login(cast.chief)
    change = reverse("admin:articles_medicalreviewer_change", args=[cast.reviewer.pk])
    assert "show an earlier wording" in client.get(change).content.decode()
    html = client.get(url).content.decode()
    assert "Sleep and memory" in html and "Priya Raman, MD, MRCP" in html
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Misspelt."}).status_code == 302
    step = article.live_revision.steps.get(kind=StepKind.MEDICAL_REVIEW)
    assert step.credited_name == "Priya Ramanathan, MD, MRCP"
