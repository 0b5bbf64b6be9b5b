"""The review screen's "outside opinion" panel: send, list and revoke links."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from articles import workflow
from articles.models import OutsideReviewLink
from articles.workflow.outside import MAX_DAYS, can_send_outside_link
from core.refusals import Refusal

ACTIONS = {"outside_send", "outside_revoke"}


class OutsideLinkForm(forms.Form):
    name = forms.CharField(label="Clinician's name", max_length=150)
    email = forms.EmailField(label="Their e-mail address")
    days = forms.IntegerField(
        label="Link works for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=settings.OUTSIDE_REVIEW_DAYS,
    )


def may_send(revision, user):
    try:
        can_send_outside_link(revision, by=user)
    except (Refusal, PermissionDenied):
        return False
    return True


def outside_context(request, revision, form=None):
    """Return the panel's context: the form (if BY may send) and the links."""
    if not request.user.has_perm("articles.send_outside_review"):
        return {}
    # The address itself is only ever e-mailed to the clinician.
    links = list(revision.outside_links.select_related("created_by"))
    return {
        "outside_form": (form or OutsideLinkForm())
        if may_send(revision, request.user)
        else None,
        "outside_links": links,
    }


def handle(request, revision, action):
    """Run ACTION; return (done, form) where form carries a refusal."""
    if not request.user.has_perm("articles.send_outside_review"):
        raise PermissionDenied
    if action == "outside_revoke":
        link = get_object_or_404(
            OutsideReviewLink, pk=request.POST.get("link", ""), revision=revision
        )
        try:
            workflow.revoke_outside_link(link, by=request.user)
        except Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"The link sent to {link.name} no longer works.")
        return True, None
    form = OutsideLinkForm(request.POST)
    if not form.is_valid():
        return False, form
    data = form.cleaned_data
    try:
        workflow.send_outside_link(
            revision,
            by=request.user,
            name=data["name"],
            email=data["email"],
            days=data["days"],
        )
    except Refusal as refusal:
        form.add_error(None, str(refusal))
        return False, form
    messages.success(request, f"A review link was e-mailed to {data['name']}.")
    return True, None
