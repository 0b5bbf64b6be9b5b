"""factory_boy factories, and helpers that publish through the real workflow."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles import roles, workflow
from articles.models import Article, Author, MedicalReviewer, Reference, Topic


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


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    credentials = "MPH"


class MedicalReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalReviewer

    name = factory.Sequence(lambda n: f"Reviewer {n}")
    slug = factory.Sequence(lambda n: f"reviewer-{n}")
    credentials = "MD, FRCP"
    specialty = "General practice"
    user = factory.SubFactory(UserFactory, role=roles.MEDICAL_REVIEWERS)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    topic = factory.SubFactory(TopicFactory)
    summary = "A short summary of the article."
    body = "Regular walking lowers blood pressure [@smith2020]."

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


ALL_ATTESTED = {key: True for key in workflow.ATTESTATION_ITEMS}


def submit(article, cast, reviewer=None, note="Update."):
    return workflow.submit_for_review(
        article, by=cast.editor, reviewer=reviewer or cast.reviewer, change_note=note
    )


def approve(revision, cast):
    return workflow.approve(
        revision, by=revision.reviewer.user, comment="Fine.", attestation=ALL_ATTESTED
    )


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
    """Change ARTICLE's working copy as USER does in the admin, and save it.

    The article is re-read first, so workflow fields written by earlier
    transitions are not overwritten with stale values.
    """
    article.refresh_from_db()
    for name, value in fields.items():
        setattr(article, name, value)
    workflow.record_edit(article, user)
    article.save()
    return article


def workflow_state(article):
    """Return ARTICLE's fields, revisions and events, freshly read from the DB."""
    from articles.models import ReviewEvent, Revision

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
