"""Load the demo site: role accounts, people, topics and published articles.

The content is read from articles/fixtures/demo/ (see articles.demo) and held
to the same rules as an editor's: each topic, person, article and reference is
checked by its model's full_clean(), each body by the strict renderer. The first
problem stops the command, naming the file and entry, and nothing is written.

Safe to run any number of times. Working copies are written with the editors'
workflow.edit_working_copy, then submitted, fact checked by the demo fact checker,
approved by a demo reviewer and
published; an article already matching the demo is not written at all.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import demo, workflow
from articles.models import (
    Article,
    Author,
    FactChecker,
    MedicalReviewer,
    Registration,
    Specialty,
    StepKind,
    Topic,
)
from articles.rendering import render_article
from articles.workflow import roles
from articles.workflow.editing import normalise_text
from articles.workflow.steps import ROLES
from core.guards import FORCE_HELP, refuse_in_production
from core.refusals import Refusal

ACCOUNTS = [
    # username, group, full name
    ("editor", roles.EDITORS, "Dana Editor"),
    ("reviewer", roles.MEDICAL_REVIEWERS, "Demo Reviewer"),
    ("reviewer2", roles.MEDICAL_REVIEWERS, "Second Reviewer"),
    ("factchecker", roles.FACT_CHECKERS, "Imogen Pell"),
    ("chief", roles.CHIEF_EDITORS, "Casey Chief"),
    ("moderator", roles.MODERATORS, "Morgan Moderator"),
    ("admin", None, "Site Administrator"),
]
# Left out of an article's validation, as from an editor's form: the row's
# status, dates and versions are the workflow's, not the data's.
WORKFLOW_FIELDS = [field.name for field in Article._meta.fields if not field.editable]


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
        try:
            content = demo.load()
            with transaction.atomic():
                published = self.load(content)
        except demo.DemoDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(content.articles)} articles "
                f"({published} published in this run)."
            )
        )

    def load(self, content):
        """Write CONTENT and return how many articles were published now."""
        users = load_accounts()
        directory = content.directory
        topics = sync(Topic, content.topics, directory / "topics.toml")
        authors = sync(Author, content.authors, directory / "authors.toml")
        leave = {"username", "registration_body", "registration_number"}
        rows = [
            {name: value for name, value in data.items() if name not in leave}
            | {"user": users.get(data["username"])}
            for data in content.reviewers
        ]
        synced = sync(MedicalReviewer, rows, directory / "reviewers.toml").values()
        reviewers = {reviewer.user.username: reviewer for reviewer in synced}
        for data in content.reviewers:
            register(reviewers[data["username"]], data, by=users["chief"])
        checker = sync(
            FactChecker,
            [{**FACT_CHECKER, "user": users["factchecker"]}],
            directory / "reviewers.toml",
        )[FACT_CHECKER["slug"]]
        cover_topics(content, reviewers, topics)
        # Every working copy first, so that each also_read can name any demo
        # article; then the publications, in the order the files give.
        articles = [
            write_article(item, by=users["editor"], topics=topics, authors=authors)
            for item in content.articles
        ]
        by_slug = {article.slug: article for article in articles}
        for item, article in zip(content.articles, articles, strict=True):
            also_read = [
                lookup(by_slug, slug, item.path, "also_read article")
                for slug in item.also_read
            ]
            if set(article.also_read.all()) != set(also_read):
                workflow.edit_working_copy(
                    article, by=users["editor"], changes={"also_read": also_read}
                )
        return sum(
            publish(item, article, users=users, reviewers=reviewers, checker=checker)
            for item, article in zip(content.articles, articles, strict=True)
        )


def load_accounts():
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


def sync(model, rows, path):
    """Return {slug: object} for ROWS, each validated, then created or updated."""
    synced = {}
    for fields in rows:
        obj = model.objects.filter(slug=fields["slug"]).first()
        stored = obj and {name: getattr(obj, name) for name in fields}
        obj = obj or model()
        for name, value in fields.items():
            setattr(obj, name, value)
        check(obj.full_clean, path, entry=fields["slug"])
        if not stored:
            obj.save()
        elif changed := [name for name in fields if getattr(obj, name) != stored[name]]:
            obj.save(update_fields=changed)
        synced[obj.slug] = obj
    return synced


def write_article(item, *, by, topics, authors):
    """Return ITEM's article, its working copy brought up to date if it differs."""
    references = item.reference_objects()
    for ref in references:
        check(ref.full_clean, item.references_path, entry=ref.key, exclude=["article"])
    frozen = [reference.as_frozen() for reference in references]
    check(render_article, item.path, body=item.body, references=frozen, strict=True)
    article = Article.objects.filter(slug=item.slug).first() or Article(slug=item.slug)
    changes = {
        "title": normalise_text(item.title),
        "slug": item.slug,
        "topic": lookup(topics, item.topic, item.path, "topic"),
        "summary": normalise_text(item.summary),
        "body": normalise_text(item.body),
    }
    byline = [lookup(authors, slug, item.path, "author") for slug in item.authors]
    unchanged = (
        article.pk is not None
        and all(getattr(article, name) == value for name, value in changes.items())
        and set(article.authors.all()) == set(byline)
        and article.frozen_references() == frozen
    )
    for name, value in changes.items():
        setattr(article, name, value)
    check(article.full_clean, item.path, exclude=WORKFLOW_FIELDS)
    if unchanged:
        return article
    return workflow.edit_working_copy(
        article, by=by, changes={**changes, "authors": byline}, references=references
    )


