"""Commands, subcommands, actions, forms, jobs, settings and hooks, declared with decorators.

A feature declares its handlers on its own ``Feature`` (nothing is registered by import):

    feature = Feature("vocab")

    @feature.command("vocab", "proposer", aliases=("propose",), help="vocab.help.proposer")
    async def propose(ctx: Ctx, text: str) -> Reply: ...

and its package's ``setup(router)`` installs them on the ``Router`` the composition root
builds (bot.compose), one router per core. A command without a subcommand name (``sub=""``)
receives any text no subcommand matched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.hooks import Hook
from bot.text import fold

Handler = Callable[..., Awaitable[Any]]


@cache
def _keys(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """What a declared name and its aliases match, accents and case ignored."""
    return frozenset({fold(name), *map(fold, aliases)})


@dataclass
class Subcommand:
    name: str
    handler: Handler
    help: str  # catalog prefix: <help>.summary and <help>.example
    aliases: tuple[str, ...] = ()


@dataclass
class Command:
    name: str
    aliases: tuple[str, ...] = ()
    subcommands: dict[str, Subcommand] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def find(self, word: str) -> Subcommand | None:
        """The subcommand named (or aliased) ``word``, accents and case ignored."""
        key = fold(word)
        for sub in self.subcommands.values():
            if sub.name and key in _keys(sub.name, sub.aliases):
                return sub
        return None

    @property
    def default(self) -> Subcommand | None:
        return self.subcommands.get("")


@dataclass
class SettingSpec:
    """A workspace setting shown and changed with /outarde config."""

    name: str
    default: Any
    parse: Callable[[str], Any]  # raises UserError with an example when the text is invalid
    show: Callable[[Any, str], str]  # value, language -> text
    label: str  # catalog key
    aliases: tuple[str, ...] = ()  # the first one, when there is one, is its English name

    def word(self, language: str) -> str:
        """How the setting is written in ``language`` (« rappels », "reminders")."""
        return self.aliases[0] if language == "en" and self.aliases else self.name


class Router:
    """What one core knows: the commands, actions, forms, jobs, settings and hooks installed."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, Handler] = {}
        self.forms: dict[str, Handler] = {}
        self.jobs: dict[str, Handler] = {}
        self.settings: dict[str, SettingSpec] = {}
        self.hooks: dict[str, list[Handler]] = {}
        self.pages: dict[str, Handler] = {}
        self.memo: dict[Any, Any] = {}  # what is derived from the commands (help pages…)

    # -- declarations -------------------------------------------------------------
    def command(
        self, name: str, sub: str = "", *, help: str, aliases: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        """Declare ``/name sub …``; ``help`` is the catalog prefix of its summary and example."""

        def register(handler: Handler) -> Handler:
            command = self.commands.setdefault(name, Command(name))
            if sub in command.subcommands:
                raise ValueError(f"/{name} {sub} declared twice")
            command.subcommands[sub] = Subcommand(sub, handler, help, aliases)
            command.order.append(sub)
            self.memo.clear()
            return handler

        return register

    def action(self, action_id: str) -> Callable[[Handler], Handler]:
        """Declare a button or select handler: ``async def f(ctx, value) -> Reply``."""
        return self._register(self.actions, action_id)

    def form(self, form_id: str) -> Callable[[Handler], Handler]:
        """Declare a form handler: ``async def f(ctx, values: dict, state: str) -> Reply``."""
        return self._register(self.forms, form_id)

    def job(self, kind: str) -> Callable[[Handler], Handler]:
        """Declare scheduled work: ``async def f(ctx, job: Job) -> Reply``."""
        return self._register(self.jobs, kind)

    def page(self, kind: str) -> Callable[[Handler], Handler]:
        """Declare what the web server shows behind a link of ``kind`` (see bot.links):
        ``async def f(ctx, link) -> Page | None``."""
        return self._register(self.pages, kind)

    def hook(self, hook: Hook[Any, Any]) -> Callable[[Handler], Handler]:
        """Offer something to other features (e.g. a section of a meeting reminder)."""

        def register(handler: Handler) -> Handler:
            self.hooks.setdefault(hook.name, []).append(handler)
            return handler

        return register

    def providers(self, hook: Hook[Any, Any]) -> list[Handler]:
        """The handlers offering ``hook``, in the order they were installed."""
        return self.hooks.get(hook.name, [])

    def setting(self, spec: SettingSpec) -> SettingSpec:
        if spec.name in self.settings:
            raise ValueError(f"setting {spec.name} declared twice")
        self.settings[spec.name] = spec
        return spec

    @staticmethod
    def _register(table: dict[str, Handler], key: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if key in table:
                raise ValueError(f"{key} declared twice")
            table[key] = handler
            return handler

        return register

    # -- look-ups -----------------------------------------------------------------
    def find_command(self, name: str) -> Command | None:
        key = fold(name.lstrip("/"))
        for command in self.commands.values():
            if key in _keys(command.name, command.aliases):
                return command
        return None

    def find_setting(self, name: str) -> SettingSpec | None:
        key = fold(name)
        for spec in self.settings.values():
            if key in _keys(spec.name, spec.aliases):
                return spec
        return None

    def resolve(self, command: Command, text: str) -> tuple[Subcommand | None, str]:
        """Pick the subcommand named by the first word of ``text``, else the default one."""
        first, _, rest = text.strip().partition(" ")
        sub = command.find(first) if first else None
        if sub is not None:
            return sub, rest.strip()
        return command.default, text.strip()


class DeferredRouter:
    """Stands for the router ``build`` makes, built at its first use: a process that starts
    with nothing to do (``outarde console`` with nothing typed, no job due) imports no feature.
    Every attribute is the built router's."""

    def __init__(self, build: Callable[[], Router]) -> None:
        self._build = build
        self._router: Router | None = None

    @property
    def built(self) -> bool:
        return self._router is not None

    def __getattr__(self, name: str) -> Any:
        if self._router is None:
            self._router = self._build()
        return getattr(self._router, name)


Declaration = Callable[[Router], object]


class Feature:
    """One feature's declarations, recorded by its decorators, installed by ``install``.

    The same decorators as ``Router``; nothing reaches a router until the composition root
    calls the feature package's ``setup(router)``.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._declarations: list[Declaration] = []

    def _record(self, declare: Callable[[Router, Handler], object]) -> Callable[[Handler], Handler]:
        def record(handler: Handler) -> Handler:
            self._declarations.append(lambda router: declare(router, handler))
            return handler

        return record

    def command(
        self, name: str, sub: str = "", *, help: str, aliases: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        """See ``Router.command``."""
        return self._record(lambda r, h: r.command(name, sub, help=help, aliases=aliases)(h))

    def action(self, action_id: str) -> Callable[[Handler], Handler]:
        """See ``Router.action``."""
        return self._record(lambda r, h: r.action(action_id)(h))

    def form(self, form_id: str) -> Callable[[Handler], Handler]:
        """See ``Router.form``."""
        return self._record(lambda r, h: r.form(form_id)(h))

    def job(self, kind: str) -> Callable[[Handler], Handler]:
        """See ``Router.job``."""
        return self._record(lambda r, h: r.job(kind)(h))

    def page(self, kind: str) -> Callable[[Handler], Handler]:
        """See ``Router.page``."""
        return self._record(lambda r, h: r.page(kind)(h))

    def hook(self, hook: Hook[Any, Any]) -> Callable[[Handler], Handler]:
        """See ``Router.hook``."""
        return self._record(lambda r, h: r.hook(hook)(h))

    def setting(self, spec: SettingSpec) -> SettingSpec:
        """See ``Router.setting``."""
        self._declarations.append(lambda router: router.setting(spec))
        return spec

    def install(self, router: Router) -> None:
        """Declare everything this feature recorded on ``router``."""
        for declare in self._declarations:
            declare(router)
