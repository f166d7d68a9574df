"""Lists counted up to a limit: exact below it, « plus de … » beyond, every page reachable."""

from __future__ import annotations

from bot.messages import Message, Section, messages_needed, too_long
from bot.paging import count_limit, page_label, pager, span


def test_a_list_under_the_limit_is_counted_exactly() -> None:
    limit = count_limit(1, 10)
    assert limit == 1_001
    where = span(1, 10, 1_000, limit)  # 1,000 items: all counted
    assert (where.total, where.pages, where.more) == (1_000, 100, False)
    assert page_label("fr", where) == "Page 1 sur 100"


def test_a_longer_list_says_more_and_keeps_its_next_pages() -> None:
    where = span(1, 10, 1_001, count_limit(1, 10))  # the count stopped at its limit
    assert (where.total, where.pages, where.more) == (1_000, 100, True)
    assert page_label("fr", where) == "Page 1 sur plus de 100"
    assert page_label("en", where) == "Page 1 of more than 100"
    last = span(100, 10, 1_001, count_limit(100, 10))
    buttons = pager("fr", "x.page", last.page, last.pages, more=last.more)
    assert buttons is not None and [b.value for b in buttons.elements] == ["99|", "101|"]
    deeper = count_limit(101, 10)  # page 101 counts past itself
    assert deeper == 1_011 and span(101, 10, 1_005, deeper).page == 101


def test_a_page_past_the_end_is_the_last_one() -> None:
    assert span(7, 10, 25, count_limit(7, 10)).page == 3


def test_the_core_measures_how_many_messages_a_reply_takes() -> None:
    assert messages_needed(Message(blocks=[Section("court")])) == 1
    long = Message(blocks=[Section("x" * 2_900) for _ in range(4)])
    assert messages_needed(long) == 4 and too_long(long)
    many = Message(blocks=[Section("ligne") for _ in range(76)])
    assert messages_needed(many) == 4 and too_long(many)
    assert not too_long(Message(blocks=[Section("x" * 2_900) for _ in range(3)]))
