"""One corpus of hostile strings, for every test that feeds user input somewhere.

Each group targets a different layer: HTML escaping and the renderer's
allow-list, URL scheme checks, SQL and full-text query parsing, string
formatting and templates, the database's text encoding, length limits, and
python-markdown's parser. ``HOSTILE`` is all of them, each once: the forms
tests send it through every field. ``EVERYTHING`` adds ``PARSER_EXTRAS``, more
spellings for the code that parses text (the renderer, the search box).

Invisible characters are written as escapes so that this file reads plainly.
"""

SCRIPT = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '</script><script>alert("x")</script><!-- & \u2028',
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
]

ACTIVE_URLS = [
    "javascript:alert(1)",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "java\tscript:alert(1)",
    " \x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "<iframe src=javascript:alert(1)></iframe>",
]

SVG_MATHML_CSS = [
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="width:expression(alert(1))">x</p>',
]

MARKDOWN_TRICKS = [
    "[click](javascript:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '[x](https://example.org"onmouseover="alert(1))',
    "[@alpha]<img src=x onerror=alert(1)>",
]

INJECTION = [
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    '"; DROP TABLE feedback_feedbackreport; --',
    "%s%s%s%n{0}{__class__}",
    "%(password)s {0.__class__.__mro__} %x %d %%",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}{% load log %}{{ request.META }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "../../etc/passwd",
    "!&|():*",  # tsquery operators
    '(((( "unclosed',
    "%_\\",  # LIKE wildcards and escape
]

UNICODE = [
    "\u202eevil\u202c",  # right-to-left override
    "a\u200db\u200cc\u200bd\ufeff",  # zero-width joiner, non-joiner, space, BOM
    "e" + "\u0301" * 200,  # one letter under 200 combining accents
    "\U0001f469\U0001f3fd\u200d\u2695\ufe0f" * 50,  # health worker, skin tone
    "\uffff\ufffe",  # non-characters (a lone surrogate cannot be in a str)
    "\U0010ffff\U0001d54f",  # the last code point, a mathematical letter
    "\u0130stanbul \u00df \ufb01 \u2126",  # case folding changes the length
    "\ue000mark\ue001",  # the search highlighter's private-use markers
    "\u2028\u2029",  # line and paragraph separators
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea",
]

CONTROL = [
    "",
    " \t\n ",
    "null\x00byte",
    "\x00",
    "\x01\x02\x03\x07\x08\x0b\x0c\x1b[31mred\x7f",
    "line\r\nBcc: victim@example.org",
    "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<script>x</script>",
]

SIZE_AND_NESTING = [
    "A" * 100_000,
    "A" * 1250,  # the longest report details
    "x" * 1251,
    ">" * 500 + " 500 quote levels",
    "- " * 1000 + "1,000 nested list items",
    "*" * 10_000,
]

HOSTILE = list(
    dict.fromkeys(
        SCRIPT
        + EVENT_HANDLERS
        + ACTIVE_URLS
        + SVG_MATHML_CSS
        + MARKDOWN_TRICKS
        + INJECTION
        + UNICODE
        + CONTROL
        + SIZE_AND_NESTING
    )
)

# More spellings of the same attacks, and search syntax. They matter where text
# is parsed (the Markdown renderer, the search query parser); everywhere else
# they are escaped exactly like their siblings above, so the form tests, which
# send every string through every field, leave them out.
PARSER_EXTRAS = [
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script\x0c>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "'><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '"><img src=x onerror=alert(1)>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "<a href=x onmouseover=alert(1)>hover</a>",
    "<video><source onerror=alert(1)></video>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "java\nscript:alert(1)",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<object data=evil.swf></object>",
    "<embed src=evil.swf>",
    '<p style="color:red">styled</p>',
    "<style>body{display:none}</style>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "//evil.example/%2e%2e",
    "<svg><script>alert(1)</script></svg>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "{: onclick=alert(1)}",
    "<a id=ref-1 href=#>fake reference anchor</a>",
    "[@alpha; @ghost; @]",
    "1' OR '1'='1",
    "walking & | ! blood",
    "foo:* -or",
    "'",
    "-",
    "or",
    "((((",
    '"unclosed',
    "foo:*",
    "%",
    "_",
    "\\",
    "   ",
    "a\x00b",
    "\U0001f600 emoji",
    "\u202eright-to-left",
    "x" * 5000,
    "walking " * 700,
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e",
    "1. " * 1000 + "numbered",
    "*a " * 300,
]

EVERYTHING = HOSTILE + [text for text in PARSER_EXTRAS if text not in HOSTILE]


def label(text):
    """Return a short printable name for TEXT, for test ids and messages."""
    return repr(text[:40]) + (f"…({len(text)} chars)" if len(text) > 40 else "")
