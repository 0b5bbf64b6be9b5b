"""Links for clinicians outside the team: read one revision, comment, never approve.

A chief editor sends a named clinician a link to one revision. The address
carries a key signed with the site's secret (``OutsideReviewLink.token``); it
works until it expires (14 days by default) or is revoked. Whoever holds it
reads the revision as readers will see it and may comment, under the name and
address the link was sent to; the comments join the revision's threads. Every
view and comment is in the revision's history. Nothing here can approve.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import (
    Comment,
    CommentThread,
    OutsideReviewLink,
    ReviewEvent,
    Revision,
    validate_single_line,
)
from . import common
from .comments import _clean_body, _clean_passage, _tell_participants
from .common import WorkflowError, _mail

MAX_DAYS = 60
# A leaked link cannot flood the reviewers' inboxes.
MAX_COMMENTS_PER_LINK = 100


class LinkClosed(WorkflowError):
    """The link expired or was revoked: the page answers 410."""


def link_url(link):
    return f"{settings.SITE_URL}{reverse('outside-review', args=[link.token])}"


def can_send_outside_link(revision, *, by):
    """Raise unless BY may send an outside link to REVISION now."""
    if not by.has_perm("articles.send_outside_review"):
        raise PermissionDenied(
            "Only a chief editor can send a revision to a reviewer outside the team."
        )
    if revision.decision not in {
        Revision.Decision.PENDING,
        Revision.Decision.APPROVED,
    }:
        raise WorkflowError(
            "Only a revision under review or approved can be sent for an outside "
            "opinion."
        )


def _clean_recipient(name, email, days):
    name = (name or "").strip()
    try:
        if not name:
            raise ValidationError("Give the clinician's name.")
        validate_single_line(name)
        validate_email(email or "")
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from error
    days = settings.OUTSIDE_REVIEW_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise WorkflowError(f"A link can work for 1 to {MAX_DAYS} days.")
    return name[:150], email.strip(), days


@transaction.atomic
def send_outside_link(revision, *, by, name, email, days=None):
    """Create a link to REVISION for the clinician NAME at EMAIL, and e-mail it."""
    revision = common._lock_revision(revision)
    can_send_outside_link(revision, by=by)
    name, email, days = _clean_recipient(name, email, days)
    link = OutsideReviewLink.objects.create(
        revision=revision,
        name=name,
        email=email,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    common._event(
        revision.article,
        revision,
        by,
        ReviewEvent.Action.OUTSIDE_LINK_SENT,
        f"Sent to {name} <{email}>; works until {link.expires_at:%d %B %Y %H:%M}.",
    )
    who = by.get_full_name() or by.get_username()
    _mail(
        f"Your opinion on “{revision.title}”",
        f"{who} asks for your clinical opinion on a draft health article, "
        f'"{revision.title}", before it is published.\n\n'
        f"Read it and leave comments here (the link is yours alone and works "
        f"until {link.expires_at:%d %B %Y}):\n\n{link_url(link)}\n\n"
        "Your name and e-mail address are recorded with your comments. The "
        "link cannot approve the article; the editorial team decides.\n",
        [email],
    )
    return link


@transaction.atomic
def revoke_outside_link(link, *, by):
    """Stop LINK working from now on."""
    if not by.has_perm("articles.send_outside_review"):
        raise PermissionDenied("Only a chief editor can revoke an outside link.")
    link = OutsideReviewLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise WorkflowError("This link is already revoked.")
    link.revoked_at, link.revoked_by = timezone.now(), by
    link.save(update_fields=["revoked_at", "revoked_by"])
    revision = link.revision
    common._event(
        revision.article,
        revision,
        by,
        ReviewEvent.Action.OUTSIDE_LINK_REVOKED,
        f"The link sent to {link.name} <{link.email}> no longer works.",
    )
    return link


def closed_reason(link):
    """Return why LINK no longer works ("" while it does)."""
    if link.revoked_at is not None:
        return "This review link was withdrawn by the editorial team."
    if not link.is_open():
        return f"This review link expired on {link.expires_at:%d %B %Y}."
    return ""


def _check_open(link):
    if reason := closed_reason(link):
        raise LinkClosed(reason)


def record_view(link):
    """Write one history line for a view through LINK (it must be open)."""
    _check_open(link)
    revision = link.revision
    common._event(
        revision.article,
        revision,
        None,
        ReviewEvent.Action.OUTSIDE_VIEWED,
        f"Read by {link.name} <{link.email}> through their outside link.",
    )


@transaction.atomic
def outside_comment(link, *, body, passage=""):
    """Start a thread on LINK's revision in the clinician's name; return it."""
    link = OutsideReviewLink.objects.select_for_update().get(pk=link.pk)
    _check_open(link)
    if link.comments.count() >= MAX_COMMENTS_PER_LINK:
        raise WorkflowError(
            "This link has reached its limit of comments; please reply to the "
            "editor by e-mail."
        )
    revision = link.revision
    body = _clean_body(body)
    passage = _clean_passage(passage, revision)
    thread = CommentThread.objects.create(
        article=revision.article, revision=revision, passage=passage, outside_link=link
    )
    entry = Comment.objects.create(
        thread=thread,
        revision=revision,
        outside_link=link,
        kind=Comment.Kind.COMMENT,
        body=body,
    )
    common._event(
        revision.article,
        revision,
        None,
        ReviewEvent.Action.OUTSIDE_COMMENTED,
        f"{link.name} <{link.email}> commented: “{body[:200]}”",
    )
    _tell_participants(thread, entry)
    return thread