def publish(item, article, *, users, reviewers, checker):
    """Submit, fact check, approve and publish ARTICLE unless ITEM is already live."""
    live = article.live_revision
    if live and live.content_hash == article.working_copy_hash():
        return 0
    reviewer = lookup(reviewers, item.reviewer, item.path, "reviewer")
    try:
        revision = workflow.submit_for_review(
            article,
            by=users["editor"],
            assignees={StepKind.FACT_CHECK: checker, StepKind.MEDICAL_REVIEW: reviewer},
            change_note=item.change_note,
        )
        for person, kind, note in [
            (
                checker,
                StepKind.FACT_CHECK,
                "Every claim and figure matches its source.",
            ),
            (reviewer, StepKind.MEDICAL_REVIEW, "Checked against the cited sources."),
        ]:
            ticked = dict.fromkeys(ROLES[kind].attestation, True)
            workflow.approve(revision, by=person.user, comment=note, attestation=ticked)
        workflow.publish(revision, by=users["chief"])
    except Refusal as refusal:
        raise demo.DemoDataError(item.path, f"not published: {refusal}") from refusal
    return 1


# The demo fact checker: a fictional person, as every demo profile is.
FACT_CHECKER = {
    "name": "Imogen Pell",
    "slug": "imogen-pell",
    "credentials": "MSc",
    "job_title": "Research editor",
    "bio": "Imogen reads every cited paper against the sentence that cites it, "
    "and checks each figure, dose and date. This is a fictional profile used for "
    "demonstration.",
}


def register(reviewer, data, *, by):
    """Give REVIEWER the registration DATA names, verified today, once."""
    today = timezone.localdate()
    registration, created = Registration.objects.get_or_create(
        body=data["registration_body"],
        number=data["registration_number"],
        defaults={
            "reviewer": reviewer,
            "verified_on": today,
            "verified_by": by,
            "expires_on": today + timedelta(days=365),
        },
    )
    if not created and registration.reviewer_id != reviewer.pk:
        raise demo.DemoDataError(
            "reviewers.toml", "registration number used twice", entry=reviewer.slug
        )


def cover_topics(content, reviewers, topics):
    """Give each demo reviewer a specialty covering the topics they review."""
    for item in content.articles:
        reviewer = reviewers.get(item.reviewer)
        if reviewer is None or item.topic not in topics:
            continue
        specialty = Specialty.objects.get_or_create(name=reviewer.specialty)[0]
        specialty.topics.add(topics[item.topic])
        reviewer.specialties.add(specialty)


def check(validate, path, *, entry=None, **arguments):
    """Call VALIDATE(**ARGUMENTS); raise DemoDataError naming PATH if it refuses."""
    try:
        validate(**arguments)
    except ValidationError as error:
        problems = error.messages
        if hasattr(error, "error_dict"):
            problems = [f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()]
        raise demo.DemoDataError(path, "; ".join(problems), entry=entry) from error


def lookup(rows, slug, path, what):
    """Return ROWS[SLUG], or raise DemoDataError naming PATH when there is none."""
    if slug not in rows:
        raise demo.DemoDataError(path, f"no demo {what} {slug!r}")
    return rows[slug]
