"""factory_boy factories, and helpers that publish through the real workflow."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import (
    Article,
    Author,
    FactChecker,
    MedicalReviewer,
    Reference,
    Registration,
    Specialty,
    StepKind,
    Topic,
)
from articles.workflow import roles
from articles.workflow.steps import ROLES


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def user_in(role, **kwargs):
    return UserFactory(role=role, **kwargs)


def writer():
    """Return the editor who creates factory articles (made once, never reset)."""
    User = get_user_model()
    return User.objects.filter(username="writer").first() or user_in(
        roles.EDITORS, username="writer"
    )


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    @factory.post_generation
    def general_practice(self, create, extracted, **kwargs):
        """Every factory topic is in general practice, unless told otherwise."""
        if extracted is not False:
            general_practice().topics.add(self)


def general_practice():
    """Return the specialty every factory reviewer has (covering factory topics)."""
    return Specialty.objects.get_or_create(name="General practice")[0]


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    credentials = "MPH"


class MedicalReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalReviewer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Reviewer {n}")
    slug = factory.Sequence(lambda n: f"reviewer-{n}")
    credentials = "MD, FRCP"
    specialty = "General practice"
    user = factory.SubFactory(UserFactory, role=roles.MEDICAL_REVIEWERS)

    @factory.post_generation
    def registered(self, create, extracted, **kwargs):
        """Give them a current verified registration (registered=False: none)."""
        if extracted is not False:
            Registration.objects.create(
                reviewer=self,
                body="General Medical Council",
                number=f"GMC{self.pk:07d}",
                verified_on=timezone.localdate(),
            )

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        self.specialties.set(
            extracted if extracted is not None else [general_practice()]
        )


class FactCheckerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactChecker

    name = factory.Sequence(lambda n: f"Fact checker {n}")
    slug = factory.Sequence(lambda n: f"fact-checker-{n}")
    credentials = "MPH"
    user = factory.SubFactory(UserFactory, role=roles.FACT_CHECKERS)


EDITABLE = set(Article.WORKING_COPY_FIELDS)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    topic = factory.SubFactory(TopicFactory)
    summary = "A short summary of the article."
    body = "Regular walking lowers blood pressure [@smith2020]."

    @classmethod
    def _create(cls, model_class, *args, created_by=None, **kwargs):
        """Create the article as an editor does, through edit_working_copy."""
        editor = created_by or writer()
        fields = {k: v for k, v in kwargs.items() if k not in {"authors", "also_read"}}
        changes = {k: fields.pop(k) for k in list(fields) if k in EDITABLE}
        article = model_class(**fields)
        return workflow.edit_working_copy(article, by=editor, changes=changes)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        self.authors.set(extracted if extracted is not None else [AuthorFactory()])


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    key = "smith2020"
    kind = Reference.Kind.JOURNAL
    authors = "Smith AB, Jones CD"
    title = "Walking and blood pressure: a randomised trial"
    container = "BMJ"
    year = 2020
    volume = "368"
    pages = "m1234"
    doi = "10.1136/bmj.m1234"
    pmid = "32000001"
    peer_reviewed = True


class GuidelineFactory(ReferenceFactory):
    """A WHO guideline: no DOI or PMID, a web address instead."""

    key = "who2023"
    kind = Reference.Kind.GUIDELINE
    authors = "World Health Organization"
    title = "Guideline on physical activity"
    container = "WHO"
    volume = ""
    pages = ""
    doi = ""
    pmid = ""
    url = "https://www.who.int/publications/activity"
    peer_reviewed = False
    position = 1


class Cast:
    """One person per role, created on demand."""

    def __init__(self):
        self.editor = user_in(roles.EDITORS, username="ed")
        self.chief = user_in(roles.CHIEF_EDITORS, username="chief")
        self.moderator = user_in(roles.MODERATORS, username="mod")
        self.reviewer = MedicalReviewerFactory(
            name="Priya Raman",
            slug="priya-raman",
            credentials="MD, MRCP",
            user=user_in(roles.MEDICAL_REVIEWERS, username="rev"),
        )
        self.reviewer2 = MedicalReviewerFactory(
            user=user_in(roles.MEDICAL_REVIEWERS, username="rev2")
        )
        self.fact_checker = FactCheckerFactory(
            name="Sam Okafor",
            slug="sam-okafor",
            credentials="MSc",
            user=user_in(roles.FACT_CHECKERS, username="fc"),
        )


ALL_ATTESTED = {key: True for key in workflow.ATTESTATION_ITEMS}


def attested(kind):
    """Return every statement of a step of KIND, confirmed."""
    return {key: True for key in ROLES[kind].attestation}


def assignees(cast, reviewer=None, fact_checker=None, **others):
    """Return the people for the default steps: the cast's, or those given."""
    return {
        StepKind.FACT_CHECK: fact_checker or cast.fact_checker,
        StepKind.MEDICAL_REVIEW: reviewer or cast.reviewer,
        **others,
    }


