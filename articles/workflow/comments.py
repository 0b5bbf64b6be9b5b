"""Review comments: who may write them, and the four things one can do.

Threads are started on a revision, anchored to a passage of it as readers see
it or to the whole revision, answered, resolved and reopened. They belong to
the article, so they stay in view on later revisions, each marked with the
revision it was started on and, when the passage is no longer in the text in
view, with a note saying so. Every action writes one append-only Comment entry
and e-mails the thread's other participants once it commits. Comments are
never public: no public view or selector reads them.
"""

import html
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import strip_tags

from ..models import Comment, CommentThread, ReviewStep
from ..models.comments import COMMENT_MAX_LENGTH, PASSAGE_MAX_LENGTH
from .checks import ALLOWED, Verdict
from .common import WorkflowError, _admin_url, _mail
from .steps import ROLES

_SPACE = re.compile(r"\s+")


def _squash(text):
    return _SPACE.sub(" ", text).strip()


def reader_text(*html_parts):
    """Return the plain text readers see in HTML_PARTS, with spaces collapsed."""
    return _squash(
        " ".join(html.unescape(strip_tags(part or "")) for part in html_parts)
    )


def revision_text(revision):
    """Return REVISION as readers see it, as plain text (what passages quote)."""
    return reader_text(
        revision.title,
        revision.summary,
        revision.body_html,
        revision.references_html,
    )


def can_comment(article, *, by):
    """Return whether BY may comment on ARTICLE's revisions.

    Its editors (anyone who may edit it) and its reviewers (a fact checker or
    medical reviewer given a step of one of its revisions) may; nobody else.
    """
    if not by.is_active:
        return Verdict(False, "Your account is not active.", forbidden=True)
    if by.has_perm("articles.change_article"):
        return ALLOWED
    kinds = set(
        ReviewStep.objects.filter(
            revision__article=article, assignee_id=by.pk
        ).values_list("kind", flat=True)
    )
    if any(by.has_perm(ROLES[kind].permission) for kind in kinds):
        return ALLOWED
    return Verdict(
        False,
        "Only the editors and reviewers of this article may comment on it.",
        forbidden=True,
    )


def _clean_body(body, *, required=True):
    body = (body or "").replace("\r\n", "\n").strip()
    if required and not body:
        raise WorkflowError("Write a comment.")
    if len(body) > COMMENT_MAX_LENGTH:
        raise WorkflowError(
            f"A comment can be at most {COMMENT_MAX_LENGTH} characters; "
            f"this one has {len(body)}."
        )
    return body


def _clean_passage(passage, revision):
    passage = _squash(passage or "")
    if not passage:
        return ""
    if len(passage) > PASSAGE_MAX_LENGTH:
        raise WorkflowError(
            f"Quote at most {PASSAGE_MAX_LENGTH} characters of the passage; "
            "comment on the whole revision for more."
        )
    if passage not in revision_text(revision):
        raise WorkflowError(
            f"“{passage[:80]}” is not in revision {revision.number} as readers "
            "see it. Select the words again, or leave the passage empty to "
            "comment on the whole revision."
        )
    return passage


def _participants(thread):
    """Return the users concerned by THREAD: its writers, editor and reviewer."""
    users = {thread.started_by, thread.revision.created_by}
    users.update(
        entry.author
        for entry in thread.entries.select_related("author")
        if entry.author is not None
    )
    users.update(step.assignee for step in thread.revision.steps.all())
    users.discard(None)
    return users


def _tell_participants(thread, entry):
    actor = entry.author
    recipients = sorted(
        {
            u.email
            for u in _participants(thread)
            if (actor is None or u.pk != actor.pk) and u.is_active
        }
    )
    who = actor.get_full_name() or actor.get_username() if actor else entry.author_name
    about = f"the passage “{thread.passage}”" if thread.passage else "the revision"
    what = {
        Comment.Kind.COMMENT: f"{who} commented on {about}:",
        Comment.Kind.RESOLVED: f"{who} resolved the comments on {about}.",
        Comment.Kind.REOPENED: f"{who} reopened the comments on {about}.",
    }[entry.kind]
    lines = [what, "", entry.body, ""] if entry.body else [what, ""]
    lines.append(f"Read and answer: {_admin_url(entry.revision)}#comments")
    _mail(
        f"Review comment on “{thread.article.title}”",
        "\n".join(lines),
        recipients,
    )


