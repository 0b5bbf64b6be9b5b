"""Generate a large published corpus for benchmarks (`make bench`).

Articles go straight to the database with bulk inserts, but their revisions
are rendered by the same render function as real ones (in parallel), so pages,
search and the admin see realistic content.
"""

import random
import time
from datetime import timedelta
from multiprocessing import Pool

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    CitedSource,
    FactChecker,
    MedicalReviewer,
    Reference,
    ReviewStep,
    Revision,
    StepKind,
    Topic,
    content_hash,
)
from articles.rendering import render_article
from core.guards import FORCE_HELP, refuse_in_production

WORDS = (
    "blood pressure sleep memory anxiety muscle heart risk trial patients dose "
    "evidence study treatment symptoms adults children exercise diet weight "
    "infection vaccine kidney liver diabetes insulin cholesterol stroke asthma "
    "migraine pregnancy ageing bone joint skin vision hearing therapy placebo "
    "cohort review guideline screening diagnosis recovery fatigue pain fever"
).split()
BATCH = 500
SYLLABLES = "ba ce di fo gu ha ke li mo nu pa re si to vu wa xe yo za lu".split()
# A plain vocabulary that every topic shares, so health words stay selective:
# each topic draws its own few health words, as real articles on a subject do.
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:8]]


def topic_words(topic_index):
    """Return the health words that articles of one topic use."""
    return random.Random(topic_index).sample(WORDS, 6)


def _sentence(rng, length, health=()):
    words = [
        rng.choice(health) if health and rng.random() < 0.2 else rng.choice(VOCABULARY)
        for _ in range(length)
    ]
    return " ".join(words).capitalize()


def build_article(args):
    """Return the fields of one generated article (runs in a worker process)."""
    index, references, topics, seed = args
    rng = random.Random(seed + index)
    health = topic_words(index % topics)
    title = f"{_sentence(rng, 4, health)} {index}"
    refs = [
        {
            "key": f"ref{n}",
            "kind": "journal",
            "authors": "Smith AB, Jones CD, Patel R",
            "title": f"{_sentence(rng, 8)}: a randomised trial",
            "container": rng.choice(["BMJ", "Lancet", "JAMA", "N Engl J Med"]),
            "year": rng.randint(2005, 2025),
            "volume": str(rng.randint(1, 400)),
            "issue": str(rng.randint(1, 12)),
            "pages": f"{rng.randint(1, 900)}-{rng.randint(901, 999)}",
            "doi": f"10.1000/bench.{index}.{n}",
            "pmid": str(30000000 + index * 100 + n),
            "pmcid": f"PMC{7000000 + index * 100 + n}" if n % 3 == 0 else "",
            "url": "",
            "accessed_on": None,
            "evidence_type": "rct",
            "peer_reviewed": True,
        }
        for n in range(references)
    ]
    paragraphs = []
    for p in range(24):
        cites = "; ".join(f"@ref{(p + k) % max(references, 1)}" for k in range(2))
        text = ". ".join(_sentence(rng, 12, health) for _ in range(4))
        heading = f"## {_sentence(rng, 3)}\n\n" if p % 6 == 0 else ""
        paragraphs.append(f"{heading}{text} [{cites}]." if references else text + ".")
    body = "\n\n".join(paragraphs)
    summary = _sentence(rng, 20, health) + "."
    rendered = render_article(body, refs)
    return {
        "title": title,
        "summary": summary,
        "body": body,
        "references": refs,
        "body_html": rendered.body_html,
        "references_html": rendered.references_html,
        "cited_keys": rendered.cited_keys,
    }


