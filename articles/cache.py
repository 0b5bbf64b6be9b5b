"""Invalidation of cached public pages.

Public pages are cached under keys that include a site-wide generation number.
Any public change bumps the generation, so every app server sharing the cache
(local memory in one process, Redis across many) stops serving old pages at once.
Publishing one article changes the "recent" lists on every article page, the
home page, topic pages, feeds and the sitemap, so a site-wide bump is also the
exact set of pages that changed, for the price of one cache write.

The generation is a fresh random token, not a counter: if the key is lost (Redis
restarted or evicted it) the next one is new too, so pages cached under an older
generation can never come back.

A cache that cannot be reached never breaks a page: the generation is then
unknown (None) and pages are served from the database.
"""

import logging
import secrets

from django.core.cache import cache

log = logging.getLogger(__name__)
GENERATION_KEY = "public-pages:generation"


def new_generation():
    """Return a generation token that no earlier generation used."""
    return secrets.token_hex(6)


def generation():
    """Return the current generation of the public page cache, or None if down."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, new_generation(), timeout=None)
            value = cache.get(GENERATION_KEY)
        return value
    except Exception:
        log.warning("cache unavailable; serving pages uncached", exc_info=True)
        return None


def purge_public_pages():
    """Make every cached public page stale."""
    try:
        cache.set(GENERATION_KEY, new_generation(), timeout=None)
    except Exception:
        # Nothing to purge in a cache nobody can read; log it for the operator.
        log.error("could not purge the public page cache", exc_info=True)


def purge_on_change(sender, **kwargs):
    """Signal receiver: a saved topic, person or link shows on public pages."""
    purge_public_pages()
