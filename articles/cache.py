"""Invalidation of cached public pages.

Public pages are cached under keys that include a site-wide generation number.
Any public change bumps the generation, so every app server sharing the cache
(local memory in one process, Redis across many) stops serving old pages at once.
"""

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def generation():
    """Return the current generation number of the public page cache."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge_public_pages():
    """Make every cached public page stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
