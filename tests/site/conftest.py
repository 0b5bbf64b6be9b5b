import pytest

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GuidelineFactory,
    ReferenceFactory,
    TopicFactory,
    publish_article,
)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://health.example.org"
    return settings.SITE_URL


@pytest.fixture
def live_article(cast):
    """Return a published article with an author, a topic and two cited references."""
    topic = TopicFactory(name="Heart health", slug="heart-health")
    author = AuthorFactory(
        name="Lena Ortiz",
        slug="lena-ortiz",
        credentials="RN, MSc",
        job_title="Health writer",
        profile_links=[{"label": "ORCID", "url": "https://orcid.org/0000-0001"}],
    )
    article = ArticleFactory(
        title="Walking and blood pressure",
        slug="walking-and-blood-pressure",
        topic=topic,
        authors=[author],
        summary="Brisk walking lowers blood pressure in most adults.",
        body=(
            "Regular walking lowers blood pressure [@smith2020].\n\n"
            "## How much\n\nThirty minutes a day helps [@smith2020; @who2023]."
        ),
    )
    ReferenceFactory(article=article)
    GuidelineFactory(article=article)
    return publish_article(cast, article)


@pytest.fixture
def public_paths(live_article, cast):
    """Return the paths of every kind of public page, for one live article."""
    return [
        "/",
        live_article.get_absolute_url(),
        live_article.topic.get_absolute_url(),
        live_article.authors.get().get_absolute_url(),
        cast.reviewer.get_absolute_url(),
        "/search/?q=walking",
        "/search/",
        "/corrections/",
        "/disclaimer/",
        "/editorial-policy/",
        "/about/",
        "/contact/",
        "/advertising-policy/",
        "/privacy/",
    ]
