"""`make bench`: how close the public site gets to the physical limit.

Generates a corpus, starts gunicorn and nginx on 127.0.0.1, drives each
configuration with wrk for a bounded time, and prints one table. Not part of
`make test`. Usage: python bench/run.py [--articles N] [--duration S] ...
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

# Run as a script (python bench/run.py): the project root goes on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    WORK,
    Servers,
    base_env,
    ensure_tools,
    free_port,
    log,
    manage,
    nginx_config,
    reset_database,
    wait_for,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--references", type=int, default=20)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="alternating rounds of every configuration; figures are their medians",
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vetted_bench"
        ),
    )
    parser.add_argument("--reuse", action="store_true", help="keep an existing corpus")
    return parser.parse_args()


LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url, duration, connections):
    """Return requests/s, p50 and p99 in ms, and errors from one bounded wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        text=True,
        capture_output=True,
        timeout=duration + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    lat = {p: float(v) * scale[u] for p, v, u in LATENCY.findall(out)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": lat.get("50"),
        "p99": lat.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def worker_rss(master):
    """Return the resident memory of each gunicorn worker of MASTER, in MB."""
    children = (
        Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    )
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(kb / 1024)
    return sizes


def hammer(url, count, threads=4):
    """Send COUNT GET requests to URL from a few threads; return failures."""
    failures = []

    def run(n):
        for _ in range(n):
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
            except OSError as error:
                failures.append(error)

    pool = [
        threading.Thread(target=run, args=(count // threads,)) for _ in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return len(failures)


# The order of each round: every configuration runs right after the baseline its
# target compares it with (front cache after the static file, app cache after the
# Django ceiling), so the machine's drift falls between pairs, not inside one.
RUN_ORDER = (0, 4, 1, 3, 2)


def measure_load(targets, args):
    """Return [(name, figures)] for TARGETS, each figure the median of the rounds.

    The machine's speed drifts (other processes, CPU frequency), so one run
    of each configuration can put a ratio off by tens of percent. Each round
    runs every configuration once, in RUN_ORDER, and computes its ratios to that
    round's static limit and Django ceiling (the first two targets); the
    printed ratios are the medians of those, and the printed requests/s and
    latencies the medians of the runs.
    """
    assert sorted(RUN_ORDER) == list(range(len(targets)))
    rounds = []
    for n in range(args.rounds):
        figures = [None] * len(targets)
        for i in RUN_ORDER:
            name, url = targets[i]
            log(f"round {n + 1}/{args.rounds}, wrk {args.duration}s: {name}")
            figures[i] = wrk(url, args.duration, args.connections)
        limit, ceiling = figures[0]["rps"], figures[1]["rps"]
        for figure in figures:
            figure["of_static"] = figure["rps"] / limit
            figure["of_django"] = figure["rps"] / ceiling
        rounds.append(figures)
    results = []
    for i, (name, _) in enumerate(targets):
        runs = [figures[i] for figures in rounds]
        median = {
            key: statistics.median(run[key] or 0 for run in runs)
            for key in ("rps", "p50", "p99", "of_static", "of_django")
        }
        median["errors"] = sum(run["errors"] for run in runs)
        median["rps_runs"] = [round(run["rps"]) for run in runs]
        results.append((name, median))
    return results


def main():
    args = parse_args()
    ensure_tools()
    WORK.mkdir(parents=True, exist_ok=True)
    for sub in ("nginx-cache", "nginx-temp", "var", "static"):
        (WORK / sub).mkdir(exist_ok=True)
    env = base_env(args)
    report = {
        "machine": f"{os.cpu_count()} cores",
        "database": args.database_url.split(":")[0],
    }

    started = time.perf_counter()
    if not args.reuse:
        log("resetting the bench database")
        reset_database(args.database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    if not args.reuse:
        log(f"generating {args.articles} articles")
        gen = time.perf_counter()
        manage(
            env, "generate_corpus", "--force", "--articles", str(args.articles),
            "--references", str(args.references), "--topics", str(args.topics),
        )  # fmt: skip
        report["corpus_seconds"] = round(time.perf_counter() - gen, 1)
    page_file = WORK / "static" / "article.html"
    log("measuring pages in-process")
    inprocess = json.loads(
        manage(env, "bench_pages", "--save-article", str(page_file), capture=True)
    )
    report["inprocess"] = inprocess
    log("timing the daily check of cited works")
    report["reference_watch"] = json.loads(manage(env, "bench_watch", capture=True))

    servers = Servers()
    try:
        uncached_port, uncached = servers.gunicorn(
            env, args.workers, PAGE_CACHE_ENABLED="0"
        )
        cached_port, _ = servers.gunicorn(env, args.workers, PAGE_CACHE_ENABLED="1")
        ceiling_port, _ = servers.gunicorn(
            env, args.workers, PAGE_CACHE_ENABLED="0", BENCH_CEILING_FILE=str(page_file)
        )
        static_port, front_port = free_port(), free_port()
        conf = WORK / "nginx.conf"
        conf.write_text(
            nginx_config(static_port, front_port, cached_port, WORK / "static")
        )
        servers.nginx(conf)
        article_path = "/articles/bench-0/"
        targets = [
            ("nginx static file (the limit)", f"http://127.0.0.1:{static_port}/article.html"),
            ("Django, bytes from memory (ceiling)", f"http://127.0.0.1:{ceiling_port}/__bench__/ceiling/"),
            ("article page, uncached", f"http://127.0.0.1:{uncached_port}{article_path}"),
            ("article page, app-cached", f"http://127.0.0.1:{cached_port}{article_path}"),
            ("article page, front-cached (nginx)", f"http://127.0.0.1:{front_port}{article_path}"),
        ]  # fmt: skip
        for _, url in targets:
            wait_for(url)
        report["load"] = measure_load(targets, args)

        log(f"worker memory over {args.memory_requests} uncached requests")
        url = f"http://127.0.0.1:{uncached_port}{article_path}"
        first = max(1, args.memory_requests // 10)
        hammer(url, first)
        at_first = sum(worker_rss(uncached))
        hammer(url, args.memory_requests - first)
        at_last = sum(worker_rss(uncached))
        report["memory"] = {
            "after": [first, args.memory_requests],
            "mb": [round(at_first, 1), round(at_last, 1)],
        }
    finally:
        servers.stop()
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    print_report(report, args)


def print_report(report, args):
    load = report["load"]
    print()
    print(f"Vetted benchmark: {args.articles} articles x {args.references} references, "
          f"{args.topics} topics; {report['machine']}; {report['database']}; "
          f"wrk -t2 -c{args.connections} -d{args.duration}s")  # fmt: skip
    print(f"Medians of {args.rounds} alternating rounds; each ratio is the median of "
          "the per-round ratios.")  # fmt: skip
    print()
    header = f"{'configuration':38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'of static':>10} {'of Django':>10}  req/s per round"  # noqa: E501
    print(header)
    print("-" * len(header))
    for name, r in load:
        print(
            f"{name:38} {r['rps']:>9.0f} {r['p50'] or 0:>8.2f} {r['p99'] or 0:>8.2f} "
            f"{r['errors']:>7} {r['of_static']:>9.1%} {r['of_django']:>9.1%}  "
            f"{' '.join(str(n) for n in r['rps_runs'])}"
        )
    print()
    print(f"{'in-process (page cache off)':38} {'median ms':>9} {'queries':>8}")
    for name, (ms, queries, status) in report["inprocess"].items():
        flag = "" if status == 200 else f"  (HTTP {status})"
        print(f"{name:38} {ms:>9.2f} {queries:>8}{flag}")
    print()
    mem = report["memory"]
    growth = (mem["mb"][1] - mem["mb"][0]) / mem["mb"][0]
    print(
        f"worker memory (all {args.workers} workers): {mem['mb'][0]} MB after "
        f"{mem['after'][0]} requests, {mem['mb'][1]} MB after {mem['after'][1]} "
        f"({growth:+.1%})"
    )
    if "corpus_seconds" in report:
        print(f"corpus generation: {report['corpus_seconds']} s")
    print(f"total bench time: {report['total_seconds']} s")
    targets = [
        ("front-cached >= 90% of static", load[4][1]["of_static"] >= 0.90),
        ("app-cached >= 75% of Django ceiling", load[3][1]["of_django"] >= 0.75),
        ("uncached >= 6% of Django ceiling", load[2][1]["of_django"] >= 0.06),
        ("article page <= 5 queries", report["inprocess"]["article"][1] <= 5),
        ("search median < 50 ms", report["inprocess"]["search"][0] < 50),
        (
            "admin lists < 300 ms",
            max(
                report["inprocess"][k][0]
                for k in ("admin article list", "admin review queue")
            )
            < 300,
        ),
        ("worker memory growth <= 10%", growth <= 0.10),
    ]
    print()
    for name, ok in targets:
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")


if __name__ == "__main__":
    main()
