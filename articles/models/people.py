"""Topics, and the people behind articles: authors, reviewers and fact checkers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.images import CleanImageField

from .steps import default_steps, validate_review_steps
from .validators import validate_profile_links, validate_single_line


class Topic(models.Model):
    # Names go into feeds and e-mail subjects: one line, nothing XML refuses.
    name = models.CharField(
        max_length=100, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    review_interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty to use the site default for periodic review.",
    )
    review_steps = models.JSONField(
        default=default_steps,
        validators=[validate_review_steps],
        help_text="The review steps every revision in this topic goes through, "
        "in order: a fact check, then medical review, optionally a senior "
        "clinical sign-off.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])


class Person(models.Model):
    """Fields shared by authors and medical reviewers."""

    name = models.CharField(max_length=150, validators=[validate_single_line])
    slug = models.SlugField(max_length=150, unique=True)
    credentials = models.CharField(
        max_length=100,
        blank=True,
        help_text='Post-nominal letters as they should appear, e.g. "MD, FRCP".',
    )
    bio = models.TextField(blank=True)
    # Re-encoded and renamed by core.images: only a PNG or JPEG's pixels are kept.
    photo = CleanImageField(
        upload_to="people/",
        blank=True,
        help_text="A PNG or JPEG image; it is stored re-encoded, under a new name.",
    )
    profile_links = models.JSONField(
        default=list,
        blank=True,
        help_text='A list of {"label": "ORCID", "url": "https://orcid.org/..."}.',
        validators=[validate_profile_links],
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.profile_links is None:  # the box was left empty
            self.profile_links = []

    @property
    def display_name(self):
        """Return the name followed by credentials, as printed in bylines."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Author(Person):
    job_title = models.CharField(max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    class Meta(Person.Meta):
        pass

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class Specialty(models.Model):
    """A clinical specialty, and the topics a reviewer in it is fit to review."""

    name = models.CharField(
        max_length=100, unique=True, validators=[validate_single_line]
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="specialties",
        help_text="The topics a reviewer with this specialty may review "
        "without a chief editor's recorded reason.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class MedicalReviewer(Person):
    specialty = models.CharField(
        max_length=150, help_text="As printed on their public page."
    )
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="reviewers",
        help_text="The specialties whose topics they may review (assignment "
        "outside them needs a chief editor's reason).",
    )
    conflict_of_interest = models.TextField(
        blank=True, help_text='Shown publicly. Write "None declared." if none.'
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer_profile",
        # Whoever holds this account approves in the reviewer's name: only an
        # account a superuser put in the Medical reviewers group will do.
        limit_choices_to={"groups__name": "Medical reviewers"},
        help_text=(
            "Reviewers approve drafts in the admin, so they need an account in "
            "the Medical reviewers group."
        ),
    )
    active = models.BooleanField(default=True)

    class Meta(Person.Meta):
        pass

    def get_absolute_url(self):
        return reverse("articles:reviewer", args=[self.slug])

    def current_registration(self, *, today=None):
        """Return the registration that lets them review today, or None.

        Current status, verified by staff on a recorded day, and not expired.
        """
        today = today or timezone.localdate()
        return (
            self.registrations.filter(
                status=Registration.Status.CURRENT, verified_on__isnull=False
            )
            .filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today))
            .order_by("-verified_on", "-pk")
            .first()
        )

    def covers(self, topic):
        """Return whether one of their specialties covers TOPIC."""
        return self.specialties.filter(topics=topic).exists()


class Registration(models.Model):
    """A reviewer's registration with a professional body, as staff verified it."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current (licensed to practise)"
        SUSPENDED = "suspended", "Suspended"
        LAPSED = "lapsed", "Lapsed"
        REMOVED = "removed", "Removed from the register"

    reviewer = models.ForeignKey(
        MedicalReviewer, on_delete=models.CASCADE, related_name="registrations"
    )
    body = models.CharField(
        max_length=150,
        validators=[validate_single_line],
        help_text="e.g. General Medical Council",
    )
    number = models.CharField(max_length=50, validators=[validate_single_line])
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CURRENT
    )
    verified_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day staff checked the entry on the body's public register.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave empty if the register gives none."
    )
    reminded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When chief editors were last reminded of its expiry.",
    )

    class Meta:
        ordering = ["reviewer", "-verified_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"], name="unique_registration_number"
            )
        ]

    def __str__(self):
        return f"{self.body} {self.number}"

    def clean(self):
        if self.verified_on and self.verified_on > timezone.localdate():
            raise ValidationError({"verified_on": "A check cannot be in the future."})

    def frozen(self):
        """Return the registration as stored on an approval."""
        return {
            "body": self.body,
            "number": self.number,
            "status": self.status,
            "verified_on": self.verified_on.isoformat() if self.verified_on else "",
            "expires_on": self.expires_on.isoformat() if self.expires_on else "",
        }


class FactChecker(Person):
    """Someone who checks every claim against its cited source."""

    job_title = models.CharField(max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fact_checker_profile",
        limit_choices_to={"groups__name": "Fact checkers"},
        help_text="Fact checkers approve drafts in the admin, so they need an "
        "account in the Fact checkers group.",
    )
    active = models.BooleanField(default=True)

    class Meta(Person.Meta):
        pass

    def get_absolute_url(self):
        return reverse("articles:fact_checker", args=[self.slug])
