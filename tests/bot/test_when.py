"""The shared date corpus: every row of dates_fr.tsv must parse as expected (America/Toronto)."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from bot.when import WhenError, parse_when
from testkit.paths import SHARED_DATA, TEST_DATA

SHARED_CORPUS = SHARED_DATA / "dates_fr.tsv"
LOCAL_CORPUS = TEST_DATA / "dates_fr.tsv"
CORPUS = SHARED_CORPUS if SHARED_CORPUS.is_file() else LOCAL_CORPUS
TZ = "America/Toronto"


def corpus_rows() -> list[tuple[str, str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [(row["now"], row["text"], row["expected"])
                for row in csv.DictReader(handle, delimiter="\t")]  # fmt: skip


ROWS = corpus_rows()


def test_corpus_is_not_empty() -> None:
    assert len(ROWS) >= 50


@pytest.mark.parametrize(("now", "text", "expected"), ROWS, ids=[row[1] for row in ROWS])
def test_corpus_row(now: str, text: str, expected: str) -> None:
    moment = datetime.fromisoformat(now)
    if expected == "ERROR":
        with pytest.raises(WhenError):
            parse_when(text, now=moment, tz=TZ)
        return
    result = parse_when(text, now=moment, tz=TZ)
    assert result.isoformat() == expected
    assert result.tzinfo is not None
    assert result > moment
