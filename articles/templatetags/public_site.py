"""Template tags for the public site's <head>: structured data and meta reuse."""

import html

from django import template
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.utils.html import conditional_escape, strip_tags

from articles.public import structured_data as seo

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context):
    """Return the article page's JSON-LD as text safe inside <script>.

    It reads the article, revision and reviewer the view already loaded, so
    it adds no query.
    """
    data = seo.article_page(
        article=context["article"],
        revision=context["revision"],
        reviewer=context.get("reviewer"),
        steps=context.get("review_steps", []),
        byline=context.get("byline", []),
    )
    return seo.script_json(data)


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """Return the text of block NAME as the page defines it, escaped for an attribute.

    Open Graph and Twitter tags repeat the page's title and description; this
    lets base.html reuse the blocks each page already fills instead of asking
    every template to say the same thing twice. Rendering a fresh BlockNode of
    that name is what {% block %} itself does: it takes the most specific
    override from the render context and puts it back afterwards.
    """
    rendered = BlockNode(name, NodeList()).render(context)
    text = " ".join(html.unescape(strip_tags(rendered)).split())
    return conditional_escape(text)
