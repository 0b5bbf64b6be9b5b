"""The admin lists (articles, review queue, reader reports) cost the same queries
for 5 or 50 rows."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Revision, Topic
from articles.workflow import roles
from feedback.models import FeedbackReport


def corpus(articles):
    """Add ARTICLES published articles, each with a revision in reviewer0's queue."""
    # generate_corpus refuses to run twice: move the earlier batch aside.
    Article.objects.update(slug=Concat(Value("earlier-"), F("slug")))
    Topic.objects.update(
        name=Concat(Value("Earlier "), F("name")),
        slug=Concat(Value("earlier-"), F("slug")),
    )
    Author.objects.update(slug=Concat(Value("earlier-"), F("slug")))
    call_command(
        "generate_corpus", "--force", "--articles", str(articles), "--references", "2",
        "--topics", "3", "--pending", str(articles), stdout=StringIO(),
    )  # fmt: skip
    moderator = get_user_model().objects.get(username="moderator-of-lists")
    for article in Article.objects.filter(feedback_reports__isnull=True):
        # One open report each, assigned and flagged, and each article flagged
        # for re-review: every column of both lists has something to show.
        FeedbackReport.objects.create(
            article=article,
            revision=article.live_revision,
            helpful=False,
            reason="outdated",
            details="The dose table is out of date; call 07700 900123.",
            has_personal_data=True,
            assignee=moderator,
        )
    Article.objects.filter(rereview_requested_at__isnull=True).update(
        rereview_requested_at=timezone.now(), rereview_reason="Reader report."
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_admin_lists_run_a_constant_number_of_queries(groups, client):
    User = get_user_model()
    moderator = User.objects.create(username="moderator-of-lists", is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    corpus(5)
    chief = User.objects.create(username="chief-of-lists", is_staff=True)
    chief.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
    reviewer = User.objects.get(username="bench-reviewer0")
    reviewer.groups.add(Group.objects.get(name=roles.MEDICAL_REVIEWERS))
    pages = [  # (user, list, the class of a cell every row has)
        (chief, "/admin/articles/article/", "field-title"),
        (chief, "/admin/articles/article/?rereview=flagged", "field-rereview_flag"),
        (reviewer, "/admin/articles/reviewqueueitem/", "field-review_link"),
        (moderator, "/admin/feedback/feedbackreport/", "field-assignee_name"),
    ]

    counts = {}
    for size in (5, 50):
        if size == 50:
            corpus(45)
        assert Article.objects.count() == size
        assert Revision.objects.pending().filter(reviewer__user=reviewer).count() == (
            size
        )
        for user, url, row in pages:
            client.force_login(user)
            queries(client, url)  # the first view of a session saves it
            counts[url, size], html = queries(client, url)
            assert html.count(f'class="{row}"') == size, url
    for _, url, _ in pages:
        assert counts[url, 5] == counts[url, 50], counts
