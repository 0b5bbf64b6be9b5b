"""The demo site's content, read from the data files in ``articles/fixtures/demo/``.

``topics.toml``, ``authors.toml`` and ``reviewers.toml`` are arrays of tables
whose keys are the model's fields (a reviewer's ``username`` names the demo
account they approve as). Each article is ``articles/<slug>.md``: TOML front
matter between ``+++`` lines, then the Markdown body. Its references are the
``[[reference]]`` tables of ``articles/<slug>.references.toml`` beside it, in
the order of the reference list; a field left out takes the model's default.

This module only reads and shapes the files; it holds no rule of its own.
``load_demo`` validates every object with its model's ``full_clean()`` and
every body with the strict renderer, and the demo's editorial style (length,
sections, citations) is checked by ``tests/articles/test_demo_content.py``.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from articles.models import Author, MedicalReviewer, Reference, Topic

DEMO_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"
PROJECT_DIR = Path(__file__).resolve().parent.parent
FENCE = "+++"
# Front matter every article gives, and the keys that may be left out.
REQUIRED = {"title", "summary", "topic", "authors", "reviewer", "order"}
DEFAULTS = {"change_note": "First publication.", "also_read": []}


def _field_names(model, *, leave_out=()):
    names = {field.name for field in model._meta.concrete_fields}
    return names - {"id", *leave_out}


# A data file may set any of its model's fields but those the site fills in
# itself: a reference's article and position come from the file it is in.
PEOPLE_FILES = {
    # file: (table name, keys allowed)
    "topics.toml": ("topic", _field_names(Topic)),
    "authors.toml": ("author", _field_names(Author, leave_out={"user"})),
    "reviewers.toml": (
        "reviewer",
        # The registration is a row of its own (Registration), written by load_demo.
        _field_names(MedicalReviewer, leave_out={"user", "specialties"})
        | {"username", "registration_body", "registration_number"},
    ),
}
REFERENCE_FIELDS = _field_names(Reference, leave_out={"article", "position"})


class DemoDataError(Exception):
    """A demo data file that cannot be used; the message names the file."""

    def __init__(self, path, problem, *, entry=None):
        self.path, self.problem, self.entry = Path(path), problem, entry
        where = describe(path) + (f" ({entry})" if entry else "")
        super().__init__(f"{where}: {problem}")


def describe(path):
    """Return PATH as a reader finds it: relative to the project when inside it."""
    path = Path(path).resolve()
    return (
        str(path.relative_to(PROJECT_DIR))
        if path.is_relative_to(PROJECT_DIR)
        else str(path)
    )


@dataclass(frozen=True)
class DemoArticle:
    """One demo article: its front matter, its body and its reference dicts."""

    slug: str
    path: Path
    title: str
    summary: str
    topic: str
    authors: list
    reviewer: str
    change_note: str
    also_read: list
    order: int
    body: str
    references: list

    @property
    def references_path(self):
        return self.path.with_name(f"{self.slug}.references.toml")

    def reference_objects(self):
        """Return the article's references as unsaved Reference objects, in order."""
        return [
            Reference(position=position, **fields)
            for position, fields in enumerate(self.references, start=1)
        ]


@dataclass(frozen=True)
class DemoContent:
    directory: Path
    topics: list
    authors: list
    reviewers: list
    articles: list


def load(directory=None):
    """Return the DemoContent in DIRECTORY (default: the shipped demo files).

    Raises DemoDataError, naming the file, for a file that is missing, is not
    valid TOML, or has a key its model does not.
    """
    directory = Path(directory or DEMO_DIR)
    people = {
        name: _read_tables(directory / name, table, allowed)
        for name, (table, allowed) in PEOPLE_FILES.items()
    }
    articles = [
        _read_article(path) for path in sorted((directory / "articles").glob("*.md"))
    ]
    return DemoContent(
        directory=directory,
        topics=people["topics.toml"],
        authors=people["authors.toml"],
        reviewers=people["reviewers.toml"],
        articles=sorted(articles, key=lambda article: (article.order, article.slug)),
    )


def _read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DemoDataError(path, f"cannot be read: {error}") from error


def _parse_toml(path, text):
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(path, f"is not valid TOML: {error}") from error


def _read_tables(path, table, allowed, *, entry="slug"):
    """Return the [[TABLE]] rows of PATH, refusing any key not in ALLOWED."""
    data = _parse_toml(path, _read_text(path))
    if set(data) - {table}:
        raise DemoDataError(path, f"holds something other than [[{table}]] tables")
    rows = data.get(table, [])
    for row in rows:
        if unknown := sorted(set(row) - allowed):
            raise DemoDataError(
                path, f"not fields of a {table}: {unknown}", entry=row.get(entry)
            )
    return rows


def _read_article(path):
    text = _read_text(path)
    start, _, rest = text.partition("\n")
    front, fence, body = rest.partition(f"\n{FENCE}\n")
    if start != FENCE or not fence:
        raise DemoDataError(path, f"the front matter must sit between {FENCE} lines")
    fields = {**DEFAULTS, **_parse_toml(path, front)}
    if missing := sorted(REQUIRED - set(fields)):
        raise DemoDataError(path, f"front matter: {missing} missing")
    if unknown := sorted(set(fields) - REQUIRED - set(DEFAULTS)):
        raise DemoDataError(path, f"front matter: {unknown} unknown")
    if not isinstance(fields["order"], int):
        raise DemoDataError(path, "front matter: order must be a whole number")
    slug = path.name.removesuffix(".md")
    references_path = path.with_name(f"{slug}.references.toml")
    return DemoArticle(
        slug=slug,
        path=path,
        body=body.strip(),
        references=_read_references(references_path),
        **fields,
    )


def _read_references(path):
    references = _read_tables(path, "reference", REFERENCE_FIELDS, entry="key")
    keys = [fields.get("key") for fields in references]
    for key in keys:
        if not key or keys.count(key) > 1:
            raise DemoDataError(
                path, "each reference needs a key of its own", entry=key
            )
    return references
