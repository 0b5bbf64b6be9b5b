from django import forms

from .models import FeedbackReport
from .text import normalise_newlines

# The limit is the model's: one number for the database, the form and the page.
DETAILS_MAX = FeedbackReport._meta.get_field("details").max_length


class DetailsField(forms.CharField):
    """Free text whose line breaks count once, as the text box counts them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_newlines(value)
        return super().to_python(value)


class VoteForm(forms.Form):
    article = forms.SlugField(max_length=200)
    revision = forms.IntegerField(min_value=1, max_value=2**62)
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(required=False, max_length=200)


class DetailsForm(forms.Form):
    reason = forms.ChoiceField(
        choices=FeedbackReport.Reason.choices,
        widget=forms.RadioSelect,
        required=False,
        label="What was wrong?",
    )
    details = DetailsField(
        required=False,
        max_length=DETAILS_MAX,
        label="Tell us more (optional)",
        help_text=(
            f"At most {DETAILS_MAX:,} characters. Do not include personal information "
            "such as your name, contact details or details of your health."
        ),
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Your e-mail address (optional)",
        help_text="Only if you would like us to tell you what we did.",
    )
    consent = forms.BooleanField(
        required=False,
        label="You may contact me about this report. I understand my e-mail address "
        "is deleted once the report is closed and I have been told what was done, "
        "and at the latest after 90 days.",
    )
    website = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("consent"):
            self.add_error(
                "consent",
                "To be contacted, tick this box, or leave the e-mail address empty.",
            )
        if not cleaned.get("reason") and not (cleaned.get("details") or "").strip():
            raise forms.ValidationError("Choose what was wrong or tell us more.")
        return cleaned
