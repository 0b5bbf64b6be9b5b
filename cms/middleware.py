"""HTTP caching for the public site.

Anonymous readers get shareable responses: no cookies, no Vary: Cookie, a short
shared-cache lifetime with stale-while-revalidate, and an application page cache
(local memory, or Redis when REDIS_URL is set) keyed by the public-page generation
that every publication bumps (articles/cache.py). Anyone with a session cookie
(staff) bypasses the cache and gets private, uncached pages.

If the cache backend fails (Redis down), pages are served from the database.
"""

import hashlib
import logging
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from articles.public import cache as page_cache

log = logging.getLogger(__name__)
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

PRIVATE_PREFIXES = (
    "/admin/",
    "/markdownx/",
    "/feedback/",
    "/healthz",
    "/media/",
    "/outside-review/",
)
# Shareable, but not kept in the app cache: any query string would make a new key.
UNCACHED_PREFIXES = ("/search/",)
# The page cache key varies only by what a view reads. The one cached view that
# reads its query string is the sitemap (Django's ?p=, one page per 50,000
# addresses); every other page ignores any query string, so /articles/x/?page=7
# and /articles/x/?junk=1 are the entry of /articles/x/. A page number is keyed
# by its value (p=01 is p=1, and p=1 is no p at all), the first one only; a page
# past the last is a 404, which is never kept. So one path makes at most one
# entry per method (GET, HEAD), or one per real page of the sitemap.
PAGINATED_PATHS = {"/sitemap.xml": "p"}
MAX_PAGE_NUMBER_DIGITS = 5


def is_public_path(path):
    return not path.startswith(PRIVATE_PREFIXES)


def has_session(request):
    """Return whether REQUEST carries a session that really exists (staff).

    A made-up session cookie must not let anyone skip the page cache and send
    every request to the database, so the key is looked up (one indexed query,
    only for requests that carry the cookie).
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    return SessionStore().exists(key)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the page cache, and mark them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The allowed-hosts check, for cached pages too: a hit never reaches the
        # view, and a bad Host is a 400 (DisallowedHost) whether or not it is cached.
        request.get_host()
        public = request.method in {"GET", "HEAD"} and is_public_path(request.path)
        if not public or has_session(request):
            response = self.get_response(request)
            if public:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = self._key(request)
        cached = self._get(key) if key else None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._shareable(response):
            self._mark_public(response)
            if key:
                self._set(key, response)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _key(request):
        if not settings.PAGE_CACHE_ENABLED or request.path.startswith(
            UNCACHED_PREFIXES
        ):
            return None
        page = request.path
        name = PAGINATED_PATHS.get(request.path)
        if name is not None and name in request.GET:
            value = request.GET.getlist(name)[0]  # what the view reads: one value
            if not (value.isascii() and value.isdigit()) or len(value) > (
                MAX_PAGE_NUMBER_DIGITS
            ):
                return None  # not a page number: render it, keep nothing
            if int(value) != 1:  # the first page is the bare path's entry
                page = f"{page}?{name}={int(value)}"
        gen = page_cache.for_request(request)
        if gen is None:  # generation unknown (cache down): serve uncached
            return None
        digest = hashlib.sha256(page.encode("utf-8", "replace")).hexdigest()
        return f"page:{gen.token}:{request.method}:{digest}"

    @staticmethod
    def _get(key):
        try:
            return cache.get(key)
        except Exception:
            log.warning("page cache read failed", exc_info=True)
            return None

    @staticmethod
    def _set(key, response):
        try:
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        except Exception:
            log.warning("page cache write failed", exc_info=True)

    @staticmethod
    def _shareable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def _mark_public(response):
        vary = [
            v.strip()
            for v in response.get("Vary", "").split(",")
            if v.strip() and v.strip().lower() != "cookie"
        ]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PUBLIC_MAX_AGE,
            s_maxage=settings.PUBLIC_MAX_AGE,
            stale_while_revalidate=settings.PUBLIC_STALE_WHILE_REVALIDATE,
        )


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
