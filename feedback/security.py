"""Cross-site posting protection that works on cached, cookie-free pages.

The article page is cached and shared between readers, so it cannot carry a
per-visitor CSRF token. Browsers label every request with where it came from:
Sec-Fetch-Site on current browsers, Origin on every POST, Referer otherwise. A
post that a browser says came from another site is refused. A request with
none of these headers did not come from a browser page, so it cannot be a
cross-site forgery (it is still rate limited).
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings

from .responses import refuse


def is_cross_site(request):
    """Return whether the browser says REQUEST was sent from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in {"same-origin", "none"}
    host = request.get_host()
    trusted = {urlsplit(o).netloc for o in settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin:
        return origin == "null" or urlsplit(origin).netloc not in {host, *trusted}
    referer = request.headers.get("Referer")
    if referer:
        return urlsplit(referer).netloc not in {host, *trusted}
    return False


def same_origin_posts(view):
    """Refuse POSTs that a browser reports as cross-site, with a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return refuse(
                request, "Reports can only be sent from this site's own pages.", 403
            )
        return view(request, *args, **kwargs)

    return wrapped
