"""Date parser timing over the corpus: ``python -m bench.bench_when``."""

from __future__ import annotations

import csv
import statistics
import time
from datetime import datetime

from bot.when import WhenError, parse_series, parse_since, parse_span, parse_when, warm_up
from testkit.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
SHARED_CORPUS = ROOT.parent / "shared/data/dates_fr.tsv"
LOCAL_CORPUS = ROOT / "tests/data/dates_fr.tsv"
MORE_CASES = ROOT / "tests/data/dates_more.tsv"
SHARED_SERIES = ROOT.parent / "shared/data/dates_fr_series.tsv"
OWN_SERIES = ROOT / "tests/data/dates_fr_series.tsv"
TZ = "America/Toronto"
ROUNDS = 30


def _corpus() -> list[tuple[datetime, str, str]]:
    """(now, text, expected) for every corpus row."""
    path = SHARED_CORPUS if SHARED_CORPUS.is_file() else LOCAL_CORPUS
    with path.open(encoding="utf-8", newline="") as handle:
        return [(datetime.fromisoformat(row["now"]), row["text"], row["expected"])
                for row in csv.DictReader(handle, delimiter="\t")]  # fmt: skip


def _more_cases(kind: str) -> list[tuple[datetime, str, str, str]]:
    """(now, tz, text, expected) for our own cases of one kind ("when" or "since")."""
    with MORE_CASES.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(datetime.fromisoformat(row["now"]), row["tz"], row["text"], row["expected"])
            for row in csv.DictReader(lines, delimiter="\t") if row["kind"] == kind]  # fmt: skip


def _series_rows() -> list[tuple[datetime, str, str, str]]:
    """(now, kind, text, expected) of the shared series corpus (when present) and our own."""
    rows: list[tuple[datetime, str, str, str]] = []
    for path in (SHARED_SERIES, OWN_SERIES):
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(datetime.fromisoformat(row["now"]), row["kind"], row["text"], row["expected"])
                     for row in csv.DictReader(handle, delimiter="\t")]  # fmt: skip
    return rows


def _series_outcome(kind: str, text: str, now: datetime) -> str:
    try:
        if kind == "when":
            return parse_when(text, now=now, tz=TZ).isoformat()
        if kind == "span":
            start, end = parse_span(text, now=now, tz=TZ)
            return f"{start.isoformat()}/{end.isoformat() if end else ''}"
        return ",".join(moment.isoformat() for moment in parse_series(text, now=now, tz=TZ))
    except WhenError:
        return "ERROR"


def _kind_ms(rows: list[tuple[datetime, str, str, str]], kind: str) -> tuple[float, float, float]:
    """Mean, median of the per-expression medians, and worst per-expression median (ms)."""
    medians: list[float] = []
    samples: list[float] = []
    for now, row_kind, text, _ in rows:
        if row_kind != kind:
            continue
        mine: list[float] = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            _series_outcome(kind, text, now)
            mine.append(time.perf_counter() - start)
        medians.append(statistics.median(mine))
        samples += mine
    return statistics.fmean(samples) * 1000, statistics.median(medians) * 1000, max(medians) * 1000


def _outcome(parse: object, text: str, now: datetime, tz: str) -> str:
    try:
        return parse(text, now=now, tz=tz).isoformat()  # type: ignore[operator]
    except WhenError:
        return "ERROR"


def _mean_ms(calls: list[tuple[object, str, datetime, str]]) -> tuple[float, float]:
    """Mean and worst per-expression time in milliseconds, over ROUNDS rounds."""
    samples: list[float] = []
    for _ in range(ROUNDS):
        for parse, text, now, tz in calls:
            start = time.perf_counter()
            _outcome(parse, text, now, tz)
            samples.append(time.perf_counter() - start)
    return statistics.fmean(samples) * 1000, max(samples) * 1000


def run() -> list[tuple[str, str]]:
    """Timing and accuracy rows for the date parser."""
    start = time.perf_counter()
    warm_up()
    warm_ms = (time.perf_counter() - start) * 1000
    corpus = _corpus()
    when_cases = _more_cases("when")
    since_cases = _more_cases("since")
    corpus_ok = sum(_outcome(parse_when, text, now, TZ) == want for now, text, want in corpus)
    more_ok = sum(_outcome(parse_when, text, now, tz) == want for now, tz, text, want in when_cases)
    since_ok = sum(
        _outcome(parse_since, text, now, tz) == want for now, tz, text, want in since_cases
    )
    corpus_mean, corpus_worst = _mean_ms([(parse_when, text, now, TZ) for now, text, _ in corpus])
    since_mean, _ = _mean_ms([(parse_since, text, now, tz) for now, tz, text, _ in since_cases])
    series_rows = _series_rows()
    series_ok = sum(
        _series_outcome(kind, text, now) == want for now, kind, text, want in series_rows
    )
    span_mean, _, span_worst = _kind_ms(series_rows, "span")
    series_mean, _, series_worst = _kind_ms(series_rows, "series")
    anchor = corpus_mean  # parse_when over dates_fr.tsv, measured in this same run
    return [
        ("parse_when corpus rows passing", f"{corpus_ok}/{len(corpus)}"),
        ("parse_when own cases passing", f"{more_ok}/{len(when_cases)}"),
        ("parse_since own cases passing", f"{since_ok}/{len(since_cases)}"),
        ("parse_when mean per expression", f"{corpus_mean:.3f} ms"),
        ("parse_when worst expression", f"{corpus_worst:.3f} ms"),
        ("parse_since mean per expression", f"{since_mean:.3f} ms"),
        ("dateparser fallback warm-up (once)", f"{warm_ms:.0f} ms"),
        ("series corpus rows passing (shared + own)", f"{series_ok}/{len(series_rows)}"),
        ("parse_span mean per expression", f"{span_mean:.3f} ms ({span_mean / anchor:.1f}x)"),
        ("parse_span worst expression (median)", f"{span_worst:.3f} ms"),
        ("parse_series mean per expression", f"{series_mean:.3f} ms ({series_mean / anchor:.1f}x)"),
        ("parse_series worst expression (median)", f"{series_worst:.3f} ms"),
        ("anchor: parse_when mean on dates_fr.tsv", f"{anchor:.3f} ms (1.0x)"),
    ]


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
