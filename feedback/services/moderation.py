"""The moderators' triage: status changes, assignment, re-review, fixes.

Every change locks the report, checks the move, writes a FeedbackEvent and
queues any e-mail to the reader for after commit.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from articles import workflow
from articles.models import Article, Revision
from articles.workflow.roles import MODERATORS
from core.mail import send_after_commit
from core.refusals import Refusal

from ..models import FeedbackEvent, FeedbackReport, InvalidStatusChange

READER_MESSAGE_ONLY_WHEN_RESOLVING = (
    "A message to the reader is only sent when you resolve a report. Clear it, "
    "or resolve the report."
)
FIX_ONLY_WHEN_RESOLVING = (
    "A fixing revision is only recorded when you resolve a report. Choose none, "
    "or resolve the report."
)


class InvalidAssignee(Refusal):
    """A report can only be given to an active moderator (see check_assignee)."""


def _require_moderator(user):
    if not user.has_perm("feedback.change_feedbackreport"):
        raise PermissionDenied("Only moderators can triage feedback.")


def _locked(report):
    """Return REPORT re-read under a row lock, with what its e-mails need."""
    return (
        FeedbackReport.objects.select_for_update(of=("self",))
        .select_related("article", "revision")
        .get(pk=report.pk)
    )


def fix_revisions(report):
    """Return the revisions that may be named as fixing REPORT, newest first.

    The article's revisions newer than the one the reader saw that are or were
    live, or can still go live (its latest, in review or approved and waiting).
    """
    newer = Revision.objects.filter(
        article_id=report.article_id,
        number__gt=Revision.objects.filter(pk=report.revision_id).values("number"),
    )
    return (
        newer.filter(
            Q(published_at__isnull=False) | Q(pk__in=newer.current().values("pk"))
        )
        .only("pk", "article_id", "number", "decision", "published_at")
        .order_by("-number")
    )


def can_still_go_live(revision):
    """Return whether REVISION is live, was live, or may still be published."""
    return bool(
        revision.published_at
        or Revision.objects.current().filter(pk=revision.pk).exists()
    )


@transaction.atomic
def set_status(
    report, *, by, status, note="", reader_message="", fixed_by_revision=None
):
    """Move REPORT to STATUS, recording who and when; return the report.

    NOTE is internal: it goes to the report's history and internal note, never
    to the reader. READER_MESSAGE is for the reader and only accompanies a
    resolution; a reporter who agreed to be contacted is e-mailed it. Closing a
    report forgets the reporter's e-mail address (after that e-mail is queued).
    FIXED_BY_REVISION, only when resolving, names the newer revision (one of
    ``fix_revisions``) that fixes what the reader reported: until it is live,
    the e-mail to the reader is held, and sent by ``send_held_messages``.
    "Needs re-review" is reached only through send_for_rereview, which also
    sends the article back to its reviewers.
    """
    _require_moderator(by)
    if status == FeedbackReport.Status.NEEDS_REREVIEW:
        raise InvalidStatusChange(
            "Use “Send for re-review”: it also sends the article back for review."
        )
    if fixed_by_revision is not None:
        if status != FeedbackReport.Status.RESOLVED:
            raise InvalidStatusChange(FIX_ONLY_WHEN_RESOLVING)
        # The article first, then the report: the order publishing takes them
        # (its lock, then the held reports). Under that lock the revision is
        # either live already or cannot go live before this report is held, so
        # the reader's e-mail is neither lost nor sent twice.
        Article.objects.select_for_update().filter(pk=report.article_id).values_list(
            "pk", flat=True
        ).first()
    report = _locked(report)
    report.check_transition(status)
    if fixed_by_revision is not None:
        fixed_by_revision = (
            fix_revisions(report).filter(pk=fixed_by_revision.pk).first()
        )
        if fixed_by_revision is None:
            raise InvalidStatusChange(
                "Choose a newer revision of this article that is live or can "
                "still go live."
            )
    return _move(
        report,
        by=by,
        status=status,
        note=note,
        reader_message=reader_message,
        fixed_by_revision=fixed_by_revision,
    )


def _move(report, *, by, status, note="", reader_message="", fixed_by_revision=None):
    """Move the locked REPORT to STATUS (already checked) and record it."""
    Status = FeedbackReport.Status
    reader_message = (reader_message or "").strip()
    if reader_message and status != Status.RESOLVED:
        raise InvalidStatusChange(READER_MESSAGE_ONLY_WHEN_RESOLVING)
    previous = report.status
    report.status = status
    if note:
        report.resolution_note = note
    said = [note]
    if status == Status.RESOLVED:
        report.reader_message = reader_message
        report.fixed_by_revision = fixed_by_revision
        if fixed_by_revision is not None:
            said.append(f"Fixed by revision {fixed_by_revision.number}.")
        waiting = fixed_by_revision is not None and not fixed_by_revision.published_at
        if report.can_tell_reporter and waiting:
            report.reader_email_held = True
            said.append(
                "The reporter will be e-mailed when revision "
                f"{fixed_by_revision.number} goes live."
            )
        elif report.can_tell_reporter:
            _tell_reporter(report)
            said.append("The reporter was e-mailed.")
    else:
        # Reopened: the fix no longer stands, and neither does a held e-mail.
        if report.reader_email_held:
            said.append("The e-mail waiting for the fix to go live was cancelled.")
        report.fixed_by_revision = None
        report.reader_email_held = False
    if status in FeedbackReport.CLOSED_STATUSES and not report.reader_email_held:
        report.forget_contact()
    report.save(
        update_fields=[
            "status",
            "resolution_note",
            "reader_message",
            "fixed_by_revision",
            "reader_email_held",
            "email",
            "consent_to_contact",
        ]
    )
    FeedbackEvent.objects.create(
        report=report,
        actor=by,
        from_status=previous,
        to_status=status,
        note=" ".join(filter(None, said)),
    )
    return report


@transaction.atomic
def send_held_messages(*, revision):
    """E-mail the readers whose reports REVISION fixes; return how many were told.

    Called when REVISION has just gone live (feedback.receivers, on
    ``articles.workflow.signals.revision_published``), inside the publishing
    transaction. Each held e-mail goes once: under the report's lock it is
    queued, the hold cleared and the reader's address deleted, and the history
    records it with no actor (the system did it).
    """
    Status = FeedbackReport.Status
    held = (
        FeedbackReport.objects.select_for_update(of=("self",))
        .select_related("article", "revision")
        .filter(
            fixed_by_revision_id=revision.pk,
            reader_email_held=True,
            status=Status.RESOLVED,
        )
        .order_by("pk")
    )
    told = 0
    for report in held:
        if report.can_tell_reporter:
            _tell_reporter(report)
            told += 1
            note = f"Revision {revision.number} went live: the reporter was e-mailed."
        else:
            # The daily purge deleted the address while the fix waited.
            note = (
                f"Revision {revision.number} went live; the reporter's address had "
                "already been deleted, so nothing was sent."
            )
        report.reader_email_held = False
        report.forget_contact()
        report.save(update_fields=["reader_email_held", "email", "consent_to_contact"])
        FeedbackEvent.objects.create(
            report=report,
            actor=None,
            from_status=Status.RESOLVED,
            to_status=Status.RESOLVED,
            note=note,
        )
    return told


def _tell_reporter(report):
    """Queue the e-mail to a consenting reporter: only what was written for them."""
    title = report.revision.title
    body = (
        f'Thank you for telling us about a problem with "{title}".\n\n'
        "Our team looked into your report and has now dealt with it."
    )
    if report.reader_message:
        body += f"\n\nWhat we did: {report.reader_message}"
    body += (
        f"\n\n{settings.SITE_URL}{report.article.get_absolute_url()}\n\n"
        "We will not contact you again about this report, and we have deleted "
        "your e-mail address from it."
    )
    send_after_commit(f'Your report about "{title}"', body, [report.email])


def moderators():
    """Return the users a report can be given to: active members of Moderators."""
    return (
        get_user_model()
        .objects.filter(groups__name=MODERATORS, is_active=True)
        .distinct()
        .order_by("username")
    )


def check_assignee(assignee, *, by):
    """Raise InvalidAssignee unless BY may give a report to ASSIGNEE (None: nobody).

    The team is the Moderators group. A superuser outside it, who may run every
    moderation action, can take a report themselves ("Assign to me") but is not
    offered to others.
    """
    if assignee is None or moderators().filter(pk=assignee.pk).exists():
        return
    if assignee == by and assignee.is_active and assignee.is_superuser:
        return
    raise InvalidAssignee(
        f"{assignee.get_username()} is not an active moderator; reports can "
        "only be assigned to members of the Moderators group."
    )


@transaction.atomic
def assign(report, *, by, assignee, note=""):
    """Give REPORT to ASSIGNEE (a moderator, or None for nobody); return it.

    The change and NOTE (internal) are recorded in the report's history;
    assigning a report to whoever already has it changes nothing.
    """
    _require_moderator(by)
    check_assignee(assignee, by=by)
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    previous = report.assignee
    if previous == assignee:
        return report
    report.assignee = assignee
    if note:
        report.resolution_note = note
    report.save(update_fields=["assignee", "resolution_note"])
    what = f"Assigned to {assignee.get_username()}" if assignee else "Unassigned"
    if previous is not None:
        what += f" (was {previous.get_username()})"
    FeedbackEvent.objects.create(
        report=report,
        actor=by,
        from_status=report.status,
        to_status=report.status,
        note=" ".join(filter(None, [note, f"{what}."])),
    )
    return report


@transaction.atomic
def send_for_rereview(report, *, by, reason):
    """Send REPORT's article back for medical review and mark the report."""
    _require_moderator(by)
    if not (reason or "").strip():
        raise InvalidStatusChange("Say why the article needs another review.")
    report = _locked(report)
    report.check_transition(FeedbackReport.Status.NEEDS_REREVIEW)
    workflow.request_rereview(
        report.article, by=by, reason=f"Reader report #{report.pk}: {reason.strip()}"
    )
    return _move(
        report, by=by, status=FeedbackReport.Status.NEEDS_REREVIEW, note=reason.strip()
    )
