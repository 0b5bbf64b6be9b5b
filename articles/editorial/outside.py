"""The page a clinician outside the team reaches through their review link.

No account: the signed key in the address is the only credential, so the page
is never cached, never indexed, sends no referrer (the key must not leak to the
sources it links to) and answers 410 once the link has expired or was revoked.
It shows the revision as readers will see it and takes comments; it has no
way to approve anything.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_protect

from articles.models import Comment, OutsideReviewLink
from articles.models.comments import COMMENT_MAX_LENGTH, PASSAGE_MAX_LENGTH
from articles.workflow import outside
from articles.workflow.common import WorkflowError


class OutsideCommentForm(forms.Form):
    passage = forms.CharField(
        label="The words you comment on (optional)",
        required=False,
        max_length=PASSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copy a phrase from the text, or leave this empty to comment on "
        "the article as a whole.",
    )
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _closed(request, link, reason):
    return _private(
        render(
            request,
            "outside/closed.html",
            {"reason": reason, "link": link},
            status=410,
        )
    )


@csrf_protect
def review_page(request, token):
    link = OutsideReviewLink.from_token(token)
    if link is None:
        raise Http404("No such review link.")
    # Whatever is posted, a closed link shows nothing of the revision.
    if reason := outside.closed_reason(link):
        return _closed(request, link, reason)
    form = OutsideCommentForm(request.POST or None)
    status = 200
    try:
        if request.method != "POST":
            outside.record_view(link)
        elif form.is_valid():
            outside.outside_comment(
                link,
                body=form.cleaned_data["body"],
                passage=form.cleaned_data["passage"],
            )
            return redirect(f"{request.path}?sent=1#your-comments")
        else:
            status = 400
    except outside.LinkClosed as closed:  # closed since the check above
        return _closed(request, link, str(closed))
    except WorkflowError as error:
        form.add_error(None, str(error))
        status = 400
    revision = link.revision
    context = {
        "link": link,
        "revision": revision,
        "form": form,
        "sent": request.GET.get("sent") == "1",
        "comments": Comment.objects.filter(outside_link=link).select_related("thread"),
    }
    return _private(render(request, "outside/review.html", context, status=status))
