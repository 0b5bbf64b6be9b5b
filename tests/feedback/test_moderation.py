"""Moderators triage reports in the admin; each change is recorded."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import ReviewEvent
from feedback import services
from feedback.models import FeedbackReport, InvalidStatusChange
from tests.factories import publish_article, superuser

LIST = reverse("admin:feedback_feedbackreport_changelist")
S = FeedbackReport.Status
READER = "reader@example.org"


def change_url(report):
    return reverse("admin:feedback_feedbackreport_change", args=[report.pk])


def moderate(client, report, action, note="", reader_message=""):
    return client.post(
        reverse("admin:feedback_feedbackreport_moderate", args=[report.pk]),
        {"action": action, "note": note, "reader_message": reader_message},
    )


def bulk(client, action, *reports):
    return client.post(
        LIST, {"action": action, "_selected_action": [r.pk for r in reports]}
    )


def to_reader(outbox):
    return [m for m in outbox if READER in m.to]


def test_only_moderators_and_superusers_see_feedback(client, cast, report):
    for user, code in [
        (cast.moderator, 200),
        (superuser(), 200),
        (cast.editor, 403),
        (cast.chief, 403),
        (cast.reviewer.user, 403),
    ]:
        client.force_login(user)
        assert client.get(LIST).status_code == code, user
        assert client.get(change_url(report)).status_code == code, user
    client.logout()
    assert client.get(LIST).status_code == 302


def test_a_superuser_can_moderate(
    client, cast, report, django_capture_on_commit_callbacks
):
    root = superuser()
    client.force_login(root)
    assert "Send for re-review" in client.get(change_url(report)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, report, "rereview", "Check the dose table.")
    report.refresh_from_db()
    assert report.status == S.NEEDS_REREVIEW
    assert report.events.get().actor == root
    bulk(client, "mark_dismissed", report)
    report.refresh_from_db()
    assert report.status == S.DISMISSED


def test_detail_shows_the_text_the_reader_saw(client, cast, report, article):
    article.body = "New working copy text [@smith2020]."
    article.save()
    client.force_login(cast.moderator)
    html = client.get(change_url(report)).content.decode()
    assert "Regular walking lowers blood pressure" in html
    assert "New working copy text" not in html
    assert "The recommended dose changed last year." in html


def test_list_filters_and_search(client, cast, report, article):
    FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="broken_link",
        details="Call 07700 900123",
        has_personal_data=True,
        status=S.SPAM,
    )
    client.force_login(cast.moderator)
    by_status = client.get(LIST, {"status": "new"}).content.decode()
    assert "recommended dose" in by_status and "07700" not in by_status
    personal = client.get(LIST, {"personal_data": "yes"}).content.decode()
    assert "07700" in personal and "recommended dose" not in personal
    none_found = client.get(LIST, {"personal_data": "no"}).content.decode()
    assert "recommended dose" in none_found and "07700" not in none_found
    by_reason = client.get(LIST, {"reason__exact": "broken_link"}).content.decode()
    assert "07700" in by_reason and "recommended dose" not in by_reason
    by_topic = client.get(LIST, {"article__topic__id__exact": article.topic_id})
    assert "recommended dose" in by_topic.content.decode()
    found = client.get(LIST, {"q": "recommended"}).content.decode()
    assert "recommended dose" in found and "07700" not in found


def test_list_filters_by_article(client, cast, report, article):
    other = publish_article(cast, title="Other article")
    FeedbackReport.objects.create(
        article=other,
        revision=other.live_revision,
        helpful=False,
        reason="unclear",
        details="The second paragraph is confusing.",
    )
    client.force_login(cast.moderator)
    mine = client.get(LIST, {"article__id__exact": article.pk}).content.decode()
    assert "recommended dose" in mine and "second paragraph" not in mine
    theirs = client.get(LIST, {"article__id__exact": other.pk}).content.decode()
    assert "second paragraph" in theirs and "recommended dose" not in theirs


def test_list_filters_by_date(client, cast, report, article):
    old = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="unclear",
        details="An old complaint about the charts.",
    )
    FeedbackReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    client.force_login(cast.moderator)
    # What the "Past 7 days" link of the date filter sends.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    past_week = {
        "created_at__gte": str(midnight - timedelta(days=7)),
        "created_at__lt": str(midnight + timedelta(days=1)),
    }
    week = client.get(LIST, past_week).content.decode()
    assert "recommended dose" in week and "old complaint" not in week
    then = timezone.localtime(timezone.now() - timedelta(days=40))
    by_month = client.get(
        LIST, {"created_at__year": then.year, "created_at__month": then.month}
    ).content.decode()
    assert "old complaint" in by_month and "recommended dose" not in by_month


def test_default_list_hides_bare_votes(client, cast, report, article, vote):
    vote("no")
    vote("yes")
    assert FeedbackReport.objects.filter(status=S.VOTE).count() == 2
    client.force_login(cast.moderator)
    default = client.get(LIST)
    assert default.context["cl"].result_count == 1  # only the real report
    votes = client.get(LIST, {"status": "vote"})
    assert votes.context["cl"].result_count == 2
    everything = client.get(LIST, {"status": "all"})
    assert everything.context["cl"].result_count == 3
    opened = client.get(LIST, {"status": "open", "article__id__exact": article.pk})
    assert opened.context["cl"].result_count == 1


def test_bulk_actions_record_who_and_when(client, cast, report):
    client.force_login(cast.moderator)
    bulk(client, "assign_to_me", report)
    bulk(client, "mark_triaged", report)
    report.refresh_from_db()
    assert report.assignee == cast.moderator
    assert report.status == S.TRIAGED
    event = report.events.filter(to_status=S.TRIAGED).get()
    assert event.actor == cast.moderator and event.from_status == S.NEW
    bulk(client, "mark_spam", report)
    report.refresh_from_db()
    assert report.status == S.SPAM


def test_bulk_resolve_and_dismiss(
    client, cast, report, article, django_capture_on_commit_callbacks
):
    second = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False, reason="other"
    )
    closed = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="other",
        status=S.SPAM,
    )
    client.force_login(cast.moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client, "mark_resolved", report, second, closed)
    assert response.status_code == 302
    for r in (report, second, closed):
        r.refresh_from_db()
    assert (report.status, second.status) == (S.RESOLVED, S.RESOLVED)
    assert closed.status == S.SPAM  # spam cannot be resolved; refused, unchanged
    assert report.events.get().actor == cast.moderator
    [message] = mail.outbox  # the consenting reporter, with the standard text
    assert message.to == [READER]
    assert "What we did" not in message.body
    third = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False, reason="other"
    )
    bulk(client, "mark_dismissed", third, report)
    third.refresh_from_db()
    report.refresh_from_db()
    assert third.status == S.DISMISSED
    assert report.status == S.RESOLVED  # resolved cannot become dismissed


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
    assert refused.status_code == 302
    page = client.get(refused["Location"]).content.decode()
    assert "Nothing was changed. Say why the article needs another review." in page
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, report, "rereview", "Dose guidance changed in 2025.")
    report.refresh_from_db()
    article.refresh_from_db()
    assert report.status == S.NEEDS_REREVIEW
    assert "Dose guidance changed in 2025." in article.rereview_reason
    event = ReviewEvent.objects.get(article=article, action="rereview_requested")
    assert event.actor == cast.moderator
    [message] = mail.outbox
    assert set(message.to) == {cast.editor.email, cast.reviewer.user.email}
    assert "Dose guidance changed in 2025." in message.body
    assert client.get(article.get_absolute_url()).status_code == 200


def test_resolving_emails_a_consenting_reporter_only_the_reader_message(
    client, cast, report, article, django_capture_on_commit_callbacks
):
    client.force_login(cast.moderator)
    silent = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False, reason="other"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(
            client,
            report,
            "resolved",
            note="Internal: the editor missed the 2024 guideline.",
            reader_message="We updated the dose table.",
        )
        moderate(client, silent, "resolved", reader_message="Fixed.")
    [message] = mail.outbox
    assert message.to == [READER]
    assert "We updated the dose table." in message.body
    assert "Internal" not in message.body and "missed" not in message.body
    assert "Vitamin D in winter" in message.subject
    report.refresh_from_db()
    assert report.reader_message == "We updated the dose table."
    assert "missed the 2024 guideline" in report.events.get().note


def test_internal_rereview_reason_never_reaches_the_reader(
    client, cast, report, django_capture_on_commit_callbacks
):
    reason = "Reviewer skimmed the dosage section; check with Dr Patel."
    client.force_login(cast.moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, report, "rereview", reason)
        moderate(client, report, "resolved")
    report.refresh_from_db()
    assert report.status == S.RESOLVED
    [to_them] = to_reader(mail.outbox)
    assert "Dr Patel" not in to_them.body and "skimmed" not in to_them.body
    assert "What we did" not in to_them.body
    # The reason stays on record for the team.
    assert report.events.filter(note=reason).exists()
    assert reason in client.get(change_url(report)).content.decode()


def test_unreadable_input_is_refused_with_a_reason(client, cast, report):
    client.force_login(cast.moderator)
    response = moderate(client, report, "triaged", "bad\x00note")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert (
        "Nothing was changed. Internal note: Null characters are not allowed." in html
    )
    forged = moderate(client, report, "publish-everything")
    html = client.get(forged["Location"]).content.decode()
    assert "Choose what to do with the report." in html
    report.refresh_from_db()
    assert report.status == S.NEW and not report.events.exists()


def test_moderation_form_says_which_note_goes_to_the_reader(client, cast, report):
    client.force_login(cast.moderator)
    html = client.get(change_url(report)).content.decode()
    assert "Internal note" in html and "never sent to the reader" in html
    assert "Message to the reader" in html
    assert "E-mailed to the reader when you resolve" in html
    assert "agreed to be contacted" in html


def test_a_reader_message_is_only_for_resolving_and_nothing_is_lost(
    client, cast, report, django_capture_on_commit_callbacks
):
    client.force_login(cast.moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderate(
            client, report, "dismissed", "Not our article.", "Sorry, we cannot help."
        )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Nothing was changed." in html and "only sent when you resolve" in html
    # Both boxes come back as typed, each in its own place.
    assert ">Not our article.</textarea>" in html
    assert ">Sorry, we cannot help.</textarea>" in html
    report.refresh_from_db()
    assert report.status == S.NEW and not report.events.exists()
    assert mail.outbox == []
    # The draft is shown once, then the boxes are empty again.
    again = client.get(change_url(report)).content.decode()
    assert "Not our article." not in again


@pytest.mark.parametrize("status", [S.RESOLVED, S.DISMISSED, S.SPAM])
def test_closing_a_report_forgets_the_email_address(
    cast, report, status, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(report, by=cast.moderator, status=status, reader_message="")
    report.refresh_from_db()
    assert (report.email, report.consent_to_contact) == ("", False)
    # Resolving still told the reader first; the other closes send nothing.
    assert [m.to for m in mail.outbox] == ([[READER]] if status == S.RESOLVED else [])


def test_a_report_that_stays_open_keeps_the_email_address(cast, report):
    services.set_status(report, by=cast.moderator, status=S.TRIAGED)
    services.send_for_rereview(report, by=cast.moderator, reason="Check it.")
    report.refresh_from_db()
    assert report.email == READER and report.consent_to_contact
