"""The article admin's workflow pages: submit, withdraw, send for re-review.

Each page asks the workflow's own check (``workflow.can_*``) whether the person
may act: a refusal by role is a 403, a refusal by state is shown on the page
with its reason, and the transition itself runs the same check under its lock.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from articles import integrity, workflow
from articles.models import Article, SourceNotice
from articles.rendering import render_article
from articles.workflow.background import registry_section_pending
from articles.workflow.steps import ROLES, kinds_for
from core.refusals import Refusal

from ..lookups import import_page, lookup_reference
from .comments import comment_context, working_copy_text
from .forms import ReasonForm, SubmitForm


def _live_notices(article):
    """Return [(key, notice)] about the works ARTICLE's live revision cites."""
    live = article.live_revision if article else None
    if live is None:
        return []
    found = SourceNotice.objects.by_key(live.references, live.cited_keys)
    return [
        (key, notice) for key, notices in sorted(found.items()) for notice in notices
    ]


def _refuse_by_role(verdict):
    """Answer 403 when VERDICT refuses by role; a state refusal is shown later."""
    if verdict.forbidden:
        raise PermissionDenied(verdict.reason)


def _submit_page_report(article):
    """The working copy's report; the registries are asked only after submitting.

    A registry that is slow or down must not hold the editor's page, so the
    submit page says when the check will run instead of running it.
    """
    return registry_section_pending(
        integrity.build_report(article, registries=False), queued=False
    )


class ArticleWorkflowViews:
    """Mixin for ArticleAdmin: the buttons of the change page and their pages."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/submit/",
                view(self.submit_view),
                name="articles_article_submit",
            ),
            path(
                "<int:pk>/withdraw/",
                view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<int:pk>/rereview/",
                view(self.rereview_view),
                name="articles_article_rereview",
            ),
            path(
                "<int:pk>/republish/",
                view(self.republish_view),
                name="articles_article_republish",
            ),
            # References from outside (articles/editorial/lookups.py).
            path(
                "<int:pk>/import-references/",
                view(self.import_references_view),
                name="articles_article_import_references",
            ),
            path(
                "lookup-reference/",
                view(lookup_reference),
                name="articles_article_lookup_reference",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        latest = obj.revisions.first() if obj else None
        allowed = workflow.available_actions(obj, by=request.user) if obj else set()
        context.update(
            can_submit="submit" in allowed,
            can_withdraw="withdraw" in allowed,
            can_rereview="request_rereview" in allowed,
            can_republish="republish" in allowed,
            can_add_references=bool(
                workflow.can_add_references(obj or Article(), by=request.user)
            ),
            latest_revision=latest,
            # What the registries said since about the works the live text cites.
            source_notices=_live_notices(obj),
            changed_since_submission=bool(
                obj and latest and latest.content_hash != obj.working_copy_hash()
            ),
            **comment_context(
                request,
                obj,
                revision=latest,
                back="editor",
                text=working_copy_text(obj) if latest else None,
            ),
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _workflow_page(self, request, article, title, form, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "form": form,
            **extra,
        }
        return TemplateResponse(request, "admin/articles/workflow_form.html", context)

    def _back(self, article):
        return redirect("admin:articles_article_change", article.pk)

    def _run(self, request, form, action):
        """Run a workflow call; on refusal put the reason on the form."""
        try:
            action()
        except (Refusal, PermissionDenied) as error:
            form.add_error(None, str(error))
            return False
        return True

    def submit_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        _refuse_by_role(workflow.can_submit(article, by=request.user))
        form = SubmitForm(
            request.POST or None,
            steps=[
                (
                    kind,
                    ROLES[kind].noun.capitalize(),
                    f"Does the {kind.label.lower()}: approves this exact text.",
                    workflow.reviewers_for_submission(
                        article, by=request.user, kind=kind
                    ),
                )
                for kind in kinds_for(article)
            ],
            can_override=integrity.can_override(request.user),
            can_cite_retracted=request.user.has_perm("articles.cite_retracted"),
            can_override_specialty=request.user.has_perm("articles.override_specialty"),
        )
        if request.method == "POST" and form.is_valid():
            ok = self._run(
                request,
                form,
                lambda: workflow.submit_for_review(
                    article,
                    by=request.user,
                    assignees=form.assignees(),
                    change_note=form.cleaned_data["change_note"],
                    override_reason=form.cleaned_data.get("override_reason", ""),
                    retraction_reason=form.cleaned_data.get("retraction_reason", ""),
                    specialty_reason=form.cleaned_data.get("specialty_reason", ""),
                ),
            )
            if ok:
                first = next(iter(form.assignees().values()))
                messages.success(
                    request, f"Submitted for review; {first.name} has the first step."
                )
                return self._back(article)
        rendered = render_article(
            article.body, article.frozen_references(), strict=False
        )
        return self._workflow_page(
            request,
            article,
            f"Submit “{article.title}” for medical review",
            form,
            rendered=rendered,
            integrity=_submit_page_report(article),
            submit_label="Submit for review",
            intro=(
                "The text below is frozen as a new revision. Each review step, in "
                "order, approves exactly this text; any later edit needs a new "
                "approval from the first step."
            ),
        )

    def _reason_view(self, request, pk, *, check, title, label, intro, action, done):
        article = get_object_or_404(Article, pk=pk)
        _refuse_by_role(check(article, by=request.user))
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            if self._run(
                request, form, lambda: action(article, by=request.user, reason=reason)
            ):
                messages.success(request, done)
                return self._back(article)
        return self._workflow_page(
            request, article, title, form, submit_label=label, intro=intro
        )

    def withdraw_view(self, request, pk):
        return self._reason_view(
            request,
            pk,
            check=workflow.can_withdraw,
            title="Withdraw this article",
            label="Withdraw",
            intro=(
                "The public address will answer “withdrawn” (HTTP 410). Nothing is "
                "deleted; publishing an approved revision brings it back."
            ),
            action=workflow.withdraw,
            done="The article was withdrawn.",
        )

    def rereview_view(self, request, pk):
        return self._reason_view(
            request,
            pk,
            check=workflow.can_request_rereview,
            title="Send this article back for medical review",
            label="Send for re-review",
            intro=(
                "The approved text stays live. The editor and the reviewer who "
                "approved it are e-mailed the reason."
            ),
            action=workflow.request_rereview,
            done="The article was sent back for re-review.",
        )

    def import_references_view(self, request, pk):
        return import_page(self, request, pk)

    def republish_view(self, request, pk):
        """Confirm, then put a withdrawn article back with its last live text."""
        article = get_object_or_404(Article, pk=pk)
        verdict = workflow.can_republish(article, by=request.user)
        _refuse_by_role(verdict)
        form = forms.Form(request.POST if request.method == "POST" else None)
        if not verdict:
            form = forms.Form({})  # bound, so the reason shows as its error
            form.is_valid()
            form.add_error(None, verdict.reason)
        elif request.method == "POST" and form.is_valid():
            if self._run(
                request, form, lambda: workflow.republish(article, by=request.user)
            ):
                messages.success(request, "The article is back online.")
                return self._back(article)
        live = article.live_revision
        return self._workflow_page(
            request,
            article,
            "Put this article back online",
            form,
            submit_label="Republish",
            intro=(
                f"Revision {live.number}, approved by {live.decided_by.display_name} "
                f"on {live.decided_at:%Y-%m-%d}, goes back online as it was when "
                "the article was withdrawn. No new review is needed while that "
                "approval is within the review interval; the action is recorded "
                "in the history."
            )
            if live and live.decided_by
            else "",
        )
