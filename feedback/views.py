"""The reader's feedback endpoints: vote, optional details, thank you.

They work without JavaScript (POST, 302 redirect, a page) and with it (the
small static script asks for JSON). No cookies are set, so the article page
that carries the form stays cacheable; see feedback/security.py.
"""

import logging

from django.conf import settings
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from . import services
from .forms import DetailsForm, VoteForm
from .models import FeedbackReport
from .responses import refuse, wants_json
from .security import same_origin_posts

log = logging.getLogger(__name__)
TOKEN_SALT = "feedback.details"
TOKEN_MAX_AGE = 2 * 60 * 60


def _limited(request):
    """Return whether this client has sent too much feedback lately.

    The count lives in the shared cache. If that cache cannot be reached, the
    report is accepted rather than lost (the honeypot and duplicate check still
    apply) and the outage is logged.
    """
    try:
        return is_ratelimited(
            request,
            group="feedback",
            key=lambda group, req: services.client_hash(req),
            rate=settings.FEEDBACK_RATE,
            method="POST",
            increment=True,
        )
    except Exception:
        log.error("feedback rate limit unavailable: cache unreachable", exc_info=True)
        return False


def _too_many(request):
    return refuse(
        request,
        "You have sent a lot of feedback in a short time. Please wait a few minutes "
        "and try again.",
        429,
    )


def _thanks(request, message):
    if wants_json(request):
        return JsonResponse({"message": message})
    return redirect(reverse("feedback:thanks"), permanent=False)


@csrf_exempt
@same_origin_posts
@require_POST
def vote(request):
    """Record Yes or No for the revision the reader saw, then offer the form."""
    if _limited(request):
        return _too_many(request)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return refuse(request, "That answer could not be read.", form=form)
    if form.cleaned_data["website"]:
        return _thanks(request, "Thank you for your feedback.")
    try:
        revision = services.find_revision(
            form.cleaned_data["article"], form.cleaned_data["revision"]
        )
    except services.FeedbackRejected as error:
        return refuse(request, str(error))
    report = services.record_vote(
        revision=revision,
        helpful=form.cleaned_data["helpful"] == "yes",
        request=request,
    )
    token = signing.dumps(report.pk, salt=TOKEN_SALT)
    details_url = reverse("feedback:details", args=[token])
    if wants_json(request):
        form_html = render_to_string(
            "feedback/_details_form.html",
            {"form": DetailsForm(), "action": details_url, "report": report},
        )
        return JsonResponse({"details_url": details_url, "form_html": form_html})
    return redirect(details_url)


def _report_for(token):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        FeedbackReport.objects.select_related("revision", "article")
        .filter(pk=pk)
        .first()
    )


@csrf_exempt
@same_origin_posts
@require_http_methods(["GET", "POST"])
def details(request, token):
    """Show and accept the optional details of a report."""
    report = _report_for(token)
    if report is None:
        return refuse(
            request,
            "This feedback link has expired. Please go back to the article and "
            "answer again.",
        )
    form = DetailsForm(request.POST or None)
    if request.method == "POST":
        if _limited(request):
            return _too_many(request)
        if not form.is_valid() and wants_json(request):
            return refuse(request, "Please check your answers.", form=form)
        if form.is_valid() and not form.cleaned_data["website"]:
            try:
                services.add_details(
                    report=report,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                )
            except services.FeedbackRejected as error:
                return refuse(request, str(error))
        if form.is_valid():
            return _thanks(
                request, "Thank you. Our editors read every report about an article."
            )
    return render(
        request,
        "feedback/details.html",
        {"form": form, "report": report, "action": request.path},
        status=400 if form.is_bound else 200,
    )


@require_GET
def thanks(request):
    return render(request, "feedback/thanks.html")
