"""Shared helpers: text checks, paging, exports, harmless mentions."""

from __future__ import annotations

import csv
import io

import pytest

from bot import refs
from bot.errors import FormInvalid, UserError
from bot.exports import csv_attachment, markdown_attachment
from bot.messages import Button
from bot.paging import page_of, pager, read_page_value
from bot.text import fold, harmless, has_mass_mention, split_args, user_ref
from bot.validation import checked_form, checked_text
from testkit.doubles import mention


def test_checked_text_refuses_empty_long_and_mass_mentions() -> None:
    with pytest.raises(UserError) as empty:
        checked_text("  \x00 ", limit=10, empty_key="vocab.empty_term")
    assert empty.value.key == "vocab.empty_term"
    with pytest.raises(UserError) as long:
        checked_text("x" * 11, limit=10, empty_key="e")
    assert long.value.key == "core.too_long" and long.value.params["limit"] == 10
    with pytest.raises(UserError) as ping:
        checked_text("Bonjour @everyone", limit=100, empty_key="e")
    assert ping.value.key == "core.no_mass_mention"
    assert checked_text(f" salut {mention('U123')} ", limit=100, empty_key="e") == "salut @U123"


def test_checked_form_reports_every_bad_field() -> None:
    with pytest.raises(FormInvalid) as invalid:
        checked_form(
            {"terme": "", "definition": "x" * 20}, {"terme": 80, "definition": 10}, {"terme"}
        )
    assert set(invalid.value.errors) == {"terme", "definition"}
    assert checked_form({"a": " ok "}, {"a": 5, "b": 5}, {"a"}) == {"a": "ok", "b": ""}


def test_mentions_become_harmless() -> None:
    for hostile in (
        "@everyone",
        "@here",
        "@channel",
        mention("U123"),
        mention("U123", "alice"),
        refs.channel("C1", "general"),
    ):
        assert not refs.has_refs(harmless(hostile))
        assert not has_mass_mention(harmless(hostile))
    assert harmless("a@b.com") == "a@b.com"


def test_text_helpers() -> None:
    assert fold("  L’Intersectorialité  ") == "l'intersectorialite"
    assert split_args('« Question ? » "Choix 1" deux') == ["Question ?", "Choix 1", "deux"]
    assert split_args('"pas fermé') == ['"pas', "fermé"]
    assert split_args("annuler #2 #emploi") == ["annuler", "#2", "#emploi"]
    assert user_ref(mention("U123", "alice")) == "U123" and user_ref(mention("42")) == "42"
    assert user_ref("<@U123>") is None  # platform syntax is the adapters'
    assert user_ref("alice") is None


def test_paging() -> None:
    items = list(range(25))
    chunk, page, pages = page_of(items, 3)
    assert list(chunk) == [20, 21, 22, 23, 24] and (page, pages) == (3, 3)
    assert page_of(items, 99)[1] == 3 and page_of([], 1)[2] == 1
    actions = pager("fr", "vocab.page", 2, 3, "a")
    assert actions is not None
    labels = [b.label for b in actions.elements if isinstance(b, Button)]
    assert labels == ["◀ Précédent", "Suivant ▶"]
    assert pager("fr", "x", 1, 1) is None
    assert read_page_value("2|#emploi") == (2, "#emploi")
    assert read_page_value("zzz") == (1, "")


def test_csv_is_excel_friendly_and_formula_safe() -> None:
    attachment = csv_attachment("x.csv", ["terme", "définition"], [["=cmd()", "égalité"]])
    text = attachment.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["terme", "définition"], ["'=cmd()", "égalité"]]
    assert markdown_attachment("a.md", "# Titre").mime_type == "text/markdown"
