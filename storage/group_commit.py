"""Group commit: the writes of concurrent requests gathered into one transaction.

Each ``submit`` hands an item to the writer and waits for the transaction that holds it.
The writer takes every item waiting (those handed in during the loop turn before it runs,
while the previous transaction ran, or within ``window`` seconds of the first), writes them
with one call of ``write`` (one transaction), then tells each item's caller: a request
learns its item is stored only once that transaction committed, and a failure fails the
items of that batch alone. ``submit_soon`` tells the caller through a callback the writer
calls itself: no loop turn between the commit and the caller's next step (under a burst,
a turn of the loop is long).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Then = Callable[[R | None, BaseException | None], None]  # (result, None) or (None, error)


class GroupCommit(Generic[T, R]):
    """Writes submitted items in batches; ``write`` returns one result per item, in order."""

    def __init__(
        self,
        write: Callable[[list[T]], Awaitable[list[R]]],
        *,
        window: float = 0.0,
        max_batch: int = 500,
    ) -> None:
        self.write = write
        self.window = window
        self.max_batch = max_batch
        self.batches = 0  # how many transactions were written (tests, benches)
        self._waiting: list[tuple[T, Then[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Once the transaction holding ``item`` committed: its result (or its error).

        A caller that stops waiting (a timeout, a cancellation) leaves its item written."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        future.add_done_callback(retrieved)
        self.submit_soon(item, lambda result, error: resolve(future, result, error))
        return await future

    def submit_soon(self, item: T, then: Then[R]) -> None:
        """Hand ``item`` to the writer; once its transaction committed, the writer calls
        ``then(result, None)``, or ``then(None, error)`` when it failed (a CancelledError
        when the writer was stopped). ``then`` must not raise."""
        self._waiting.append((item, then))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        if self.window > 0:
            await asyncio.sleep(self.window)  # the first item waits for others to join
        while self._waiting:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            try:
                results = await self.write([item for item, _ in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"{len(results)} results for {len(batch)} items")
            except asyncio.CancelledError as stopped:
                for _, then in batch + self._waiting:
                    then(None, stopped)
                self._waiting.clear()
                raise
            except Exception as error:
                for _, then in batch:
                    then(None, error)
                continue
            finally:
                self.batches += 1
            for (_, then), result in zip(batch, results, strict=True):
                then(result, None)


def resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """Set ``future`` once from what the writer tells (``Then``): its result, its error, or
    its cancellation when the writer was stopped."""
    if future.done():
        return
    if isinstance(error, asyncio.CancelledError):
        future.cancel()
    elif error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def retrieved(future: asyncio.Future[Any]) -> None:
    """Nobody may be waiting any more (a timeout): the error was told to whoever was."""
    if not future.cancelled():
        future.exception()
