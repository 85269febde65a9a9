"""In-process timing of the benchmark's pages beside the floor view, with Django's test client: no gunicorn,
no HTTP, so it can run on a shared machine without loading it and still show where a page's time goes.

Steps: the same database and settings as `make bench` (bench/run.py: BENCH_DATABASE_URL, DEBUG off), seeded
first with --seed; sign in the demo participant and municipality staff; per page count the queries cold
(empty cache) and warm, then time --requests GETs in five batches and keep the fastest batch (the least
disturbed by other work on the machine), in wall-clock and in this process's CPU time, each as a share of the
floor's. With --profile LABEL, print that page's cProfile instead.

The shares are harsher than `make bench`'s: there every request also pays gunicorn's and the client's cost,
the same for every page, which narrows the gap to the floor. Read them to compare before and after a change.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per batch (default 20)")
    parser.add_argument("--only", nargs="*", default=[], help="page labels to measure (the floor always)")
    parser.add_argument("--public", action="store_true", help="the public pages too")
    parser.add_argument("--seed", action="store_true", help="migrate and seed the database first")
    parser.add_argument("--scale", type=int, default=10, help="seed_scale N with --seed (default 10)")
    parser.add_argument("--profile", metavar="LABEL", help="print this page's cProfile")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort order (default cumulative)")
    parser.add_argument("--lines", type=int, default=40, help="cProfile lines (default 40)")
    args = parser.parse_args()

    os.environ.update(run.bench_environment())
    os.chdir(BASE_DIR)
    if args.seed:
        run.ensure_database(os.environ["DATABASE_URL"])
        run.manage("migrate", "--no-input", "-v0")
        run.manage("seed_demo", "--allow-demo-accounts")
        run.manage("seed_scale", str(args.scale))
    import django

    django.setup()
    from django.conf import settings

    if args.seed or not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        run.manage("collectstatic", "--no-input", "-v0")  # outside DEBUG, pages name the hashed static files
    from django.test import Client

    pages = [run.Page("floor", "/bench/floor/"), *run.bench_pages()]
    pages = [page for page in pages if wanted(page, args)]
    clients = {"anonymous": Client()}
    for role, email in run.DEMO_USERS.items():
        clients[role] = Client()
        clients[role].force_login(run.user_by_email(email))

    if args.profile:
        page = next((page for page in pages if page.label == args.profile), None)
        if page is None:
            raise SystemExit(f"No page labelled {args.profile!r}.")
        print_profile(clients[page.role], page.path, args)
        return 0

    floor = None
    print(
        f"{'page':20} {'as':12} {'path':36} {'ms':>7} {'cpu ms':>7} {'queries':>8} {'x floor':>8} {'cpu':>6}"
    )
    for page in pages:
        client = clients[page.role]
        cold, warm = run.count_queries(page.path, cookie_of(client))
        wall, cpu = best_batch(client, page.path, args.requests)
        floor = floor or (wall, cpu)
        print(
            f"{page.label:20} {page.role:12} {page.path[:36]:36} {wall * 1000:7.1f} {cpu * 1000:7.1f}"
            f" {cold:>4}/{warm:<3} {floor[0] / wall:8.2f} {floor[1] / cpu:6.2f}",
            flush=True,
        )
    return 0


def wanted(page, args) -> bool:
    if page.label == "floor" or page.label in args.only:
        return True
    if args.only:
        return False
    return args.public or page.role != "anonymous" or page.target == run.PERSONAL_TARGET


def cookie_of(client) -> str:
    from django.conf import settings

    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return f"{settings.SESSION_COOKIE_NAME}={morsel.value}" if morsel else ""


def best_batch(client, path: str, requests: int) -> tuple[float, float]:
    """Seconds of wall-clock and of CPU per request in the fastest of five batches, after a warm-up."""
    for _ in range(5):
        check(client.get(path), path)
    wall = cpu = float("inf")
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            client.get(path)
        wall = min(wall, (time.perf_counter() - started) / requests)
        cpu = min(cpu, (time.process_time() - started_cpu) / requests)
    return wall, cpu


def check(response, path: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"GET {path} gave {response.status_code}.")


def print_profile(client, path: str, args) -> None:
    for _ in range(5):
        check(client.get(path), path)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(path)
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    sys.exit(main())
