"""vocabulary keys of look-alike spellings: NFKC, invisible code points, TR 39 skeleton

The key of every stored term and English equivalent is computed again, so a term typed with a
Cyrillic « а » or an invisible character before this version meets its look-alikes. The key
function is copied here as it is at this revision (a migration never imports the bot).

Revision ID: e7a3c9d15b20
Revises: d4b8e2f6a1c3
Create Date: 2026-12-02 03:10:00.000000
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7a3c9d15b20"
down_revision: str | None = "d4b8e2f6a1c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
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


_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'")
_NOT_WORD = re.compile(r"[^\w]+")


def _skeleton(text: str) -> str:
    plain = _IGNORABLE.sub("", unicodedata.normalize("NFKC", text).casefold())
    decomposed = unicodedata.normalize("NFD", plain).translate(_CONFUSABLES)
    return _IGNORABLE.sub("", unicodedata.normalize("NFC", decomposed))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("\u2019", "'").split())


def _fold_word(word: str) -> str:
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss"):
        return word[:-1]
    return word


def term_key(text: str) -> str:
    folded = _ELISION.sub("", _fold(_skeleton(text)))
    words = _NOT_WORD.sub(" ", folded).replace("_", " ").split()
    return " ".join(_fold_word(word) for word in words)[:80]


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, term, term_key, english, english_key FROM vocabproposal")
    ).all()
    for row_id, term, key, english, english_key in rows:
        new_key = term_key(term)
        new_english = term_key(english) if english else None
        if (new_key, new_english) != (key, english_key):
            connection.execute(
                sa.text("UPDATE vocabproposal SET term_key = :k, english_key = :e WHERE id = :i"),
                {"k": new_key, "e": new_english, "i": row_id},
            )


def downgrade() -> None:
    """The new keys stay: the previous ones cannot be told back, and they still match."""
