"""`make bench`'s table: its columns line up whatever the labels; a page below its target is named."""

import argparse

from bench import run


def _row(label: str, rps: float, target: float = 0.25, p95_ms: float = 2.0) -> dict:
    return {
        "label": label,
        "role": "staff",
        "path": "/x/",
        "requests": 400,
        "errors": 0,
        "median_ms": 1.0,
        "p95_ms": p95_ms,
        "rps": rps,
        "queries": 3,
        "queries_warm": 2,
        "target": target,
    }


def test_the_table_lines_up_with_the_longest_label_and_names_the_pages_below_target(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    args = argparse.Namespace(workers=2, concurrency=4, requests=400, seconds=15, scale=10)
    results = [_row("floor", 1000.0), _row("team", 300.0), _row("application: kontaktpersoner", 200.0)]

    missed = run.report(results, args)

    table = [line for line in capsys.readouterr().out.splitlines() if " | " in line]
    assert len(table) == 4  # the header and three pages
    assert len({line.index(" | ") for line in table}) == 1
    assert missed == ["application: kontaktpersoner"]
    assert next(tmp_path.glob("*.txt")).read_text().count(" | ") == 4


def test_a_public_page_slower_than_50_ms_at_the_95th_percentile_misses_its_target(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    args = argparse.Namespace(workers=2, concurrency=4, requests=400, seconds=15, scale=10)
    results = [
        _row("floor", 1000.0),
        _row("home", 2000.0, target=run.PUBLIC_TARGET, p95_ms=49.0),
        _row("about", 2000.0, target=run.PUBLIC_TARGET, p95_ms=51.0),
        _row("team", 300.0, p95_ms=80.0),  # a page per person has no latency target
    ]

    assert run.report(results, args) == ["about"]
