"""Who is asking: the client address, for rate limits and login lockouts.

Behind the nginx recipe (deploy/nginx/vetted.conf) every request comes from the
proxy, which sets X-Forwarded-For to the address it saw. With BEHIND_PROXY on we
take the last address in that header: the one our own proxy wrote. Anything to
its left was sent by the client and can be forged.
"""

from django.conf import settings


def client_address(request):
    """Return the client's IP address as a string ("" when unknown)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
