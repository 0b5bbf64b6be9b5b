"""The server-error page, which tells a database outage apart from a bug.

Django calls this view for any exception nothing else handled, whichever layer
raised it (a view, the session or auth middleware, a template). When the cause
is that the database cannot be reached, the reader gets a plain 503 page with
Retry-After, which caches and load balancers understand as "come back soon";
anything else is the usual 500 page. Neither shows a traceback, and neither
needs the database to render.
"""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

from core.limits import FilesNotAccepted

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = {
    "title": "Briefly unavailable",
    "heading": "We will be back in a moment",
    "message": (
        "Our articles cannot be read right now because part of our service is not "
        "answering. Nothing you did caused this. Please try again in a minute or two."
    ),
}


def _page(status, **words):
    """Return the error page with STATUS, in WORDS, never to be cached.

    The template needs no context processors, database or URL reversing, so it
    can be shown whatever failed.
    """
    page = loader.get_template("500.html").render(words)
    response = HttpResponse(page, status=status)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """Return the 503 page for a database outage, else the 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = _page(503, **UNAVAILABLE)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page(500)


def bad_request(request, exception):
    """Return a 400 that says, in plain words, what was wrong with the request.

    Django raises these before any view runs (a body over the size limit, too
    many form fields, a file sent where none is taken, a malformed request), so
    the reader's page or the feedback script gets the reason here.
    """
    if isinstance(exception, RequestDataTooBig):
        reason = "What you sent is too large. Please shorten it and try again."
    elif isinstance(exception, TooManyFieldsSent):
        reason = "What you sent has too many fields to be a form from this site."
    elif isinstance(exception, FilesNotAccepted):
        reason = FilesNotAccepted.reason
    else:
        reason = "We could not read that request. Please go back and try again."
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": reason}, status=400)
    return _page(
        400,
        title="Bad request",
        heading="We could not read that request",
        message=reason,
    )
