"""A report can be given to any active moderator, and only to one."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.workflow import roles
from feedback import services
from tests.factories import UserFactory, superuser, user_in

LIST = reverse("admin:feedback_feedbackreport_changelist")


@pytest.fixture
def colleague(groups):
    return user_in(roles.MODERATORS, username="sam", first_name="Sam", last_name="Lee")


def change_url(report):
    return reverse("admin:feedback_feedbackreport_change", args=[report.pk])


def assign(client, report, assignee, **extra):
    return client.post(
        reverse("admin:feedback_feedbackreport_moderate", args=[report.pk]),
        {"action": "assign", "assignee": assignee.pk if assignee else "", **extra},
    )


def unchanged(report, assignee=None):
    report.refresh_from_db()
    return report.assignee == assignee and not report.events.exists()


def test_the_form_offers_every_active_moderator_and_nobody_else(
    client, cast, report, colleague
):
    away = user_in(roles.MODERATORS, username="away", is_active=False)
    root = superuser()
    client.force_login(cast.moderator)
    form = client.get(change_url(report)).context["moderation_form"]
    offered = list(form.fields["assignee"].queryset)
    assert offered == [cast.moderator, colleague]
    for not_offered in (away, root, cast.editor, cast.chief):
        assert not_offered not in offered
    html = client.get(change_url(report)).content.decode()
    assert "Sam Lee (sam)" in html and ">Nobody</option>" in html


def test_a_moderator_assigns_a_report_to_a_colleague(client, cast, report, colleague):
    client.force_login(cast.moderator)
    response = assign(client, report, colleague, note="Sam knows this topic.")
    page = client.get(response["Location"]).content.decode()
    assert "Report assigned to sam." in page
    report.refresh_from_db()
    assert report.assignee == colleague
    event = report.events.get()
    assert event.actor == cast.moderator
    assert event.note == "Sam knows this topic. Assigned to sam."
    assert (event.from_status, event.to_status) == ("new", "new")
    # The list shows who has it.
    assert "sam" in client.get(LIST).content.decode()


def test_reassigning_and_unassigning_are_recorded(client, cast, report, colleague):
    services.assign(report, by=cast.moderator, assignee=cast.moderator)
    client.force_login(cast.moderator)
    assign(client, report, colleague)
    assign(client, report, None)
    report.refresh_from_db()
    assert report.assignee is None
    assert [e.note for e in report.events.order_by("pk")] == [
        "Assigned to mod.",
        "Assigned to sam (was mod).",
        "Unassigned (was sam).",
    ]


@pytest.mark.parametrize("who", ["editor", "chief", "inactive", "superuser"])
def test_assigning_to_anyone_but_an_active_moderator_is_refused(
    client, cast, report, who
):
    target = {
        "editor": lambda: cast.editor,
        "chief": lambda: cast.chief,
        "inactive": lambda: user_in(roles.MODERATORS, username="gone", is_active=0),
        "superuser": lambda: superuser(),
    }[who]()
    with pytest.raises(services.InvalidAssignee, match="not an active moderator"):
        services.assign(report, by=cast.moderator, assignee=target)
    assert unchanged(report)
    client.force_login(cast.moderator)
    response = assign(client, report, target)
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was changed." in page
    assert unchanged(report)


def test_a_forged_assignee_is_refused_even_past_the_form(cast, report):
    """The service enforces the rule itself; the form's choice list is a courtesy."""
    group = Group.objects.get(name=roles.MODERATORS)
    former = user_in(roles.MODERATORS, username="former")
    former.groups.remove(group)
    with pytest.raises(services.InvalidAssignee):
        services.assign(report, by=cast.moderator, assignee=former)
    assert unchanged(report)


def test_only_moderators_may_assign(cast, report):
    with pytest.raises(PermissionDenied):
        services.assign(report, by=cast.editor, assignee=cast.moderator)
    assert unchanged(report)


def test_a_reader_message_or_fix_cannot_ride_along_with_assign(
    client, cast, report, colleague
):
    client.force_login(cast.moderator)
    response = assign(client, report, colleague, reader_message="We fixed it.")
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was changed." in page and "only sent when you resolve" in page
    assert unchanged(report)


def test_a_superuser_may_take_a_report_but_is_not_offered_to_others(
    client, cast, report
):
    root = superuser()
    client.force_login(root)
    client.post(LIST, {"action": "assign_to_me", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.assignee == root
    with pytest.raises(services.InvalidAssignee):
        services.assign(report, by=cast.moderator, assignee=root)
    report.refresh_from_db()
    assert report.assignee == root and report.events.count() == 1


def test_assign_to_me_is_refused_for_someone_outside_the_group(client, report):
    """Permissions granted one by one make a user able to act, not a moderator."""
    helper = UserFactory(username="helper")
    helper.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="feedback",
            codename__in=["view_feedbackreport", "change_feedbackreport"],
        )
    )
    client.force_login(helper)
    response = client.post(
        LIST, {"action": "assign_to_me", "_selected_action": [report.pk]}, follow=True
    )
    assert "Nothing was changed." in response.content.decode()
    assert "not an active moderator" in response.content.decode()
    assert unchanged(report)
