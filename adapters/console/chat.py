"""A chat in the terminal: commands, numbered buttons, forms asked field by field.

Lines starting with ``/`` are Outarde commands; lines starting with ``:`` drive the console
(``:clic N``, ``:moi NOM [ORGANISME]``, ``:avance 2h``, ``:espace``, ``:canal``). It reads
piped input just as well as a keyboard, so tests and demos use it like a person would.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from adapters.console.render import render_form_title, render_message
from bot import refs
from bot.app import Outarde
from bot.clock import ManualClock, OffsetClock
from bot.context import Actor, Invocation, Place
from bot.core_settings import DEFAULT_TIMEZONE
from bot.i18n import t
from bot.inbox import Refusal
from bot.messages import Button, Form, Message, TextInput
from bot.ports import Delivery, posted_before
from bot.text import fold, split_args
from bot.when import format_when

_SAFE_NAME = re.compile(r"[^\w.\-]+")  # a saved file's name: letters, digits, . - _
_DURATION = re.compile(
    r"^(\d+)\s*(min|minutes?|m|h|heures?|hours?|j|jours?|d|days?|sem|semaines?|w|weeks?)$"
)
_UNITS = {"m": "minutes", "h": "hours", "j": "days", "d": "days", "s": "weeks", "w": "weeks"}
DEFAULT_ACTOR = Actor("vous", "Vous")  # the person typing, before any :moi
_SAYS_OPTIONAL = ("facultati", "optional")  # labels that already say so
_MENTION = re.compile(r"(?<![<\ue000\w])@([A-Za-z0-9À-ÿ_.\-]+)")
_CHANNEL_LINK = re.compile(r"(?<![<\ue000\w&#])#([A-Za-z0-9_.\-]+[A-Za-z0-9_])")
# @"Marc Tremblay"
_QUOTED_MENTION = re.compile(r"(?<![<\ue000\w])@[\"«“]\s*([^\"»”<>|]+?)\s*[\"»”]")


def parse_duration(text: str) -> timedelta | None:
    """« 2h », « 3j », « 30min », « 1sem » → a timedelta; None when not understood."""
    match = _DURATION.match(fold(text).replace(" ", ""))
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2)
    key = "m" if unit.startswith("m") else "s" if unit.startswith("sem") else unit[0]
    return timedelta(**{_UNITS[key]: number})


_QUIT = {":quitter", ":quit", ":exit", ":q"}
_LEAVE_FORM = {":annuler", ":cancel", *_QUIT}
_NEW_LINE = re.compile(r"\s+//\s+")  # a multi-line field typed on one line: « a // b »
_SHOWN = 60  # characters of a current value shown in a field's prompt


def field_prompt(text_input: TextInput, language: str) -> str:
    """« Label (facultatif) [actuel : …] : », with the hints a field needs."""
    optional = ""
    if not text_input.required and not any(w in fold(text_input.label) for w in _SAYS_OPTIONAL):
        optional = t(language, "console.optional")
    hints = ""
    if text_input.multiline:
        hints += t(language, "console.multiline")
    if text_input.initial:
        shown = " ".join(text_input.initial.split())
        shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
        key = "console.current" if text_input.required else "console.current_optional"
        hints += t(language, key, value=shown)
    if text_input.placeholder:
        hints += t(language, "console.placeholder", hint=text_input.placeholder)
    key = "console.question" if asks(text_input) else "console.field"
    return refs.readable(t(language, key, label=text_input.label, optional=optional + hints))


def asks(text_input: TextInput) -> bool:
    """A label that is a question (« Qui vous représentera ? ») takes no colon after it."""
    return text_input.label.rstrip().endswith(("?", ":"))


def field_value(text_input: TextInput, answer: str) -> str:
    """What a typed answer means: blank keeps the current value, « - » leaves an optional
    field empty."""
    answer = answer.rstrip("\n")
    if not answer.strip() and text_input.initial:
        return text_input.initial
    if answer.strip() == "-":  # empties an optional field; a required one keeps its value
        return text_input.initial if text_input.required else ""
    return _NEW_LINE.sub("\n", answer) if text_input.multiline else answer


def user_id_of(name: str) -> str:
    """The console's user id for a display name: « Marie-Ève Roy » → « marie-eve-roy »."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "personne"


