"""Each review transition e-mails the right people, and only once it has committed."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from articles import workflow
from articles.workflow import WorkflowError
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    approve,
    fact_check,
    publish_article,
    submit,
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (the e-mails) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article(cast):
    article = ArticleFactory(title="Walking and blood pressure")
    ReferenceFactory(article=article)
    return article


def admin_link(revision):
    path = reverse("admin:articles_revision_change", args=[revision.pk])
    return f"{settings.SITE_URL}{path}"


def test_submit_emails_each_step_in_turn(cast, article, committed):
    with committed():
        revision = submit(article, cast, note="First version.", fact_checked=False)
        assert mail.outbox == []  # nothing leaves before the commit
    [asked] = mail.outbox
    assert asked.to == ["fc@example.org"]  # the fact check comes first
    assert asked.subject == "Fact check requested: Walking and blood pressure"
    mail.outbox.clear()
    with committed():
        fact_check(revision)
    [message] = mail.outbox
    assert message.to == ["rev@example.org"]
    assert message.subject == "Medical review requested: Walking and blood pressure"
    assert admin_link(revision) in message.body
    assert f"/admin/articles/revision/{revision.pk}/change/" in message.body
    assert "revision 1" in message.body
    assert "First version." in message.body


def test_request_changes_emails_the_author_with_the_comment(cast, article, committed):
    revision = submit(article, cast)
    comment = "Please cite the 2023 NICE guideline for the dose.\nAnd add a date."
    with committed():
        workflow.request_changes(revision, by=cast.reviewer.user, comment=comment)
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == "Changes requested: Walking and blood pressure"
    assert comment in message.body
    assert "Priya Raman, MD, MRCP" in message.body
    assert admin_link(revision) in message.body


def test_approve_emails_the_author(cast, article, committed):
    revision = submit(article, cast)
    with committed():
        workflow.approve(
            revision,
            by=cast.reviewer.user,
            comment="Checked every source.",
            attestation=ALL_ATTESTED,
        )
    message, ready = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == "Approved: Walking and blood pressure"
    # The chief editors publish, so they hear that it is ready.
    assert ready.to == ["chief@example.org"]
    assert ready.subject == "Ready to publish: Walking and blood pressure"
    assert f"{admin_link(revision)}#publish" in ready.body
    assert "Priya Raman, MD, MRCP approved revision 1" in message.body
    assert "Checked every source." in message.body
    assert admin_link(revision) in message.body


def test_assign_reviewer_emails_the_new_reviewer(cast, article, committed):
    revision = submit(article, cast)
    with committed():
        workflow.assign_reviewer(revision, by=cast.chief, reviewer=cast.reviewer2)
    [message] = mail.outbox
    assert message.to == ["rev2@example.org"]
    assert message.subject == "Medical review requested: Walking and blood pressure"
    assert "You now do the medical review" in message.body
    assert "It is your turn now." in message.body
    assert admin_link(revision) in message.body


def test_request_rereview_emails_editor_and_reviewer_with_the_reason(cast, committed):
    article = publish_article(cast, title="Walking and blood pressure")
    reason = "A reader reports the dose changed in the 2024 guideline."
    with committed():
        workflow.request_rereview(article, by=cast.moderator, reason=reason)
    [message] = mail.outbox
    assert sorted(message.to) == ["ed@example.org", "rev@example.org"]
    assert message.subject == "Re-review requested: Walking and blood pressure"
    assert reason in message.body
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert f"{settings.SITE_URL}{change}" in message.body


def test_publish_and_withdraw_send_no_email(cast, article, committed):
    revision = approve(submit(article, cast), cast)
    with committed():
        workflow.publish(revision, by=cast.chief)
        workflow.withdraw(article, by=cast.chief, reason="Unsafe.")
    assert mail.outbox == []


def test_refused_transition_sends_nothing(cast, article, committed):
    revision = submit(article, cast)
    with committed():
        with pytest.raises(WorkflowError):
            workflow.request_changes(revision, by=cast.reviewer.user, comment=" ")
        with pytest.raises(WorkflowError):
            workflow.approve(revision, by=cast.reviewer.user, attestation={})
    assert mail.outbox == []


def test_rolled_back_submission_sends_nothing(cast, article, committed):
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(article, cast)
            raise RuntimeError("the admin view failed after submitting")
    assert mail.outbox == []
    assert not article.revisions.exists()


def test_each_transition_sends_one_email_to_the_right_person(cast, article, committed):
    with committed():
        first = submit(article, cast)
        workflow.request_changes(first, by=cast.reviewer.user, comment="Add a date.")
        second = submit(article, cast)
        second = workflow.assign_reviewer(
            second, by=cast.chief, reviewer=cast.reviewer2
        )
        approve(second, cast)
    assert [(m.subject.split(":")[0], m.to) for m in mail.outbox] == [
        ("Fact check requested", ["fc@example.org"]),
        ("Medical review requested", ["rev@example.org"]),
        ("Changes requested", ["ed@example.org"]),
        ("Fact check requested", ["fc@example.org"]),
        ("Medical review requested", ["rev@example.org"]),
        ("Medical review requested", ["rev2@example.org"]),
        ("Approved", ["ed@example.org"]),
        ("Ready to publish", ["chief@example.org"]),
    ]
