"""Forms behind the workflow buttons and the conflict-safe article form."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import (
    Article,
    MedicalReviewer,
)
from articles.rendering import render_article
from articles.workflow import ATTESTATION_ITEMS, edit_conflict


def is_storable_key(model, value):
    """Return whether VALUE can be a primary key of MODEL in this database."""
    pk = model._meta.pk
    try:
        pk.run_validators(pk.to_python(value))
    except ValidationError:
        return False
    return True


class KnownKeysMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects that refuses keys the database cannot hold.

    Django looks posted keys up as they are: a forged one beyond the integer
    range made SQLite raise OverflowError and PostgreSQL DataError, a 500.
    """

    def clean(self, value):
        for key in value if isinstance(value, list | tuple) else ():
            if not is_storable_key(self.queryset.model, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super().clean(value)


class KnownKeysAutocomplete(AutocompleteSelectMultiple):
    """Django's autocomplete widget, without its crash on a forged key.

    A form shown again after a refusal hands the posted values back to the
    widget, which looks them up as primary keys: a value that is no number
    raised ValueError (a 500) instead of showing the form's message.
    """

    def optgroups(self, name, value, attr=None):
        model = self.field.remote_field.model
        keys = [key for key in value if is_storable_key(model, key)]
        return super().optgroups(name, keys, attr)


class ArticleForm(forms.ModelForm):
    """The working-copy form, with optimistic locking on ``version``.

    It only validates: saving is ``workflow.edit_working_copy``. If someone else
    saved the article after this form was opened, saving is refused with a
    message and the form comes back with everything typed.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "topic", "authors", "summary", "body", "also_read"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_body(self):
        body = self.cleaned_data["body"]
        # The change page and the submit page render the working copy: refuse
        # now what could not be rendered then (ValidationError says why).
        render_article(body, [], strict=False)
        return body

    def clean(self):
        cleaned = super().clean()
        # The posted version is only ever compared, never copied onto the
        # article: edit_working_copy bumps it, and a new article starts at 1.
        # The same comparison runs again under the row lock when saving.
        opened_at = self.opened_version = cleaned.pop("version", None)
        conflict = edit_conflict(self.instance, opened_version=opened_at)
        if conflict:
            raise forms.ValidationError(conflict, code="conflict")
        return cleaned


def step_field_name(kind):
    return f"assignee_{kind}"


class SubmitForm(forms.Form):
    """Freeze the working copy: who does each review step, and why it changed.

    One choice per step of the article's topic, in order; the workflow checks
    the people chosen again (registrations, specialties, no one twice).
    """

    change_note = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed and why. Shown publicly in the article history.",
    )
    override_reason = forms.CharField(
        label="Override the originality check",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only if the originality check blocks this submission: say why the "
            "overlap is acceptable (for example, the other article is ours and "
            "being merged). The reason is recorded with the revision and in its "
            "history."
        ),
    )

    retraction_reason = forms.CharField(
        label="Cite retracted or withdrawn work anyway",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only if submission is refused because a cited work was retracted or "
            "withdrawn: say why the article cites it (for example, it explains "
            "the retraction). The reason is recorded in the revision's history."
        ),
    )

    specialty_reason = forms.CharField(
        label="Assign a reviewer outside their specialties",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only if submission is refused because a reviewer's specialties do "
            "not cover the topic: say why they are fit to review it. The reason "
            "is recorded in the revision's history."
        ),
    )

    def __init__(
        self,
        *args,
        steps,
        can_override=False,
        can_cite_retracted=False,
        can_override_specialty=False,
        **kwargs,
    ):
        """STEPS: (kind, label, help text, queryset of the people who may do it)."""
        super().__init__(*args, **kwargs)
        step_fields = {
            step_field_name(kind): forms.ModelChoiceField(
                queryset=people, label=label, help_text=help_text
            )
            for kind, label, help_text, people in steps
        }
        self.step_kinds = [kind for kind, *_ in steps]
        self.fields = {**step_fields, **self.fields}
        if not can_override:
            del self.fields["override_reason"]
        if not can_cite_retracted:
            del self.fields["retraction_reason"]
        if not can_override_specialty:
            del self.fields["specialty_reason"]

    def assignees(self):
        return {
            kind: self.cleaned_data[step_field_name(kind)] for kind in self.step_kinds
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("request_changes", "Request changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to request changes; the editor receives it by e-mail.",
    )

    def __init__(self, *args, statements=ATTESTATION_ITEMS, **kwargs):
        """STATEMENTS: what the step being decided attests, by key."""
        super().__init__(*args, **kwargs)
        self.statements = statements
        for key, label in statements.items():
            self.fields[key] = forms.BooleanField(required=False, label=label)

    def attestation(self):
        return {key: self.cleaned_data.get(key, False) for key in self.statements}

    def attestation_fields(self):
        """Return the bound checkbox of each statement, in the workflow's order."""
        return [self[key] for key in self.statements]


class AssignForm(forms.Form):
    """Give one pending step to another person (the people of the step's role)."""

    reviewer = forms.ModelChoiceField(queryset=MedicalReviewer.objects.none())
    specialty_reason = forms.CharField(
        label="Reason, if they review outside their specialties",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, reviewers, label="Medical reviewer", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label = label


# One date format everywhere on the review screens, entered and shown alike.
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


class ScheduleForm(forms.Form):
    """When an approved revision goes live, in the site's time zone."""

    go_live_at = forms.DateTimeField(
        label="Go live at",
        input_formats=[DATETIME_FORMAT],
        widget=forms.TextInput(
            attrs={"placeholder": "2027-01-31 09:00", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        self.fields[
            "go_live_at"
        ].help_text = (
            f"Year-month-day and 24-hour time, in the site's time zone ({zone})."
        )

    def clean_go_live_at(self):
        value = self.cleaned_data["go_live_at"]
        if value <= timezone.now():
            raise forms.ValidationError(
                "Choose a time in the future, or use Publish now."
            )
        return value
