"""The review workflow: every transition an article or revision can make.

Each function is atomic, checks who may act and in which state, writes one
ReviewEvent per change, and sends its e-mail only once the transaction has
committed. Admin buttons, management commands and the demo loader all call
these functions, so no screen can bypass a rule.

A package by stage: ``editing`` (the working copy), ``review`` (submit,
approve, request changes), ``steps`` (the review steps and who may do them),
``assignment`` (giving a step to someone else), ``attribution`` (correcting a
name shown on approved texts), ``outside`` (links for reviewers outside the
team), ``publication`` (publish, scheduled
publishing, withdraw, re-review), ``periodic`` (periodic review), ``roles``
(groups and their permissions) and ``common`` (the locks, audit log and
helpers they share).
"""

# Helpers the admin and other modules use, re-exported (not transitions).
from .assignment import assign_reviewer
from .attribution import correct_attribution
from .checks import (
    ARTICLE_ACTIONS,
    REVISION_ACTIONS,
    Verdict,
    available_actions,
    can_assign,
    can_decide,
    can_edit,
    can_publish,
    can_republish,
    can_request_rereview,
    can_submit,
    can_unschedule,
    can_withdraw,
    review_still_current,
    reviewers_for_assignment,
    reviewers_for_submission,
)
from .comments import can_comment, reopen, reply, resolve, start_thread
from .common import ATTESTATION_ITEMS, WorkflowError
from .common import excluded_for_submission as excluded_for_submission
from .common import excluded_reviewers as excluded_reviewers
from .common import review_interval_days as review_interval_days
from .editing import EditConflict, edit_conflict, edit_working_copy
from .outside import revoke_outside_link, send_outside_link
from .publication import (
    publish,
    publish_scheduled,
    republish,
    request_rereview,
    unschedule,
    withdraw,
)
from .references import (
    ImportHasProblems,
    PlannedImport,
    ReferenceRefused,
    can_add_references,
    import_references,
    plan_import,
)
from .review import approve, request_changes, submit_for_review

__all__ = [
    "correct_attribution",
    "revoke_outside_link",
    "send_outside_link",
    "can_comment",
    "reopen",
    "reply",
    "resolve",
    "start_thread",
    "ARTICLE_ACTIONS",
    "ATTESTATION_ITEMS",
    "REVISION_ACTIONS",
    "Verdict",
    "available_actions",
    "can_assign",
    "can_decide",
    "can_edit",
    "can_publish",
    "can_republish",
    "can_request_rereview",
    "can_submit",
    "can_unschedule",
    "can_withdraw",
    "review_still_current",
    "reviewers_for_assignment",
    "reviewers_for_submission",
    "EditConflict",
    "WorkflowError",
    "edit_conflict",
    "approve",
    "assign_reviewer",
    "publish",
    "publish_scheduled",
    "republish",
    "edit_working_copy",
    "request_changes",
    "request_rereview",
    "submit_for_review",
    "unschedule",
    "withdraw",
    "ImportHasProblems",
    "PlannedImport",
    "ReferenceRefused",
    "can_add_references",
    "import_references",
    "plan_import",
]
