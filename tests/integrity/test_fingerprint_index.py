"""The fingerprint index holds each article's current texts, and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.integrity import build_report, originality, rebuild_index
from articles.models import Revision, RevisionFingerprint
from tests.factories import approve, edit, submit
from tests.integrity.texts import HANDWASHING, HYDRATION, SUNSCREEN, draft, published

pytestmark = pytest.mark.django_db


def indexed():
    """Return the ids of the revisions that have fingerprints."""
    return set(RevisionFingerprint.objects.values_list("revision_id", flat=True))


def share_of(body):
    return build_report(draft(body, title="Someone else's draft"))["originality"][
        "share"
    ]


def test_a_superseded_revision_leaves_the_index(cast):
    article = draft(HANDWASHING)
    submit(article, cast)
    edit(article, cast.editor, body=SUNSCREEN)
    second = submit(article, cast)

    assert indexed() == {second.pk}
    assert share_of(HANDWASHING) == 0


def test_a_revision_sent_back_leaves_the_index(cast):
    revision = submit(draft(HANDWASHING), cast)
    workflow.request_changes(revision, by=cast.reviewer.user, comment="Sources?")

    assert indexed() == set()
    assert share_of(HANDWASHING) == 0


def test_publishing_replaces_the_live_text_in_the_index(cast):
    article = published(cast, HANDWASHING, "Washing your hands")
    old_live = article.live_revision_id
    edit(article, cast.editor, body=SUNSCREEN)
    update = submit(article, cast)
    assert indexed() == {old_live, update.pk}  # live and pending both count

    workflow.publish(approve(update, cast), by=cast.chief)

    assert indexed() == {update.pk}
    assert share_of(HANDWASHING) == 0
    assert share_of(SUNSCREEN) == 1


def test_an_approved_text_overtaken_by_a_new_submission_leaves_the_index(cast):
    article = draft(HANDWASHING)
    approved = approve(submit(article, cast), cast)
    workflow.publish(
        approved, by=cast.chief, go_live_at=timezone.now() + timedelta(days=1)
    )
    edit(article, cast.editor, body=SUNSCREEN)
    newer = submit(article, cast)

    # It can never be published now: publishing takes the latest revision.
    assert indexed() == {newer.pk}
    assert share_of(HANDWASHING) == 0
    approved.refresh_from_db()
    assert approved.decision == Revision.Decision.APPROVED  # the record stays
    assert approved.go_live_at is None


def test_a_withdrawn_articles_text_still_counts(cast):
    article = published(cast, HANDWASHING, "Washing your hands")
    workflow.withdraw(article, by=cast.chief, reason="Being rewritten.")

    assert indexed() == {article.live_revision_id}
    assert share_of(HANDWASHING) == 1


def test_current_revisions_and_the_rebuilt_index_agree(cast):
    live = published(cast, HANDWASHING, "Washing your hands")
    edit(live, cast.editor, body=f"{HANDWASHING} Dry them well.")
    pending = submit(live, cast)
    sent_back = submit(draft(SUNSCREEN), cast)
    workflow.request_changes(sent_back, by=cast.reviewer.user, comment="Sources?")
    waiting = approve(submit(draft(HYDRATION), cast), cast)
    before = set(RevisionFingerprint.objects.values_list("revision_id", "fingerprint"))

    current = set(Revision.objects.current().values_list("pk", flat=True))
    assert current == {live.live_revision_id, pending.pk, waiting.pk}
    assert indexed() == current

    rebuild_index()
    after = set(RevisionFingerprint.objects.values_list("revision_id", "fingerprint"))
    assert after == before
    assert {h for pk, h in after if pk == waiting.pk} == originality.fingerprints(
        HYDRATION
    )
