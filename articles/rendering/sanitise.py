"""The allow-list: everything the Markdown produces passes through nh3 here."""

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "role", "aria-label"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
ALLOWED_CLASSES = {
    "a": {"citation-link", "backlink", "ref-link"},
    "span": {"citation", "citation-unknown", "ref-links", "backlinks"},
    "ol": {"references"},
    "li": {"reference"},
}
ALLOWED_IDS = re.compile(r"^(cite-\d+-\d+|ref-\d+)$")
URL_SCHEMES = {"http", "https", "mailto"}


def _keep_attribute(tag, attribute, value):
    if attribute == "id" and not ALLOWED_IDS.match(value):
        return None
    return value


def sanitise(fragment):
    """Return FRAGMENT with everything outside the allow-list removed."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
