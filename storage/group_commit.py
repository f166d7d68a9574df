"""Group commit: the writes of concurrent requests gathered into one transaction.

Each ``submit`` hands an item to the writer and waits for the transaction that holds it.
The writer takes every item waiting (those that arrived while the previous transaction ran,
or within ``window`` seconds of the first), writes them with one call of ``write`` (one
transaction), then resolves each item's future: a request learns its item is stored only
once that transaction committed, and a failure fails the items of that batch alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Once the transaction holding ``item`` committed: its result (or its error).

        A caller that stops waiting (a timeout, a cancellation) leaves its item written."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieved)
        self._waiting.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        await asyncio.sleep(self.window)  # at least one turn of the loop: others join in
        while self._waiting:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            try:
                results = await self.write([item for item, _ in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"{len(results)} results for {len(batch)} items")
            except asyncio.CancelledError:
                for _, future in batch + self._waiting:
                    future.cancel()
                self._waiting.clear()
                raise
            except Exception as error:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            finally:
                self.batches += 1
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


def _retrieved(future: asyncio.Future[object]) -> None:
    """Nobody may be waiting any more (a timeout): the error was told to whoever was."""
    if not future.cancelled():
        future.exception()
