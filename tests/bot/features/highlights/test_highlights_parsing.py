"""Reading #themes, links, filters and automatic récolte rhythms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import UserError
from bot.features.highlights.parsing import (
    checked_tags,
    find_link,
    find_tags,
    read_harvest_options,
    read_list_filters,
    themes_field,
)
from bot.features.highlights.recurrence import (
    MONTHLY,
    WEEKLY,
    next_occurrence,
    parse_recurrence,
    previous_occurrence,
)
from testkit.doubles import mention

ZONE = "America/Toronto"


def test_themes_are_folded_and_deduplicated() -> None:
    assert find_tags("#Santé #SANTE #emploi-jeunes, #3 C#") == [
        ("sante", "Santé"),
        ("emploi-jeunes", "emploi-jeunes"),
    ]
    assert find_tags("https://a.org/page#ancre &#39;") == []
    assert themes_field("emploi, #Logement;  ") == [("emploi", "emploi"), ("logement", "Logement")]
    assert find_tags("#" + "a" * 50)[0][0] == "a" * 50  # kept whole: checked_tags refuses it


def test_a_form_theme_of_several_words_stays_one_theme() -> None:
    assert themes_field("logement, #Santé, Habitation communautaire") == [
        ("logement", "logement"),
        ("sante", "Santé"),
        ("habitation-communautaire", "Habitation-communautaire"),
    ]
    assert themes_field("#emploi #logement") == [("emploi", "emploi"), ("logement", "logement")]


def test_elided_themes_keep_their_word() -> None:
    assert find_tags("Offre #l'emploi et #d’Habitation, #aujourd'hui") == [
        ("emploi", "emploi"),
        ("habitation", "Habitation"),
        ("aujourd'hui", "aujourd'hui"),
    ]
    assert find_tags("#emploi's") == [("emploi's", "emploi's")]
    assert find_tags("#emploi'") == [("emploi", "emploi")]


def test_too_many_or_too_long_themes_are_refused() -> None:
    assert checked_tags(find_tags(" ".join(f"#t{n}" for n in range(10)))) != []
    with pytest.raises(UserError) as error:
        checked_tags(find_tags(" ".join(f"#t{n}" for n in range(11))))
    assert (error.value.key, error.value.params["count"]) == ("highlights.too_many_themes", 11)
    with pytest.raises(UserError) as error:
        checked_tags(find_tags("#" + "a" * 31))
    assert error.value.key == "highlights.theme_too_long"


def test_first_link_without_trailing_punctuation() -> None:
    assert find_link("Voir https://a.org/x?y=1. Et https://b.org") == "https://a.org/x?y=1"
    assert find_link("(www.cdc.org)") == "https://www.cdc.org"
    assert find_link("«https://a.org/é»") == "https://a.org/é"
    assert find_link("rien ici, pas même http://") is None


def test_list_filters_in_any_order() -> None:
    filters = read_list_filters(f"#emploi depuis lundi {mention('alice')}")
    assert (filters.tag, filters.author, filters.since_text) == ("emploi", "alice", "depuis lundi")
    assert read_list_filters("#a #b").extra == "#b"
    assert read_list_filters(f"{mention('a')} {mention('b')}").extra == "@b"
    assert read_harvest_options("depuis lundi tri utile").by_useful
    assert read_harvest_options("sort by useful since monday").since_text == "since monday"
    assert not read_harvest_options("depuis le 1er octobre").by_useful


def test_recurrence_syntax() -> None:
    weekly = parse_recurrence("hebdo Lundi 9 h 30")
    assert (weekly.frequency, weekly.weekday, weekly.hour, weekly.minute) == (WEEKLY, 0, 9, 30)
    monthly = parse_recurrence("mensuel le 1er à 13:45")
    assert (monthly.frequency, monthly.day, monthly.hour, monthly.minute) == (MONTHLY, 1, 13, 45)
    assert parse_recurrence("weekly friday").hour == 9  # 9 h when no time is given
    for bad in (
        "",
        "quotidien 9h",
        "hebdo 9h",
        "hebdo lundi mardi 9h",
        "mensuel 0 9h",
        "hebdo lundi 24h",
    ):
        with pytest.raises(UserError):
            parse_recurrence(bad)


def test_next_occurrence_in_wall_clock_time_across_changes() -> None:
    weekly = parse_recurrence("hebdo dimanche 2h30")
    # 8 mars 2026: 2 h 30 does not exist in Toronto (2 h → 3 h): moved to 3 h 30 EDT
    before = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    assert next_occurrence(weekly, before, ZONE) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    monday = parse_recurrence("hebdo lundi 9h")
    at_nine = datetime(2026, 10, 12, 13, 0, tzinfo=UTC)
    assert next_occurrence(monday, at_nine, ZONE) == datetime(2026, 10, 19, 13, 0, tzinfo=UTC)
    assert next_occurrence(monday, at_nine.replace(minute=0, hour=12), ZONE) == at_nine
    assert previous_occurrence(monday, datetime(2026, 11, 2, 14, 0, tzinfo=UTC), ZONE) == (
        datetime(2026, 10, 26, 13, 0, tzinfo=UTC)
    )
    last_day = parse_recurrence("mensuel 31 9h")
    assert next_occurrence(last_day, datetime(2027, 1, 31, 15, tzinfo=UTC), ZONE) == datetime(
        2027, 2, 28, 14, 0, tzinfo=UTC
    )
    assert previous_occurrence(last_day, datetime(2027, 3, 31, 13, tzinfo=UTC), ZONE) == datetime(
        2027, 2, 28, 14, 0, tzinfo=UTC
    )
