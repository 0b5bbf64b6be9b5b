"""The article list: status, reviewer, review due, re-review flag and open reports."""

from datetime import date

from django.urls import reverse

from articles import workflow
from articles.models import Article
from feedback.models import FeedbackReport
from tests.factories import ArticleFactory, approve, publish_article, submit

LIST = reverse("admin:articles_article_changelist")


def row(html, title):
    """Return the HTML of the list row whose title is TITLE."""
    start = html.index(f">{title}</a>")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_each_row_shows_status_reviewer_review_due_and_open_reports(client, cast):
    live = publish_article(cast, title="Live and quiet")
    Article.objects.filter(pk=live.pk).update(next_review_due=date(2031, 3, 4))
    updating = publish_article(cast, title="Live with an update in review")
    submit(updating, cast, reviewer=cast.reviewer2)
    FeedbackReport.objects.create(
        article=updating, revision=updating.live_revision, helpful=False
    )
    ArticleFactory(title="Fresh draft")
    client.force_login(cast.chief)
    html = client.get(LIST).content.decode()
    quiet = row(html, "Live and quiet")
    assert "Published" in quiet and "04 Mar 2031" in quiet
    # The approving reviewer of the live revision...
    assert 'title="Approved the live revision">Priya Raman<' in quiet
    assert '<td class="field-open_reports">0</td>' in quiet
    # ...or the reviewer of the revision waiting for review, which it replaces.
    busy = row(html, "Live with an update in review")
    assert "In review" in busy and ">live</span>" in busy
    assert f'title="Reviewing the next revision">{cast.reviewer2.name}<' in busy
    assert '<td class="field-open_reports">1<br>' in busy
    draft = row(html, "Fresh draft")
    assert "Draft" in draft and '<td class="field-assigned_reviewer">-</td>' in draft


def test_an_approved_revision_waiting_to_go_live_shows_its_reviewer(client, cast):
    article = publish_article(cast, title="Approved update")
    approve(submit(article, cast, reviewer=cast.reviewer2), cast)
    client.force_login(cast.chief)
    approved = row(client.get(LIST).content.decode(), "Approved update")
    assert f'title="Reviewing the next revision">{cast.reviewer2.name}<' in approved


def test_flagged_articles_have_a_column_and_a_filter(client, cast):
    flagged = publish_article(cast, title="Dose table outdated")
    publish_article(cast, title="All fine")
    workflow.request_rereview(
        flagged, by=cast.moderator, reason="Reader report: the dose changed."
    )
    client.force_login(cast.chief)
    html = client.get(LIST).content.decode()
    cell = row(html, "Dose table outdated")
    assert ">Flagged</span>" in cell
    assert "Flagged for re-review on " in cell and "the dose changed." in cell
    assert '<td class="field-rereview_flag">-</td>' in row(html, "All fine")
    only_flagged = client.get(LIST, {"rereview": "flagged"}).content.decode()
    assert "Dose table outdated" in only_flagged and "All fine" not in only_flagged
    not_flagged = client.get(LIST, {"rereview": "not_flagged"}).content.decode()
    assert "All fine" in not_flagged and "Dose table outdated" not in not_flagged
    # Publishing the re-reviewed text clears the flag.
    workflow.publish(approve(submit(flagged, cast), cast), by=cast.chief)
    cleared = client.get(LIST, {"rereview": "flagged"}).content.decode()
    assert "Dose table outdated" not in cleared


def test_every_column_sorts(client, cast):
    publish_article(cast, title="Aspirin basics")
    submit(publish_article(cast, title="Zinc and colds"), cast, reviewer=cast.reviewer2)
    client.force_login(cast.chief)
    columns = client.get(LIST).context["cl"].list_display
    for index, name in enumerate(columns):
        for order in (f"{index}", f"-{index}"):
            response = client.get(LIST, {"o": order})
            assert response.status_code == 200, name
            assert "Aspirin basics" in response.content.decode(), name
    by_reviewer = client.get(LIST, {"o": columns.index("assigned_reviewer")})
    html = by_reviewer.content.decode()
    # Priya Raman approved Aspirin; Zinc's next revision is with reviewer2.
    names = sorted([cast.reviewer.name, cast.reviewer2.name])
    first = "Aspirin basics" if names[0] == cast.reviewer.name else "Zinc and colds"
    other = {"Aspirin basics", "Zinc and colds"} - {first}
    assert html.index(first) < html.index(other.pop())
