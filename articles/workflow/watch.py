"""Watching cited works after publication: retractions, withdrawals, corrections.

``check_references`` is the daily job (``manage.py check_references``, and the
scheduler's daily jobs). It scales with the day's updates, not with the number
of articles:

1. It reads Crossref's list of update notices indexed since its last run
   (``evidence.watch.updates_since``) and matches the works they update
   against the identifiers live revisions cite (``CitedSource``, indexed),
   locally, in batches.
2. It re-checks a slice of the distinct cited identifiers in full (Crossref's
   ``updated-by``, PubMed's retraction type and links) on a slow rotation:
   each one about every ``ROTATION_DAYS`` days, the least recently checked
   first. That catches what the update list cannot (PubMed's marks, a notice
   indexed while the job was down).

Each finding is stored once (``SourceNotice``). A new retraction or withdrawal
sends every live article citing the work back for re-review, as the system,
naming the source and the notice (``request_rereview`` e-mails its editor and
reviewer; an article already flagged is told by e-mail only). Corrections and
expressions of concern are shown to the editor and reviewer on their screens,
without sending anything back. Readers see the fact beside the reference on
the live page (``notices_for_revision``), so the page cache is purged.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from ..evidence import watch as registry
from ..evidence.client import RegistryClient
from ..evidence.errors import RegistryError
from ..models import (
    Article,
    CitedSource,
    RegistryCursor,
    SourceCheck,
    SourceNotice,
)
from ..public.cache import invalidate_public_pages
from .common import WorkflowError, _mail
from .publication import request_rereview

logger = logging.getLogger(__name__)

ROTATION_DAYS = 30
MIN_FULL_CHECKS = 50  # per run, so a small site is checked through quickly
MATCH_BATCH = 500
CURSOR = "crossref-updates"
UNAVAILABLE = {"timeout", "unreachable", "busy", "server"}


@dataclass
class WatchReport:
    """What one run did, and what it could not check."""

    updates_read: int = 0
    works_checked: int = 0
    new_notices: list = field(default_factory=list)
    sent_back: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def summary(self):
        text = (
            f"references: {self.updates_read} registry update(s) read, "
            f"{self.works_checked} cited work(s) re-checked, "
            f"{len(self.new_notices)} new notice(s), "
            f"{len(self.sent_back)} article(s) sent back for re-review"
        )
        if self.problems:
            text += f"; could not check {len(self.problems)}"
        return text


def _live_citations():
    """CitedSource rows of revisions that are live now (not withdrawn)."""
    return CitedSource.objects.filter(
        revision__live_for__isnull=False, revision__live_for__withdrawn_at=None
    )


def live_identifiers():
    """Return the distinct (kind, value) pairs that live revisions cite."""
    return _live_citations().values_list("kind", "value").distinct()


def _cited_live(notices):
    """Return the NOTICES whose work a live revision cites (matched in batches)."""
    cited = set()
    by_kind = {}
    for notice in notices:
        by_kind.setdefault(notice.kind, set()).add(notice.value)
    for kind, values in by_kind.items():
        values = sorted(values)
        for start in range(0, len(values), MATCH_BATCH):
            batch = values[start : start + MATCH_BATCH]
            cited.update(
                _live_citations()
                .filter(kind=kind, value__in=batch)
                .values_list("kind", "value")
            )
    return [n for n in notices if (n.kind, n.value) in cited]


def _read_updates(client, now, report):
    if not _live_citations().exists():
        return []  # nothing cited yet: no list to match against
    cursor = RegistryCursor.objects.filter(name=CURSOR).first()
    since = cursor.until if cursor else now - timedelta(days=1)
    try:
        notices = registry.updates_since(client, since.date(), now.date())
    except RegistryError as error:
        report.problems.append(f"Crossref's list of updates: {error}")
        return []
    report.updates_read = len(notices)
    RegistryCursor.objects.update_or_create(name=CURSOR, defaults={"until": now})
    return _cited_live(notices)


def _due_for_full_check(now):
    """Return the cited identifiers to re-check today, least recent first."""
    total = live_identifiers().count()
    limit = max(MIN_FULL_CHECKS, -(-total // ROTATION_DAYS))
    last = SourceCheck.objects.filter(
        kind=OuterRef("kind"), value=OuterRef("value")
    ).values("checked_at")[:1]
    due = (
        _live_citations()
        .values("kind", "value")
        .distinct()
        .annotate(last=Subquery(last))
        .filter(Q(last__isnull=True) | Q(last__lt=now - timedelta(days=ROTATION_DAYS)))
        .order_by(F("last").asc(nulls_first=True), "kind", "value")
    )
    return [(row["kind"], row["value"]) for row in due[:limit]]


def _full_check(client, kind, value, now, report, down):
    check = registry.check_doi if kind == "doi" else registry.check_pmid
    try:
        notices = check(client, value)
    except RegistryError as error:
        report.problems.append(f"{kind.upper()} {value}: {error}")
        if error.reason in UNAVAILABLE:
            down.add(kind)  # the scheduler's other jobs must not wait on it
        return []
    report.works_checked += 1
    SourceCheck.objects.update_or_create(
        kind=kind, value=value, defaults={"checked_at": now}
    )
    return notices


def _articles_citing(notice):
    return Article.objects.filter(
        Exists(
            _live_citations().filter(
                revision__live_for=OuterRef("pk"), kind=notice.kind, value=notice.value
            )
        )
    ).select_related("live_revision__created_by", "live_revision__decided_by__user")


def _reason(notice, keys):
    where = f" ({notice.notice})" if notice.notice else ""
    return (
        f"A cited work was {notice.get_type_display().lower()}: "
        f"{', '.join(f'[@{k}]' for k in keys)} ({notice.kind.upper()} "
        f"{notice.value}). Source: {notice.source}; notice{where}."
    )


def _send_back(notice, report):
    for article in _articles_citing(notice):
        keys = sorted(
            article.live_revision.cited_sources.filter(
                kind=notice.kind, value=notice.value
            ).values_list("key", flat=True)
        )
        reason = _reason(notice, keys)
        try:
            request_rereview(article, by=None, reason=reason)
        except WorkflowError:
            _tell_flagged(article, reason)  # already flagged: told, not re-flagged
        report.sent_back.append(article.slug)


def _tell_flagged(article, reason):
    live = article.live_revision
    reviewer = live.decided_by
    _mail(
        f"A cited work was retracted: {article.title}",
        f'"{article.title}" is already flagged for re-review; also note:\n\n'
        f"{reason}\n\n{settings.SITE_URL}"
        f"{reverse('admin:articles_article_change', args=[article.pk])}\n",
        [live.created_by.email, reviewer.user.email if reviewer else ""],
    )


def record(notices, report):
    """Store NOTICES not yet known; act on the new ones; return those."""
    new = []
    for found in notices:
        notice, created = SourceNotice.objects.get_or_create(
            kind=found.kind,
            value=found.value,
            type=found.type,
            notice=found.notice[:500],
            defaults={"notice_date": found.notice_date, "source": found.source[:100]},
        )
        if not created:
            continue
        new.append(notice)
        report.new_notices.append(str(notice))
        if notice.serious:
            _send_back(notice, report)
    if new:
        invalidate_public_pages()  # readers see the fact beside the reference
    return new


def check_references(*, now=None, client=None):
    """Run the daily check of cited works; return a WatchReport."""
    now = now or timezone.now()
    report = WatchReport()
    owned = client is None
    client = client or RegistryClient()
    try:
        record(_read_updates(client, now, report), report)
        down = set()  # a registry that timed out or cannot be reached is left
        for kind, value in _due_for_full_check(now):  # for today's run
            if kind in down:
                report.problems.append(f"{kind.upper()} {value}: not asked today")
                continue
            record(_full_check(client, kind, value, now, report, down), report)
    finally:
        if owned:
            client.close()
    for problem in report.problems:
        logger.warning("reference check: %s", problem)
    return report


def check_cited_by(revision, *, now=None, client=None):
    """Check at once the works REVISION cites that no check saw in a day.

    Run by a worker when a revision goes live (``background.watch_revision``),
    so a retraction already known to the registries is found the day the
    article is published rather than on the rotation's turn.
    """
    now = now or timezone.now()
    report = WatchReport()
    cited = set(revision.cited_sources.values_list("kind", "value"))
    fresh = SourceCheck.objects.filter(
        checked_at__gte=now - timedelta(days=1),
        value__in={value for _, value in cited},
    ).values_list("kind", "value")
    owned = client is None
    client = client or RegistryClient()
    try:
        down = set()
        for kind, value in sorted(cited - set(fresh)):
            if kind not in down:
                record(_full_check(client, kind, value, now, report, down), report)
    finally:
        if owned:
            client.close()
    return report


# What the screens show ---------------------------------------------------------


def retracted_citations(references, cited_keys):
    """Return {key: [serious SourceNotice]} of the cited references."""
    return {
        key: [n for n in items if n.serious]
        for key, items in SourceNotice.objects.by_key(references, cited_keys).items()
        if any(n.serious for n in items)
    }


def retraction_message(retracted):
    parts = "; ".join(
        f"[@{key}] {notices[0].get_type_display().lower()} ({notices[0].source})"
        for key, notices in sorted(retracted.items())
    )
    return (
        f"This draft cites retracted or withdrawn work: {parts}. Remove or replace "
        "the reference, or a chief editor may submit it with a reason (an article "
        "may discuss a retraction)."
    )
