"""RSS feeds of new and updated articles: the whole site and one per topic.

An item is an article's live revision. Its date is when that revision went
live and its guid names the revision, so a reviewed update reaches feed
readers as a new item rather than silently changing an old one.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from articles.models import Topic

from . import selectors
from .structured_data import absolute_url

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """New and updated articles across the site."""

    description = (
        "New articles and reviewed updates, each approved by a named medical reviewer."
    )

    def title(self):
        return f"{settings.SITE_NAME}: new and updated articles"

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse("feeds-articles"))

    def items(self):
        return selectors.feed_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.live_revision.title

    def item_description(self, item):
        # A feed reader shows a description as HTML; the summary is plain text.
        return escape(item.live_revision.summary)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return f"{self.item_link(item)}#revision-{item.live_revision.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.live_revision.published_at

    def item_author_name(self, item):
        byline = item.live_revision.byline  # as reviewed, not the working copy
        return ", ".join(entry["name"] for entry in byline) or None

    def item_categories(self, item):
        return [item.topic.name]


class TopicArticlesFeed(LatestArticlesFeed):
    """New and updated articles on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return escape(f"New articles and reviewed updates on {obj.name}.")

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("feeds-topic", args=[obj.slug]))

    def items(self, obj):
        return selectors.feed_articles().filter(topic=obj)[:FEED_SIZE]
