"""Rate limits and bounds of the work taken in: token buckets per person and per workspace.

Every value is a setting of the environment with a default fit for a table of a few dozen
partners (docs: README, « Arrêt, panne et surcharge »):

- ``OUTARDE_LIMIT_PERSON``: commands and clicks of one person, « N/S » (N at once, N every S
  seconds on average): 10/30 by default;
- ``OUTARDE_LIMIT_WORKSPACE``: the same for a whole workspace: 120/60;
- ``OUTARDE_QUEUE_MAX``: work accepted and not finished in one process: 500;
- ``OUTARDE_WORKERS``: how many pieces of work run at once in one process: 4.
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger("outarde.core")
BUCKETS_KEPT = 20_000  # the least recently used buckets beyond this are forgotten (full again)


@dataclass(frozen=True)
class Rate:
    """``burst`` at once, then ``burst`` every ``seconds`` on average."""

    burst: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.burst / self.seconds

    @classmethod
    def parse(cls, text: str, default: Rate) -> Rate:
        """« 10/30 » → 10 every 30 seconds; ``default`` (logged) for anything else."""
        try:
            burst, seconds = text.split("/")
            rate = cls(int(burst), float(seconds))
        except ValueError:
            log.warning("rate setting not understood", extra={"value": text[:40]})
            return default
        if rate.burst < 1 or rate.seconds <= 0:
            return default
        return rate


@dataclass(frozen=True)
class Limits:
    person: Rate = Rate(10, 30.0)
    workspace: Rate = Rate(120, 60.0)
    queue_max: int = 500
    workers: int = 4

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        values = os.environ if env is None else env
        default = cls()

        def number(name: str, fallback: int) -> int:
            try:
                return max(1, int(values.get(name, fallback)))
            except ValueError:
                return fallback

        return cls(
            person=Rate.parse(values.get("OUTARDE_LIMIT_PERSON", ""), default.person)
            if values.get("OUTARDE_LIMIT_PERSON")
            else default.person,
            workspace=Rate.parse(values.get("OUTARDE_LIMIT_WORKSPACE", ""), default.workspace)
            if values.get("OUTARDE_LIMIT_WORKSPACE")
            else default.workspace,
            queue_max=number("OUTARDE_QUEUE_MAX", default.queue_max),
            workers=number("OUTARDE_WORKERS", default.workers),
        )


class Buckets:
    """One token bucket per key, at most ``BUCKETS_KEPT`` of them (memory stays flat)."""

    def __init__(self, rate: Rate, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.now = now
        self._buckets: OrderedDict[object, tuple[float, float]] = OrderedDict()

    def available(self, key: object) -> float:
        """The tokens ``key`` has now (refilled since its last use)."""
        tokens, stamp = self._buckets.get(key, (float(self.rate.burst), self.now()))
        elapsed = max(0.0, self.now() - stamp)
        return min(float(self.rate.burst), tokens + elapsed * self.rate.per_second)

    def take(self, key: object) -> None:
        """Spend one token of ``key`` (call after ``available`` said there is one)."""
        tokens = self.available(key) - 1.0
        self._buckets.pop(key, None)
        self._buckets[key] = (tokens, self.now())
        while len(self._buckets) > BUCKETS_KEPT:
            self._buckets.popitem(last=False)

    def wait(self, key: object) -> float:
        """Seconds until ``key`` has a token again."""
        missing = 1.0 - self.available(key)
        return max(0.0, missing / self.rate.per_second)


class Limiter:
    """Admits the work of a person in a workspace, or says which limit holds and how long."""

    def __init__(self, limits: Limits, now: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.people = Buckets(limits.person, now)
        self.workspaces = Buckets(limits.workspace, now)

    def refusal(self, workspace: str, person: str) -> tuple[str, float] | None:
        """None (and one token of each spent) when admitted, else (which limit, seconds to
        wait). A person over their own limit spends nothing of the workspace's."""
        who = (workspace, person)
        if self.people.available(who) < 1.0:
            return "person", self.people.wait(who)
        if self.workspaces.available(workspace) < 1.0:
            return "workspace", self.workspaces.wait(workspace)
        self.people.take(who)
        self.workspaces.take(workspace)
        return None
