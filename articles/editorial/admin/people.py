"""Topics and the people behind articles: authors, reviewers, fact checkers."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from articles.models import (
    Author,
    FactChecker,
    MedicalReviewer,
    Registration,
    Specialty,
    StepKind,
    Topic,
)


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
    filter_horizontal = ["topics"]
    search_fields = ["name"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["body", "number", "status", "verified_on", "verified_by", "expires_on"]
    readonly_fields = ["verified_by"]


class ProfileAccountMixin:
    """Who may point a profile at an account (docs/roles.md).

    Whoever controls the account behind a reviewer or fact checker profile
    approves in that person's name. The field accepts only accounts in the
    role's group; only superusers may re-point a profile, or link one to a
    chief editor's own account.
    """

    profile_name = ""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.is_superuser:
            return [*fields, "user"]
        return fields

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
    filter_horizontal = ["specialties"]
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
