"""Review steps: a fact check, then medical review (and a senior sign-off where
a topic asks for one), each by a named person, on the same frozen revision."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import ReviewEvent, ReviewStep, Revision, StepKind
from articles.workflow import WorkflowError
from tests.factories import (
    ALL_ATTESTED,
    FactCheckerFactory,
    MedicalReviewerFactory,
    TopicFactory,
    approve,
    assignees,
    attested,
    draft,
    fact_check,
    refused,
    step_choices,
    submit,
)

Action = ReviewEvent.Action
Decision = ReviewStep.Decision
FACT, MEDICAL, SIGNOFF = (
    StepKind.FACT_CHECK,
    StepKind.MEDICAL_REVIEW,
    StepKind.CLINICAL_SIGNOFF,
)


def steps_of(revision):
    return [
        (step.kind, step.assignee.username, step.decision)
        for step in revision.steps.select_related("assignee").order_by("position")
    ]


def test_a_revision_gets_the_topics_steps_in_order_each_with_its_person(cast):
    revision = submit(draft(cast), cast, fact_checked=False)
    assert steps_of(revision) == [
        (FACT, "fc", Decision.PENDING),
        (MEDICAL, "rev", Decision.PENDING),
    ]
    assert revision.reviewer == cast.reviewer


def test_the_medical_reviewer_cannot_skip_the_fact_check(cast):
    revision = submit(draft(cast), cast, fact_checked=False)
    article = revision.article
    with refused(article, PermissionDenied, match="fact check comes first"):
        workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    with refused(article, PermissionDenied, match="fact check comes first"):
        workflow.request_changes(revision, by=cast.reviewer.user, comment="No.")
    assert not workflow.can_decide(revision, by=cast.reviewer.user)


def test_the_fact_checker_cannot_do_the_medical_step(cast):
    revision = submit(draft(cast), cast)  # fact check approved
    with refused(revision.article, PermissionDenied, match="Your step is done"):
        workflow.approve(revision, by=cast.fact_checker.user, attestation=ALL_ATTESTED)
    # Nor can a fact checker be given a clinical step, nor a reviewer the check.
    with refused(revision.article, WorkflowError, match="is not a medical reviewer"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.fact_checker)
    other = submit(draft(cast), cast, fact_checked=False)
    with refused(other.article, WorkflowError, match="is not a fact checker"):
        workflow.assign_reviewer(
            other, by=cast.chief, reviewer=cast.reviewer2, kind=FACT
        )


def test_each_step_attests_its_own_statements_on_the_same_hash(cast):
    revision = submit(draft(cast), cast, fact_checked=False)
    with refused(revision.article, WorkflowError, match="Every claim matches"):
        # The medical statements do not make a fact check.
        workflow.approve(revision, by=cast.fact_checker.user, attestation=ALL_ATTESTED)
    fact_check(revision)
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING  # one step to go
    approve(revision, cast)
    check, medical = revision.steps.order_by("position")
    assert check.approved_hash == medical.approved_hash == revision.content_hash
    assert check.attestation["statements"][0] == (
        "Every claim matches the source it cites."
    )
    assert medical.attestation["statements"][0] == (
        "I checked the cited sources and they support the text."
    )
    assert revision.decision == Revision.Decision.APPROVED
    assert revision.decided_by == cast.reviewer
    actions = list(revision.events.order_by("pk").values_list("action", flat=True))
    assert actions == [Action.SUBMITTED, Action.STEP_APPROVED, Action.APPROVED]


def test_publishing_needs_every_step(cast):
    revision = submit(draft(cast), cast, fact_checked=False)
    with refused(revision.article, WorkflowError, match="Only an approved revision"):
        workflow.publish(revision, by=cast.chief)
    fact_check(revision)
    with refused(revision.article, WorkflowError, match="Only an approved revision"):
        workflow.publish(revision, by=cast.chief)
    approve(revision, cast)
    workflow.publish(revision, by=cast.chief)
    revision.article.refresh_from_db()
    assert revision.article.live_revision == revision


def test_a_senior_sign_off_comes_last_and_is_needed_to_publish(cast):
    topic = TopicFactory(review_steps=[FACT, MEDICAL, SIGNOFF])
    senior = MedicalReviewerFactory(name="Tomas Berg")
    article = draft(cast, topic=topic)
    with refused(article, WorkflowError, match="Choose a senior clinician"):
        workflow.submit_for_review(article, by=cast.editor, assignees=assignees(cast))
    with refused(article, WorkflowError, match="already does another step"):
        workflow.submit_for_review(
            article,
            by=cast.editor,
            assignees=assignees(cast, **{SIGNOFF: cast.reviewer}),
        )
    revision = workflow.submit_for_review(
        article, by=cast.editor, assignees=assignees(cast, **{SIGNOFF: senior})
    )
    fact_check(revision)
    workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING
    assert workflow.can_decide(revision, by=senior.user)
    with refused(article, WorkflowError, match="Only an approved revision"):
        workflow.publish(revision, by=cast.chief)
    workflow.approve(revision, by=senior.user, attestation=attested(SIGNOFF))
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.APPROVED
    # The medical reviewer is still the one credited with the medical review.
    assert revision.decided_by == cast.reviewer


def test_changes_requested_at_the_fact_check_go_back_and_start_again(cast):
    revision = submit(draft(cast), cast, fact_checked=False)
    workflow.request_changes(
        revision, by=cast.fact_checker.user, comment="The 30% figure is not in [1]."
    )
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.CHANGES_REQUESTED
    assert revision.decided_by is None  # a fact checker is no medical reviewer
    assert steps_of(revision) == [
        (FACT, "fc", Decision.CHANGES_REQUESTED),
        (MEDICAL, "rev", Decision.CLOSED),
    ]
    revision.article.refresh_from_db()
    assert revision.article.status == "changes_requested"
    again = submit(revision.article, cast, fact_checked=False)
    assert steps_of(again)[0] == (FACT, "fc", Decision.PENDING)
    # A resubmission supersedes the pending one and closes its open steps.
    newer = submit(again.article, cast, fact_checked=False)
    again.refresh_from_db()
    assert again.decision == Revision.Decision.SUPERSEDED
    assert {d for *_, d in steps_of(again)} == {Decision.CLOSED}
    assert steps_of(newer)[0][2] == Decision.PENDING


def test_changes_requested_at_the_medical_review_start_again_at_the_fact_check(cast):
    revision = submit(draft(cast), cast)
    workflow.request_changes(revision, by=cast.reviewer.user, comment="Dose?")
    again = submit(revision.article, cast, fact_checked=False)
    assert steps_of(again) == [
        (FACT, "fc", Decision.PENDING),
        (MEDICAL, "rev", Decision.PENDING),
    ]


def test_one_person_cannot_do_two_steps(cast):
    article = draft(cast)
    both = FactCheckerFactory(user=cast.reviewer.user)
    with refused(article, WorkflowError, match="already does another step"):
        workflow.submit_for_review(
            article, by=cast.editor, assignees=assignees(cast, fact_checker=both)
        )
    revision = submit(draft(cast), cast, fact_checked=False)
    with refused(revision.article, WorkflowError, match="already does another step"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=both, kind=FACT)


def test_only_a_pending_step_can_be_reassigned(cast):
    revision = submit(draft(cast), cast)  # the fact check is done
    other = FactCheckerFactory()
    with refused(revision.article, WorkflowError, match="no fact check still to do"):
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=other, kind=FACT)
    workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer2)
    revision.refresh_from_db()
    assert revision.reviewer == cast.reviewer2
    assert revision.steps.get(kind=MEDICAL).assignee == cast.reviewer2.user


def test_a_topic_cannot_drop_a_promised_step_or_reorder_them(cast):
    from django.core.exceptions import ValidationError

    from articles.models.steps import validate_review_steps

    validate_review_steps([FACT, MEDICAL])
    validate_review_steps([FACT, MEDICAL, SIGNOFF])
    for steps, message in [
        ([MEDICAL], "needs a fact check"),
        ([FACT], "needs a medical review"),
        ([MEDICAL, FACT], "run in this order"),
        ([FACT, FACT, MEDICAL], "only once"),
        ([FACT, MEDICAL, "proofreading"], "Unknown review step"),
        ("fact_check", "must be a list"),
    ]:
        with pytest.raises(ValidationError, match=message):
            validate_review_steps(steps)


def test_the_topic_form_offers_the_steps_as_boxes_in_their_order(client, cast):
    topic = TopicFactory()
    client.force_login(cast.chief)
    url = reverse("admin:articles_topic_change", args=[topic.pk])
    data = {"name": topic.name, "slug": topic.slug, "description": ""}
    refused_page = client.post(url, {**data, "review_steps": [MEDICAL]})
    assert refused_page.status_code == 200
    assert "needs a fact check" in refused_page.content.decode()
    # Ticked in any order, stored in the one order steps run.
    done = client.post(url, {**data, "review_steps": [SIGNOFF, MEDICAL, FACT]})
    assert done.status_code == 302
    topic.refresh_from_db()
    assert topic.review_steps == [FACT, MEDICAL, SIGNOFF]


def test_the_submit_page_asks_for_one_person_per_step(client, cast):
    article = draft(cast, title="Folate before pregnancy")
    client.force_login(cast.editor)
    url = reverse("admin:articles_article_submit", args=[article.pk])
    html = client.get(url).content.decode()
    assert 'name="assignee_fact_check"' in html
    assert 'name="assignee_medical_review"' in html
    assert "Sam Okafor" in html and "Priya Raman" in html
    missing = client.post(
        url, {"assignee_medical_review": cast.reviewer.pk, "change_note": "New."}
    )
    assert missing.status_code == 200 and not article.revisions.exists()
    done = client.post(url, {**step_choices(cast), "change_note": "New."})
    assert done.status_code == 302
    assert steps_of(article.revisions.get())[0] == (FACT, "fc", Decision.PENDING)


def test_the_review_screen_shows_each_step_and_asks_for_the_right_statements(
    client, cast
):
    revision = submit(draft(cast), cast, fact_checked=False)
    url = reverse("admin:articles_revision_change", args=[revision.pk])
    client.force_login(cast.fact_checker.user)
    html = client.get(url).content.decode()
    assert "Your decision: fact check" in html
    assert "Every claim matches the source it cites." in html
    assert "Their turn now." in html
    approve_it = {"action": "decide", "decision": "approve", **attested(FACT)}
    assert client.post(url, approve_it).status_code == 302
    html = client.get(url).content.decode()
    assert "Your decision" not in html  # their step is done
    assert "Approved as Sam Okafor, MSc" in html
    client.force_login(cast.reviewer.user)
    html = client.get(url).content.decode()
    assert "Your decision: medical review" in html
    assert "The advice is safe for the stated audience." in html
    # A forged decision on the fact checker's behalf is refused by role.
    client.force_login(cast.reviewer2.user)
    assert client.post(url, approve_it).status_code == 403


def test_each_persons_dashboard_lists_what_waits_for_their_step(client, cast):
    revision = submit(draft(cast, title="Iron and fatigue"), cast, fact_checked=False)

    def queue(user):
        client.force_login(user)
        html = client.get(reverse("admin:index")).content.decode()
        start = html.index('id="panel-review-queue"')
        return html[start : html.index("</section>", start)]

    assert "Iron and fatigue" in queue(cast.fact_checker.user)
    assert "Iron and fatigue" not in queue(cast.reviewer.user)
    fact_check(revision)
    assert "Iron and fatigue" not in queue(cast.fact_checker.user)
    assert "Iron and fatigue" in queue(cast.reviewer.user)
