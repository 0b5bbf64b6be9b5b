"""A report resolved as fixed names the revision; the reader hears once it is live."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from feedback import services
from feedback.models import FeedbackReport, InvalidStatusChange
from tests.factories import approve, submit

S = FeedbackReport.Status
READER = "reader@example.org"


@pytest.fixture
def fix(article, cast):
    """Return revision 2 of the article, in review: the fix, not live yet."""
    return submit(article, cast, note="Updated the dose table.")


@pytest.fixture
def mailbox():
    """Return a function that returns the reader's messages sent so far."""
    mail.outbox.clear()
    return lambda: [m for m in mail.outbox if READER in m.to]


def committed():
    """Return a context manager that runs, on exit, what was queued for commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def moderate(client, report, action, **data):
    return client.post(
        reverse("admin:feedback_feedbackreport_moderate", args=[report.pk]),
        {"action": action, **data},
    )


def change_page(client, report):
    url = reverse("admin:feedback_feedbackreport_change", args=[report.pk])
    return client.get(url).content.decode()


def resolve(report, cast, fix, message="We updated the dose table."):
    """Resolve REPORT as fixed by FIX, as the admin does, and commit."""
    with committed():
        return services.set_status(
            report,
            by=cast.moderator,
            status=S.RESOLVED,
            reader_message=message,
            fixed_by_revision=fix,
        )


def go_live(revision, cast):
    """Approve and publish REVISION now, and commit."""
    with committed():
        workflow.publish(approve(revision, cast), by=cast.chief)


def test_the_message_waits_for_the_fix_and_goes_once_it_is_live(
    client, cast, report, fix, mailbox
):
    client.force_login(cast.moderator)
    with committed():
        moderate(
            client,
            report,
            "resolved",
            reader_message="We updated the dose table.",
            fixed_by_revision=fix.pk,
        )
    report.refresh_from_db()
    assert report.status == S.RESOLVED and report.fixed_by_revision == fix
    assert mailbox() == []  # revision 2 is only in review
    # The address is kept until the e-mail is sent, and only for that.
    assert report.email == READER and report.reader_email_held
    page = change_page(client, report)
    assert "Revision 2 (in review)" in page
    assert "The reader will be e-mailed when it goes live." in page

    go_live(fix, cast)
    [message] = mailbox()
    assert "What we did: We updated the dose table." in message.body
    report.refresh_from_db()
    assert (report.email, report.consent_to_contact) == ("", False)
    assert not report.reader_email_held
    event = report.events.order_by("pk").last()
    assert event.actor is None
    assert event.note == "Revision 2 went live: the reporter was e-mailed."
    page = change_page(client, report)
    assert "Revision 2 (live since" in page
    assert "The reader will be e-mailed when it goes live." not in page


def test_the_message_is_sent_exactly_once(cast, report, fix, article, mailbox):
    resolve(report, cast, fix)
    go_live(fix, cast)
    assert len(mailbox()) == 1
    # A later publication, or the receiver called again, sends nothing more.
    go_live(submit(article, cast), cast)
    assert services.send_held_messages(revision=fix) == 0
    assert len(mailbox()) == 1


def test_the_message_goes_when_a_scheduled_fix_goes_live(cast, report, fix, mailbox):
    resolve(report, cast, fix)
    go_live_at = timezone.now() + timedelta(hours=2)
    with committed():
        workflow.publish(approve(fix, cast), by=cast.chief, go_live_at=go_live_at)
    assert mailbox() == []  # scheduled is not live
    with committed():
        assert workflow.publish_scheduled(now=go_live_at + timedelta(minutes=1)) == 1
    assert len(mailbox()) == 1


def test_no_message_if_the_fix_never_goes_live(
    client, cast, report, fix, article, mailbox
):
    resolve(report, cast, fix)
    workflow.request_changes(fix, by=cast.reviewer.user, comment="Cite the guideline.")
    # The next revision goes live instead; it is not the one named.
    go_live(submit(article, cast), cast)
    assert mailbox() == []
    report.refresh_from_db()
    assert report.reader_email_held
    client.force_login(cast.moderator)
    page = change_page(client, report)
    assert "Revision 2 (will not go live)" in page
    assert "The reader will not be e-mailed: reopen the report" in page


def test_a_fix_that_is_live_already_sends_at_once(cast, report, fix, mailbox):
    go_live(fix, cast)
    resolve(report, cast, fix)
    [message] = mailbox()
    assert "We updated the dose table." in message.body
    report.refresh_from_db()
    assert report.fixed_by_revision == fix and not report.reader_email_held
    assert report.email == ""
    assert "Fixed by revision 2. The reporter was e-mailed." in report.events.get().note


def test_reopening_cancels_the_held_message(cast, report, fix, mailbox):
    resolve(report, cast, fix)
    services.set_status(report, by=cast.moderator, status=S.TRIAGED)
    report.refresh_from_db()
    assert report.fixed_by_revision is None and not report.reader_email_held
    assert report.email == READER  # open again: the address stays, as for any
    go_live(fix, cast)
    assert mailbox() == []
    assert "was cancelled" in report.events.order_by("pk").last().note


def test_a_reader_without_consent_gets_nothing_but_the_fix_is_recorded(
    cast, report, fix, mailbox
):
    FeedbackReport.objects.filter(pk=report.pk).update(consent_to_contact=False)
    resolve(report, cast, fix)
    report.refresh_from_db()
    assert report.fixed_by_revision == fix and not report.reader_email_held
    go_live(fix, cast)
    assert mailbox() == []


def test_only_newer_revisions_that_can_go_live_are_offered(
    client, cast, report, article
):
    overtaken = approve(submit(article, cast), cast)  # revision 2, approved
    refused = submit(article, cast)  # revision 3 overtakes it: 2 never goes live
    workflow.request_changes(refused, by=cast.reviewer.user, comment="No.")
    latest = submit(article, cast)  # revision 4, in review
    client.force_login(cast.moderator)
    response = client.get(
        reverse("admin:feedback_feedbackreport_change", args=[report.pk])
    )
    offered = list(
        response.context["moderation_form"].fields["fixed_by_revision"].queryset
    )
    assert offered == [latest]
    assert "Revision 4 (in review)" in response.content.decode()
    for not_offered in (article.live_revision, overtaken, refused):
        with pytest.raises(InvalidStatusChange, match="newer revision"):
            resolve(report, cast, not_offered)
        report.refresh_from_db()
        assert report.status == S.NEW and not report.events.exists()


def test_a_fix_is_only_named_when_resolving(client, cast, report, fix, mailbox):
    with pytest.raises(InvalidStatusChange, match="only recorded when you resolve"):
        services.set_status(
            report, by=cast.moderator, status=S.TRIAGED, fixed_by_revision=fix
        )
    client.force_login(cast.moderator)
    response = moderate(client, report, "triaged", fixed_by_revision=fix.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was changed." in page and "only recorded when you resolve" in page
    report.refresh_from_db()
    assert report.status == S.NEW and report.fixed_by_revision is None
    assert not report.events.exists()
    assert mailbox() == []


def test_a_publication_that_rolls_back_sends_nothing(cast, report, fix, mailbox):
    """The held e-mail is marked sent inside the publishing transaction."""
    resolve(report, cast, fix)
    approved = approve(fix, cast)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        workflow.publish(approved, by=cast.chief)
        raise RuntimeError("the publication fails after making the revision live")
    report.refresh_from_db()
    assert report.reader_email_held and report.email == READER
    assert mailbox() == []
    with committed():
        workflow.publish(approved, by=cast.chief)
    assert len(mailbox()) == 1
