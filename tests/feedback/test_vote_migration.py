"""Migration 0004 brings reports stored under the old rules up to date."""

from importlib import import_module

from django.apps import apps

from feedback.models import FeedbackEvent, FeedbackReport

S = FeedbackReport.Status
migration = import_module(
    "feedback.migrations.0004_mark_bare_votes_and_forget_closed_contacts"
)


def test_bare_votes_become_votes_and_closed_reports_forget_addresses(cast, article):
    def make(**fields):
        return FeedbackReport.objects.create(
            article=article, revision=article.live_revision, **fields
        )

    bare_no = make(helpful=False, status=S.NEW)
    bare_yes = make(helpful=True, status=S.RESOLVED)
    report = make(helpful=False, status=S.NEW, reason="other")
    handled = make(helpful=True, status=S.RESOLVED)
    FeedbackEvent.objects.create(
        report=handled, from_status="new", to_status="resolved"
    )
    dismissed = make(
        helpful=False,
        status=S.DISMISSED,
        reason="other",
        email="reader@example.org",
        consent_to_contact=True,
    )
    still_open = make(
        helpful=False,
        status=S.TRIAGED,
        reason="other",
        email="reader@example.org",
        consent_to_contact=True,
    )
    migration.forwards(apps, None)
    for r in (bare_no, bare_yes, report, handled, dismissed, still_open):
        r.refresh_from_db()
    assert (bare_no.status, bare_yes.status) == (S.VOTE, S.VOTE)
    assert (report.status, handled.status) == (S.NEW, S.RESOLVED)
    assert (dismissed.email, dismissed.consent_to_contact) == ("", False)
    assert still_open.email == "reader@example.org"
    migration.backwards(apps, None)
    bare_no.refresh_from_db()
    bare_yes.refresh_from_db()
    assert (bare_no.status, bare_yes.status) == (S.NEW, S.RESOLVED)
