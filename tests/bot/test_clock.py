"""The injectable clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock, OffsetClock, SystemClock


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(datetime(2026, 10, 6, 18, 0, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(timedelta(hours=2))
    assert clock.now() == datetime(2026, 10, 6, 20, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))


def test_manual_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 10, 6, 18, 0))


def test_offset_clock_adds_its_offset_to_real_time() -> None:
    clock = OffsetClock()
    clock.advance(timedelta(days=3))
    gap = clock.now() - SystemClock().now()
    assert timedelta(days=3) - timedelta(seconds=5) < gap <= timedelta(days=3)
    assert clock.now().tzinfo is not None