class Command(BaseCommand):
    help = "Create a large published corpus for benchmarks (bench-* slugs)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--references", type=int, default=20)
        parser.add_argument("--topics", type=int, default=50)
        parser.add_argument(
            "--pending", type=int, default=100, help="revisions in review"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help=FORCE_HELP)

    def handle(self, *args, articles, references, topics, pending, seed, **options):
        refuse_in_production(
            "publishes thousands of generated articles that no reviewer read",
            force=options["force"],
        )
        if Article.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("A bench corpus already exists in this database.")
        started = time.perf_counter()
        with Pool() as pool:
            built = pool.map(
                build_article,
                [(i, references, topics, seed) for i in range(articles)],
                chunksize=50,
            )
        rendered_in = time.perf_counter() - started
        with transaction.atomic():
            self._store(built, topics, pending)
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics, and a GIN index's own figures are
            # only updated by VACUUM: without both, the planner read every
            # stored search vector instead of the index (seconds, not ms).
            # Autovacuum does this in production; a benchmark cannot wait.
            # VACUUM cannot run inside a transaction (the tests' case).
            with connection.cursor() as cursor:
                atomic = connection.in_atomic_block
                cursor.execute("ANALYZE" if atomic else "VACUUM ANALYZE")
        self.stdout.write(
            f"Generated {articles} articles with {references} references each in "
            f"{time.perf_counter() - started:.1f}s (rendering {rendered_in:.1f}s)."
        )

    def _store(self, built, topic_count, pending):
        User = get_user_model()
        editor, _ = User.objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True}
        )
        reviewers = []
        for n in range(5):
            user, _ = User.objects.get_or_create(
                username=f"bench-reviewer{n}", defaults={"is_staff": True}
            )
            reviewers.append(
                MedicalReviewer.objects.get_or_create(
                    slug=f"bench-reviewer-{n}",
                    defaults={
                        "name": f"Bench Reviewer {n}",
                        "credentials": "MD",
                        "specialty": "General practice",
                        "user": user,
                    },
                )[0]
            )
        checker_user, _ = User.objects.get_or_create(
            username="bench-fact-checker", defaults={"is_staff": True}
        )
        checker = FactChecker.objects.get_or_create(
            slug="bench-fact-checker",
            defaults={"name": "Bench Fact Checker", "user": checker_user},
        )[0]
        topics = Topic.objects.bulk_create(
            Topic(name=f"Bench topic {n}", slug=f"bench-topic-{n}")
            for n in range(topic_count)
        )
        authors = Author.objects.bulk_create(
            Author(
                name=f"Bench Author {n}", slug=f"bench-author-{n}", credentials="MPH"
            )
            for n in range(20)
        )
        now = timezone.now()
        article_rows = Article.objects.bulk_create(
            (
                Article(
                    title=data["title"],
                    slug=f"bench-{i}",
                    topic=topics[i % len(topics)],
                    summary=data["summary"],
                    body=data["body"],
                    status=Article.Status.PUBLISHED,
                    next_review_due=(now + timedelta(days=365 - i % 400)).date(),
                    first_published_at=now - timedelta(minutes=i),
                )
                for i, data in enumerate(built)
            ),
            batch_size=BATCH,
        )
        revisions = Revision.objects.bulk_create(
            (
                self._revision(
                    article, data, 1, editor, reviewers[i % 5], now, i, authors
                )
                for i, (article, data) in enumerate(
                    zip(article_rows, built, strict=True)
                )
            ),
            batch_size=BATCH,
        )
        # bulk_create sends no post_save: the cited identifiers are written here.
        CitedSource.objects.bulk_create(
            (row for revision in revisions for row in CitedSource.rows_for(revision)),
            batch_size=2000,
        )
        for article, revision in zip(article_rows, revisions, strict=True):
            article.live_revision = revision
            article.last_published_at = revision.published_at
        Article.objects.bulk_update(
            article_rows, ["live_revision", "last_published_at"], batch_size=BATCH
        )
        waiting = Revision.objects.bulk_create(
            (
                self._revision(
                    article_rows[i], built[i], 2, editor, reviewers[0], now, i, authors
                )
                for i in range(min(pending, len(built)))
            ),
            batch_size=BATCH,
        )
        # Live texts passed both steps; waiting ones are at the medical review.
        ReviewStep.objects.bulk_create(
            (
                step
                for revision in [*revisions, *waiting]
                for step in _steps(revision, checker)
            ),
            batch_size=2000,
        )
        Reference.objects.bulk_create(
            (
                Reference(article=article, position=n, **_reference_fields(ref))
                for article, data in zip(article_rows, built, strict=True)
                for n, ref in enumerate(data["references"])
            ),
            batch_size=2000,
        )
        Through = Article.authors.through
        Through.objects.bulk_create(
            (
                Through(article_id=article.pk, author_id=authors[i % len(authors)].pk)
                for i, article in enumerate(article_rows)
            ),
            batch_size=2000,
        )

    @staticmethod
    def _revision(article, data, number, editor, reviewer, now, i, authors):
        live = number == 1
        author = authors[i % len(authors)]  # as in the article's authors below
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "references": data["references"],
            "body_html": data["body_html"],
            "references_html": data["references_html"],
        }
        return Revision(
            article=article,
            number=number,
            created_by=editor,
            change_note="Benchmark corpus.",
            title=data["title"],
            summary=data["summary"],
            body_markdown=data["body"],
            body_html=data["body_html"],
            references=data["references"],
            references_html=data["references_html"],
            content_hash=content_hash(**fields),
            byline=[
                {
                    "id": author.pk,
                    "name": author.name,
                    "credentials": author.credentials,
                    "slug": author.slug,
                }
            ],
            cited_keys=data["cited_keys"],
            reviewer=reviewer,
            decision=Revision.Decision.APPROVED if live else Revision.Decision.PENDING,
            decided_by=reviewer if live else None,
            decided_at=now - timedelta(minutes=i) if live else None,
            published_at=now - timedelta(minutes=i) if live else None,
            created_at=now - timedelta(minutes=i),
        )


def _steps(revision, checker):
    """Return the fact check and medical review of a generated REVISION."""
    approved, pending = ReviewStep.Decision.APPROVED, ReviewStep.Decision.PENDING
    live = revision.decision == Revision.Decision.APPROVED
    reviewer = revision.reviewer

    def done(kind, profile):
        return {
            "decided_by_id": profile.user_id,
            "decided_at": revision.created_at,
            "approved_hash": revision.content_hash,
            "attribution": {
                "kind": kind,
                "name": profile.name,
                "credentials": profile.credentials,
                "slug": profile.slug,
            },
        }

    return [
        ReviewStep(
            revision=revision,
            position=0,
            kind=StepKind.FACT_CHECK,
            assignee_id=checker.user_id,
            decision=approved,
            **done(StepKind.FACT_CHECK, checker),
        ),
        ReviewStep(
            revision=revision,
            position=1,
            kind=StepKind.MEDICAL_REVIEW,
            assignee_id=reviewer.user_id,
            decision=approved if live else pending,
            **(done(StepKind.MEDICAL_REVIEW, reviewer) if live else {}),
        ),
    ]


def _reference_fields(ref):
    return {k: v for k, v in ref.items() if k != "accessed_on"}
