"""The admin home's dashboard: for each role, the work waiting for it.

``dashboard_for(user)`` returns the panels of USER's roles, each with its first
rows, a link to the admin page where the work is done, and the total. A panel
costs two queries (its rows and its count) whatever the number of articles:
rows load only the columns they show, with their relations joined, so
rendering them reads nothing more (tests/articles/test_dashboard.py counts).

Roles are read from permissions, as the admin screens read them: a superuser
sees every panel, and a chief editor, who may also write, sees the editor's.
One module per role's panels: ``writing`` (editors and medical reviewers),
``publishing`` (chief editors), ``moderation``; ``parts`` holds what they share.
"""

from django.utils import timezone

from articles.workflow.steps import does_review_steps

from .moderation import moderator_panels
from .parts import ROWS, Panel
from .publishing import chief_editor_panels
from .writing import editor_panels, reviewer_panels

__all__ = ["ROWS", "Panel", "dashboard_for"]


def dashboard_for(user, *, now=None):
    """Return the list of panels USER's roles see on the admin home."""
    now = now or timezone.now()
    panels = []
    if user.has_perm("articles.publish_article"):
        panels += chief_editor_panels(user, now=now)
    if does_review_steps(user):
        panels += reviewer_panels(user, now=now)
    if user.has_perm("articles.submit_article"):
        panels += editor_panels(user, now=now)
    if user.has_perm("feedback.change_feedbackreport"):
        panels += moderator_panels(user, now=now)
    return panels