def submit(article, cast, reviewer=None, note="Update.", *, fact_checked=True):
    """Submit ARTICLE to the cast's reviewers; with FACT_CHECKED, do the fact check.

    Most tests are about the medical review, so by default the revision
    arrives there with its fact check approved by the cast's fact checker.
    """
    revision = workflow.submit_for_review(
        article, by=cast.editor, assignees=assignees(cast, reviewer), change_note=note
    )
    if fact_checked:
        fact_check(revision)
    return revision


def fact_check(revision):
    """Approve REVISION's fact check as its assigned fact checker."""
    step = revision.steps.get(kind=StepKind.FACT_CHECK)
    return workflow.approve(
        revision,
        by=step.assignee,
        comment="Checked.",
        attestation=attested(StepKind.FACT_CHECK),
    )


def approve(revision, cast):
    """Approve every step of REVISION still pending, in order, as its assignees."""
    revision.refresh_from_db()
    for step in revision.steps.filter(decision="pending").order_by("position"):
        workflow.approve(
            revision, by=step.assignee, comment="Fine.", attestation=attested(step.kind)
        )
    revision.refresh_from_db()
    return revision


def publish_article(cast, article=None, **kwargs):
    """Return an article taken through submit, approve and publish."""
    if article is None:
        article = ArticleFactory(**kwargs)
        ReferenceFactory(article=article)
    revision = approve(submit(article, cast), cast)
    workflow.publish(revision, by=cast.chief)
    article.refresh_from_db()
    return article


# Helpers for the workflow tests ----------------------------------------------


def superuser(username="root"):
    return UserFactory(username=username, is_superuser=True)


def editor_who_reviews(username="edrev"):
    """Return a MedicalReviewer whose user is also in the Editors group."""
    user = user_in(roles.EDITORS, username=username)
    user.groups.add(Group.objects.get(name=roles.MEDICAL_REVIEWERS))
    return MedicalReviewerFactory(user=user)


def edit(article, user, **fields):
    """Change ARTICLE's working copy as USER does in the admin, and return it.

    Goes through ``workflow.edit_working_copy`` from the stored version, so
    workflow fields written by earlier transitions are never overwritten.
    """
    article.refresh_from_db()
    return workflow.edit_working_copy(article, by=user, changes=fields)


def workflow_state(article):
    """Return ARTICLE's fields, revisions, events and comments, read from the DB."""
    from articles.models import (
        Comment,
        OutsideReviewLink,
        ReviewEvent,
        ReviewStep,
        Revision,
    )

    article.refresh_from_db()
    return {
        "article": {
            f.attname: getattr(article, f.attname)
            for f in Article._meta.concrete_fields
        },
        "revisions": list(
            Revision.objects.filter(article=article).order_by("number").values()
        ),
        "events": list(
            ReviewEvent.objects.filter(article=article).order_by("pk").values()
        ),
        "comments": list(
            Comment.objects.filter(thread__article=article).order_by("pk").values()
        ),
        "steps": list(
            ReviewStep.objects.filter(revision__article=article).order_by("pk").values()
        ),
        "outside_links": list(
            OutsideReviewLink.objects.filter(revision__article=article)
            .order_by("pk")
            .values()
        ),
    }


