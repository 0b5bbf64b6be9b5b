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
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from PIL import Image

from articles import workflow
from articles.models import (
    Article,
    Author,
    FactChecker,
    MedicalReviewer,
    ReviewEvent,
    ReviewQueueItem,
    Revision,
    Specialty,
    Topic,
)
from articles.workflow import roles
from core.models import OutgoingMail
from feedback.models import FeedbackReport
from tests.admin_forms import article_form
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    TopicFactory,
    UserFactory,
    approve,
    assign_post,
    attested,
    general_practice,
    publish_article,
    scheduled,
    submit,
    superuser,
    withdrawn,
    writer,
)
from tests.permissions import MATRIX, NOT_TRANSITIONS, person
from tests.permissions import ROLES as MATRIX_ROLES

ROLES = tuple(
    "anonymous reader editor reviewer fact_checker chief moderator superuser".split()
)
# "reviewer" on these pages is the matrix's assigned reviewer (tests/permissions.py).
PAGE_ROLE_AS = {"reviewer": "assigned_reviewer"}


def login(client, cast, role):
    """Sign in as ROLE (nobody, for an anonymous visitor); return the user or None."""
    user = person(cast, PAGE_ROLE_AS.get(role, role))
    if not user.is_authenticated:
        return None
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
    "articles_revision_change:fact_check",
    "articles_revision_change:assign",
    "articles_revision_comments",
    "articles_revision_publish",
    "articles_revision_change:unschedule",
    "articles_revision_upcoming",
    "articles_article_republish",
    "articles_article_import_references",
    "articles_article_lookup_reference",
    "articles_medicalreviewer_correct_attribution",
    "articles_factchecker_correct_attribution",
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
    "articles_revision_upcoming",
    *admin_pages(Article, *READ),
    *admin_pages(Revision, *READ),
    *admin_pages(ReviewEvent, *READ),
    *admin_pages(Topic, *READ),
    *admin_pages(Author, *READ),
    *admin_pages(MedicalReviewer, *READ),
    *admin_pages(FactChecker, *READ),
}
EDITOR = {
    *STAFF_READING,
    *admin_pages(Article, "add"),
    "articles_article_change:post",
    "articles_article_submit",
    "articles_revision_comments",
    "articles_article_import_references",
    "articles_article_lookup_reference",
    "markdownx_markdownify",
    "markdownx_upload",
}
# Nothing readers saw or reviewers signed is ever deleted, nor added by hand.
NEVER_DELETED = (Revision, ReviewQueueItem, ReviewEvent, FeedbackReport)
LOGIN_RECORDS = (AccessAttempt, AccessLog, AccessFailureLog)  # django-axes writes these
QUEUE = (OutgoingMail, DBTaskResult)  # the workers' queue: read, never edited
QUEUED_TASK = {"args_kwargs": {}, "task_path": "core.mail.deliver_mail",
               "backend_name": "default", "run_after": get_date_max()}  # fmt: skip
NEVER_ADDED = (*NEVER_DELETED, *LOGIN_RECORDS, *QUEUE)

