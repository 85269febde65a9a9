"""`make bench`: the public pages served by gunicorn on PostgreSQL, measured against the floor view.

Steps: create the database if needed, migrate, `seed_demo`, `seed_scale 10`, collectstatic; count each page's
queries with Django's test client; start gunicorn on loopback with DEBUG off; warm up; then, page by page,
send a bounded number of requests (bounded in time too) from a few client threads and record median and
95th-percentile latency and requests per second; print everything as a table beside the floor view and as
ratios to it, write it to bench/results/, and stop gunicorn.

This is a benchmark, not a test: it fails only when a page does not answer 200.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
RESULTS_DIR = BASE_DIR / "bench" / "results"
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gnist_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per page (default 400)")
    parser.add_argument("--seconds", type=float, default=15, help="time limit per page (default 15 s)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests per page (default 50)")
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2), help="gunicorn workers")
    parser.add_argument("--scale", type=int, default=10, help="seed_scale N (default 10)")
    args = parser.parse_args()

    env = bench_environment()
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"])
    manage("migrate", "--no-input", "-v0")
    manage("seed_demo", "--allow-demo-accounts")
    manage("seed_scale", str(args.scale))
    manage("collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    pages = [("floor", "/bench/floor/"), *public_pages(), *challenge_pages()]
    queries = {label: count_queries(path) for label, path in pages}

    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        wait_until_up(port, "/bench/floor/")
        results = []
        for label, path in pages:
            run_requests(port, path, total=args.warmup, concurrency=args.concurrency, seconds=args.seconds)
            measured = run_requests(
                port, path, total=args.requests, concurrency=args.concurrency, seconds=args.seconds
            )
            results.append({"page": label, "path": path, "queries": queries[label], **measured})
            print(f"  measured {label}", file=sys.stderr)
    finally:
        stop(server)

    report(results, args)
    return 0 if all(r["errors"] == 0 for r in results) else 1


def bench_environment() -> dict[str, str]:
    """Production-like: DEBUG off, a throwaway secret, persistent connections; plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": "60",
    }


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.", file=sys.stderr)


def manage(*argv: str) -> None:
    subprocess.run([PYTHON, "manage.py", *argv], cwd=BASE_DIR, check=True)


def public_pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    from tests.browser.pages import PUBLIC_PAGES

    return [(name.split(":")[-1], reverse(name, kwargs=kwargs)) for name, kwargs in PUBLIC_PAGES]


def challenge_pages() -> list[tuple[str, str]]:
    """The catalogue searched, and the newest published challenge's page (seed_demo publishes some)."""
    from django.urls import reverse

    from challenges.models import Challenge

    pages = [("catalogue_search", reverse("challenges:catalogue") + "?q=bolig")]
    challenge = Challenge.objects.published().order_by("-published_at", "-pk").first()
    if challenge is None:
        print("No published challenge to measure: its page is left out.", file=sys.stderr)
    else:
        pages.append(("challenge", challenge.get_absolute_url()))
    return pages


def count_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)  # the first request fills per-process caches (translations, templates, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} gave {response.status_code} in the test client.")
    return len(captured)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log = (RESULTS_DIR / "gunicorn.log").open("w")
    return subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "gnist.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=30",
        ],
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(port: int, path: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {timeout} s; see bench/results/gunicorn.log.")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fetch(port: int, path: str) -> tuple[int, float]:
    """One GET on a fresh connection (gunicorn's sync workers close after each response); status, seconds."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "nb"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        conn.close()


def run_requests(port: int, path: str, *, total: int, concurrency: int, seconds: float) -> dict:
    """Send up to `total` requests from `concurrency` threads, stopping early after `seconds`."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal issued, errors
        while True:
            with lock:
                if issued >= total or time.monotonic() > deadline:
                    return
                issued += 1
            try:
                status, elapsed = fetch(port, path)
            except OSError:
                status, elapsed = 0, 0.0
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": errors,
        "median_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000 if ordered else float("nan"),
        "rps": len(latencies) / wall if wall else 0.0,
    }


def report(results: list[dict], args) -> None:
    floor = results[0]
    for row in results:
        row["x_median"] = row["median_ms"] / floor["median_ms"]
        row["x_p95"] = row["p95_ms"] / floor["p95_ms"]
        # For throughput the ratio is inverted, so that in every column "2.0x" means "twice as costly".
        row["x_rps"] = floor["rps"] / row["rps"] if row["rps"] else float("inf")
        row["x_queries"] = row["queries"] / floor["queries"] if floor["queries"] else float("nan")

    header = (
        f"{'page':<22} {'path':<22} {'n':>5} {'err':>4} {'median ms':>10} {'p95 ms':>8} {'req/s':>7} "
        f"{'queries':>7} | {'x median':>8} {'x p95':>6} {'x req/s':>7} {'x queries':>9}"
    )
    lines = [
        f"Gnist benchmark {datetime.now():%Y-%m-%d %H:%M} — gunicorn {args.workers} sync workers, "
        f"{args.concurrency} client threads, ≤{args.requests} requests or ≤{args.seconds:g} s per page, "
        f"seed_scale {args.scale}, PostgreSQL",
        "Ratios (x) are to the floor (one query, a 20-row table); x req/s is floor req/s / page req/s.",
        "",
        header,
        "-" * len(header),
    ]
    for r in results:
        lines.append(
            f"{r['page']:<22} {r['path']:<22} {r['requests']:>5} {r['errors']:>4} {r['median_ms']:>10.1f} "
            f"{r['p95_ms']:>8.1f} {r['rps']:>7.1f} {r['queries']:>7} | {r['x_median']:>8.1f} "
            f"{r['x_p95']:>6.1f} {r['x_rps']:>7.1f} {r['x_queries']:>9.1f}"
        )
    text = "\n".join(lines)
    print(text)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS_DIR / f"{stamp}.txt").write_text(text + "\n")
    (RESULTS_DIR / f"{stamp}.json").write_text(
        json.dumps({"settings": vars(args), "results": results}, indent=2)
    )
    print(f"\nWritten to bench/results/{stamp}.txt and .json", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
