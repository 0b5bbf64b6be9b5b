"""Migration 0019 gives every earlier revision the review it had, and moves
registrations out of free text, without losing what readers were told."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0018_backfill_cited_sources")]
AFTER = [("articles", "0019_review_steps")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_earlier_revisions_keep_their_reviewer_and_registration():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Topic = apps.get_model("articles", "Topic")
    Article = apps.get_model("articles", "Article")
    Reviewer = apps.get_model("articles", "MedicalReviewer")
    Revision = apps.get_model("articles", "Revision")
    editor = User.objects.create(username="old-editor")
    account = User.objects.create(username="old-reviewer")
    checked = timezone.now()
    reviewer = Reviewer.objects.create(
        name="Hana Ito",
        slug="hana-ito",
        credentials="MD",
        specialty="Dermatology",
        registration_body="General Medical Council",
        registration_number="7654321",
        credential_verified_at=checked,
        user=account,
    )
    topic = Topic.objects.create(name="Skin", slug="skin")
    article = Article.objects.create(
        title="Sunscreen", slug="sunscreen", topic=topic, summary="S", body="B"
    )
    common = {
        "article": article,
        "created_by": editor,
        "title": "Sunscreen",
        "summary": "S",
        "body_markdown": "B",
        "body_html": "<p>B</p>",
        "content_hash": "a" * 64,
        "reviewer": reviewer,
    }
    live = Revision.objects.create(
        number=1,
        decision="approved",
        decided_by=reviewer,
        decided_at=checked,
        attestation={"statements": ["I checked."]},
        **common,
    )
    waiting = Revision.objects.create(number=2, **common)

    apps = migrate(AFTER)
    Step = apps.get_model("articles", "ReviewStep")
    Registration = apps.get_model("articles", "Registration")
    Topic = apps.get_model("articles", "Topic")
    [approved] = Step.objects.filter(revision_id=live.pk)
    assert (approved.kind, approved.decision) == ("medical_review", "approved")
    assert approved.decided_by_id == account.pk
    assert approved.approved_hash == "a" * 64
    assert approved.attribution["name"] == "Hana Ito"
    assert approved.attribution["registration"]["number"] == "7654321"
    [pending] = Step.objects.filter(revision_id=waiting.pk)
    assert (pending.decision, pending.assignee_id) == ("pending", account.pk)
    registration = Registration.objects.get(reviewer_id=reviewer.pk)
    assert registration.body == "General Medical Council"
    assert registration.verified_on == timezone.localdate(checked)
    # Existing topics get the steps the article page promises.
    assert Topic.objects.get(slug="skin").review_steps == [
        "fact_check",
        "medical_review",
    ]
    migrate([("articles", "0019_review_steps")])  # and the latest state again
