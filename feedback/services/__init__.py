"""Reader feedback's services: accepting reports, and the moderators' triage.

``submission`` accepts votes and details and forgets personal data;
``moderation`` changes status, assigns, sends for re-review and sends the
reader's e-mail when the fix goes live. Callers import them from here.
"""

from ..text import looks_personal
from .moderation import (
    FIX_ONLY_WHEN_RESOLVING,
    READER_MESSAGE_ONLY_WHEN_RESOLVING,
    InvalidAssignee,
    assign,
    can_still_go_live,
    check_assignee,
    fix_revisions,
    moderators,
    send_for_rereview,
    send_held_messages,
    set_status,
)
from .submission import (
    DUPLICATE_WINDOW,
    USER_AGENT_MAX,
    FeedbackRejected,
    add_details,
    client_hash,
    find_revision,
    purge_personal_data,
    record_vote,
)

__all__ = [
    "DUPLICATE_WINDOW",
    "FIX_ONLY_WHEN_RESOLVING",
    "READER_MESSAGE_ONLY_WHEN_RESOLVING",
    "USER_AGENT_MAX",
    "FeedbackRejected",
    "InvalidAssignee",
    "add_details",
    "assign",
    "can_still_go_live",
    "check_assignee",
    "client_hash",
    "find_revision",
    "fix_revisions",
    "looks_personal",
    "moderators",
    "purge_personal_data",
    "record_vote",
    "send_for_rereview",
    "send_held_messages",
    "set_status",
]
