"""The review workflow: every transition an article or revision can make.

Each function is atomic, checks who may act and in which state, writes one
ReviewEvent per change, and sends its e-mail only once the transaction has
committed. Admin buttons, management commands and the demo loader all call
these functions, so no screen can bypass a rule.

A package by stage: ``review`` (submit, approve, request changes, assign),
``publication`` (publish, scheduled publishing, withdraw, re-review) and
``common`` (the checks, locks and audit log they share).
"""

# Helpers the admin and other modules use, re-exported (not transitions).
from .common import ATTESTATION_ITEMS, WorkflowError
from .common import excluded_for_submission as excluded_for_submission
from .common import excluded_reviewers as excluded_reviewers
from .common import review_interval_days as review_interval_days
from .publication import (
    publish,
    publish_scheduled,
    record_edit,
    request_rereview,
    withdraw,
)
from .review import approve, assign_reviewer, request_changes, submit_for_review

__all__ = [
    "ATTESTATION_ITEMS",
    "WorkflowError",
    "approve",
    "assign_reviewer",
    "publish",
    "publish_scheduled",
    "record_edit",
    "request_changes",
    "request_rereview",
    "submit_for_review",
    "withdraw",
]
