"""The terminal chat: the default adapter, and the one tests and demos drive."""

from adapters.console.chat import ConsoleChat, ConsoleScreen, run_console

__all__ = ["ConsoleChat", "ConsoleScreen", "run_console"]
