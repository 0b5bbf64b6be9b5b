"""Load the demo site: role accounts, people, topics and published articles.

Safe to run any number of times. Articles are published the way editors do
it, through articles.workflow: submitted, approved by a demo reviewer, made
live. An article whose live text already matches the demo text is left alone.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import roles, workflow
from articles.demo_data import ARTICLES, AUTHORS, REVIEWERS, TOPICS
from articles.management.guards import FORCE_HELP, refuse_in_production
from articles.models import Article, Author, MedicalReviewer, Reference, Topic

ACCOUNTS = [
    # username, group, full name
    ("editor", roles.EDITORS, "Dana Editor"),
    ("reviewer", roles.MEDICAL_REVIEWERS, "Demo Reviewer"),
    ("reviewer2", roles.MEDICAL_REVIEWERS, "Second Reviewer"),
    ("chief", roles.CHIEF_EDITORS, "Casey Chief"),
    ("moderator", roles.MODERATORS, "Morgan Moderator"),
    ("admin", None, "Site Administrator"),
]


class Command(BaseCommand):
    help = "Create demo accounts and publish the demo articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=FORCE_HELP)

    def handle(self, *args, force=False, **options):
        refuse_in_production(
            "creates staff accounts, a superuser among them, with the published "
            "demo password",
            force=force,
        )
        with transaction.atomic():
            users = self.load_accounts()
            self.load_people_and_topics()
        published = 0
        for data in ARTICLES:
            published += self.load_article(data, users)
        for data in ARTICLES:
            article = Article.objects.get(slug=data["slug"])
            article.also_read.set(Article.objects.filter(slug__in=data["also_read"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(ARTICLES)} articles "
                f"({published} published in this run)."
            )
        )

    def load_accounts(self):
        """Create the demo accounts that are missing; leave existing ones alone.

        A demo user who changed their password keeps it.
        """
        User = get_user_model()
        users = {}
        for username, group, full_name in ACCOUNTS:
            first, last = full_name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_staff": True,
                    "is_superuser": group is None,
                },
            )
            if created:
                user.set_password(settings.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                if group:
                    user.groups.set([Group.objects.get(name=group)])
            users[username] = user
        return users

    def load_people_and_topics(self):
        User = get_user_model()
        for data in TOPICS:
            sync(Topic, data["slug"], data)
        for data in AUTHORS:
            sync(Author, data["slug"], data)
        for data in REVIEWERS:
            fields = {k: v for k, v in data.items() if k != "username"}
            fields["user"] = User.objects.get(username=data["username"])
            fields.setdefault("credential_verified_at", None)
            sync(MedicalReviewer, data["slug"], fields)

    @transaction.atomic
    def load_article(self, data, users):
        """Bring one demo article up to date; return 1 if it was published now.

        An article whose working copy and live text already match the demo
        data is not written at all.
        """
        article = Article.objects.filter(slug=data["slug"]).first() or Article(
            slug=data["slug"]
        )
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "topic": Topic.objects.get(slug=data["topic"]),
        }
        authors = set(
            Author.objects.filter(slug__in=data["authors"]).values_list("pk", flat=True)
        )
        references = [demo_reference(ref, position) for position, ref in
                      enumerate(data["references"], start=1)]  # fmt: skip
        unchanged = (
            article.pk is not None
            and all(getattr(article, name) == value for name, value in fields.items())
            and set(article.authors.values_list("pk", flat=True)) == authors
            and [ref.as_frozen() for ref in article.references.all()]
            == [ref.as_frozen() for ref in references]
        )
        if not unchanged:
            for name, value in fields.items():
                setattr(article, name, value)
            workflow.record_edit(article, users["editor"])
            article.save()
            article.authors.set(authors)
            article.references.all().delete()
            for ref in references:
                ref.article = article
                ref.save()
        live = article.live_revision
        if live and live.content_hash == article.working_copy_hash():
            return 0
        reviewer = MedicalReviewer.objects.get(user__username=data["reviewer"])
        revision = workflow.submit_for_review(
            article,
            by=users["editor"],
            reviewer=reviewer,
            change_note=data.get("change_note", "First publication."),
        )
        workflow.approve(
            revision,
            by=reviewer.user,
            comment="Checked against the cited sources.",
            attestation={key: True for key in workflow.ATTESTATION_ITEMS},
        )
        workflow.publish(revision, by=users["chief"])
        return 1


def sync(model, slug, fields):
    """Create the row with SLUG, or update it only where it differs from FIELDS."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        return model.objects.create(**fields)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save(update_fields=changed)
    return obj


def demo_reference(data, position):
    """Return an unsaved Reference for one demo reference dict."""
    fields = dict(data)
    accessed = fields.get("accessed_on")
    fields["accessed_on"] = date.fromisoformat(accessed) if accessed else None
    return Reference(position=position, **fields)
