"""What a browser posts from the admin's article form, built in one place."""

from django.urls import reverse

# The references inline's management form, with no reference rows.
NO_REFERENCE_ROWS = {
    "references-TOTAL_FORMS": "0",
    "references-INITIAL_FORMS": "0",
    "references-MIN_NUM_FORMS": "0",
    "references-MAX_NUM_FORMS": "1000",
}


def article_form(article, **changes):
    """Return the change form's POST data for ARTICLE as opened now, with CHANGES."""
    return {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id,
        "authors": [a.pk for a in article.authors.all()],
        "summary": article.summary,
        "body": article.body,
        "version": article.version,
        **NO_REFERENCE_ROWS,
        **changes,
    }


def new_article_form(topic, author, **changes):
    """Return the add form's POST data for a new article in TOPIC by AUTHOR."""
    return {
        "title": "Vitamin D in winter",
        "slug": "vitamin-d-in-winter",
        "topic": topic.pk,
        "authors": [author.pk],
        "summary": "Who should take a supplement, and how much.",
        "body": "Most adults need 10 micrograms a day [@nhs2020].",
        "version": "",  # what the browser posts from the add page
        **NO_REFERENCE_ROWS,
        **changes,
    }


def change_url(article):
    """Return the admin change page of ARTICLE."""
    return reverse("admin:articles_article_change", args=[article.pk])
