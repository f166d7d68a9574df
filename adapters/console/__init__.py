"""The terminal chat: the default adapter, and the one tests and demos drive."""

from adapters.console.chat import ConsoleChat, run_console

__all__ = ["ConsoleChat", "run_console"]
