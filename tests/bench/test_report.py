"""The bench's one-client report: a kind's cost in floor pages, and the least it could be."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402 - bench/run.py


def test_least_multiple_is_the_floor_plus_the_pages_sql():
    # Seconds per request, facet statements, embedding ms, SQL ms (bench/server.py).
    measured = {
        "rounds": 3,
        "floor": [0.003, 0.002, 0.004],
        "samples": {
            "search_low_cold": [
                (0.020, 1, 0.0, 9.0),
                (0.018, 1, 0.0, 8.0),
                (0.030, 1, 0.0, 12.0),
            ],
        },
    }
    report = run.summarise_interleaved(measured)
    search = report["search_low_cold"]
    assert report["floor_page"]["p50_ms"] == 3.0
    assert search["p50_ms"] == 20.0
    assert search["multiple"] == 20.0 / 3.0
    assert search["sql_p50_ms"] == 9.0
    # Had the page cost nothing but its SQL beyond the floor page: (3 + 9) / 3.
    assert search["least_multiple"] == 4.0
    assert search["facets_counted"] == 1.0


def test_the_printed_table_has_the_sql_and_least_multiple_columns():
    measured = {
        "rounds": 1,
        "floor": [0.002],
        "samples": {"list": [(0.003, 0, 0.0, 0.0)], "list_cold": [(0.010, 1, 0.0, 4.0)]},
    }
    lines = run.one_client_lines(run.summarise_interleaved(measured))
    header = next(line for line in lines if line.startswith("kind"))
    assert "SQL p50" in header and "least ×" in header
    row = next(line for line in lines if line.startswith("list "))
    assert row.split()[-4:-2] == ["4.0", "3.0"]
