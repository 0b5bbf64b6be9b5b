"""Purging old feedback: keeps reports, drops personal data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.models import FeedbackReport


def make(article, age_days, **fields):
    report = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="outdated",
        details="Old dosage table.",
        email="reader@example.org",
        consent_to_contact=True,
        user_agent="Mozilla/5.0",
        client_hash="a" * 64,
        **fields,
    )
    FeedbackReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return report


def test_old_reports_lose_personal_data_and_keep_the_rest(article):
    old = make(article, 100)
    new = make(article, 10)
    out = StringIO()
    call_command("purge_feedback_personal_data", "--older-than", "90", stdout=out)
    assert "1 report(s)" in out.getvalue()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.email, old.user_agent, old.client_hash) == ("", "", "")
    assert old.consent_to_contact is False and old.personal_data_purged_at
    assert old.details == "Old dosage table." and old.reason == "outdated"
    assert new.email == "reader@example.org" and new.client_hash == "a" * 64


def test_running_twice_changes_nothing_more(article):
    make(article, 100)
    call_command(
        "purge_feedback_personal_data", "--older-than", "30", stdout=StringIO()
    )
    out = StringIO()
    call_command("purge_feedback_personal_data", "--older-than", "30", stdout=out)
    assert "0 report(s)" in out.getvalue()


def test_days_is_required_and_not_negative(db):
    with pytest.raises(CommandError):
        call_command("purge_feedback_personal_data", "--older-than", "-1")
    with pytest.raises(CommandError):
        call_command("purge_feedback_personal_data")