ALLOWED = {
    "anonymous": set(),
    "reader": set(),
    "editor": EDITOR,
    "reviewer": {
        *STAFF_READING,
        *admin_pages(ReviewQueueItem, *READ),
        "articles_revision_change:decide",
        # Review comments, on the articles they review (to_decide is theirs).
        "articles_revision_comments",
    },
    "fact_checker": {
        *STAFF_READING,
        # Their queue; to_decide is not in it (its history is the queue's).
        *admin_pages(ReviewQueueItem, "changelist", "change"),
        # The fact check of to_check; never the medical step of to_decide.
        "articles_revision_change:fact_check",
        # They checked to_decide's facts: they may comment on it.
        "articles_revision_comments",
    },
    "chief": {
        *EDITOR,
        *admin_pages(Topic, "add"),
        *admin_pages(Author, "add"),
        *admin_pages(MedicalReviewer, "add"),
        *admin_pages(FactChecker, "add"),
        *admin_pages(Specialty, "changelist", "add", "change", "history"),
        "articles_revision_change:assign",
        "articles_medicalreviewer_correct_attribution",
        "articles_factchecker_correct_attribution",
        "articles_revision_publish",
        "articles_revision_change:unschedule",
        "articles_article_withdraw",
        "articles_article_republish",
        "articles_article_rereview",
        *admin_pages(User, "changelist", "add", "change", "history"),
        "auth_user_password_change",
    },
    "moderator": {
        "index",
        "autocomplete",
        "articles_revision_upcoming",
        *admin_pages(Article, *READ),
        *admin_pages(Revision, *READ),
        *admin_pages(FeedbackReport, *READ),
        "feedback_feedbackreport_moderate",
        "articles_article_rereview",
    },
    "superuser": all_page_names()
    - {f"{info(m)}_add" for m in NEVER_ADDED}
    - {f"{info(m)}_delete" for m in (*NEVER_DELETED, *QUEUE)}
    # Nobody's queue but the reviewer's own; only the assigned person decides.
    - {
        "articles_reviewqueueitem_history",
        "articles_revision_change:decide",
        "articles_revision_change:fact_check",
    },
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
    to_check = submit(publish_article(cast), cast, fact_checked=False)
    to_assign = submit(publish_article(cast), cast)
    to_publish = approve(submit(publish_article(cast), cast), cast)
    to_unschedule = scheduled(cast)
    to_republish = withdrawn(cast)
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
        FactChecker: cast.fact_checker,
        Specialty: general_practice(),
        FeedbackReport: report,
        User: UserFactory(username="plain"),
        Group: Group.objects.get(name=roles.EDITORS),
        AccessAttempt: AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**access),
        AccessFailureLog: AccessFailureLog.objects.create(**access),
        OutgoingMail: OutgoingMail.objects.create(next_attempt_at=timezone.now()),
        DBTaskResult: DBTaskResult.objects.create(**QUEUED_TASK),
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
        "articles_revision_upcoming": Page(url("articles_revision_upcoming")),
        "articles_medicalreviewer_correct_attribution": Page(
            url("articles_medicalreviewer_correct_attribution", cast.reviewer.pk)
        ),
        "articles_factchecker_correct_attribution": Page(
            url("articles_factchecker_correct_attribution", cast.fact_checker.pk)
        ),
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
        "articles_revision_comments": Page(
            url("articles_revision_comments", to_decide.pk),
            data=lambda: {"action": "start", "back": "review", "body": "Which trial?"},
            done=lambda: to_decide.comment_threads.exists(),
        ),
        "articles_revision_change:decide": Page(
            url("articles_revision_change", to_decide.pk),
            data=lambda: {"action": "decide", "decision": "approve", **ALL_ATTESTED},
            done=lambda: reloaded(to_decide).decision == "approved",
        ),
        "articles_revision_change:fact_check": Page(
            url("articles_revision_change", to_check.pk),
            data=lambda: {
                "action": "decide",
                "decision": "approve",
                **attested("fact_check"),
            },
            done=lambda: to_check.steps.get(kind="fact_check").decision == "approved",
        ),
        "articles_revision_change:assign": Page(
            url("articles_revision_change", to_assign.pk),
            data=lambda: assign_post("medical_review", cast.reviewer2),
            done=lambda: reloaded(to_assign).reviewer == cast.reviewer2,
        ),
        "articles_revision_publish": Page(
            url("articles_revision_publish", to_publish.pk),
            data=lambda: {"mode": "now"},
            done=lambda: reloaded(to_publish).published_at is not None,
        ),
        "articles_revision_change:unschedule": Page(
            url("articles_revision_change", to_unschedule.pk),
            data=lambda: {"action": "unschedule"},
            done=lambda: reloaded(to_unschedule).go_live_at is None,
        ),
        "articles_article_import_references": Page(
            url("articles_article_import_references", draft.pk)
        ),
        # No registry answers in tests: an allowed person gets the look-up's
        # plain "not found or unreachable" answer (ANSWERED), the others a 403.
        "articles_article_lookup_reference": Page(
            url("articles_article_lookup_reference"),
            data=lambda: {"identifier": "not an identifier", "article": draft.pk},
        ),
        "articles_article_republish": Page(
            url("articles_article_republish", to_republish.pk),
            data=lambda: {},
            done=lambda: reloaded(to_republish).withdrawn_at is None,
        ),
        "feedback_feedbackreport_moderate": Page(
            url("feedback_feedbackreport_moderate", report.pk),
            data=lambda: {"action": "triaged"},
            done=lambda: reloaded(report).status == "triaged",
        ),
    }
    return objects, pages


# Pages that answer an allowed person's unusable input with a 400 and a reason.
ANSWERED = {"articles_article_lookup_reference"}


def outcome(response, name):
    """Return "ok" or "refused" for RESPONSE; fail on anything else."""
    code = response.status_code
    if code == 200 or (code == 400 and name in ANSWERED):
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
    # Only the article's writer is recorded as an editor, never the reviewer.
    assert article.version == 1 and article.pending_editor_ids == [writer().pk]


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

# fmt: off
FEEDBACK_ACTIONS = {"mark_triaged", "mark_resolved", "mark_dismissed", "mark_spam",
                    "assign_to_me"}
SUPERUSER_DELETES = (Article, Topic, Author, MedicalReviewer, FactChecker, Specialty,
                     User, Group)
# fmt: on

ACTIONS_SEEN = {
    "anonymous": set(),
    "reader": set(),
    "editor": set(),
    "reviewer": set(),
    "fact_checker": set(),
    "chief": set(),
    "moderator": {f"feedback_feedbackreport:{a}" for a in FEEDBACK_ACTIONS},
    "superuser": {f"feedback_feedbackreport:{a}" for a in FEEDBACK_ACTIONS}
    | {f"{info(m)}:delete_selected" for m in SUPERUSER_DELETES}
    | {f"{info(m)}:delete_selected" for m in LOGIN_RECORDS}
    | {
        "axes_accessattempt:cleanup_expired_attempts",
        "core_outgoingmail:send_again_now",
    },
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


# "reviewer" is the reviewer the revision is assigned to. The transition matrix
# itself is tests/permissions.py; tests/articles/test_workflow_transitions.py
# runs every cell of it and checks each allowed transition's effects in full.
def test_every_workflow_transition_is_in_the_matrix():
    assert set(workflow.__all__) - NOT_TRANSITIONS == set(MATRIX)


def test_the_page_roles_are_roles_of_the_transition_matrix():
    assert {PAGE_ROLE_AS.get(role, role) for role in ROLES} <= set(MATRIX_ROLES)
