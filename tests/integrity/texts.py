"""Paragraphs written for these tests (our own prose), and small helpers."""

from tests.factories import ArticleFactory, ReferenceFactory, publish_article

HANDWASHING = (
    "Washing your hands with soap and warm water for twenty seconds removes most "
    "of the germs that spread colds and stomach bugs from one person to the next. "
    "Rub the backs of your hands, between your fingers and under your nails, then "
    "rinse well and dry your hands on a clean towel. Alcohol gel helps when there "
    "is no sink nearby, but it works poorly on hands that are visibly dirty or "
    "greasy, and it does not remove every kind of germ that causes diarrhoea."
)

# HANDWASHING with five words swapped for others.
HANDWASHING_REWORDED = (
    "Cleaning your hands with soap and warm water for twenty seconds removes most "
    "of the germs that pass colds and stomach bugs from one person to the next. "
    "Rub the backs of your hands, between your fingers and beneath your nails, then "
    "rinse well and dry your hands on a clean cloth. Alcohol gel helps when there "
    "is no sink nearby, but it works poorly on hands that are visibly dirty or "
    "greasy, and it does not remove every sort of germ that causes diarrhoea."
)

SUNSCREEN = (
    "Sunburn in childhood raises the chance of melanoma later in life, so shade, "
    "hats and clothing come first and sunscreen second. Choose a broad spectrum "
    "product with a high protection factor, put on a generous amount half an hour "
    "before going outside and apply it again every two hours and after swimming. "
    "No sunscreen blocks all ultraviolet light, and a tan is a sign that the skin "
    "has already been damaged rather than a shield against further harm."
)

HYDRATION = (
    "Most healthy adults can judge how much to drink by thirst and by the colour "
    "of their urine, which should be pale straw rather than dark amber. Needs rise "
    "in hot weather, during fever and with hard physical work. Older people feel "
    "thirst less sharply, so regular drinks through the day matter more for them. "
    "Tea, coffee, milk and the water in food all count towards the daily total."
)


def published(cast, body, title):
    """Return an article with BODY, published through the real workflow."""
    article = ArticleFactory(title=title, body=body)
    ReferenceFactory(article=article)
    return publish_article(cast, article)


def draft(body, title="A new draft"):
    """Return an unsubmitted article with BODY and the usual reference."""
    article = ArticleFactory(title=title, body=body)
    ReferenceFactory(article=article)
    return article
