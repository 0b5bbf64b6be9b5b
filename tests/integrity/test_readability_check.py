"""The readability check grades the plain text and names the hardest sentences."""

from articles.integrity import readability

EASY = "Drink water. Rest when you can. See a GP if it gets worse."
HARD = (
    "Pharmacological interventions targeting neurotransmitter dysregulation "
    "demonstrate heterogeneous effectiveness across diagnostic subpopulations."
)


def test_grade_compared_with_the_target():
    easy = readability.check(EASY, target=8)
    hard = readability.check(f"{EASY} {HARD}", target=8)

    assert easy["grade"] < 8 and not easy["above_target"]
    assert hard["grade"] > easy["grade"]
    assert hard["above_target"]
    assert hard["target"] == 8


def test_the_three_hardest_sentences_come_first():
    text = (
        f"{HARD}\n\nThe dog ran home to its bed. "
        "Cardiovascular complications frequently accompany untreated hypertension. "
        "Eat more fruit and vegetables every day. "
        "Moderate physical activity improves cardiorespiratory fitness considerably."
    )
    hardest = readability.check(text, target=8)["hardest_sentences"]

    assert len(hardest) == 3
    assert hardest[0]["text"] == HARD
    assert [h["grade"] for h in hardest] == sorted(
        (h["grade"] for h in hardest), reverse=True
    )
    assert all("dog" not in h["text"] for h in hardest)


def test_markdown_and_citations_are_stripped_before_grading():
    markdown = (
        "# A heading that is not a sentence\n\n"
        "**Drink water** [@nhs2023]. Rest when you [can](https://example.org). "
        "See a GP if it gets worse [@a; @b]."
    )
    found = readability.check(markdown, target=8)

    assert found["grade"] == readability.grade(EASY)
    assert "[@" not in " ".join(h["text"] for h in found["hardest_sentences"])


def test_empty_text_has_no_grade():
    assert readability.check("", target=8)["grade"] is None
