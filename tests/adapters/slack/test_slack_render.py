"""Block Kit rendering: limits respected by splitting, never by failing; nothing pings."""

from __future__ import annotations

import pytest

from adapters.slack.dedupe import SeenRequests, Stash, TtlCache
from adapters.slack.pacing import ChannelPacer, with_retries
from adapters.slack.render import (
    decode_action_id,
    encode_action_id,
    escape,
    modal_values,
    render_message,
    render_modal,
    render_single,
    split_text,
)
from bot.messages import (
    Actions,
    Button,
    Context,
    Field,
    Form,
    Header,
    Message,
    Option,
    Section,
    Select,
    TextInput,
)
from testkit.paths import ROOT as PROJECT_ROOT


def test_escape_neutralises_mentions_and_keeps_generated_links() -> None:
    assert escape("<!here> & <@U123|bob> a>b") == "&lt;!here&gt; &amp; &lt;@U123|bob&gt; a&gt;b"
    assert escape("voir [le site](https://example.org/a?b=1&c=2)") == (
        "voir <https://example.org/a?b=1&amp;c=2|le site>"
    )
    assert escape("[x](javascript:alert(1))") == "[x](javascript:alert(1))"


def test_user_text_never_reaches_slack_as_a_mention() -> None:
    message = Message(
        [Section("Bonjour <!channel> et <@U999>"), Context(("<!here>",))], "<!everyone>"
    )
    rendered = render_message(message).parts[0]
    dumped = str(rendered.blocks) + rendered.text
    assert "<!" not in dumped and "<@" not in dumped


def test_split_text_prefers_line_then_word_boundaries() -> None:
    text = ("ligne " * 100 + "\n") * 20
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert "".join(pieces).count("ligne") == 2000
    assert all(not p.startswith(" ") for p in pieces)
    assert split_text("x" * 7000, 3000) == ["x" * 3000, "x" * 3000, "x" * 1000]
    assert split_text("", 3000) == [""]


def test_long_message_is_split_into_messages_of_fifty_blocks() -> None:
    message = Message([Section(f"§{i}") for i in range(120)], "long")
    parts = render_message(message).parts
    assert [len(p.blocks) for p in parts] == [50, 50, 20]
    assert parts[0].text == "long" and "§50" in parts[1].text


def test_fields_header_and_buttons_respect_limits() -> None:
    fields = tuple(Field("É" * 10, "v" * 3000) for i in range(23))
    buttons = tuple(Button("L" * 200, "x.y", str(i)) for i in range(27))
    message = Message([Header("H" * 400), Section("", fields), Actions(buttons)])
    blocks = render_message(message).parts[0].blocks
    assert len(blocks[0]["text"]["text"]) == 150
    field_blocks = [b for b in blocks if "fields" in b]
    assert [len(b["fields"]) for b in field_blocks] == [10, 10, 3]
    assert all(len(f["text"]) <= 2000 for b in field_blocks for f in b["fields"])
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 2]
    elements = [e for b in actions for e in b["elements"]]
    assert all(len(e["text"]["text"]) <= 75 for e in elements)
    assert len({e["action_id"] for e in elements}) == 27


def test_action_ids_are_unique_and_decodable() -> None:
    assert decode_action_id(encode_action_id("vocab.endorse", 3)) == "vocab.endorse"
    assert decode_action_id("tag#notanumber") == "tag#notanumber"
    assert len(encode_action_id("a" * 400, 99)) <= 255


async def test_oversized_values_are_kept_aside_not_cut() -> None:
    stash = Stash()
    value = "v" * 2500
    message = Message([Actions((Button("Ok", "x.ok", value),))])
    button = render_message(message, stash.keep).parts[0].blocks[0]["elements"][0]
    assert len(button["value"]) <= 2000 and await stash.take(button["value"]) == value
    with pytest.raises(ValueError):
        render_message(message)


