"""Benchmark (not a test): how long one certificate PDF takes to render, and the peak memory it needs.

Usage: .venv/bin/python bench/certificate.py [--runs N]   (uses a throwaway SQLite database)
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="gnist-bench-certificate-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnist.settings")
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_MEDIA_ROOT"] = workdir
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from competence.loading import CONTENT_DIR, load_course
    from competence.models import Certificate
    from competence.pdf import render_certificate_pdf
    from competence.services import published_modules

    course = load_course(CONTENT_DIR)
    if course is None:
        sys.exit("competence/content/course.json is missing.")
    user = User.objects.create(email="bench@gnist.test", name="Benedikte Benchmark")
    modules = [
        {"order": m.order, "title": m.title, "completed_on": "2026-05-04"} for m in published_modules(course)
    ]
    certificate = Certificate.objects.create(
        user=user, course=course, name=user.name, edition_title=course.title, modules=modules
    )

    render_certificate_pdf(certificate)  # warm-up: fonts and templates load once per process
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        size = len(render_certificate_pdf(certificate))
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    render_certificate_pdf(certificate)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"certificate PDF, {len(modules)} modules, {args.runs} runs, {size / 1024:.0f} KiB")
    print(f"  median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms")
    print(f"  peak Python memory during one render: {peak / 1024 / 1024:.1f} MiB (tracemalloc)")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak process memory (max RSS): {max_rss:.0f} MiB")


if __name__ == "__main__":
    main()
