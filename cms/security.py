"""The page shown when admin sign-in is paused by django-axes."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """Return a 429 page saying sign-in is paused, and for how long.

    It does not say whether the account exists, or which limit was reached.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": minutes,
            "title": "Sign-in paused",
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
