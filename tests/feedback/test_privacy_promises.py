"""What readers are promised about their feedback matches what the code does."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from feedback.models import FeedbackReport


def test_consent_box_promises_deletion_on_close_and_within_90_days(client, vote):
    page = client.get(vote("no")["Location"]).content.decode()
    assert (
        "deleted once the report is closed and I have been told what was done, "
        "and at the latest after 90 days" in page
    )


def test_privacy_notice_says_only_moderators_read_reports(client, db):
    html = client.get("/privacy/").content.decode()
    assert "moderators and editors" not in html
    assert "Only our moderators" in html
    assert "Our editors see only figures for each article" in html
    assert "deleted as soon as your report is closed and we have told you" in html
    assert "once it is published" in html
    assert "once they are 90 days old" in html


def test_the_daily_90_day_purge_removes_an_address_from_an_open_report(article):
    report = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="other",
        email="reader@example.org",
        consent_to_contact=True,
    )
    FeedbackReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=90, minutes=1)
    )
    call_command(
        "purge_feedback_personal_data", "--older-than", "90", stdout=StringIO()
    )
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.NEW  # still open
    assert (report.email, report.consent_to_contact) == ("", False)
