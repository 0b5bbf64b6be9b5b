"""Every query for live content: what the public site, feeds, sitemaps and search read.

Readers see only live revisions of published articles; the queries that decide
what that means for each page live here, so a new reader-facing surface (a
JSON API, say) reuses them instead of writing its own.

The lists around an article on its public page come in one query of plain SQL.
The article page shows three lists of other published articles: its "also
read" links, the newest articles on its topic, and the newest overall. One
query fetches the union of the three, newest first; each list is then picked
from those rows (a row fetched for one list is never newer than the rows it
could be mistaken for in another).

Why SQL rather than the ORM: this is the one query every uncached page view
runs that the ORM made expensive. Composed as querysets (a union of sliced
subqueries, an Exists for the links), Django spent about 2.5 ms building and
compiling it, for 0.3 ms of work in the database, about a quarter of the
page's time. The statement below is the same query, written once. Its shape
matters on PostgreSQL: each five comes from a listing index
(Article.Meta.indexes) and the three parts are a UNION, because PostgreSQL
answers "pk IN (...) OR pk IN (...)" by scanning every article (8 ms at 10,000
articles). Each sliced part is wrapped in a derived table because SQLite
refuses a LIMIT directly inside a compound statement.
"""

from django.db import connection
from django.db.models import F, Max, Prefetch, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import (
    Article,
    Author,
    ReviewStep,
    Revision,
    SourceNotice,
    StepKind,
)
from articles.models.article import LISTING_FIELDS

SIDEBAR_SIZE = 5

_LIVE = "live_revision_id IS NOT NULL AND withdrawn_at IS NULL"
_NEWEST = "ORDER BY last_published_at DESC, id DESC LIMIT %s"


def _sql():
    article = Article._meta.db_table
    links = Article.also_read.through._meta.db_table
    return f"""
        SELECT a.id, a.slug, a.topic_id, a.live_revision_id, r.title,
               EXISTS (
                   SELECT 1 FROM {links} l
                   WHERE l.from_article_id = %s AND l.to_article_id = a.id
               )
        FROM {article} a
        JOIN {Revision._meta.db_table} r ON r.id = a.live_revision_id
        WHERE a.withdrawn_at IS NULL AND a.id <> %s AND a.id IN (
            SELECT id FROM (
                SELECT id FROM {article}
                WHERE {_LIVE} AND topic_id = %s AND id <> %s {_NEWEST}
            ) AS same_topic
            UNION ALL
            SELECT id FROM (
                SELECT id FROM {article} WHERE {_LIVE} AND id <> %s {_NEWEST}
            ) AS newest
            UNION ALL
            SELECT to_article_id FROM {links} WHERE from_article_id = %s
        )
        ORDER BY a.last_published_at DESC, a.id DESC
    """


def lists_around(article):
    """Return (also read, same topic, recent): published articles for ARTICLE's page.

    Each item is an Article holding only what the page's lists show: its slug,
    topic id and the live revision's title; ARTICLE itself is never listed.
    """
    pk, topic_id = article.pk, article.topic_id
    params = [pk, pk, topic_id, pk, SIDEBAR_SIZE, pk, SIDEBAR_SIZE, pk]
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        rows = cursor.fetchall()
    db = connection.alias
    items, linked = [], set()
    for row in rows:
        item = Article.from_db(
            db, ["id", "slug", "topic_id", "live_revision_id"], row[:4]
        )
        item.live_revision = Revision.from_db(db, ["id", "title"], (row[3], row[4]))
        items.append(item)
        if row[5]:
            linked.add(item.pk)
    also_read = [item for item in items if item.pk in linked]
    related = [item for item in items if item.topic_id == topic_id][:SIDEBAR_SIZE]
    return also_read, related, items[:SIDEBAR_SIZE]


# Pages ------------------------------------------------------------------------


def recent_articles(limit=12):
    """Return the newest published articles, with what a listing shows."""
    return Article.objects.for_listing()[:limit]


def article_for_page(slug):
    """Return the article at SLUG that has gone live (withdrawn ones too), or None.

    A withdrawn article is returned so that its page can answer 410 rather than
    404; the caller checks ``withdrawn_at``.
    """
    return (
        Article.objects.select_related(
            "topic", "live_revision", "live_revision__decided_by"
        )
        .filter(slug=slug, live_revision__isnull=False)
        .first()
    )


def approved_steps():
    """Prefetch a revision's approved review steps, in order, as ``approved_steps``.

    Each carries the attribution frozen at its approval: who readers are told
    checked and reviewed the text, whatever their profile says today.
    """
    return Prefetch(
        "steps",
        queryset=ReviewStep.objects.filter(
            decision=ReviewStep.Decision.APPROVED
        ).order_by("position"),
        to_attr="approved_steps",
    )


def review_steps(revision):
    """Return REVISION's approved review steps, in order."""
    return list(
        revision.steps.filter(decision=ReviewStep.Decision.APPROVED).order_by(
            "position"
        )
    )