def events_since(article, state):
    """Return the ReviewEvents written for ARTICLE after STATE was taken."""
    from articles.models import ReviewEvent

    seen = [event["id"] for event in state["events"]]
    return list(
        ReviewEvent.objects.filter(article=article).exclude(pk__in=seen).order_by("pk")
    )


def refused(article, error, match=None):
    """Return a context manager expecting ERROR (a refused transition).

    It checks that the refusal left ARTICLE, its revisions and its events exactly
    as they were, and queued no e-mail or cache purge for commit.
    """
    import contextlib

    import pytest
    from django.test import TestCase

    @contextlib.contextmanager
    def block():
        before = workflow_state(article)
        with (
            TestCase.captureOnCommitCallbacks() as callbacks,
            pytest.raises(error, match=match) as info,
        ):
            yield info
        assert callbacks == [], "a refused transition queued work for commit"
        assert workflow_state(article) == before

    return block()


# Articles in each workflow state, for tests of who may do what ----------------


def page(client, article):
    """Return the public page of ARTICLE as a reader gets it."""
    from django.urls import reverse

    return client.get(reverse("articles:detail", args=[article.slug]))


def draft(cast, **kwargs):
    """Return a draft written by cast.editor, citing one reference."""
    article = ArticleFactory(created_by=cast.editor, **kwargs)
    ReferenceFactory(article=article)
    return article


def pending(cast):
    """Return a revision of a new draft, waiting for cast.reviewer."""
    return submit(draft(cast), cast)


def approved(cast):
    """Return an approved revision, not yet live."""
    return approve(pending(cast), cast)


def scheduled(cast, days=2):
    """Return an approved revision scheduled to go live in DAYS days."""
    from datetime import timedelta

    from django.utils import timezone

    revision = approved(cast)
    later = timezone.now() + timedelta(days=days)
    return workflow.publish(revision, by=cast.chief, go_live_at=later)


def withdrawn(cast, **kwargs):
    """Return a published article that a chief editor then withdrew."""
    article = publish_article(cast, created_by=cast.editor, **kwargs)
    workflow.withdraw(article, by=cast.chief, reason="Unsafe advice.")
    article.refresh_from_db()
    return article


def editing_reviewer(cast):
    """Return the reviewer's account, given editor rights too (some do both)."""
    user = cast.reviewer.user
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return type(user).objects.get(pk=user.pk)  # permissions are cached per object


def article_of(target):
    """Return TARGET if it is an article, else the article of its revision."""
    if isinstance(target, Article):
        return target
    return target.article if hasattr(target, "article") else target.revision.article


def step_choices(cast, reviewer=None, fact_checker=None):
    """Return the submit form's choice of people for the default steps."""
    return {
        "assignee_fact_check": (fact_checker or cast.fact_checker).pk,
        "assignee_medical_review": (reviewer or cast.reviewer).pk,
    }


def assign_post(kind, person, reason=""):
    """Return the review screen's POST giving step KIND to PERSON."""
    return {
        "action": "assign",
        "step": kind,
        f"{kind}-reviewer": person.pk,
        f"{kind}-specialty_reason": reason,
    }


def force_assign(revision, reviewer):
    """Make REVIEWER the medical reviewer of REVISION behind the workflow's back."""
    from articles.models import ReviewStep, Revision

    Revision.objects.filter(pk=revision.pk).update(reviewer=reviewer)
    ReviewStep.objects.filter(revision=revision, kind=StepKind.MEDICAL_REVIEW).update(
        assignee=reviewer.user
    )
