"""Benchmark the originality check against a large synthetic corpus.

    python manage.py bench_integrity --articles 50000

Builds the corpus in the configured database (articles, one revision each,
their fingerprints), then times checks of fresh 2,000-word drafts that copy a
paragraph of one corpus article and share stock sentences with many. By
default everything is rolled back at the end; ``--keep`` keeps the corpus.
"""

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.integrity import build_report, originality
from articles.models import Article, Revision, RevisionFingerprint, Topic

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
    help = "Time the originality check against a synthetic corpus (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=50000)
        parser.add_argument("--words", type=int, default=1000, help="per article")
        parser.add_argument("--draft-words", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=9, help="drafts to time")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="keep the corpus")

    def handle(self, *args, **options):
        corpus = Corpus(options["seed"])
        try:
            with transaction.atomic():
                self.run(corpus, options)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Corpus rolled back.")

    def run(self, corpus, options):
        vendor = connection.vendor
        n, words = options["articles"], options["words"]
        self.stdout.write(
            f"Database: {vendor}. Building {n} articles of {words} words…"
        )
        started = time.perf_counter()
        rows = self.build(corpus, n, words)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        self.stdout.write(
            f"Build: {built:.1f} s for {n} articles, {rows} fingerprint rows "
            f"({rows / max(n, 1):.0f} per article)."
        )
        texts = list(
            Revision.objects.filter(article__slug__startswith="bench-")
            .order_by("?")
            .values_list("body_markdown", flat=True)[: options["runs"] + 1]
        )
        drafts = [self.draft(corpus, text, options["draft_words"]) for text in texts]
        build_report(drafts[0])  # warm up: connection, caches, textstat's dictionary
        checks, reports, shares = [], [], []
        for draft in drafts[1:]:
            t0 = time.perf_counter()
            found = originality.check(draft)
            t1 = time.perf_counter()
            build_report(draft)
            t2 = time.perf_counter()
            checks.append(t1 - t0)
            reports.append(t2 - t1)
            shares.append(found["share"])
        self.stdout.write(
            f"Originality check, {options['draft_words']}-word draft, "
            f"{len(checks)} runs: median {statistics.median(checks) * 1000:.0f} ms, "
            f"max {max(checks) * 1000:.0f} ms (overlap found: "
            f"{min(shares):.0%}–{max(shares):.0%})."
        )
        self.stdout.write(
            f"Whole report (originality, citations, readability): median "
            f"{statistics.median(reports) * 1000:.0f} ms."
        )

    def draft(self, corpus, source, words):
        """Return a new draft: fresh text, a copied paragraph, two stock sentences."""
        copied = source.split("\n\n")[0]
        parts = [corpus.paragraph(90) for _ in range(max(1, words // 90 - 2))]
        parts.insert(len(parts) // 2, copied)
        parts[-1] += " " + " ".join(corpus.random.sample(corpus.stock, 2))
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