def _write(thread, *, by, revision, kind, body):
    verdict = can_comment(thread.article, by=by)
    verdict.enforce()
    if revision.article_id != thread.article_id:
        raise WorkflowError("That revision belongs to another article.")
    entry = Comment.objects.create(
        thread=thread, revision=revision, author=by, kind=kind, body=body
    )
    _tell_participants(thread, entry)
    return entry


@transaction.atomic
def start_thread(revision, *, by, body, passage=""):
    """Start a thread on REVISION about PASSAGE (or the whole revision)."""
    can_comment(revision.article, by=by).enforce()
    body = _clean_body(body)
    passage = _clean_passage(passage, revision)
    thread = CommentThread.objects.create(
        article=revision.article, revision=revision, passage=passage, started_by=by
    )
    _write(thread, by=by, revision=revision, kind=Comment.Kind.COMMENT, body=body)
    return thread


def _locked_thread(thread):
    return CommentThread.objects.select_for_update().get(pk=thread.pk)


@transaction.atomic
def reply(thread, *, by, body, revision):
    """Answer THREAD while REVISION is on screen."""
    body = _clean_body(body)
    thread = _locked_thread(thread)
    return _write(
        thread, by=by, revision=revision, kind=Comment.Kind.COMMENT, body=body
    )


@transaction.atomic
def resolve(thread, *, by, revision, body=""):
    """Mark THREAD resolved, with an optional last word."""
    body = _clean_body(body, required=False)
    thread = _locked_thread(thread)
    if thread.is_resolved:
        raise WorkflowError("This thread is already resolved.")
    entry = _write(
        thread, by=by, revision=revision, kind=Comment.Kind.RESOLVED, body=body
    )
    thread.resolved_at, thread.resolved_by = entry.created_at, by
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return entry


@transaction.atomic
def reopen(thread, *, by, revision, body=""):
    """Open a resolved THREAD again."""
    body = _clean_body(body, required=False)
    thread = _locked_thread(thread)
    if not thread.is_resolved:
        raise WorkflowError("This thread is open already.")
    entry = _write(
        thread, by=by, revision=revision, kind=Comment.Kind.REOPENED, body=body
    )
    thread.resolved_at, thread.resolved_by = None, None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return entry


@dataclass
class ThreadView:
    """A thread as a screen shows it beside one text."""

    thread: CommentThread
    entries: list = field(default_factory=list)
    # Started on an earlier revision than the one in view.
    carried: bool = False
    # Its passage is not in the text in view.
    passage_changed: bool = False


def threads_for(article, *, revision=None, text=None):
    """Return ThreadViews of ARTICLE's threads, open ones first.

    With REVISION, only threads started on it or an earlier revision, checked
    against its text; otherwise all of them, checked against TEXT (the working
    copy as readers would see it) when given.
    """
    threads = CommentThread.objects.filter(article=article).select_related(
        "revision", "started_by", "resolved_by"
    )
    if revision is not None:
        threads = threads.filter(revision__number__lte=revision.number)
        text = revision_text(revision)
    entries = {}
    for entry in (
        Comment.objects.filter(thread__in=threads)
        .select_related("author", "revision", "outside_link")
        .order_by("created_at", "pk")
    ):
        entries.setdefault(entry.thread_id, []).append(entry)
    views = [
        ThreadView(
            thread=thread,
            entries=entries.get(thread.pk, []),
            carried=revision is not None and thread.revision_id != revision.pk,
            passage_changed=bool(thread.passage)
            and text is not None
            and thread.passage not in text,
        )
        for thread in threads
    ]
    return sorted(views, key=lambda v: (v.thread.is_resolved, v.thread.created_at))


def open_thread_count(article):
    """Return how many of ARTICLE's threads are not resolved."""
    return CommentThread.objects.filter(article=article, resolved_at=None).count()


__all__ = [
    "ThreadView",
    "can_comment",
    "open_thread_count",
    "reader_text",
    "reopen",
    "reply",
    "resolve",
    "revision_text",
    "start_thread",
    "threads_for",
]
