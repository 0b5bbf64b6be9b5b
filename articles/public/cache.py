"""Invalidation of cached public pages.

Public pages are cached under keys that include a site-wide generation token.
Any public change replaces the token, so every app server stops serving old
pages. Publishing one article changes the "recent" lists on every article page,
the home page, topic pages, feeds and the sitemap, so a site-wide purge is also
the exact set of pages that changed, for the price of one write.

Where the generation lives:

- With a shared cache (Redis, when REDIS_URL is set), in the cache itself:
  every process reads it on every request, so a purge reaches all of them at
  once.
- With a per-process cache (local memory, the zero-setup default), a token in
  the cache would be seen only by the process that wrote it: the other
  gunicorn workers, and the scheduler's publish_scheduled, would each keep their own.
  So the token lives in the database (PublicPagesGeneration, one row), and
  each process reads it at most once every REFRESH_SECONDS. Another process
  serves pages at most that long after a change, for about one query per
  second per process.

The generation also records when it changed: pages send the later of their
own publication time and that time as Last-Modified, so a change around the
article (a reviewer renamed, a new "recent" article) is not answered with 304.

A token is random, never a counter: if it is lost (Redis restarted, the row
deleted) the next one is new too, so pages cached under an older generation
can never come back. A store that cannot be reached never breaks a page: the
generation is then unknown (None) and pages are served uncached.
"""

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)
GENERATION_KEY = "public-pages:generation:v2"
REFRESH_SECONDS = 1.0
ROW = 1


@dataclass(frozen=True)
class Generation:
    """One generation of the public page cache: its token and when it began."""

    token: str
    changed_at: datetime


# This process's copy of the database row: (Generation or None, monotonic time read).
_local = [None, float("-inf")]


def _now():
    return datetime.now(UTC)


def new_generation():
    """Return a generation that no earlier one used, starting now."""
    return Generation(secrets.token_hex(6), _now())


def cache_is_shared():
    """Return whether every app process sees the same default cache."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def current():
    """Return the current Generation of the public page cache, or None if unknown."""
    if cache_is_shared():
        return _from_cache()
    value, read_at = _local
    if value is not None and time.monotonic() - read_at < REFRESH_SECONDS:
        return value
    return _from_database()


def generation():
    """Return the current generation token, or None if it is unknown."""
    value = current()
    return value.token if value else None


def for_request(request):
    """Return the Generation the page cache used for REQUEST, reading it if needed."""
    if not hasattr(request, "page_generation"):
        request.page_generation = current()
    return request.page_generation


def purge_public_pages():
    """Make every cached public page stale."""
    value = new_generation()
    try:
        if cache_is_shared():
            cache.set(GENERATION_KEY, (value.token, value.changed_at), timeout=None)
        else:
            _write_row(value)
            _local[:] = [value, time.monotonic()]
    except Exception:
        # Nothing to purge in a cache nobody can read; log it for the operator.
        log.error("could not purge the public page cache", exc_info=True)


def invalidate_public_pages():
    """Purge now and, inside a transaction, once more when it commits.

    The second purge matters: a reader's request between the first purge and
    the commit would otherwise cache the old page under the new generation.
    """
    purge_public_pages()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(purge_public_pages)


def forget_local_copy():
    """Make this process read the generation afresh (tests, after a rollback)."""
    _local[:] = [None, float("-inf")]


def _from_cache():
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            fresh = new_generation()
            cache.add(GENERATION_KEY, (fresh.token, fresh.changed_at), timeout=None)
            value = cache.get(GENERATION_KEY)
        return Generation(*value)
    except Exception:
        log.warning("cache unavailable; serving pages uncached", exc_info=True)
        return None


def _from_database():
    from articles.models import PublicPagesGeneration

    fresh = new_generation()
    try:
        row, _ = PublicPagesGeneration.objects.get_or_create(
            pk=ROW, defaults={"token": fresh.token, "changed_at": fresh.changed_at}
        )
    except DatabaseError:
        log.warning("page generation unreadable; serving pages uncached", exc_info=True)
        return None
    value = Generation(row.token, row.changed_at)
    _local[:] = [value, time.monotonic()]
    return value


def _write_row(value):
    from articles.models import PublicPagesGeneration

    PublicPagesGeneration.objects.update_or_create(
        pk=ROW, defaults={"token": value.token, "changed_at": value.changed_at}
    )


def purge_on_change(sender, **kwargs):
    """Signal receiver: a saved topic, person or link shows on public pages."""
    invalidate_public_pages()


def note_public_article_change(sender, instance, raw=False, update_fields=None, **kw):
    """pre_save receiver: note whether saving a published Article changes its page.

    The public page shows the working copy's topic (breadcrumb, "More on ...");
    everything else it shows comes from the live revision, so other edits of
    the working copy change nothing a reader sees and purge nothing.
    """
    instance._purge_public_pages = False
    if raw or instance._state.adding:
        return
    if update_fields is not None and "topic" not in update_fields:
        return
    stored = (
        type(instance)
        .objects.published()
        .filter(pk=instance.pk)
        .values_list("topic_id", flat=True)
        .first()
    )
    instance._purge_public_pages = stored is not None and stored != instance.topic_id


def purge_on_public_article_change(sender, instance, raw=False, **kwargs):
    """post_save receiver: purge if note_public_article_change found a change."""
    if getattr(instance, "_purge_public_pages", False):
        instance._purge_public_pages = False
        invalidate_public_pages()


def purge_on_also_read_change(sender, instance, action, reverse, model, pk_set, **kw):
    """m2m_changed receiver for Article.also_read: purge if a public page changed.

    Only a published article's page shows its "also read" links.
    """
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action != "post_clear" and not pk_set:
        return  # nothing was added or removed
    if reverse and pk_set is None:
        invalidate_public_pages()  # cleared from the other side: sources unknown
        return
    sources = pk_set if reverse else [instance.pk]
    if model.objects.published().filter(pk__in=sources).exists():
        invalidate_public_pages()
