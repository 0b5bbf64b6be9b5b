"""Overlap is counted against every matching article, not only the first few."""

import pytest

from articles import workflow
from articles.integrity import build_report, index, originality
from bench.management.commands.bench_integrity import Corpus
from tests.factories import refused, submit
from tests.integrity.texts import HANDWASHING, HYDRATION, SUNSCREEN, draft, published

pytestmark = pytest.mark.django_db

BOILERPLATE = (
    "If your symptoms get worse or have not improved within a week, speak to "
    "a pharmacist or call your local health advice line."
)
OWN = (
    "Our town library opens a quiet reading room every Thursday evening, where "
    "volunteers help newcomers choose books, fill in forms and practise "
    "conversation over a pot of tea and a plate of biscuits."
)


@pytest.fixture
def twenty(cast):
    """Return the bodies of twenty published articles of invented prose."""
    text = Corpus(11)
    bodies = [f"{text.paragraph(60)}\n\n{text.paragraph(60)}" for _ in range(20)]
    for number, body in enumerate(bodies):
        published(cast, body, f"Source {number:02}")
    return bodies


def pieces_of_twenty(bodies):
    """Return a draft body: fresh prose and the first 30 words of every body."""
    fresh = Corpus(12)
    pieces = [" ".join(body.split()[:30]) for body in bodies]
    return "\n\n".join(
        [fresh.paragraph(90) for _ in range(8)]
        + pieces
        + [fresh.paragraph(90) for _ in range(7)]
    )


def true_share(body, sources):
    """Return the share of BODY found in SOURCES, comparing with each of them."""
    draft_doc = originality.document(body)
    covered = set()
    for source in sources:
        shared = originality.document(source).hashes & draft_doc.hashes
        runs = originality._runs(draft_doc.words_of(shared))
        covered |= {i for first, last in runs for i in range(first, last + 1)}
    return round(len(covered) / len(draft_doc.spans), 4)


def test_a_draft_made_of_pieces_of_twenty_articles_is_blocked(cast, twenty):
    body = pieces_of_twenty(twenty)
    article = draft(body, title="Pieces")
    found = build_report(article)["originality"]

    assert found["share"] == true_share(body, twenty) > 0.25
    assert found["matched_articles"] == 20
    assert len(found["matches"]) == originality.LISTED
    assert found["blocked"]
    with refused(article, workflow.WorkflowError, match="and 15 other articles"):
        submit(article, cast)


def test_articles_beyond_the_exact_comparison_still_count(cast, twenty, monkeypatch):
    monkeypatch.setattr(originality, "COMPARED", 3)
    body = pieces_of_twenty(twenty)
    found = build_report(draft(body))["originality"]

    # The 17 articles not compared count through their shared fingerprints,
    # which can miss a few words at each end of a passage.
    assert 0.8 * true_share(body, twenty) < found["share"] <= true_share(body, twenty)
    assert found["matched_articles"] == 20
    assert len(found["matches"]) == 3
    assert found["blocked"]


def test_every_matching_article_is_compared_and_named(cast):
    published(cast, HANDWASHING, "Washing your hands")
    published(cast, SUNSCREEN, "Sun safety")

    found = build_report(draft(f"{HANDWASHING}\n\n{SUNSCREEN}\n\n{HYDRATION}"))
    found = found["originality"]

    titles = [m["article_title"] for m in found["matches"]]
    assert sorted(titles) == ["Sun safety", "Washing your hands"]
    assert 0.6 < found["share"] < 0.75  # two paragraphs of three
    assert found["share"] == pytest.approx(
        sum(m["share"] for m in found["matches"]), abs=0.001
    )
    assert found["matched_articles"] == 2


def test_a_live_and_a_pending_text_of_one_article_count_once(cast):
    article = published(cast, HANDWASHING, "Washing your hands")
    article.body = f"{HANDWASHING}\n\nA new closing line about drying towels."
    article.save()
    pending = submit(article, cast)

    found = build_report(draft(f"{HANDWASHING}\n\n{HYDRATION}"))["originality"]

    [match] = found["matches"]
    assert match["article_title"] == "Washing your hands"
    # Both overlap equally; the newer text is the one named.
    assert match["revision_id"] == pending.pk
    assert found["matched_articles"] == 1


def test_house_wording_shared_by_very_many_articles_does_not_count(
    cast, monkeypatch, settings
):
    settings.INTEGRITY_MAX_OVERLAP = 0.9  # let the articles share it
    for body, title in (
        (HANDWASHING, "Hands"),
        (SUNSCREEN, "Sun"),
        (HYDRATION, "Drink"),
    ):
        published(cast, f"{body} {BOILERPLATE}", title)
    body = f"{OWN} {BOILERPLATE}"

    counted = build_report(draft(body))["originality"]
    assert counted["matched_articles"] == 3  # three texts are below the limit
    assert counted["share"] > 0.3

    monkeypatch.setattr(index, "COMMON_MIN_TEXTS", 2)
    found = build_report(draft(body))["originality"]
    assert found["words_common"] >= 12  # all of it
    assert found["overlapping_words"] == 0
    assert found["matched_articles"] == 0

    # Copied prose still counts, the house wording inside it does not.
    copied = build_report(draft(f"{OWN}\n\n{HANDWASHING} {BOILERPLATE}"))
    [match] = copied["originality"]["matches"]
    assert match["article_title"] == "Hands"
    passages = " ".join(passage["text"] for passage in match["passages"])
    assert passages.startswith("Washing your hands")
    assert "pharmacist" not in passages
