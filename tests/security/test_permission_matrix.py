"""Every role against every admin page, admin action and workflow transition.

The tables below are the whole answer to "who may do what": a role's allowed
set is compared with what the site actually lets that person do, exactly.
Allowed pages answer 200 (or redirect on success); refused ones answer 403,
404 or send the person to the login page; nothing answers 500. A new admin,
admin URL or workflow function makes these tests fail until it is added here.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, reverse
from PIL import Image

from articles import roles, workflow
from articles.models import (
    Article,
    Author,
    MedicalReviewer,
    ReviewEvent,
    ReviewQueueItem,
    Revision,
    Topic,
)
from feedback.models import FeedbackReport
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    TopicFactory,
    UserFactory,
    approve,
    events_since,
    publish_article,
    refused,
    submit,
    superuser,
    user_in,
    workflow_state,
)

ROLES = ("anonymous", "reader", "editor", "reviewer", "chief", "moderator", "superuser")


def person(cast, role):
    """Return the user playing ROLE (None for an anonymous visitor)."""
    return {
        "anonymous": lambda: None,
        "reader": lambda: UserFactory(username="reader", is_staff=False),
        "editor": lambda: cast.editor,
        "reviewer": lambda: cast.reviewer.user,
        "chief": lambda: cast.chief,
        "moderator": lambda: cast.moderator,
        "superuser": lambda: superuser(),
    }[role]()


def login(client, cast, role):
    user = person(cast, role)
    if user is not None:
        client.force_login(user)
    return user


# The admin pages ---------------------------------------------------------------

STANDARD = ("changelist", "add", "change", "delete", "history")
READ = ("changelist", "change", "history")
# Pages on top of the standard five per registered admin. POSTs are named
# "<url name>:<button>"; ":superuser" pages act on a superuser's account.
CUSTOM_PAGES = {
    "index",
    "autocomplete",
    "articles_article_change:post",
    "articles_article_submit",
    "articles_article_withdraw",
    "articles_article_rereview",
    "articles_revision_change:decide",
    "articles_revision_change:assign",
    "articles_revision_change:publish",
    "feedback_feedbackreport_moderate",
    "auth_user_password_change",
    "auth_user_change:superuser",
    "auth_user_history:superuser",
    "auth_user_delete:superuser",
    "auth_user_password_change:superuser",
    "markdownx_markdownify",
    "markdownx_upload",
}
# Admin URLs every staff member has for their own session; not role pages.
OWN_SESSION_URLS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "jsi18n",
    "view_on_site",
    "app_list",
}


def info(model):
    return f"{model._meta.app_label}_{model._meta.model_name}"


def admin_pages(model, *kinds):
    return {f"{info(model)}_{kind}" for kind in kinds}


def all_page_names():
    """Return the name of every page in the matrix: registered admins + custom."""
    names = set(CUSTOM_PAGES)
    for model in admin.site._registry:
        names |= admin_pages(model, *STANDARD)
    return names


STAFF_READING = {
    "index",
    "autocomplete",
    *admin_pages(Article, *READ),
    *admin_pages(Revision, *READ),
    *admin_pages(ReviewEvent, *READ),
    *admin_pages(Topic, *READ),
    *admin_pages(Author, *READ),
    *admin_pages(MedicalReviewer, *READ),
}
EDITOR = {
    *STAFF_READING,
    *admin_pages(Article, "add"),
    "articles_article_change:post",
    "articles_article_submit",
    "markdownx_markdownify",
    "markdownx_upload",
}
# Nothing readers saw or reviewers signed is ever deleted, nor added by hand.
NEVER_DELETED = (Revision, ReviewQueueItem, ReviewEvent, FeedbackReport)
LOGIN_RECORDS = (AccessAttempt, AccessLog, AccessFailureLog)  # django-axes writes these
NEVER_ADDED = (*NEVER_DELETED, *LOGIN_RECORDS)

ALLOWED = {
    "anonymous": set(),
    "reader": set(),
    "editor": EDITOR,
    "reviewer": {
        *STAFF_READING,
        *admin_pages(ReviewQueueItem, *READ),
        "articles_revision_change:decide",
    },
    "chief": {
        *EDITOR,
        *admin_pages(Topic, "add"),
        *admin_pages(Author, "add"),
        *admin_pages(MedicalReviewer, "add"),
        "articles_revision_change:assign",
        "articles_revision_change:publish",
        "articles_article_withdraw",
        "articles_article_rereview",
        *admin_pages(User, "changelist", "add", "change", "history"),
        "auth_user_password_change",
    },
    "moderator": {
        "index",
        "autocomplete",
        *admin_pages(Article, *READ),
        *admin_pages(Revision, *READ),
        *admin_pages(FeedbackReport, *READ),
        "feedback_feedbackreport_moderate",
        "articles_article_rereview",
    },
    "superuser": all_page_names()
    - {f"{info(m)}_add" for m in NEVER_ADDED}
    - {f"{info(m)}_delete" for m in NEVER_DELETED}
    # Nobody's queue but the reviewer's own; only the assigned reviewer decides.
    - {"articles_reviewqueueitem_history", "articles_revision_change:decide"},
}


@dataclass
class Page:
    url: str
    data: Callable[[], dict] | None = None  # a POST when given
    done: Callable[[], bool] | None = None  # did the POST take effect?


def png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format="PNG")
    return SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")


def article_form(article, **changes):
    return {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id,
        "authors": [a.pk for a in article.authors.all()],
        "summary": article.summary,
        "body": article.body,
        "version": article.version,
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        **changes,
    }


def reloaded(obj):
    obj.refresh_from_db()
    return obj


@pytest.fixture
def world(cast, settings, tmp_path):
    """Return one real object per registered admin, and the pages to try."""
    settings.MEDIA_ROOT = tmp_path
    draft = ArticleFactory(title="Draft on sleep")
    ReferenceFactory(article=draft)
    live = publish_article(cast, title="Live on walking")
    to_decide = submit(publish_article(cast), cast)
    to_assign = submit(publish_article(cast), cast)
    to_publish = approve(submit(publish_article(cast), cast), cast)
    report = FeedbackReport.objects.create(
        article=live, revision=live.live_revision, helpful=False, reason="outdated"
    )
    owner = superuser("owner")
    access = {"user_agent": "x", "ip_address": "10.0.0.1", "path_info": "/admin/"}
    objects = {
        Article: draft,
        Revision: to_decide,
        ReviewQueueItem: to_decide,
        ReviewEvent: live.events.first(),
        Topic: live.topic,
        Author: live.authors.first(),
        MedicalReviewer: cast.reviewer2,
        FeedbackReport: report,
        User: UserFactory(username="plain"),
        Group: Group.objects.get(name=roles.EDITORS),
        AccessAttempt: AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**access),
        AccessFailureLog: AccessFailureLog.objects.create(**access),
    }
    pages = {}
    for model, obj in objects.items():
        for kind in STANDARD:
            args = [] if kind in {"changelist", "add"} else [obj.pk]
            name = f"{info(model)}_{kind}"
            pages[name] = Page(reverse(f"admin:{name}", args=args))

    def url(name, *args):
        return reverse(f"admin:{name}", args=args)

    pages |= {
        "index": Page(url("index")),
        "autocomplete": Page(
            url("autocomplete")
            + "?app_label=articles&model_name=article&field_name=also_read"
        ),
        "articles_article_submit": Page(url("articles_article_submit", draft.pk)),
        "articles_article_withdraw": Page(url("articles_article_withdraw", live.pk)),
        "articles_article_rereview": Page(url("articles_article_rereview", live.pk)),
        "auth_user_password_change": Page(
            url("auth_user_password_change", objects[User].pk)
        ),
        "auth_user_change:superuser": Page(url("auth_user_change", owner.pk)),
        "auth_user_history:superuser": Page(url("auth_user_history", owner.pk)),
        "auth_user_delete:superuser": Page(url("auth_user_delete", owner.pk)),
        "auth_user_password_change:superuser": Page(
            url("auth_user_password_change", owner.pk)
        ),
        # POSTs last: they change the objects the pages above show.
        "markdownx_markdownify": Page(
            reverse("markdownx_markdownify") + f"?article={draft.pk}",
            data=lambda: {"content": "**Bold** [@smith2020]"},
        ),
        "markdownx_upload": Page(
            reverse("markdownx_upload"), data=lambda: {"image": png()}
        ),
        "articles_article_change:post": Page(
            url("articles_article_change", draft.pk),
            data=lambda: article_form(draft, body="Rewritten [@smith2020]."),
            done=lambda: reloaded(draft).body == "Rewritten [@smith2020].",
        ),
        "articles_revision_change:decide": Page(
            url("articles_revision_change", to_decide.pk),
            data=lambda: {"action": "decide", "decision": "approve", **ALL_ATTESTED},
            done=lambda: reloaded(to_decide).decision == "approved",
        ),
        "articles_revision_change:assign": Page(
            url("articles_revision_change", to_assign.pk),
            data=lambda: {"action": "assign", "reviewer": cast.reviewer2.pk},
            done=lambda: reloaded(to_assign).reviewer == cast.reviewer2,
        ),
        "articles_revision_change:publish": Page(
            url("articles_revision_change", to_publish.pk),
            data=lambda: {"action": "publish", "go_live_at": ""},
            done=lambda: reloaded(to_publish).published_at is not None,
        ),
        "feedback_feedbackreport_moderate": Page(
            url("feedback_feedbackreport_moderate", report.pk),
            data=lambda: {"action": "triaged"},
            done=lambda: reloaded(report).status == "triaged",
        ),
    }
    return objects, pages


def outcome(response, name):
    """Return "ok" or "refused" for RESPONSE; fail on anything else."""
    code = response.status_code
    if code == 200:
        return "ok"
    if code in {403, 404}:
        return "refused"
    if code == 302:
        target = response.url
        if target.startswith(reverse("admin:login")):
            return "refused"
        if target == reverse("admin:index"):  # the admin's "does not exist"
            return "refused"
        return "ok"
    pytest.fail(f"{name} answered {code}")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_admin_pages(client, cast, world, role):
    _, pages = world
    login(client, cast, role)
    allowed, ignored = set(), []
    for name, page in pages.items():
        if page.data is None:
            response = client.get(page.url)
        else:
            response = client.post(page.url, page.data())
        result = outcome(response, name)
        if page.done is not None and page.done() != (result == "ok"):
            ignored.append(f"{name}: answered {response.status_code}")
        if result == "ok":
            allowed.add(name)
    assert allowed == ALLOWED[role]
    # A refused POST says so and changes nothing; an accepted one takes effect.
    assert ignored == []


def test_every_registered_admin_and_admin_url_is_in_the_matrix(world):
    objects, pages = world
    assert set(admin.site._registry) == set(objects), (
        "A new admin is registered: add an object for it and its row to ALLOWED."
    )
    assert set(pages) == all_page_names()
    for role, names in ALLOWED.items():
        assert names <= all_page_names(), role

    def url_names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from url_names(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    covered = {name.split(":")[0] for name in all_page_names()}
    assert set(url_names(admin.site.get_urls())) - covered == OWN_SESSION_URLS


# Escalation through the user admin -----------------------------------------------


def user_form(user, **changes):
    return {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "2024-01-01",
        "date_joined_1": "09:00:00",
        **changes,
    }


def change_user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_chief_cannot_make_anyone_a_superuser_or_grant_single_permissions(client, cast):
    client.force_login(cast.chief)
    power = Permission.objects.get(codename="change_group")
    page = client.get(change_user_url(cast.chief)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    for user in (cast.chief, cast.editor):
        forged = user_form(user, is_superuser="on", user_permissions=[power.pk])
        assert client.post(change_user_url(user), forged).status_code == 302
        user.refresh_from_db()
        assert not user.is_superuser
        assert not user.user_permissions.exists()
        assert not user.has_perm("auth.change_group")
    # A new account cannot be born a superuser either.
    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "is_superuser": "on",
        },
    )
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.is_superuser and not newcomer.user_permissions.exists()


def test_chief_can_only_give_the_editor_and_moderator_groups(client, cast):
    operators = Group.objects.create(name="Operators")
    operators.permissions.add(Permission.objects.get(codename="delete_user"))
    client.force_login(cast.chief)
    response = client.get(change_user_url(cast.editor))
    offered = response.context["adminform"].form.fields["groups"].queryset
    assert {g.name for g in offered} == {roles.EDITORS, roles.MODERATORS}

    for group in [
        operators,
        Group.objects.get(name=roles.CHIEF_EDITORS),
        Group.objects.get(name=roles.MEDICAL_REVIEWERS),
    ]:
        refused = client.post(
            change_user_url(cast.editor), user_form(cast.editor, groups=[group.pk])
        )
        assert refused.status_code == 200  # the form, with the error shown
        assert not cast.editor.groups.filter(pk=group.pk).exists()

    moderators = Group.objects.get(name=roles.MODERATORS)
    moved = user_form(cast.editor, groups=[moderators.pk])
    assert client.post(change_user_url(cast.editor), moved).status_code == 302
    assert list(cast.editor.groups.all()) == [moderators]
    chiefs = Group.objects.get(name=roles.CHIEF_EDITORS)

    # Nor can the role groups themselves be given more power.
    forged = {
        "name": chiefs.name,
        "permissions": list(Permission.objects.values_list("pk", flat=True)),
    }
    group_url = reverse("admin:auth_group_change", args=[chiefs.pk])
    assert client.post(group_url, forged).status_code == 403
    assert not chiefs.permissions.filter(codename="delete_user").exists()


def test_chief_can_neither_see_nor_change_a_superuser(client, cast):
    root = superuser("root")
    client.force_login(cast.chief)
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert cast.editor.username in listing
    assert change_user_url(root) not in listing
    assert client.get(change_user_url(root)).url == reverse("admin:index")
    client.post(change_user_url(root), user_form(root, is_active=""))
    root.refresh_from_db()
    assert root.is_active and root.is_superuser


def test_chief_cannot_reset_a_superusers_password(client, cast):
    root = superuser("root")
    client.force_login(cast.chief)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(url).status_code == 404
    new = "taken over 12345 xyz"
    data = {"password1": new, "password2": new, "usable_password": "true"}
    assert client.post(url, data).status_code == 404
    root.refresh_from_db()
    assert root.check_password("pw")
    assert not root.check_password(new)


# What reviewers and moderators can and cannot touch ----------------------------


def test_a_medical_reviewer_can_read_but_never_change_article_text(client, cast):
    article = ArticleFactory(body="The reviewed text [@smith2020].")
    ReferenceFactory(article=article)
    client.force_login(cast.reviewer.user)
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert "The reviewed text" in client.get(change).content.decode()
    forged = article_form(article, body="The reviewer's own text.")
    assert client.post(change, forged).status_code == 403
    preview = reverse("markdownx_markdownify") + f"?article={article.pk}"
    assert client.post(preview, {"content": "x"}).status_code == 403
    article.refresh_from_db()
    assert article.body == "The reviewed text [@smith2020]."
    assert article.version == 1 and article.pending_editor_ids == []


def test_a_moderator_sees_feedback_but_cannot_edit_articles(client, cast):
    article = publish_article(cast)
    FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="outdated",
        details="The dose changed last year.",
    )
    client.force_login(cast.moderator)
    reports = client.get(reverse("admin:feedback_feedbackreport_changelist"))
    assert "The dose changed last year." in reports.content.decode()
    change = reverse("admin:articles_article_change", args=[article.pk])
    before = article.body
    forged = article_form(article, body="The moderator's correction.")
    assert client.post(change, forged).status_code == 403
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    article.refresh_from_db()
    assert article.body == before


# Admin actions -------------------------------------------------------------------

FEEDBACK_ACTIONS = {
    "mark_triaged",
    "mark_resolved",
    "mark_dismissed",
    "mark_spam",
    "assign_to_me",
}
SUPERUSER_DELETES = (Article, Topic, Author, MedicalReviewer, User, Group)

ACTIONS_SEEN = {
    "anonymous": set(),
    "reader": set(),
    "editor": set(),
    "reviewer": set(),
    "chief": set(),
    "moderator": {f"feedback_feedbackreport:{a}" for a in FEEDBACK_ACTIONS},
    "superuser": {f"feedback_feedbackreport:{a}" for a in FEEDBACK_ACTIONS}
    | {f"{info(m)}:delete_selected" for m in SUPERUSER_DELETES}
    | {f"{info(m)}:delete_selected" for m in LOGIN_RECORDS}
    | {"axes_accessattempt:cleanup_expired_attempts"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_admin_actions(client, cast, role):
    login(client, cast, role)
    seen = set()
    for model in admin.site._registry:
        response = client.get(reverse(f"admin:{info(model)}_changelist"))
        form = response.context and response.context.get("action_form")
        if response.status_code == 200 and form:
            choices = form.fields["action"].choices
            seen |= {f"{info(model)}:{name}" for name, _ in choices if name}
    assert seen == ACTIONS_SEEN[role]


FEEDBACK_EFFECTS = {
    "mark_triaged": lambda report, user: report.status == "triaged",
    "mark_resolved": lambda report, user: report.status == "resolved",
    "mark_dismissed": lambda report, user: report.status == "dismissed",
    "mark_spam": lambda report, user: report.status == "spam",
    "assign_to_me": lambda report, user: (
        report.assignee_id is not None and report.assignee == user
    ),
}
RUN_FEEDBACK_ACTIONS = {"moderator", "superuser"}


def run_action(client, model, action, obj, **extra):
    return client.post(
        reverse(f"admin:{info(model)}_changelist"),
        {"action": action, "_selected_action": [obj.pk], **extra},
    )


@pytest.mark.parametrize("action", sorted(FEEDBACK_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_can_run_the_feedback_actions(client, cast, role, action):
    article = publish_article(cast)
    report = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False
    )
    user = login(client, cast, role)
    response = run_action(client, FeedbackReport, action, report)
    assert response.status_code in {302, 403}
    report.refresh_from_db()
    ran = FEEDBACK_EFFECTS[action](report, user)
    assert ran == (role in RUN_FEEDBACK_ACTIONS)
    assert report.events.exists() == ran
    if not ran:
        assert (report.status, report.assignee) == ("new", None)


@pytest.mark.parametrize("role", ROLES)
def test_only_superusers_can_delete_and_feedback_is_never_deleted(client, cast, role):
    article = publish_article(cast)
    report = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False
    )
    unused_topic = TopicFactory()
    account = UserFactory(username="leaver")
    login(client, cast, role)
    targets = [(Topic, unused_topic), (User, account), (FeedbackReport, report)]
    for model, obj in targets:
        response = run_action(client, model, "delete_selected", obj, post="yes")
        assert response.status_code in {200, 302, 403}, model
    deleted = {
        model for model, obj in targets if not model.objects.filter(pk=obj.pk).exists()
    }
    assert deleted == ({Topic, User} if role == "superuser" else set())


# Workflow transitions -------------------------------------------------------------

OK, NO = "allowed", PermissionDenied


def _draft(cast):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    return article


def _pending(cast):
    return submit(_draft(cast), cast)


# name: (target, call, the event an allowed call records)
TRANSITIONS = {
    "submit_for_review": (
        _draft,
        lambda a, user, cast: workflow.submit_for_review(
            a, by=user, reviewer=cast.reviewer2, change_note="First."
        ),
        ReviewEvent.Action.SUBMITTED,
    ),
    "approve": (
        _pending,
        lambda r, user, cast: workflow.approve(r, by=user, attestation=ALL_ATTESTED),
        ReviewEvent.Action.APPROVED,
    ),
    "request_changes": (
        _pending,
        lambda r, user, cast: workflow.request_changes(r, by=user, comment="Cite."),
        ReviewEvent.Action.CHANGES_REQUESTED,
    ),
    "assign_reviewer": (
        _pending,
        lambda r, user, cast: workflow.assign_reviewer(
            r, by=user, reviewer=cast.reviewer2
        ),
        ReviewEvent.Action.ASSIGNED,
    ),
    "publish": (
        lambda cast: approve(_pending(cast), cast),
        lambda r, user, cast: workflow.publish(r, by=user),
        ReviewEvent.Action.PUBLISHED,
    ),
    "withdraw": (
        publish_article,
        lambda a, user, cast: workflow.withdraw(a, by=user, reason="Unsafe."),
        ReviewEvent.Action.WITHDRAWN,
    ),
    "request_rereview": (
        publish_article,
        lambda a, user, cast: workflow.request_rereview(a, by=user, reason="Dose."),
        ReviewEvent.Action.REREVIEW_REQUESTED,
    ),
}

# "reviewer" is the reviewer the revision is assigned to. tests/articles/
# test_workflow_transitions.py checks each allowed transition's effects in full.
# fmt: off
MATRIX = {
    #                    anon  reader editor revwr chief mod  super
    "submit_for_review": (NO,  NO,    OK,    NO,   OK,   NO,  OK),
    "approve":           (NO,  NO,    NO,    OK,   NO,   NO,  NO),
    "request_changes":   (NO,  NO,    NO,    OK,   NO,   NO,  NO),
    "assign_reviewer":   (NO,  NO,    NO,    NO,   OK,   NO,  OK),
    "publish":           (NO,  NO,    NO,    NO,   OK,   NO,  OK),
    "withdraw":          (NO,  NO,    NO,    NO,   OK,   NO,  OK),
    "request_rereview":  (NO,  NO,    NO,    NO,   OK,   OK,  OK),
}
# fmt: on


def test_every_workflow_transition_is_in_the_matrix():
    helpers = {"ATTESTATION_ITEMS", "WorkflowError", "publish_scheduled", "record_edit"}
    assert set(workflow.__all__) - helpers == set(MATRIX) == set(TRANSITIONS)


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        pytest.param(name, role, expected, id=f"{name}-{role}")
        for name, row in MATRIX.items()
        for role, expected in zip(ROLES, row, strict=True)
    ],
)
def test_each_role_makes_exactly_its_transitions(cast, name, role, expected):
    setup, call, action = TRANSITIONS[name]
    target = setup(cast)
    article = target if isinstance(target, Article) else target.article
    user = person(cast, role) or AnonymousUser()
    if expected is NO:
        with refused(article, PermissionDenied):
            call(target, user, cast)
        return
    before = workflow_state(article)
    call(target, user, cast)
    assert [(e.actor, e.action) for e in events_since(article, before)][-1:] == [
        (user, action)
    ]


def test_chief_cannot_take_over_a_reviewer_or_another_chief(client, cast):
    """Resetting a reviewer's password would let a chief approve in their name."""
    other_chief = user_in(roles.CHIEF_EDITORS, username="chief2")
    client.force_login(cast.chief)
    listed = client.get(reverse("admin:auth_user_changelist")).text
    for account in [cast.reviewer.user, other_chief, cast.chief]:
        assert f"/admin/auth/user/{account.pk}/change/" not in listed
        password_url = reverse("admin:auth_user_password_change", args=[account.pk])
        assert client.post(
            password_url,
            {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
        ).status_code in {403, 404}
        account.refresh_from_db()
        assert not account.check_password("Taken-over-2026")
    # A reviewer profile can only be linked to an account a superuser put in the
    # Medical reviewers group, never to a fresh account the chief created.
    fresh = user_in(roles.EDITORS, username="puppet")
    form = (
        client.get(reverse("admin:articles_medicalreviewer_add"))
        .context["adminform"]
        .form
    )
    assert fresh not in form.fields["user"].queryset
    assert cast.chief not in form.fields["user"].queryset
