"""Topics and the people behind articles: authors, reviewers, fact checkers."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import workflow
from articles.models import (
    Author,
    FactChecker,
    MedicalReviewer,
    Registration,
    Specialty,
    StepKind,
    Topic,
)
from articles.workflow.attribution import steps_to_correct
from core.refusals import Refusal


class TopicForm(forms.ModelForm):
    # Ticked in the one order steps run; the model validates the list.
    review_steps = forms.MultipleChoiceField(
        choices=StepKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every revision in this topic goes through the ticked steps, "
        "in this order. A fact check and a medical review are always needed.",
    )

    class Meta:
        model = Topic
        fields = ["name", "slug", "description", "review_interval_days", "review_steps"]

    def clean_review_steps(self):
        chosen = self.cleaned_data["review_steps"]
        return [kind for kind in StepKind.values if kind in chosen]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ["name", "slug", "review_interval_days", "steps"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    @admin.display(description="Review steps")
    def steps(self, topic):
        return ", then ".join(StepKind(kind).label for kind in topic.review_steps)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name"]
    # A plain multiple select: the two-box widget's icons fail axe (ARIA on <span>).
    search_fields = ["name"]


# Stacked, not tabular: every field keeps its visible label (WCAG 2.2 AA).
class RegistrationInline(admin.StackedInline):
    model = Registration
    extra = 0
    fields = ["body", "number", "status", "verified_on", "verified_by", "expires_on"]
    readonly_fields = ["verified_by"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why the name shown is corrected",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in each article's history and sent to the person.",
    )


class ProfileAccountMixin:
    """Who may point a profile at an account, and correcting the name shown.

    Whoever controls the account behind a reviewer or fact checker profile
    approves in that person's name. The field accepts only accounts in the
    role's group; only superusers may re-point a profile, or link one to a
    chief editor's own account (docs/roles.md).

    Approvals keep the name they were given under; a chief editor carries a
    corrected name onto current approved texts from the profile's own page.
    """

    profile_name = ""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/correct-attribution/",
                self.admin_site.admin_view(self.correct_attribution_view),
                name=f"{info}_correct_attribution",
            ),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields.append("user")
        if obj is not None:
            fields.append("shown_on_approvals")
        return fields

    @admin.display(description="Name shown on their approvals")
    def shown_on_approvals(self, obj):
        stale = steps_to_correct(obj)
        if not stale:
            return "Every current approved article shows this profile's name."
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_correct_attribution",
            args=[obj.pk],
        )
        return format_html(
            '{} current article(s) show an earlier wording. <a href="{}">Review '
            "and correct them</a>.",
            len(stale),
            url,
        )

    def correct_attribution_view(self, request, pk):
        if not request.user.has_perm("articles.correct_attribution"):
            raise PermissionDenied
        profile = get_object_or_404(self.model, pk=pk)
        form = ReasonForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                steps = workflow.correct_attribution(
                    profile, by=request.user, reason=form.cleaned_data["reason"]
                )
            except Refusal as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    f"Corrected on {len(steps)} article(s); {profile.name} was told.",
                )
                return redirect(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    profile.pk,
                )
        if request.method == "POST":
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Correct the name shown for {profile.name}",
            "profile": profile,
            "steps": steps_to_correct(profile),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/articles/correct_attribution.html", context, status=status
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            # Not yet behind a profile, and never the chief editor's own.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(**{f"{self.profile_name}__isnull": True})
                .exclude(pk=request.user.pk)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(MedicalReviewer)
class MedicalReviewerAdmin(ProfileAccountMixin, admin.ModelAdmin):
    profile_name = "reviewer_profile"
    list_display = ["name", "credentials", "specialty", "active", "registration"]
    list_filter = ["active", "specialties"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "specialty", "registrations__number"]
    inlines = [RegistrationInline]

    @admin.display(description="Current verified registration")
    def registration(self, reviewer):
        return reviewer.current_registration() or "None: cannot review"

    def save_formset(self, request, form, formset, change):
        # Whoever enters or changes the day of a check is recorded as its checker.
        for registration in formset.save(commit=False):
            if registration.verified_on and (
                registration.pk is None
                or "verified_on" in _changed(formset, registration)
            ):
                registration.verified_by = request.user
            registration.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


def _changed(formset, instance):
    for form in formset.forms:
        if form.instance is instance:
            return form.changed_data
    return []


@admin.register(FactChecker)
class FactCheckerAdmin(ProfileAccountMixin, admin.ModelAdmin):
    profile_name = "fact_checker_profile"
    list_display = ["name", "credentials", "job_title", "active"]
    list_filter = ["active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