def console_mentions(text: str, known: Iterable[str] = ()) -> str:
    """What was typed, as the core reads it: ``@Alice`` becomes a reference to ``alice``
    (``bot.refs.person``, keeping the typed name); @everyone and @here stay text. A ``known``
    name with a space is matched whole: ``@Marc Tremblay`` (as are ``@"Marc Tremblay"`` and
    ``@Marc-Tremblay``). Reference markers typed by hand are removed."""
    text = refs.strip_markers(text)
    text = _QUOTED_MENTION.sub(lambda m: refs.person(user_id_of(m.group(1))), text)
    for name in sorted({n for n in known if " " in n}, key=len, reverse=True):
        spaced = r"\s+".join(re.escape(part) for part in name.split())
        pattern = re.compile(rf"(?<![<\ue000\w])@{spaced}(?![\w\-])", re.IGNORECASE)
        text = pattern.sub(lambda _m, name=name: refs.person(user_id_of(name)), text)

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if fold(word) in {"everyone", "here", "channel"}:
            return match.group(0)
        return refs.person(user_id_of(word), word)

    return _MENTION.sub(replace, text)


def console_channels(text: str, known: Iterable[str]) -> str:
    """``#comite`` becomes a reference to that channel when
    ``comite`` is a channel visited in this console (``:canal comite``); any other ``#mot``
    (a theme, a meeting number) stays text."""
    channels = {fold(name) for name in known}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if fold(name) in channels and not name.isdecimal():
            return refs.channel(name, name)
        return match.group(0)

    return _CHANNEL_LINK.sub(replace, text)


@dataclass
class ConsoleScreen:
    """The console's output: what the bot prints, with numbered buttons; its notifier."""

    out: TextIO = sys.stdout
    place: Place = field(default_factory=lambda: Place("console", "table", "general"))
    language: str = "fr"
    buttons: dict[int, tuple[Button, str | None]] = field(default_factory=dict)
    posted: dict[str, Message] = field(default_factory=dict)
    delivered: dict[str, str] = field(default_factory=dict)  # delivery token -> ref
    transcript: list[str] = field(default_factory=list)
    first_ref: int = 0  # references already used by an earlier run on the same database
    files_dir: Path | None = None  # where files and pictures are saved (none: not saved)

    def save_file(self, name: str, data: bytes) -> str:
        """Save a file the bot sent under ``files_dir``, never over another; its path."""
        assert self.files_dir is not None
        self.files_dir.mkdir(parents=True, exist_ok=True)
        stem, dot, suffix = _SAFE_NAME.sub("_", Path(name).name).lstrip(".").rpartition(".")
        stem, suffix = (stem, dot + suffix) if dot and stem else (stem + suffix, "")
        stem = stem or "fichier"
        path, copy = self.files_dir / f"{stem}{suffix}", 1
        while path.exists():
            copy += 1
            path = self.files_dir / f"{stem}-{copy}{suffix}"
        path.write_bytes(data)
        return str(path)

    def _saver(self) -> Callable[[str, bytes], str] | None:
        return self.save_file if self.files_dir is not None else None

    def continue_after(self, refs: list[str]) -> None:
        """Number new messages after the references an earlier run stored (« m12 »)."""
        numbers = [int(ref[1:]) for ref in refs if ref[:1] == "m" and ref[1:].isdecimal()]
        self.first_ref = max([self.first_ref, *numbers])

    def say(self, text: str) -> None:
        self.transcript.append(text)
        print(text, file=self.out, flush=True)

    def _numberer(self, ref: str | None) -> Callable[[Button], int]:
        def number(button: Button) -> int:
            index = len(self.buttons) + 1
            self.buttons[index] = (button, ref)
            return index

        return number

    def last_buttons(self, label: str) -> list[int]:
        """The numbers of the buttons labelled ``label``, most recent last."""
        return [n for n, (button, _) in self.buttons.items() if button.label == label]

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Notifier: print a channel message (once per delivery token); its reference."""
        if (known := await posted_before(self.delivered, delivery)) is not None:
            return known
        ref = f"m{self.first_ref + len(self.posted) + 1}"
        self.posted[ref] = message
        if delivery is not None:
            self.delivered[delivery.token] = ref
        prefix = "" if place.channel == self.place.channel else f"[#{place.channel}] "
        text = render_message(
            message, self._numberer(ref), language=self.language, save=self._saver()
        )
        self.say(prefix + text)
        return ref

    async def update(self, place: Place, ref: str, message: Message) -> None:
        """Notifier: print the new version of a message, marked as an update."""
        self.posted[ref] = message
        self.say(
            render_message(
                message,
                self._numberer(ref),
                language=self.language,
                updated=ref,
                save=self._saver(),
            )
        )

    async def tell(
        self, place: Place, user_id: str, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Notifier: print a private message for one person (once per delivery token)."""
        if (known := await posted_before(self.delivered, delivery)) is not None:
            return known
        ref = f"p{len(self.delivered) + 1}:{user_id}"
        if delivery is not None:
            self.delivered[delivery.token] = ref
        prefix = "" if place.channel == self.place.channel else f"[#{place.channel}] "
        text = render_message(
            message,
            self._numberer(None),
            language=self.language,
            save=self._saver(),
            private_to=user_id,
        )
        self.say(prefix + text)
        return ref

    def show_private(self, message: Message) -> None:
        """What only the person typing sees."""
        number = self._numberer(None)
        self.say(render_message(message, number, language=self.language, save=self._saver()))


