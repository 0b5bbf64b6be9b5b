"""Review comments on screen: the panel beside the text, and the one endpoint.

The review screen and the editor's article form both show an article's threads
(``comment_context``) and post to one address per revision
(``comment_view``), which runs the workflow call and goes back to the screen
it came from. A refusal (an empty comment, a passage not in the text, a thread
resolved meanwhile) shows the form again with the reason and the words typed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.models import CommentThread
from articles.models.comments import COMMENT_MAX_LENGTH, PASSAGE_MAX_LENGTH
from articles.rendering import render_article
from articles.workflow import comments
from core.refusals import Refusal

from .forms import is_storable_key

BACK_TO = {
    "review": lambda revision: reverse(
        "admin:articles_revision_change", args=[revision.pk]
    ),
    "editor": lambda revision: reverse(
        "admin:articles_article_change", args=[revision.article_id]
    ),
}
DONE = {
    "start": "Comment added; the editor and reviewer have been e-mailed.",
    "reply": "Answer added; the others in the thread have been e-mailed.",
    "resolve": "Thread resolved.",
    "reopen": "Thread reopened.",
}


class CommentForm(forms.Form):
    """What one comment action posts."""

    action = forms.ChoiceField(choices=[(name, name) for name in DONE])
    back = forms.ChoiceField(choices=[(name, name) for name in BACK_TO])
    thread = forms.IntegerField(required=False, widget=forms.HiddenInput)
    passage = forms.CharField(
        required=False,
        max_length=PASSAGE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Select words in the text to quote them here, or leave this empty "
            "to comment on the whole revision."
        ),
    )
    body = forms.CharField(
        label="Comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _thread(article, key):
    if key is None or not is_storable_key(CommentThread, key):
        return None
    return CommentThread.objects.filter(article=article, pk=key).first()


def _run(revision, user, data):
    """Run the posted action; return the thread it concerned."""
    action = data["action"]
    if action == "start":
        return comments.start_thread(
            revision, by=user, body=data["body"], passage=data["passage"]
        )
    thread = _thread(revision.article, data["thread"])
    if thread is None:
        raise comments.WorkflowError("That thread is not one of this article's.")
    call = {
        "reply": comments.reply,
        "resolve": comments.resolve,
        "reopen": comments.reopen,
    }[action]
    call(thread, by=user, revision=revision, body=data["body"])
    return thread


def comment_view(model_admin, request, revision):
    """Handle one posted comment action on REVISION, then go back."""
    if not comments.can_comment(revision.article, by=request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(BACK_TO["review"](revision) + "#comments")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            thread = _run(revision, request.user, form.cleaned_data)
        except Refusal as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, DONE[form.cleaned_data["action"]])
            back = BACK_TO[form.cleaned_data["back"]](revision)
            return redirect(f"{back}#thread-{thread.pk}")
    thread = _thread(revision.article, form.data.get("thread"))
    back = BACK_TO.get(form.data.get("back"), BACK_TO["review"])(revision)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Your comment was not saved",
        "revision": revision,
        "article": revision.article,
        "thread": thread,
        "form": form,
        "back": back,
    }
    return TemplateResponse(
        request, "admin/articles/comment_refused.html", context, status=400
    )


def working_copy_text(article):
    """Return ARTICLE's working copy as readers would see it, as plain text."""
    references = [ref.as_frozen() for ref in article.references.all()]
    rendered = render_article(article.body, references, strict=False)
    return comments.reader_text(
        article.title, article.summary, rendered.body_html, rendered.references_html
    )


def comment_context(request, article, *, revision, back, text=None):
    """Return the template context of the comments panel for one screen.

    REVISION is the one on screen (the one new entries are written against);
    on the editor's form it is the latest revision and TEXT the working copy.
    """
    if revision is None:
        return {"comments_panel": None}
    views = comments.threads_for(
        article, revision=revision if back == "review" else None, text=text
    )
    return {
        "comments_panel": {
            "revision": revision,
            "back": back,
            "open": [view for view in views if not view.thread.is_resolved],
            "resolved": [view for view in views if view.thread.is_resolved],
            "can_comment": bool(comments.can_comment(article, by=request.user)),
            "new_form": CommentForm() if back == "review" else None,
        }
    }
