"""The originality check finds text shared with other articles, and only that."""

import pytest

from articles.integrity import build_report, originality
from articles.models import Revision, RevisionFingerprint
from tests.factories import submit
from tests.integrity.texts import (
    HANDWASHING,
    HANDWASHING_REWORDED,
    HYDRATION,
    SUNSCREEN,
    draft,
    published,
)

pytestmark = pytest.mark.django_db


def originality_of(article):
    return build_report(article)["originality"]


@pytest.fixture
def handwashing(cast):
    return published(cast, HANDWASHING + " [@smith2020]", "Washing your hands")


def test_a_copied_paragraph_is_caught_and_named(cast, handwashing):
    found = originality_of(draft(f"{SUNSCREEN}\n\n{HANDWASHING}"))

    assert 0.4 < found["share"] < 0.6  # one paragraph of two
    [match] = found["matches"]
    assert match["article_title"] == "Washing your hands"
    assert match["article_id"] == handwashing.pk
    assert match["revision_id"] == handwashing.live_revision_id
    passage = match["passages"][0]["text"]
    assert passage.startswith("Washing your hands with soap")
    assert passage.endswith("that causes diarrhoea")


def test_a_reworded_paragraph_is_still_mostly_caught(cast, handwashing):
    copied = originality_of(draft(f"{SUNSCREEN}\n\n{HANDWASHING}", title="Copied"))
    reworded = originality_of(
        draft(f"{SUNSCREEN}\n\n{HANDWASHING_REWORDED}", title="Reworded")
    )

    assert reworded["share"] > 0.5 * copied["share"]
    assert reworded["matches"][0]["article_title"] == "Washing your hands"


def test_an_original_text_has_no_overlap(cast, handwashing):
    found = originality_of(draft(f"{SUNSCREEN}\n\n{HYDRATION}"))

    assert found["share"] == 0
    assert found["matches"] == []
    assert found["words_checked"] > 60


def test_quoted_and_cited_text_does_not_count(cast, handwashing):
    quoted = draft(
        f"{SUNSCREEN}\n\nAs one leaflet puts it, “{HANDWASHING}” [@smith2020]"
    )
    straight = draft(f'{HYDRATION}\n\nWe agree: "{HANDWASHING}" [@smith2020].')

    for article in (quoted, straight):
        found = originality_of(article)
        assert found["share"] == 0
        assert found["words_quoted_and_cited"] > 40


def test_quoted_text_without_a_citation_still_counts(cast, handwashing):
    found = originality_of(draft(f"{SUNSCREEN}\n\n“{HANDWASHING}”"))

    assert found["share"] > 0.4


def test_citation_markers_and_markdown_do_not_hide_a_copy(cast, handwashing):
    marked = HANDWASHING.replace("twenty seconds", "**twenty seconds** [@smith2020]")
    found = originality_of(draft(f"## Clean hands\n\n- {marked}"))

    assert found["share"] > 0.9


def test_the_articles_own_revisions_do_not_count(cast, handwashing):
    handwashing.body = HANDWASHING + "\n\nA new closing line about towels."
    handwashing.save()

    assert originality_of(handwashing)["share"] == 0


def test_only_live_and_pending_text_of_other_articles_counts(cast):
    article = draft(HANDWASHING, title="Old hand advice")
    first = submit(article, cast)
    article.body = SUNSCREEN
    article.save()
    submit(article, cast)  # supersedes the first revision
    first.refresh_from_db()
    assert first.decision == Revision.Decision.SUPERSEDED

    assert originality_of(draft(HANDWASHING))["share"] == 0
    assert originality_of(draft(SUNSCREEN))["share"] == 1


def test_submission_stores_the_revisions_fingerprints(cast):
    revision = submit(draft(HANDWASHING), cast)

    stored = set(revision.fingerprints.values_list("fingerprint", flat=True))
    assert stored == originality.fingerprints(HANDWASHING)
    assert RevisionFingerprint.objects.filter(revision=revision).count() == len(stored)
    # Winnowing keeps a sample, but every shingle window is represented.
    assert 0 < len(stored) < len(originality.document(HANDWASHING).shingles)


def test_normalising_ignores_case_punctuation_stop_words_and_endings():
    a = originality.document("The RISKS of smoking: heart attacks, strokes, cancers!")
    b = originality.document("risk of a smoking heart-attack and stroke; cancer")

    assert a.hashes == b.hashes and a.hashes


def test_up_to_two_changed_words_inside_a_copy_stay_one_passage(cast, handwashing):
    two = HANDWASHING.replace("twenty seconds", "thirty moments")
    three = HANDWASHING.replace("twenty seconds removes", "thirty moments clears")

    [passage] = originality_of(draft(two))["matches"][0]["passages"]
    assert "thirty moments" in passage["text"]
    assert passage["text"].startswith("Washing your hands")

    found = originality_of(draft(three))
    first, second = found["matches"][0]["passages"]
    assert first["text"].endswith("warm water")
    assert second["text"].startswith("germs that spread")
    assert found["overlapping_words"] < found["words_checked"]
