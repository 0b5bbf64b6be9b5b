"""Moderators triage reports in the admin; each change is recorded."""

import pytest
from django.core import mail
from django.urls import reverse

from articles.models import ReviewEvent
from feedback import services
from feedback.models import FeedbackReport, InvalidStatusChange

LIST = reverse("admin:feedback_feedbackreport_changelist")
S = FeedbackReport.Status


@pytest.fixture
def report(article):
    return FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="outdated",
        details="The recommended dose changed last year.",
        email="reader@example.org",
        consent_to_contact=True,
    )


def change_url(report):
    return reverse("admin:feedback_feedbackreport_change", args=[report.pk])


def moderate(client, report, action, note=""):
    return client.post(
        reverse("admin:feedback_feedbackreport_moderate", args=[report.pk]),
        {"action": action, "note": note},
    )


def test_only_moderators_and_superusers_see_feedback(client, cast, report):
    for user, code in [
        (cast.moderator, 200),
        (cast.editor, 403),
        (cast.chief, 403),
        (cast.reviewer.user, 403),
    ]:
        client.force_login(user)
        assert client.get(LIST).status_code == code, user
        assert client.get(change_url(report)).status_code == code, user
    client.logout()
    assert client.get(LIST).status_code == 302


def test_detail_shows_the_text_the_reader_saw(client, cast, report, article):
    article.body = "New working copy text [@smith2020]."
    article.save()
    client.force_login(cast.moderator)
    html = client.get(change_url(report)).content.decode()
    assert "Regular walking lowers blood pressure" in html
    assert "New working copy text" not in html
    assert "The recommended dose changed last year." in html


def test_list_filters_and_search(client, cast, report, article):
    other = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="broken_link",
        details="Call 07700 900123",
        has_personal_data=True,
        status=S.SPAM,
    )
    client.force_login(cast.moderator)
    by_status = client.get(LIST, {"status__exact": "new"}).content.decode()
    assert "recommended dose" in by_status and "07700" not in by_status
    personal = client.get(LIST, {"has_personal_data__exact": "1"}).content.decode()
    assert "07700" in personal and "recommended dose" not in personal
    by_reason = client.get(LIST, {"reason__exact": "broken_link"}).content.decode()
    assert "07700" in by_reason
    by_topic = client.get(LIST, {"article__topic__id__exact": article.topic_id})
    assert (
        by_topic.status_code == 200 and "recommended dose" in by_topic.content.decode()
    )
    found = client.get(LIST, {"q": "recommended"}).content.decode()
    assert "recommended dose" in found and "07700" not in found
    assert other.pk


def test_bulk_actions_record_who_and_when(client, cast, report):
    client.force_login(cast.moderator)
    client.post(
        LIST, {"action": "assign_to_me", "_selected_action": [report.pk]}, follow=True
    )
    client.post(LIST, {"action": "mark_triaged", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.assignee == cast.moderator
    assert report.status == S.TRIAGED
    event = report.events.filter(to_status=S.TRIAGED).get()
    assert event.actor == cast.moderator and event.from_status == S.NEW
    for action, status in [("mark_spam", S.SPAM)]:
        client.post(LIST, {"action": action, "_selected_action": [report.pk]})
        report.refresh_from_db()
        assert report.status == status


def test_forbidden_status_changes_are_refused(cast, report):
    services.set_status(report, by=cast.moderator, status=S.DISMISSED)
    with pytest.raises(InvalidStatusChange):
        services.set_status(report, by=cast.moderator, status=S.NEEDS_REREVIEW)
    with pytest.raises(InvalidStatusChange):
        services.set_status(report, by=cast.moderator, status=S.RESOLVED)
    report.refresh_from_db()
    assert report.status == S.DISMISSED
    assert report.events.count() == 1


def test_non_moderator_cannot_change_status(cast, report):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_status(report, by=cast.editor, status=S.SPAM)
    report.refresh_from_db()
    assert report.status == S.NEW


def test_send_for_rereview_flags_article_and_emails_editor_and_reviewer(
    client, cast, report, article, django_capture_on_commit_callbacks
):
    client.force_login(cast.moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refused = moderate(client, report, "rereview", "")
    report.refresh_from_db()
    assert report.status == S.NEW  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, report, "rereview", "Dose guidance changed in 2025.")
    report.refresh_from_db()
    article.refresh_from_db()
    assert refused.status_code == 302
    assert report.status == S.NEEDS_REREVIEW
    assert "Dose guidance changed in 2025." in article.rereview_reason
    event = ReviewEvent.objects.get(article=article, action="rereview_requested")
    assert event.actor == cast.moderator
    [message] = mail.outbox
    assert set(message.to) == {cast.editor.email, cast.reviewer.user.email}
    assert "Dose guidance changed in 2025." in message.body
    assert client.get(article.get_absolute_url()).status_code == 200


def test_resolving_emails_a_consenting_reporter_only(
    client, cast, report, article, django_capture_on_commit_callbacks
):
    client.force_login(cast.moderator)
    silent = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False, reason="other"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, report, "resolved", "We updated the dose table.")
        moderate(client, silent, "resolved", "Fixed.")
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "We updated the dose table." in message.body
    assert "Vitamin D in winter" in message.subject
