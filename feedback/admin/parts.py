"""The moderation form, the list's filters and the labels the report screens share."""

from django import forms
from django.contrib import admin

from articles.models import Revision

from .. import services
from ..models import FeedbackReport

Status = FeedbackReport.Status
Decision = Revision.Decision
# Short names for the list, so that its columns fit a 1280 px screen.
SHORT_REASONS = {
    FeedbackReport.Reason.INACCURATE: "Inaccurate",
    FeedbackReport.Reason.OUTDATED: "Out of date",
    FeedbackReport.Reason.QUESTIONABLE_SOURCE: "Doubtful source",
    FeedbackReport.Reason.UNCLEAR: "Unclear",
    FeedbackReport.Reason.BROKEN_LINK: "Broken link",
    FeedbackReport.Reason.OTHER: "Other",
}


def revision_label(revision, *, can_go_live=True):
    """Return "Revision 4 (in review)": the number and where it stands.

    CAN_GO_LIVE false: the revision was never live and cannot be any more.
    """
    if revision.published_at:
        where = f"live since {revision.published_at:%d %b %Y}"
    elif not can_go_live:
        where = "will not go live"
    elif revision.decision == Decision.APPROVED:
        where = "approved, not live yet"
    else:
        where = "in review"
    return f"Revision {revision.number} ({where})"


def moderator_label(user):
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class ModerationForm(forms.Form):
    """The report page's moderation box; REPORT sets what may be chosen."""

    action = forms.CharField(required=False)
    assignee = forms.ModelChoiceField(
        label="Assigned to",
        queryset=None,
        required=False,
        empty_label="Nobody",
        widget=forms.Select(attrs={"form": "moderate-form"}),
        help_text="Any active member of the Moderators group. Press “Assign” to "
        "give them the report.",
    )
    fixed_by_revision = forms.ModelChoiceField(
        label="Fixed by revision",
        queryset=None,
        required=False,
        empty_label="None: nothing to wait for",
        widget=forms.Select(attrs={"form": "moderate-form"}),
        help_text="When resolving: the newer revision that fixes what the reader "
        "reported. If it is not live yet, the e-mail to the reader waits and is "
        "sent when it goes live.",
    )
    note = forms.CharField(
        label="Internal note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the team: kept in the report's history and never sent to the "
        "reader. Required to send for re-review (the editor and reviewer get it).",
    )
    reader_message = forms.CharField(
        label="Message to the reader",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E-mailed to the reader when you resolve the report, if they "
        "agreed to be contacted. Leave it empty to send only our standard thanks. "
        "Do not copy internal notes here.",
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, auto_id="moderation-%s", **kwargs)
        self.fields["assignee"].queryset = services.moderators()
        self.fields["assignee"].label_from_instance = moderator_label
        self.fields["fixed_by_revision"].queryset = services.fix_revisions(report)
        self.fields["fixed_by_revision"].label_from_instance = revision_label


class StatusFilter(admin.SimpleListFilter):
    """Status; bare votes are hidden unless asked for, having nothing to triage."""

    title = "status"
    parameter_name = "status"
    DEFAULT_LABEL = "Reports (not bare votes)"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open (new, triaged, needs re-review)"),
            *[(s.value, s.label) for s in Status if s != Status.VOTE],
            (Status.VOTE.value, "Votes only (no reason or details)"),
            ("all", "Everything, with votes"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.exclude(status=Status.VOTE)
        if value == "all":
            return queryset
        if value == "open":
            return queryset.open()
        return queryset.filter(status=value)

    def choices(self, changelist):
        choices = super().choices(changelist)
        unfiltered = next(choices)  # Django's "All", which here hides the votes
        yield {**unfiltered, "display": self.DEFAULT_LABEL}
        yield from choices


class PersonalDataFilter(admin.SimpleListFilter):
    """Whether an e-mail address or phone number was detected in the details."""

    title = "personal data in the details"
    parameter_name = "personal_data"

    def lookups(self, request, model_admin):
        return [
            ("yes", "May contain some (e-mail or phone detected)"),
            ("no", "None detected"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_personal_data=True)
        if self.value() == "no":
            return queryset.filter(has_personal_data=False)
        return queryset
