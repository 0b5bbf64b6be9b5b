"""Every admin screen editors, reviewers, chief editors and moderators use daily
passes the W3C Nu HTML Checker and axe-core (WCAG 2.2 AA) at 1280 and 360 px."""

import pytest
from django.urls import reverse

from articles import workflow
from core.models import OutgoingMail
from feedback.models import FeedbackReport
from tests.e2e.checkers import axe_violations, nu_errors
from tests.e2e.conftest import login
from tests.factories import (
    approve,
    draft,
    edit,
    publish_article,
    scheduled,
    submit,
    superuser,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screens(cast):
    """Return {role: [(name, path)]}: the daily screens, with real work on them."""
    writing = draft(cast, title="A draft on iron")
    sent_back = submit(draft(cast, title="Zinc and colds"), cast)
    thread = workflow.comments.start_thread(
        sent_back, by=cast.reviewer.user, body="Which trial?", passage="Regular walking"
    )
    workflow.comments.reply(
        thread, by=cast.editor, revision=sent_back, body="The 2020 one."
    )
    settled = workflow.comments.start_thread(
        sent_back, by=cast.reviewer.user, body="Typo in the summary."
    )
    workflow.comments.resolve(settled, by=cast.editor, revision=sent_back)
    workflow.request_changes(sent_back, by=cast.reviewer.user, comment="Cite it.")
    edit(sent_back.article, cast.editor, summary="Now with a source.")
    resubmitted = submit(sent_back.article, cast)
    ready = approve(submit(draft(cast, title="Vitamin D"), cast), cast)
    later = scheduled(cast)
    live = publish_article(cast, title="Folate in pregnancy")
    to_check = submit(
        draft(cast, title="Omega-3 and the heart"), cast, fact_checked=False
    )
    outside_link = workflow.send_outside_link(
        resubmitted, by=cast.chief, name="Dr Lena Ortiz", email="lo@example.org"
    )
    report = FeedbackReport.objects.create(
        article=live,
        revision=live.live_revision,
        helpful=False,
        reason="outdated",
        details="The advice changed last year.",
    )
    # The reviewer's name corrected on their profile: the correction page lists
    # the live article that still shows the earlier wording.
    cast.reviewer.name = "Priya Ramanathan"
    cast.reviewer.save()
    superuser("root")
    queued = OutgoingMail.objects.order_by("pk").first()  # the workflow's e-mail
    return {
        "fc": [
            ("fact checker's dashboard", "/admin/"),
            ("fact check screen", f"/admin/articles/revision/{to_check.pk}/change/"),
        ],
        "ed": [
            ("editor's dashboard", "/admin/"),
            ("article list", "/admin/articles/article/"),
            ("article form", f"/admin/articles/article/{writing.pk}/change/"),
            (
                "article form with comments",
                f"/admin/articles/article/{sent_back.article.pk}/change/",
            ),
            ("new article form", "/admin/articles/article/add/"),
            ("submit page", f"/admin/articles/article/{writing.pk}/submit/"),
            (
                "import references",
                f"/admin/articles/article/{writing.pk}/import-references/",
            ),
            ("draft preview", f"/admin/preview/articles/{writing.pk}/"),
        ],
        "rev": [
            ("reviewer's dashboard", "/admin/"),
            ("review queue", "/admin/articles/reviewqueueitem/"),
            (
                "review screen with comments and a decision",
                f"/admin/articles/revision/{resubmitted.pk}/change/",
            ),
        ],
        "chief": [
            ("chief editor's dashboard", "/admin/"),
            (
                "review screen to publish",
                f"/admin/articles/revision/{ready.pk}/change/",
            ),
            ("publish confirmation", f"/admin/articles/revision/{ready.pk}/publish/"),
            ("scheduled revision", f"/admin/articles/revision/{later.pk}/change/"),
            ("coming up", "/admin/articles/revision/upcoming/"),
            (
                "review screen with an outside link",
                f"/admin/articles/revision/{resubmitted.pk}/change/",
            ),
            (
                "reviewer profile with registrations",
                f"/admin/articles/medicalreviewer/{cast.reviewer.pk}/change/",
            ),
            (
                "fact checker profile",
                f"/admin/articles/factchecker/{cast.fact_checker.pk}/change/",
            ),
            (
                "correct the name shown",
                f"/admin/articles/medicalreviewer/{cast.reviewer.pk}/"
                "correct-attribution/",
            ),
            (
                "outside review page",
                reverse("outside-review", args=[outside_link.token]),
            ),
        ],
        "root": [
            ("outgoing mail", "/admin/core/outgoingmail/"),
            ("one e-mail", f"/admin/core/outgoingmail/{queued.pk}/change/"),
        ],
        "mod": [
            ("moderator's dashboard", "/admin/"),
            ("feedback list", "/admin/feedback/feedbackreport/"),
            ("a report", f"/admin/feedback/feedbackreport/{report.pk}/change/"),
        ],
    }


def test_daily_admin_screens_pass_both_checkers(page, live_server, screens, tmp_path):
    documents, problems = {}, []
    for username, paths in screens.items():
        login(page, live_server, username)
        for name, path in paths:
            page.set_viewport_size({"width": 1280, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (name, response.status)
            documents[name] = response.text()
            for width in (1280, 360):
                page.set_viewport_size({"width": width, "height": 900})
                problems += [f"{name} at {width} px: {v}" for v in axe_violations(page)]
    problems += nu_errors(documents, tmp_path)
    assert problems == []
