"""Topics, and the people behind articles: authors and medical reviewers."""

from django.conf import settings
from django.db import models
from django.urls import reverse

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
    photo = models.ImageField(upload_to="people/", blank=True)
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


class MedicalReviewer(Person):
    specialty = models.CharField(max_length=150)
    registration_body = models.CharField(
        max_length=150, blank=True, help_text="e.g. General Medical Council"
    )
    registration_number = models.CharField(max_length=50, blank=True)
    credential_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When staff last checked the registration."
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
