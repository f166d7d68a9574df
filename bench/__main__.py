"""``make bench``: run every bench/bench_*.py module and print one table of figures.

Each module exposes ``run() -> list[tuple[str, str]]`` (metric, measured value).
``python -m bench when slack`` runs only the modules whose names contain those words.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def modules(filters: list[str]) -> list[str]:
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])]
    chosen = [n for n in sorted(names) if n.startswith("bench_")]
    return [n for n in chosen if not filters or any(f in n for f in filters)]


def main(filters: list[str]) -> int:
    rows: list[tuple[str, str, str]] = []
    failed = 0
    for name in modules(filters):
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            for metric, value in module.run():
                rows.append((name.removeprefix("bench_"), metric, value))
        except Exception:
            failed += 1
            traceback.print_exc()
            rows.append((name.removeprefix("bench_"), "FAILED", "see the error above"))
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    width = [max(len(r[i]) for r in [("suite", "metric", "value"), *rows]) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in width)
    print(line)
    print(" | ".join(h.ljust(w) for h, w in zip(("suite", "metric", "value"), width, strict=True)))
    print(line)
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