def publication_history(article):
    """Return ARTICLE's published revisions, newest first, with who approved each."""
    return (
        Revision.objects.filter(article=article, published_at__isnull=False)
        .only("number", "published_at", "change_note")
        .prefetch_related(approved_steps())
        .order_by("-published_at")
    )


def credited_authors(revision):
    """Return REVISION's frozen byline, each entry with its author's profile.

    Names and credentials are those frozen with the revision; the profile (for
    the link and structured data) is None if it no longer exists.
    """
    profiles = Author.objects.in_bulk([entry["id"] for entry in revision.byline])
    return [
        {**entry, "profile": profiles.get(entry["id"])} for entry in revision.byline
    ]


def recent_updates(limit=50):
    """Return recent updates across the site: published revisions after the first.

    The first publication is the revision published when the article first went
    live, whatever its number: earlier revisions may have been sent back.
    """
    return (
        Revision.objects.filter(
            published_at__gt=F("article__first_published_at"),
            article__withdrawn_at__isnull=True,
        )
        .select_related("article")
        .only("title", "number", "change_note", "published_at", "article__slug")
        .prefetch_related(approved_steps())
        .order_by("-published_at")[:limit]
    )


def topic_articles(topic):
    """Return the published articles of TOPIC, newest first."""
    return Article.objects.for_listing().filter(topic=topic)


def articles_by_author(author):
    """Return the articles AUTHOR is credited on by the live revision's byline."""
    return Article.objects.for_listing().filter(live_revision__credited=author)


def articles_fact_checked_by(checker):
    """Return the articles whose live revision CHECKER fact checked."""
    return Article.objects.for_listing().filter(
        live_revision__steps__kind=StepKind.FACT_CHECK,
        live_revision__steps__decision=ReviewStep.Decision.APPROVED,
        live_revision__steps__decided_by_id=checker.user_id,
    )


def articles_reviewed_by(reviewer):
    """Return the articles whose live revision REVIEWER approved."""
    return Article.objects.for_listing().filter(live_revision__decided_by=reviewer)


# Feeds, sitemaps and search ------------------------------------------------------


def feed_articles():
    """Return published articles with what a feed item shows, newest change first."""
    return Article.objects.for_listing().only(
        *LISTING_FIELDS, "live_revision__number", "live_revision__byline"
    )


def sitemap_articles():
    """Return published articles with the date their live revision went live."""
    return (
        Article.objects.published()
        .select_related("live_revision")
        .only("slug", "live_revision__published_at")
        .order_by("pk")
    )


def listing_pages(model, articles_path):
    """Return MODEL rows (topics, people) that list at least one live article.

    Each is annotated with ``last_published``, when its newest live article went
    live; ARTICLES_PATH is the lookup from MODEL to Article.
    """
    last = f"{articles_path}__live_revision__published_at"
    live = Q(
        **{
            f"{articles_path}__live_revision__isnull": False,
            f"{articles_path}__withdrawn_at__isnull": True,
        }
    )
    return (
        model.objects.annotate(last_published=Max(last, filter=live))
        .filter(last_published__isnull=False)
        .only("slug")
        .order_by("pk")
    )


def live_revision_ids():
    """Return the ids of the live revisions of published articles, as a subquery."""
    return Article.objects.published().values("live_revision")


def live_revisions():
    """Return the live revisions of published articles, with article and topic."""
    return (
        Revision.objects.filter(pk__in=live_revision_ids())
        .select_related("article__topic")
        .only(
            "title",
            "summary",
            "body_markdown",
            "published_at",
            "article__slug",
            "article__topic__name",
        )
    )


def references_with_notices(revision):
    """Return REVISION's reference list, each cited work's notices beside it.

    A retraction, withdrawal, expression of concern or correction found after
    review is a fact about the source, not a change to the reviewed text: the
    frozen list is kept as it is, and a line ("Retracted in 2024: notice") is
    added inside the entry of each reference the notice concerns.
    """
    html = revision.references_html or ""
    notices = SourceNotice.objects.by_key(revision.references, revision.cited_keys)
    for number, key in enumerate(revision.cited_keys or [], start=1):
        found = notices.get(key)
        start = html.find(f'<li class="reference" id="ref-{number}">')
        end = html.find("</li>", start)
        if not found or start < 0 or end < 0:
            continue
        lines = "".join(_notice_line(notice) for notice in found)
        html = html[:end] + lines + html[end:]
    return mark_safe(html)  # noqa: S308 - frozen sanitised HTML plus escaped lines


def _notice_line(notice):
    link = (
        format_html(': <a href="{}">notice</a>', notice.notice_url)
        if notice.notice_url
        else ""
    )
    serious = " source-notice-serious" if notice.serious else ""
    return format_html(
        '<span class="source-notice{}"><strong>{}</strong>{} ({})</span>',
        serious,
        notice.sentence,
        link,
        notice.source,
    )
