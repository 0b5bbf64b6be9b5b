"""Benchmark the integrity checks against a large synthetic corpus.

    python manage.py bench_integrity --articles 50000 [--keep]
    python manage.py bench_integrity --reuse        # time a kept corpus again

Builds the corpus in the configured database (articles, one revision each,
their fingerprints), then times checks of distinct fresh 2,000-word drafts.
Each draft copies a paragraph of one corpus article and carries 0, 2 or 10
stock sentences (``--common``), each of which about 5% of the corpus shares:
house wording. Every draft is checked twice: the first check is the one an
editor waits for; the second shows what caches add. The whole report is timed
on other fresh drafts. By default everything is rolled back at the end;
``--keep`` keeps the corpus (and vacuums it, as autovacuum would) so that
``--reuse`` can time it again without the 15-minute build.
"""

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.integrity import build_report, originality
from articles.models import Article, Revision, RevisionFingerprint, Topic
from core.guards import FORCE_HELP, refuse_in_production

CHUNK = 1000
STOCK = 40  # stock sentences; every article uses two (phrases many articles share)


class Rollback(Exception):
    pass


class Corpus:
    """Deterministic pseudo-English: Zipf-distributed words, stop-words, stock text."""

    def __init__(self, seed, vocabulary=20000):
        self.random = random.Random(seed)
        syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
        words = set()
        while len(words) < vocabulary:
            words.add(
                "".join(self.random.choices(syllables, k=self.random.randint(1, 4)))
            )
        stop = sorted(originality.STOP_WORDS)
        self.words = sorted(words) + stop
        weights = [1 / (rank + 1) for rank in range(vocabulary)]
        # Stop-words make up about 45% of running English text.
        share = 0.45 * sum(weights) / 0.55 / len(stop)
        weights += [share] * len(stop)
        self.cum_weights = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cum_weights.append(total)
        self.stock = [self.sentence(14, 18) for _ in range(STOCK)]

    def sentence(self, low=8, high=24):
        n = self.random.randint(low, high)
        words = self.random.choices(self.words, cum_weights=self.cum_weights, k=n)
        return " ".join(words).capitalize() + "."

    def paragraph(self, words):
        sentences, count = [], 0
        while count < words:
            sentences.append(self.sentence())
            count += len(sentences[-1].split())
        return " ".join(sentences)

    def article(self, words):
        paragraphs = [self.paragraph(90) for _ in range(max(1, words // 90 - 1))]
        for stock in self.random.sample(self.stock, 2):
            paragraphs[self.random.randrange(len(paragraphs))] += " " + stock
        return "\n\n".join(paragraphs)


class Command(BaseCommand):
    help = "Time the integrity checks against a synthetic corpus (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=50000)
        parser.add_argument("--words", type=int, default=1000, help="per article")
        parser.add_argument("--draft-words", type=int, default=2000)
        parser.add_argument(
            "--runs", type=int, default=7, help="distinct drafts per kind"
        )
        parser.add_argument(
            "--common",
            default="0,2,10",
            help="numbers of stock sentences in the drafts, comma-separated",
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="keep the corpus")
        parser.add_argument("--force", action="store_true", help=FORCE_HELP)
        parser.add_argument(
            "--reuse", action="store_true", help="time the corpus kept before"
        )

    def handle(self, *args, **options):
        corpus = Corpus(options["seed"])
        self.stdout.write(f"Database: {connection.vendor}.")
        if options["reuse"]:
            if not Article.objects.filter(slug__startswith="bench-").exists():
                raise CommandError("No kept corpus: build one with --keep first.")
            self.time(corpus, options)
            return
        if options["keep"]:
            refuse_in_production(
                "with --keep, leaves thousands of generated articles in the database",
                force=options["force"],
            )
            with transaction.atomic():
                self.report_build(corpus, options)
            self.settle(vacuum=connection.vendor == "postgresql")
            self.time(corpus, options)
            return
        try:
            with transaction.atomic():
                self.report_build(corpus, options)
                self.settle(vacuum=False)
                self.time(corpus, options)
                raise Rollback
        except Rollback:
            self.stdout.write("Corpus rolled back.")

    def report_build(self, corpus, options):
        n, words = options["articles"], options["words"]
        self.stdout.write(f"Building {n} articles of {words} words…")
        started = time.perf_counter()
        rows = self.build(corpus, n, words)
        built = time.perf_counter() - started
        self.stdout.write(
            f"Build: {built:.1f} s for {n} articles, {rows} fingerprint rows "
            f"({rows / max(n, 1):.0f} per article)."
        )

    def settle(self, *, vacuum):
        """Refresh the planner's statistics (and the visibility map, with VACUUM)."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")

    def time(self, corpus, options):
        articles = Article.objects.count()
        rows = RevisionFingerprint.objects.count()
        self.stdout.write(
            f"Corpus: {articles} articles, {rows} fingerprint rows. Drafts of "
            f"{options['draft_words']} words, {options['runs']} distinct drafts "
            "per kind; times in ms."
        )
        kinds = [int(k) for k in options["common"].split(",") if k.strip()]
        runs = options["runs"]
        texts = list(
            Revision.objects.filter(article__slug__startswith="bench-")
            .order_by("?")
            .values_list("body_markdown", flat=True)[: 2 * runs * len(kinds) + 1]
        )
        sources = iter(texts)
        corpus.random.seed()  # drafts new to the database, run after run
        # Warm up: the connection, textstat's dictionary.
        build_report(self.draft(corpus, next(sources), options["draft_words"], 2))
        for common in kinds:
            drafts = [
                self.draft(corpus, next(sources), options["draft_words"], common)
                for _ in range(2 * runs)
            ]
            first, again, reports, shares = [], [], [], []
            for draft in drafts[:runs]:
                for times in (first, again):
                    t0 = time.perf_counter()
                    found = originality.check(draft)
                    times.append(time.perf_counter() - t0)
                shares.append(found["share"])
            for draft in drafts[runs:]:
                t0 = time.perf_counter()
                build_report(draft)
                reports.append(time.perf_counter() - t0)
            self.stdout.write(
                f"{common} common sentences: originality {_spread(first)} "
                f"(same draft again {_spread(again)}); whole report "
                f"{_spread(reports)}; overlap found {min(shares):.0%}–"
                f"{max(shares):.0%}."
            )

    def draft(self, corpus, source, words, common):
        """Return a fresh draft: new text, a copied paragraph, COMMON stock lines."""
        copied = source.split("\n\n")[0]
        parts = [corpus.paragraph(90) for _ in range(max(1, words // 90 - 2))]
        for stock in corpus.random.sample(corpus.stock, common):
            parts[corpus.random.randrange(len(parts))] += " " + stock
        parts.insert(len(parts) // 2, copied)
        return "\n\n".join(parts)

    def build(self, corpus, n, words):
        user, _ = get_user_model().objects.get_or_create(username="bench-integrity")
        topic, _ = Topic.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        now = timezone.now()
        rows = 0
        for start in range(0, n, CHUNK):
            count = min(CHUNK, n - start)
            articles = Article.objects.bulk_create(
                Article(
                    title=f"Bench article {i}",
                    slug=f"bench-{i}",
                    topic=topic,
                    summary="Synthetic text for the integrity benchmark.",
                    body="",
                )
                for i in range(start, start + count)
            )
            revisions = []
            for article in articles:
                body = corpus.article(words)
                # One in ten waits for review; the rest are live.
                live = corpus.random.random() >= 0.1
                revisions.append(
                    Revision(
                        article=article,
                        number=1,
                        created_by=user,
                        title=article.title,
                        summary=article.summary,
                        body_markdown=body,
                        body_html="",
                        content_hash="",
                        decision="approved" if live else "pending",
                        published_at=now if live else None,
                    )
                )
            revisions = Revision.objects.bulk_create(revisions)
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                live_revision=Subquery(
                    Revision.objects.filter(
                        article=OuterRef("pk"), decision="approved"
                    ).values("pk")[:1]
                )
            )
            fingerprints = [
                RevisionFingerprint(
                    revision_id=revision.pk,
                    article_id=revision.article_id,
                    fingerprint=h,
                )
                for revision in revisions
                for h in sorted(originality.fingerprints(revision.body_markdown))
            ]
            RevisionFingerprint.objects.bulk_create(fingerprints, batch_size=5000)
            rows += len(fingerprints)
            if (start // CHUNK) % 10 == 9:
                self.stdout.write(f"  {start + count} articles…")
        return rows


def _spread(seconds):
    """Return "median M, max X" in milliseconds."""
    return (
        f"median {statistics.median(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}"
    )
