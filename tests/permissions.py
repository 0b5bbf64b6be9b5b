"""The one permission matrix: which role may make which workflow transition.

Both the full transition tests (tests/articles/test_workflow_transitions.py)
and the all-pages matrix (tests/security/test_permission_matrix.py) read it, so
"who may do what" is written once. A new workflow function fails
``test_every_transition_and_role_is_in_the_matrix`` until it is added here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from articles import workflow
from tests.evidence.conftest import MISSING, REGISTRY_FIXTURES
from tests.factories import ALL_ATTESTED, UserFactory, assignees, superuser

# "assigned_reviewer" is the reviewer a revision is assigned to (cast.reviewer);
# "other_reviewer" is another medical reviewer (cast.reviewer2); "fact_checker"
# did the fact check of the revisions here (cast.fact_checker), which wait for
# the medical review.
ROLES = (
    "anonymous",
    "reader",
    "plain_staff",
    "editor",
    "assigned_reviewer",
    "other_reviewer",
    "fact_checker",
    "chief",
    "moderator",
    "superuser",
)

OK = "allowed"
NO = PermissionDenied

# fmt: off
MATRIX = {
    #                     anon reader  plain  editor rev+ rev- fc   chief mod  super
    "edit_working_copy": (NO,  NO,    NO,    OK,     NO,  NO,  NO,  OK,   NO,  OK),
    "submit_for_review": (NO,  NO,    NO,    OK,     NO,  NO,  NO,  OK,   NO,  OK),
    "approve":           (NO,  NO,    NO,    NO,     OK,  NO,  NO,  NO,   NO,  NO),
    "request_changes":   (NO,  NO,    NO,    NO,     OK,  NO,  NO,  NO,   NO,  NO),
    "assign_reviewer":   (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "publish":           (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "unschedule":        (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "withdraw":          (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "republish":         (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "request_rereview":  (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   OK,  OK),
    # Review comments: the article's editors and the people doing its steps.
    "start_thread":      (NO,  NO,    NO,    OK,     OK,  NO,  OK,  OK,   NO,  OK),
    "reply":             (NO,  NO,    NO,    OK,     OK,  NO,  OK,  OK,   NO,  OK),
    "resolve":           (NO,  NO,    NO,    OK,     OK,  NO,  OK,  OK,   NO,  OK),
    "reopen":            (NO,  NO,    NO,    OK,     OK,  NO,  OK,  OK,   NO,  OK),
    # A citation-manager file into the working copy: whoever may edit it.
    "import_references": (NO,  NO,    NO,    OK,     NO,  NO,  NO,  OK,   NO,  OK),
    # A reviewer's misspelt name, corrected on what they approved: chief editors.
    "correct_attribution": (NO, NO,   NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    # Links for clinicians outside the team: chief editors send and revoke.
    "send_outside_link": (NO,  NO,    NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
    "revoke_outside_link": (NO, NO,   NO,    NO,     NO,  NO,  NO,  OK,   NO,  OK),
}
# fmt: on

# What workflow exports besides its transitions: checks, errors and helpers.
NOT_TRANSITIONS = {
    "ARTICLE_ACTIONS",
    "ATTESTATION_ITEMS",
    "EditConflict",
    "REVISION_ACTIONS",
    "Verdict",
    "WorkflowError",
    "available_actions",
    "can_assign",
    "can_comment",
    "can_decide",
    "can_edit",
    "can_publish",
    "can_republish",
    "can_request_rereview",
    "can_submit",
    "can_unschedule",
    "can_withdraw",
    "edit_conflict",
    "ImportHasProblems",
    "PlannedImport",
    "ReferenceRefused",
    "can_add_references",
    "plan_import",
    "publish_scheduled",
    "review_still_current",
    "reviewers_for_assignment",
    "reviewers_for_submission",
}


def person(cast, role):
    """Return the user playing ROLE (AnonymousUser for a visitor)."""
    return {
        "anonymous": AnonymousUser,
        "reader": lambda: UserFactory(username="reader", is_staff=False),
        "plain_staff": lambda: UserFactory(username="plain"),
        "editor": lambda: cast.editor,
        "assigned_reviewer": lambda: cast.reviewer.user,
        "other_reviewer": lambda: cast.reviewer2.user,
        "fact_checker": lambda: cast.fact_checker.user,
        "chief": lambda: cast.chief,
        "moderator": lambda: cast.moderator,
        "superuser": superuser,
    }[role]()


def exported_references():
    """Return a real PubMed export (two records), skipping without the recordings."""
    path = REGISTRY_FIXTURES / "imports" / "manubot_bibliography.nbib"
    if not path.is_file():
        pytest.skip(MISSING)
    return path.read_text(encoding="utf-8")


def matrix_cases():
    """Return (transition, role, expected) triples for every cell of MATRIX."""
    return [
        (name, role, expected)
        for name, row in MATRIX.items()
        for role, expected in zip(ROLES, row, strict=True)
    ]


# How each transition is called in the matrix tests: (target, user, cast) -> result.
ACTS = {
    "edit_working_copy": lambda article, user, cast: workflow.edit_working_copy(
        article, by=user, changes={"summary": "Clearer summary."}
    ),
    "submit_for_review": lambda article, user, cast: workflow.submit_for_review(
        article,
        by=user,
        assignees=assignees(cast, cast.reviewer),
        change_note="First version.",
    ),
    "approve": lambda revision, user, cast: workflow.approve(
        revision, by=user, comment="Sources check out.", attestation=ALL_ATTESTED
    ),
    "request_changes": lambda revision, user, cast: workflow.request_changes(
        revision, by=user, comment="Cite the 2023 guideline."
    ),
    "assign_reviewer": lambda revision, user, cast: workflow.assign_reviewer(
        revision, by=user, reviewer=cast.reviewer2
    ),
    "publish": lambda revision, user, cast: workflow.publish(revision, by=user),
    "unschedule": lambda revision, user, cast: workflow.unschedule(revision, by=user),
    "republish": lambda article, user, cast: workflow.republish(article, by=user),
    "withdraw": lambda article, user, cast: workflow.withdraw(
        article, by=user, reason="Guideline withdrawn."
    ),
    "request_rereview": lambda article, user, cast: workflow.request_rereview(
        article, by=user, reason="Reader reported an outdated dose."
    ),
    "start_thread": lambda revision, user, cast: workflow.start_thread(
        revision, by=user, body="Which trial is this?"
    ),
    "reply": lambda thread, user, cast: workflow.reply(
        thread, by=user, revision=thread.revision, body="The 2020 one."
    ),
    "resolve": lambda thread, user, cast: workflow.resolve(
        thread, by=user, revision=thread.revision
    ),
    "reopen": lambda thread, user, cast: workflow.reopen(
        thread, by=user, revision=thread.revision
    ),
    "import_references": lambda article, user, cast: workflow.import_references(
        article, by=user, text=exported_references()
    ),
    "correct_attribution": lambda article, user, cast: workflow.correct_attribution(
        cast.reviewer, by=user, reason="Her surname was misspelt."
    ),
    "send_outside_link": lambda revision, user, cast: workflow.send_outside_link(
        revision, by=user, name="Dr Lena Ortiz", email="lena.ortiz@example.org"
    ),
    "revoke_outside_link": lambda link, user, cast: workflow.revoke_outside_link(
        link, by=user
    ),
}
