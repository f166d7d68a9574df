"""Vocabulary of the date parser, written without accents and in lower case (see ``normalise``)."""

from __future__ import annotations

WEEKDAYS: dict[str, int] = {
    "lundi": 0, "lun": 0, "monday": 0, "mon": 0,
    "mardi": 1, "mar": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mercredi": 2, "mer": 2, "wednesday": 2, "wed": 2,
    "jeudi": 3, "jeu": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "vendredi": 4, "ven": 4, "friday": 4, "fri": 4,
    "samedi": 5, "sam": 5, "saturday": 5, "sat": 5,
    "dimanche": 6, "dim": 6, "sunday": 6, "sun": 6,
}  # fmt: skip

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip

UNITS: dict[str, str] = {
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute", "mn": "minute",
    "heure": "hour", "heures": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
    "hour": "hour", "hours": "hour",
    "jour": "day", "jours": "day", "journee": "day", "journees": "day", "j": "day",
    "day": "day", "days": "day",
    "semaine": "week", "semaines": "week", "sem": "week", "week": "week", "weeks": "week",
    "wk": "week", "wks": "week",
    "mois": "month", "month": "month", "months": "month",
    "an": "year", "ans": "year", "annee": "year", "annees": "year", "year": "year",
    "years": "year", "yr": "year", "yrs": "year",
}  # fmt: skip

SUB_DAY_UNITS = frozenset({"minute", "hour"})

_FRENCH_SMALL = ("un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
                 "quinze seize dix-sept dix-huit dix-neuf")  # fmt: skip
_ENGLISH_SMALL = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                  "fourteen fifteen sixteen seventeen eighteen nineteen")  # fmt: skip
_FRENCH_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_ENGLISH_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}


def _number_words() -> dict[str, int]:
    """Number words from 1 to 69 in French and English (« vingt-cinq », "twenty five")."""
    words: dict[str, int] = {"une": 1, "a": 1, "an": 1}
    for small_words, tens in ((_FRENCH_SMALL, _FRENCH_TENS), (_ENGLISH_SMALL, _ENGLISH_TENS)):
        small = small_words.split()
        words.update({word: value for value, word in enumerate(small, start=1)})
        for ten_word, ten in tens.items():
            words[ten_word] = ten
            for value, unit_word in enumerate(small[:9], start=1):
                words[f"{ten_word}-{unit_word}"] = ten + value
    for ten_word, ten in _FRENCH_TENS.items():  # « vingt et un », « trente-et-un »
        words[f"{ten_word}-et-un"] = words[f"{ten_word} et un"] = ten + 1
    words.update({word.replace("-", " "): value for word, value in list(words.items())})
    return words


NUMBER_WORDS = _number_words()

# Words naming a day relative to today, with the part of the day they imply.
DAY_WORDS: dict[str, tuple[int, str | None]] = {
    "apres-demain": (2, None), "apres demain": (2, None), "day after tomorrow": (2, None),
    "the day after tomorrow": (2, None), "avant-hier": (-2, None), "avant hier": (-2, None),
    "day before yesterday": (-2, None), "the day before yesterday": (-2, None),
    "aujourd'hui": (0, None), "aujourd hui": (0, None), "aujourdhui": (0, None),
    "auj": (0, None), "today": (0, None), "demain": (1, None), "tomorrow": (1, None),
    "hier": (-1, None), "yesterday": (-1, None),
    "ce matin": (0, "morning"), "this morning": (0, "morning"),
    "cet apres-midi": (0, "afternoon"), "cet apres midi": (0, "afternoon"),
    "cet apresmidi": (0, "afternoon"), "cet aprem": (0, "afternoon"),
    "this afternoon": (0, "afternoon"), "ce soir": (0, "evening"),
    "this evening": (0, "evening"), "tonight": (0, "evening"), "last night": (-1, "evening"),
}  # fmt: skip

PERIOD_WORDS: dict[str, str] = {
    "matin": "morning", "matinee": "morning", "morning": "morning",
    "apres": "afternoon", "aprem": "afternoon", "afternoon": "afternoon",
    "soir": "evening", "soiree": "evening", "evening": "evening",
    "nuit": "night", "night": "night",
}  # fmt: skip

# Parts of the day: allowed final hours, default time for a reminder, start for "since".
PERIOD_HOURS: dict[str, range | tuple[int, ...]] = {
    "morning": range(0, 12),
    "afternoon": range(12, 19),
    "evening": range(16, 24),
    "night": (21, 22, 23, 0, 1, 2, 3, 4, 5),
}
PERIOD_DEFAULT = {"morning": (9, 0), "afternoon": (13, 0), "evening": (19, 0)}
PERIOD_START = {"morning": (0, 0), "afternoon": (12, 0), "evening": (17, 0)}

# Words that may surround a date without changing it: « le », « à », « jusqu'au », "by"…
_FILLER_WORDS = (
    "le la l' les a au aux pour jusqu'a jusqu'au jusqu jusque d'ici de du d' vers the on at "
    "by until till around for , . - ; : #"
)
FILLERS = frozenset(_FILLER_WORDS.split())

# Ordinals of a weekday in its month (« le 3e jeudi », "the last Friday"); -1 is the last.
ORDINALS: dict[str, int] = {
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "1ere": 1, "1e": 1, "first": 1, "1st": 1,
    "deuxieme": 2, "2e": 2, "2eme": 2, "2ieme": 2, "second": 2, "seconde": 2, "2nd": 2,
    "troisieme": 3, "3e": 3, "3eme": 3, "3ieme": 3, "third": 3, "3rd": 3,
    "quatrieme": 4, "4e": 4, "4eme": 4, "4ieme": 4, "fourth": 4, "4th": 4,
    "cinquieme": 5, "5e": 5, "5eme": 5, "5ieme": 5, "fifth": 5, "5th": 5,
    "dernier": -1, "derniere": -1, "last": -1,
}  # fmt: skip

# Plural weekdays for series (« tous les mardis », "every Tuesday", "on Tuesdays").
_FULL_WEEKDAYS = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
WEEKDAY_PLURALS: dict[str, int] = {
    **{name: WEEKDAYS[name] for name in _FULL_WEEKDAYS},
    **{f"{name}s": WEEKDAYS[name] for name in _FULL_WEEKDAYS},
}
