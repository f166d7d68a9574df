"""The growth bench runs in its quick mode and reports ratios to the one-row insert."""

from __future__ import annotations

import re

from bench import bench_growth


def test_growth_bench_reports_ratios_and_memory() -> None:
    rows = dict(bench_growth.run(quick=True))
    for size in ("100", "500"):
        assert re.fullmatch(r"\d+\.\d\d ms", rows[f"SQLite {size} one-row insert"])
        for command, _, _ in bench_growth.COMMANDS:
            value = rows[f"SQLite {size} {command}"]
            assert re.match(r"\d+\.\d× insert \(\d+\.\d ms; \d+\.\d\d× smallest\)", value), value
        assert rows[f"SQLite {size} peak RSS"].endswith(" MB")
