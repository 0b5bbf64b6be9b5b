"""Sitemaps: live articles and the topic, author and reviewer pages listing them.

URLs are absolute on SITE_URL (not on whatever host a request came in on), and
lastmod is when the newest live revision behind a page went live.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Author, MedicalReviewer, Topic

from . import selectors


class SiteSitemap(Sitemap):
    """A sitemap whose URLs use the scheme and host of SITE_URL."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return selectors.sitemap_articles()

    def lastmod(self, item):
        return item.live_revision.published_at


class _ListingSitemap(SiteSitemap):
    """Pages that list live articles; lastmod is their newest article's."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    articles_path = ""  # from the model to Article, for the Max() lookup

    def items(self):
        return selectors.listing_pages(self.model, self.articles_path)

    def lastmod(self, item):
        return item.last_published


class TopicSitemap(_ListingSitemap):
    model = Topic
    articles_path = "articles"


class AuthorSitemap(_ListingSitemap):
    """Authors credited by a live revision (their page lists those articles)."""

    model = Author
    articles_path = "credited_revisions__live_for"


class ReviewerSitemap(_ListingSitemap):
    """Reviewers who approved a live revision (their page lists those articles)."""

    model = MedicalReviewer
    articles_path = "decided_revisions__live_for"


class PagesSitemap(SiteSitemap):
    """The home page and the site's fixed pages."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return [
            "articles:home",
            "articles:corrections",
            "about",
            "contact",
            "editorial-policy",
            "advertising-policy",
            "privacy",
            "disclaimer",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "reviewers": ReviewerSitemap,
    "pages": PagesSitemap,
}
