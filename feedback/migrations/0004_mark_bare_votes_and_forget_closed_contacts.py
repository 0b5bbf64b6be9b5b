"""Bring stored reports in line with the rules of 0003.

- A bare vote (no reason, no details, never touched by a moderator) used to be
  stored as "new" (No) or "resolved" (Yes); it is now "vote", which is not an
  open report.
- A closed report (resolved, dismissed, spam) keeps no e-mail address: the
  consent text promises it is deleted when the report is closed.
"""

from django.db import migrations

CLOSED = ["resolved", "dismissed", "spam"]


def forwards(apps, schema_editor):
    FeedbackReport = apps.get_model("feedback", "FeedbackReport")
    FeedbackReport.objects.filter(
        status__in=["new", "resolved"],
        reason="",
        details="",
        details_added_at__isnull=True,
        events__isnull=True,
    ).update(status="vote")
    FeedbackReport.objects.filter(status__in=CLOSED).exclude(
        email="", consent_to_contact=False
    ).update(email="", consent_to_contact=False)


def backwards(apps, schema_editor):
    FeedbackReport = apps.get_model("feedback", "FeedbackReport")
    FeedbackReport.objects.filter(status="vote", helpful=True).update(status="resolved")
    FeedbackReport.objects.filter(status="vote").update(status="new")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_bare_votes_and_reader_message")]

    operations = [migrations.RunPython(forwards, backwards)]
