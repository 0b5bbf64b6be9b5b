"""`make load`: concurrent readers and a feedback flood against gunicorn on localhost.

Sets up the demo site in its own database, starts gunicorn (production settings,
shared Redis cache, BEHIND_PROXY so each simulated reader has its own address),
then for a bounded time:

- READERS threads read article, topic and home pages as fast as they can;
- FLOODERS clients, each with its own address, post "No" votes and report
  details as fast as they can, far beyond the feedback rate limit.

It prints requests per second, latency percentiles and errors for the readers;
for the feedback: sent, accepted, throttled (429) and other answers; and it
counts the reports in the database afterwards, which must equal what the server
accepted. Exits 1 if a reader saw an error, nothing was throttled, or the rows
do not match. Not part of `make test`.

Usage: python bench/load.py [--duration 20] [--readers 64] [--flooders 8] ...
"""

import argparse
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.servers import (  # noqa: E402  (run as a script: see sys.path above)
    ROOT,
    Servers,
    base_env,
    log,
    manage,
    reset_database,
    wait_for,
)

WORK = ROOT / "var" / "load"
ARTICLE_LINK = re.compile(r'href="(/articles/[\w-]+/)"')
TOPIC_LINK = re.compile(r'href="(/topics/[\w-]+/)"')
REVISION_FIELD = re.compile(r'name="revision" value="(\d+)"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of load")
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--flooders", type=int, default=8, help="feedback clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--rate", default="10/10m", help="FEEDBACK_RATE for the server under test"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vetted_load"
        ),
        help="a database this command may wipe (default: PostgreSQL vetted_load)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database this command may flush; '' for local memory",
    )
    return parser.parse_args()


def server_env(args):
    return {
        **base_env(args, work=WORK),
        "REDIS_URL": args.redis_url,
        "BEHIND_PROXY": "1",  # X-Forwarded-For names each simulated client
        "FEEDBACK_RATE": args.rate,
        "LOG_LEVEL": "ERROR",
    }


def flush_redis(url):
    if not url:
        return
    import redis

    redis.Redis.from_url(url).flushdb()


class Client:
    """One HTTP client on its own connection, reconnecting when the server closes."""

    def __init__(self, port, address):
        self.port = port
        self.address = address
        self.connection = None

    def request(self, method, path, body=None):
        """Return (status, headers, body) of one request; raise on network errors."""
        headers = {"X-Forwarded-For": self.address, "Connection": "keep-alive"}
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError):
                # The server closed a kept-alive connection: reconnect once.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, response, data
        raise AssertionError("unreachable")


def discover(port):
    """Return the public paths to read and the (slug, revision) pairs to vote on."""
    home = wait_for(f"http://127.0.0.1:{port}/").decode()
    articles = sorted(set(ARTICLE_LINK.findall(home)))
    topics = sorted(set(TOPIC_LINK.findall(home)))
    votes = []
    for path in articles:
        page = wait_for(f"http://127.0.0.1:{port}{path}").decode()
        votes.append((path.split("/")[2], REVISION_FIELD.search(page).group(1)))
    return ["/", *articles, *topics], votes


def read(port, paths, deadline, index, results):
    client = Client(port, f"10.1.{index // 250}.{index % 250 + 1}")
    latencies, errors = [], []
    rng = random.Random(index)
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            status, _, _ = client.request("GET", path)
        except OSError as error:
            errors.append(f"{path}: {error!r}")
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
    results.append((latencies, errors))


def flood(port, votes, deadline, index, run_id, results):
    """Post votes and details as fast as possible; count what the server said."""
    client = Client(port, f"192.0.2.{index + 1}")
    tally = {"sent": 0, "accepted": 0, "details": 0, "throttled": 0, "other": []}
    rng = random.Random(1000 + index)
    n = 0
    while time.monotonic() < deadline:
        slug, revision = rng.choice(votes)
        n += 1
        tally["sent"] += 1
        try:
            status, response, _ = client.request(
                "POST",
                "/feedback/vote/",
                {"article": slug, "revision": revision, "helpful": "no"},
            )
            if status == 429:
                tally["throttled"] += 1
                continue
            if status != 302:
                tally["other"].append(f"vote: HTTP {status}")
                continue
            tally["accepted"] += 1
            details_path = urlsplit(response.getheader("Location")).path
            tally["sent"] += 1
            status, _, _ = client.request(
                "POST",
                details_path,
                {"reason": "inaccurate", "details": f"{run_id} c{index} n{n}"},
            )
        except OSError as error:
            tally["other"].append(repr(error))
            continue
        if status == 302:
            tally["details"] += 1
        elif status == 429:
            tally["throttled"] += 1
        else:
            tally["other"].append(f"details: HTTP {status}")
    results.append(tally)


