"""One scheduler leader at a time; another replica takes over when it goes away."""

from __future__ import annotations

from storage.db import Database
from storage.leader import LeaderLock
from testkit.fixtures import POSTGRES_URL, postgres_only


async def test_a_lone_process_leads_again_after_releasing(db: Database) -> None:
    lock = LeaderLock(db)
    try:
        assert await lock.ensure()
        await lock.release()
        assert await lock.ensure()
    finally:
        await lock.release()  # the lock's connection goes back before the database is dropped


@postgres_only
async def test_only_one_replica_leads_and_another_takes_over() -> None:
    url = str(POSTGRES_URL)
    first, second = Database(url), Database(url)
    key = 424242  # a key of this test's own, so a running bot on the same server is unaffected
    leader, follower = LeaderLock(first, key), LeaderLock(second, key)
    try:
        assert await leader.ensure()
        assert not await follower.ensure()
        assert await leader.ensure()  # keeps it
        await leader.release()
        assert await follower.ensure()
        assert not await leader.ensure()
    finally:
        await leader.release()
        await follower.release()
        await first.dispose()
        await second.dispose()


@postgres_only
async def test_a_dead_leader_loses_the_lock() -> None:
    url = str(POSTGRES_URL)
    first, second = Database(url), Database(url)
    key = 434343
    leader, follower = LeaderLock(first, key), LeaderLock(second, key)
    try:
        assert await leader.ensure()
        assert leader._connection is not None
        await leader._connection.invalidate()  # the connection dies with its process
        assert await follower.ensure()
    finally:
        await leader.release()  # closes what is left of the dead connection
        await follower.release()
        await first.dispose()
        await second.dispose()
