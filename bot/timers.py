"""What the reminder pump and the digests share: a date job at the earliest due row,
and background tasks that stop cleanly.

The rows are the truth; the job only says "wake up then". APScheduler runs on the wall
clock while the application may run on a test's clock, so "due in N seconds" on the
application's clock becomes "now + N seconds" on the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock


def arm(
    scheduler: AsyncIOScheduler,
    job_id: str,
    wake: Callable[[], Awaitable[None]],
    upcoming: datetime | None,
    clock: Clock,
) -> None:
    """Make job `job_id` fire `wake` at `upcoming` (on `clock`), or remove it if None."""
    if upcoming is None:
        if scheduler.get_job(job_id):
            scheduler.remove_job(job_id)
        return
    delay = max(0.0, (upcoming - clock.now()).total_seconds())
    scheduler.add_job(
        wake,
        "date",
        run_date=datetime.now(UTC) + timedelta(seconds=delay),
        id=job_id,
        replace_existing=True,
        # However late the job runs (a busy loop, a suspended laptop), run it: the
        # default grace of one second would silently drop it.
        misfire_grace_time=None,
        coalesce=True,
    )


class Tasks:
    """Background tasks of one component: kept referenced, awaited on stop."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.stopping = False

    def spawn(self, work: Coroutine[Any, Any, object]) -> None:
        if self.stopping:
            work.close()
            return
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        self.stopping = True
        await asyncio.gather(*self._tasks, return_exceptions=True)
