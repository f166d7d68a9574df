"""Look-alike spellings of a term made one: what a term's key is built from.

Three steps, after Unicode TR 39 (« skeleton »), applied for identity and look-up only (the
term is shown as it was typed):

1. NFKC: compatibility forms become their plain letters (« ﬁ » → « fi », full-width « ａ »
   → « a »);
2. the *default-ignorable* code points (Unicode's Default_Ignorable_Code_Point: soft hyphen,
   combining grapheme joiner, zero-width spaces and joiners, word joiner, Mongolian vowel
   separators, Hangul fillers, variation selectors, tags…) are removed: they show nothing;
3. the Cyrillic and Greek letters that look like a Latin letter in common fonts (taken from
   TR 39's confusables.txt, lowercase, those a French or English term can hide) become that
   Latin letter (after NFD, so « ё » is « е » plus a diaeresis, then « e »). This is a small
   table, not the whole of confusables.txt: the lowercase Cyrillic а с ԁ е һ і ј ӏ о р ԛ ѕ
   ԝ х у ү, the Greek α ϲ ι ϳ ν ο ρ υ χ, and the Latin ı ɑ ɡ ɩ. As with TR 39's skeleton,
   the key of a word written wholly in Cyrillic or Greek changes too: it only ever meets
   a Latin term that looks the same.
"""

from __future__ import annotations

import re
import unicodedata

_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# lowercase look-alikes → Latin (TR 39 confusables.txt, prototypes a–z)
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "ӏ": "l",
        "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "ԝ": "w", "х": "x", "у": "y", "ү": "y",
        # Greek
        "α": "a", "ϲ": "c", "ι": "i", "ϳ": "j", "ν": "v", "ο": "o", "ρ": "p", "υ": "u",
        "χ": "x",
        # Latin letters that look like another
        "ı": "i", "ɑ": "a", "ɡ": "g", "ɩ": "i",
    }
)  # fmt: skip


def skeleton(text: str) -> str:
    """``text`` lowercased with its look-alike letters made Latin and its invisible code
    points removed: « pаrte\u2060nariat » (Cyrillic а, word joiner) → « partenariat »."""
    plain = _IGNORABLE.sub("", unicodedata.normalize("NFKC", text).casefold())
    decomposed = unicodedata.normalize("NFD", plain).translate(_CONFUSABLES)
    return _IGNORABLE.sub("", unicodedata.normalize("NFC", decomposed))