@dataclass
class ConsoleChat:
    """One terminal conversation with the bot: reads lines, shows answers on its screen."""

    app: Outarde
    screen: ConsoleScreen = field(default_factory=ConsoleScreen)
    actor: Actor = DEFAULT_ACTOR  # until :moi
    language_read: bool = False  # read from the workspace at the first line
    pending_forms: list[Form] = field(default_factory=list)
    known_names: set[str] = field(default_factory=set)  # who spoke here (:moi): for @mentions
    known_channels: set[str] = field(default_factory=set)  # visited (:canal): for #links

    # -- output (on the screen) ---------------------------------------------------
    @property
    def place(self) -> Place:
        return self.screen.place

    @place.setter
    def place(self, place: Place) -> None:
        self.screen.place = place

    @property
    def language(self) -> str:
        return self.screen.language

    @language.setter
    def language(self, language: str) -> None:
        self.screen.language = language

    @property
    def transcript(self) -> list[str]:
        return self.screen.transcript

    @property
    def buttons(self) -> dict[int, tuple[Button, str | None]]:
        return self.screen.buttons

    @property
    def posted(self) -> dict[str, Message]:
        return self.screen.posted

    def say(self, text: str) -> None:
        self.screen.say(text)

    def last_buttons(self, label: str) -> list[int]:
        """The numbers of the buttons labelled ``label``, most recent last."""
        return self.screen.last_buttons(label)

    async def send(self, message: Message) -> str | None:
        """Surface: the answer to what the person just did."""
        if message.ephemeral:
            self.screen.show_private(message)
            return None
        return await self.screen.post(self.place, message)

    async def open_form(self, form: Form) -> None:
        self.pending_forms.append(form)

    # -- input --------------------------------------------------------------------
    def invocation(self, message_ref: str | None = None) -> Invocation:
        return Invocation(self.place, self.actor, None, message_ref, mentions_are_people=False)

    async def handle(self, line: str) -> bool:
        """Handle one typed line; False when the person asked to quit."""
        line = line.strip()
        if not line:
            return True
        if not self.language_read:  # the workspace may speak English from the first line
            self.language = await self.app.language_of(self.place)
            self.language_read = True
            if self.actor == DEFAULT_ACTOR and self.language == "en":
                self.actor = Actor(DEFAULT_ACTOR.user_id, "You")
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            text = console_mentions(rest.strip(), self.known_names)
            text = console_channels(text, self.known_channels)
            await self._in_turn(self.app.command(self.invocation(), name, text, self))
            self.language = await self.app.language_of(self.place)
        elif line.startswith(":"):
            return await self._console_command(line[1:])
        else:
            self.say(t(self.language, "console.not_a_command"))
        return True

    async def _console_command(self, text: str) -> bool:
        word, _, rest = text.strip().partition(" ")
        word = fold(word)
        rest = rest.strip()
        if word in {"quitter", "quit", "exit", "q"}:
            self.say(t(self.language, "console.bye"))
            return False
        if word in {"clic", "click", "c"}:
            await self.click(rest)
        elif word in {"moi", "me"}:
            await self.become(rest)
        elif word in {"avance", "advance"}:
            await self.advance(rest)
        elif word in {"espace", "workspace"} and rest:
            self.place = Place(self.place.platform, rest, self.place.channel)
            self.language = await self.app.language_of(self.place)
            self.say(
                t(self.language, "console.workspace", workspace=rest, channel=self.place.channel)
            )
        elif word in {"canal", "channel"} and rest:
            self.known_channels |= {self.place.channel, rest.lstrip("#")}
            self.place = Place(self.place.platform, self.place.workspace, rest.lstrip("#"))
            self.say(
                t(
                    self.language,
                    "console.workspace",
                    workspace=self.place.workspace,
                    channel=self.place.channel,
                )
            )
        elif word in {"annuler", "cancel"}:
            self.say(t(self.language, "console.no_form"))
        elif word in {"aide", "help", "?"}:
            self.say(t(self.language, "console.help"))
        else:
            self.say(t(self.language, "console.unknown", word=(text.split() or [""])[0][:40]))
            self.say(t(self.language, "console.help"))
        return True

    async def type(self, *lines: str) -> str:
        """Type ``lines`` one after the other (answers to forms included); returns the output."""
        start = len(self.transcript)
        queue = list(lines)

        def read_line() -> str | None:
            return queue.pop(0) if queue else None

        while queue:
            if not await self.handle(queue.pop(0)) or not await self.fill_forms(read_line):
                break
        return "\n".join(self.transcript[start:])

    async def click(self, number_text: str | int) -> None:
        """``:clic N``: press the button numbered N."""
        try:
            button, ref = self.buttons[int(number_text)]
        except (ValueError, KeyError):
            self.say(t(self.language, "console.bad_click", number=number_text))
            return
        await self._in_turn(
            self.app.action(self.invocation(ref), button.action_id, button.value, self)
        )

    async def _in_turn(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run the core's work the way every adapter does: through the inbox, in the
        person's turn (one person at a keyboard: no rate limit)."""
        ticket = self.app.inbox.admit(self.place.workspace_id, self.actor.user_id, limited=False)
        if isinstance(ticket, Refusal):
            work.close()
            self.say(ticket.text(self.language))
            return
        await self.app.inbox.run(ticket, work)

    async def become(self, text: str) -> None:
        """``:moi NOM [ORGANISME]``: act as someone else (and set their organisation)."""
        words = split_args(text)
        if not words:
            self.say(t(self.language, "console.bad_me"))
            return
        name = " ".join(words[0].split())
        self.known_names.add(name)
        self.actor = Actor(user_id_of(name), name)
        self.say(t(self.language, "console.you_are", name=name))
        if len(words) > 1:
            said = "moi " + " ".join(words[1:])
            await self._in_turn(self.app.command(self.invocation(), "partenaire", said, self))

    async def advance(self, text: str) -> None:
        """``:avance 2h``: move the clock, running each job at its own instant on the way."""
        delta = parse_duration(text)
        clock = self.app.clock
        if delta is None or not isinstance(clock, ManualClock | OffsetClock):
            self.say(t(self.language, "console.bad_advance"))
            return
        target = clock.now() + delta
        ran = 0
        while (due := await self.app.scheduler.next_due()) is not None and due <= target:
            if due > clock.now():
                clock.advance(due - clock.now())
            done = await self.app.run_due()
            ran += done
            if not done and due <= clock.now():
                break  # due but waiting on something else (another process): move on
        clock.advance(max(target - clock.now(), timedelta(0)))
        ran += await self.app.run_due()
        now = format_when(clock.now().astimezone(ZoneInfo(DEFAULT_TIMEZONE)), self.language)
        self.say(t(self.language, "console.advanced", delta=text, now=now, ran=ran))

    async def fill_forms(self, read_line: Callable[[], str | None]) -> bool:
        """Ask each pending form's fields one by one, then submit it.

        A blank line keeps a field's current value (a field asked again keeps the answer just
        given). ``:annuler`` leaves the form unsent; ``:quitter`` leaves it and the console
        (then this returns False); a command typed instead leaves it and runs.
        """
        while self.pending_forms:
            form = self.pending_forms.pop(0)
            self.say(render_form_title(form, self.language))
            values = {text_input.field_id: text_input.initial for text_input in form.inputs}
            inputs = form.inputs
            while inputs:
                answered, interruption = self._ask(inputs, values, read_line)
                if not answered:
                    if not await self._leave_form(interruption):
                        return False
                    break  # on to the forms the command that interrupted opened, if any
                inputs = await self._submit(form, values)
        return True

    def _ask(
        self, inputs: list[TextInput], values: dict[str, str], read_line: Callable[[], str | None]
    ) -> tuple[bool, str | None]:
        """Ask each field into ``values``: (True, None), or (False, the line that interrupted:
        a command, ``:annuler``, ``:quitter``; None at the end of input)."""
        for text_input in inputs:
            shown = replace(text_input, initial=values[text_input.field_id])
            self.say(field_prompt(shown, self.language))
            answer = read_line()
            if answer is None or answer.strip().startswith(("/", ":")):
                return False, answer
            values[text_input.field_id] = field_value(shown, refs.strip_markers(answer))
        return True, None

    async def _leave_form(self, answer: str | None) -> bool:
        """Nothing of the form is sent; a command typed instead runs. False to quit."""
        self.pending_forms.clear()
        self.say(t(self.language, "console.form_abandoned"))
        word = fold(answer or "").strip()
        if word in _QUIT:
            self.say(t(self.language, "console.bye"))
            return False
        if answer is None or word in _LEAVE_FORM:
            return True
        return await self.handle(answer)

    async def _submit(self, form: Form, values: dict[str, str]) -> list[TextInput]:
        """Submit the form (in the person's turn, as every adapter does); the fields to ask
        again (none when it went through)."""
        answer: dict[str, dict[str, str] | None] = {}

        async def submit() -> None:
            answer["errors"] = await self.app.submit(
                self.invocation(), form.form_id, values, form.state, self
            )

        await self._in_turn(submit())
        errors = answer.get("errors")
        self.language = await self.app.language_of(self.place)
        if not errors:
            return []
        self.say(t(self.language, "console.form_errors"))
        for text_input in form.inputs:
            if text_input.field_id in errors:
                key = "console.form_error_question" if asks(text_input) else "console.form_error"
                message = errors[text_input.field_id]
                self.say(t(self.language, key, label=text_input.label, error=message))
        return [i for i in form.inputs if i.field_id in errors]


async def run_console(app: Outarde, screen: ConsoleScreen, stdin: TextIO = sys.stdin) -> None:
    """Run the chat until end of input (piped) or ``:quitter`` (interactive)."""
    import asyncio

    out = screen.out
    chat = ConsoleChat(app, screen)
    interactive = stdin.isatty()
    if interactive:
        chat.say(t(chat.language, "console.help"))

    def read_line() -> str | None:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = stdin.readline()
        return line if line else None

    screen.continue_after(await app.posted.refs(screen.place.workspace_id))
    if interactive:
        await app.scheduler.start()
    else:  # piped input: time moves only with :avance, so runs are repeatable
        await app.scheduler.recover()
        await app.run_due()
    try:
        while True:
            line = await asyncio.to_thread(read_line) if interactive else read_line()
            if line is None:
                break
            if not await chat.handle(line) or not await chat.fill_forms(read_line):
                break
    finally:
        await app.scheduler.stop()
