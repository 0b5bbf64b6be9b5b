"""The moderator's panels: new reader reports, and those assigned to them."""

from django.utils.text import Truncator

from feedback.models import FeedbackReport

from .parts import Fact, Link, Row, admin_url, age, panel

REPORTS = "feedback_feedbackreport_changelist"


def moderator_panels(user, *, now):
    reports = (
        FeedbackReport.objects.select_related("article")
        .only("pk", "status", "reason", "details", "created_at", "article__title")
        .order_by("created_at", "pk")
    )

    def row(report, *, with_status=False):
        facts = (
            Fact(report.get_status_display()) if with_status else Fact(""),
            Fact(report.get_reason_display() or "No reason given"),
            age(report.created_at, now, "Waiting"),
        )
        return Row(
            report.article.title,
            admin_url("feedback_feedbackreport_change", report.pk),
            facts,
            quote=Truncator(report.details).chars(120),
        )

    mine = {"status": "open", "assignee__id__exact": user.pk}
    return [
        panel(
            "new-reports",
            "New reader reports",
            reports.filter(status=FeedbackReport.Status.NEW),
            row,
            empty="No new reports.",
            links=[
                Link("All new reports", admin_url(REPORTS, query={"status": "new"}))
            ],
        ),
        panel(
            "my-reports",
            "Reports assigned to me",
            reports.open().filter(assignee=user),
            lambda report: row(report, with_status=True),
            empty="No open report is assigned to you.",
            links=[Link("All my open reports", admin_url(REPORTS, query=mine))],
        ),
    ]