COUNT_ROWS = """
import json
from feedback.models import FeedbackReport
print(json.dumps({
    "reports": FeedbackReport.objects.count(),
    "with_details": FeedbackReport.objects.filter(details__startswith=%r).count(),
}))
"""


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    args = parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    env = server_env(args)
    log("preparing the demo site in its own database")
    reset_database(args.database_url)
    flush_redis(args.redis_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo", "--force", capture=True)
    run_id = f"load-{uuid.uuid4().hex[:8]}"

    servers = Servers()
    try:
        port, _ = servers.gunicorn(env, args.workers)
        paths, votes = discover(port)
        log(
            f"{args.duration:g} s: {args.readers} readers over {len(paths)} pages, "
            f"{args.flooders} feedback clients flooding"
        )
        deadline = time.monotonic() + args.duration
        readers, flooders = [], []
        threads = [
            threading.Thread(target=read, args=(port, paths, deadline, i, readers))
            for i in range(args.readers)
        ] + [
            threading.Thread(
                target=flood, args=(port, votes, deadline, i, run_id, flooders)
            )
            for i in range(args.flooders)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        servers.stop()

    rows = json.loads(
        manage(env, "shell", "-c", COUNT_ROWS % run_id, capture=True).splitlines()[-1]
    )
    ok = report(args, elapsed, readers, flooders, rows)
    sys.exit(0 if ok else 1)


def report(args, elapsed, readers, flooders, rows):
    latencies = [ms for lat, _ in readers for ms in lat]
    reader_errors = [e for _, errors in readers for e in errors]
    requests = len(latencies) + sum(
        1 for e in reader_errors if "HTTP" not in e
    )  # network errors have no latency
    sent = sum(t["sent"] for t in flooders)
    accepted = sum(t["accepted"] for t in flooders)
    details = sum(t["details"] for t in flooders)
    throttled = sum(t["throttled"] for t in flooders)
    other = [o for t in flooders for o in t["other"]]
    cache = "shared Redis" if args.redis_url else "local-memory cache"
    print()
    print(
        f"Vetted load run: {elapsed:.1f} s, {args.readers} concurrent readers, "
        f"{args.flooders} feedback clients; gunicorn {args.workers} workers; "
        f"{args.database_url.split(':')[0]}; {cache}; FEEDBACK_RATE {args.rate}"
    )
    print()
    print(f"{'readers':10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")  # fmt: skip
    print(
        f"{'':10} {requests:>9} {requests / elapsed:>8.0f} "
        f"{percentile(latencies, 0.50):>8.1f} {percentile(latencies, 0.95):>8.1f} "
        f"{percentile(latencies, 0.99):>8.1f} {len(reader_errors):>7}"
    )
    print()
    print(f"{'feedback':10} {'posts':>9} {'accepted':>9} {'throttled':>10} "
          f"{'other':>6}   ({accepted} votes, {details} details)")  # fmt: skip
    print(f"{'':10} {sent:>9} {accepted + details:>9} {throttled:>10} {len(other):>6}")
    print()
    print(
        f"database: {rows['reports']} reports written (server accepted {accepted}), "
        f"{rows['with_details']} with details (server accepted {details})"
    )
    checks = [
        (f"zero reader errors at {args.readers} concurrent readers",
         not reader_errors),
        ("feedback flood throttled (429s answered)", throttled > 0),
        ("no feedback post failed other than by throttling", not other),
        ("reports in the database == votes accepted", rows["reports"] == accepted),
        ("details in the database == details accepted",
         rows["with_details"] == details),
    ]  # fmt: skip
    print()
    for name, passed in checks:
        print(f"  [{'ok' if passed else 'FAILED'}] {name}")
    for sample in (reader_errors + other)[:5]:
        print(f"    e.g. {sample}")
    return all(passed for _, passed in checks)


if __name__ == "__main__":
    main()