def test_select_is_a_static_select_with_limited_options() -> None:
    options = tuple(Option(f"Choix {i}" * 20, str(i)) for i in range(130))
    block = render_message(Message([Actions((Select("p.vote", "Choisir", options),))])).parts[0]
    element = block.blocks[0]["elements"][0]
    assert element["type"] == "static_select" and len(element["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 for o in element["options"])


def test_single_message_for_updates_is_cut_with_a_mark() -> None:
    message = Message([Section(f"§{i}") for i in range(70)])
    single = render_single(message)
    assert len(single.blocks) == 50 and single.blocks[-1]["type"] == "context"


def test_modal_limits_and_values() -> None:
    inputs = [
        TextInput(f"f{i}", "Étiquette", max_length=9000, placeholder="p" * 300) for i in range(120)
    ]
    view = render_modal(
        Form("polls.create", "T" * 60, inputs, "Soumettre maintenant svp", "s"), "{}"
    )
    assert len(view["title"]["text"]) == 24 and len(view["submit"]["text"]) <= 24
    assert len(view["blocks"]) == 100
    element = view["blocks"][0]["element"]
    assert element["max_length"] == 3000 and len(element["placeholder"]["text"]) <= 150
    state = {"values": {"f0": {"value": {"value": "oui"}}, "f1": {"value": {"value": None}}}}
    assert modal_values({"state": state}) == {"f0": "oui", "f1": ""}


def test_images_and_files_become_uploads() -> None:
    from bot.messages import Attachment, Image

    message = Message(
        [Section("x"), Image(b"png", "alt", "c.png")], files=[Attachment("a.csv", b"1", "text/csv")]
    )
    rendered = render_message(message)
    assert [f.name for f in rendered.files] == ["c.png", "a.csv"]
    assert all(b["type"] != "image" for b in rendered.parts[0].blocks)


async def test_seen_requests_and_ttl_cache_are_bounded() -> None:
    now = [0.0]
    cache: TtlCache[bool] = TtlCache(10, size=3, now=lambda: now[0])
    for key in range(5):
        cache.put(key, True)
    assert len(cache) == 3 and cache.get(0) is None and cache.get(4)
    now[0] = 11
    assert cache.get(4) is None
    seen = SeenRequests()
    assert await seen.first("a") and not await seen.first("a") and await seen.first("b")


async def test_pacer_allows_a_burst_then_one_post_a_second_per_channel() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = ChannelPacer(rate=1.0, burst=3, clock=lambda: now[0], sleep=sleep)
    waits = [await pacer.wait("C1") for _ in range(6)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == pytest.approx([1.0, 1.0, 1.0])
    assert await pacer.wait("C2") == 0.0  # another channel is not held back


async def test_retries_honour_retry_after_then_give_up_on_real_errors() -> None:
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_slack_response import AsyncSlackResponse

    def response(status: int, error: str, headers: dict) -> AsyncSlackResponse:
        return AsyncSlackResponse(
            client=None, http_verb="POST", api_url="x", req_args={},
            data={"ok": False, "error": error}, headers=headers, status_code=status,
        )  # fmt: skip

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    answers = [
        SlackApiError("limited", response(429, "ratelimited", {"Retry-After": "7"})),
        SlackApiError("down", response(503, "service_unavailable", {})),
        "posted",
    ]

    async def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert await with_retries(call, what="chat.postMessage", sleep=sleep) == "posted"
    assert slept == [7.0, 0.5]

    async def refused() -> str:
        raise SlackApiError("no", response(200, "channel_not_found", {}))

    with pytest.raises(SlackApiError):
        await with_retries(refused, what="chat.postMessage", sleep=sleep)
    assert slept == [7.0, 0.5]


def test_manifest_declares_every_command_scopes_and_socket_mode() -> None:
    import re

    from bot.compose import build_router

    registry = build_router()

    path = PROJECT_ROOT / "adapters/slack/manifest.yaml"
    text = path.read_text(encoding="utf-8")
    commands = re.findall(r"^\s+- command: (/\w+)$", text, re.MULTILINE)
    assert {f"/{name}" for name in registry.commands} <= set(commands)
    assert set(commands) == {
        "/outarde", "/partenaire", "/vocab", "/faitsaillant", "/rencontre", "/sondage",
        "/suivi", "/charte", "/accueil",
    }  # fmt: skip
    assert text.count("usage_hint: ") == text.count("should_escape: true") == len(commands)
    scopes = set(re.findall(r"^\s+- ([a-z]+:[a-z.]+|commands)$", text, re.MULTILINE))
    assert {"commands", "chat:write", "files:write", "users:read", "im:write"} <= scopes
    assert {"channels:history", "groups:history", "files:read"} <= scopes  # finding a delivery
    assert "socket_mode_enabled: true" in text and "is_enabled: true" in text


def test_a_channel_link_survives_escaping_but_a_person_or_everyone_does_not() -> None:
    from adapters.slack.render import escape

    text = escape("La rencontre #1 appartient au canal <#C0GENERAL> : <@U0ALICE> <!here>")
    assert "<#C0GENERAL>" in text
    assert "&lt;@U0ALICE&gt;" in text and "&lt;!here&gt;" in text
