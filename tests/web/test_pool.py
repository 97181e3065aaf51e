"""The worker pool under a burst: its count is the work really running, refused work ends.

A request answered before its job ended (503 past the time limit, or one refused as
busy) must not go on holding a worker: a job still waiting is cancelled, a running one
is stopped by its worker at the limit, and the pool counts a job until its work has
really ended.  The layers and the template never wait behind evaluations.  The jobs
here are small functions of this module that spin the CPU in Python, as a long
evaluation does.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.testclient import TestClient

from edu_rules.web import Settings, create_app
from edu_rules.web._app import Pool, RefusedError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LONG = 120.0
"""Seconds a job would spin if nothing stopped it: far beyond any wait below."""


def spin(seconds: float) -> tuple[str, str]:
    """Busy Python code for ``seconds`` (an evaluation of a very large county)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(1000))
    return ("ok", "spun")


def stubborn(extra: float) -> tuple[str, str]:
    """Swallow every interruption for ``extra`` seconds past the first (careless plugin code)."""
    ignored_until = None
    while True:
        try:
            spin(LONG)
        except BaseException:  # what careless plugin code does
            ignored_until = ignored_until or time.monotonic() + extra
            if time.monotonic() > ignored_until:
                raise


async def _until_idle(pool: Pool, within: float) -> bool:
    """Whether the pool's count of work in flight reaches 0 within ``within`` seconds."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        if pool.in_flight == 0:
            return True
        await asyncio.sleep(0.05)
    return False


def _refused(pool: Pool, job, *args) -> RefusedError:
    async def run() -> RefusedError:
        with pytest.raises(RefusedError) as refused:
            await pool.run("zh", job, *args)
        return refused.value

    return asyncio.run(run())


class TestTheCountIsTheWork:
    def test_a_late_job_counts_until_its_worker_stopped_it_then_the_worker_is_free(self):
        """503 at the limit; the job still counts while it runs; then the worker answers again."""
        pool = Pool(Settings(workers=1, queue=1, time_limit=1.0))

        async def scenario() -> tuple[int, int, bool, tuple[str, str]]:
            with pytest.raises(RefusedError) as late:
                await pool.run("zh", stubborn, 1.5)
            counted_after_the_answer = pool.in_flight
            idle = await _until_idle(pool, 30)
            after = await pool.run("zh", spin, 0.01)
            return late.value.status, counted_after_the_answer, idle, after

        try:
            status, counted, idle, after = asyncio.run(scenario())
        finally:
            pool.close()

        assert status == 503
        assert counted == 1  # answered, but its work had not ended: still counted
        assert idle  # stopped by its worker, not left to spin for two minutes
        assert after == ("ok", "spun")

    def test_a_burst_past_the_limit_leaves_nothing_running(self):
        """Five long jobs on one worker: all refused (503), the waiting ones never started."""
        pool = Pool(Settings(workers=1, queue=8, time_limit=1.0))

        async def scenario() -> tuple[list[int], bool, tuple[str, str]]:
            runs = [pool.run("zh", spin, LONG) for _ in range(5)]
            answers = await asyncio.gather(*runs, return_exceptions=True)
            statuses = [a.status if isinstance(a, RefusedError) else 0 for a in answers]
            idle = await _until_idle(pool, 30)
            return statuses, idle, await pool.run("zh", spin, 0.01)

        try:
            statuses, idle, after = asyncio.run(scenario())
        finally:
            pool.close()

        assert statuses == [503] * 5
        assert idle  # five jobs of two minutes each would hold the worker for ten
        assert after == ("ok", "spun")

    def test_a_full_pool_counts_only_what_it_took(self):
        """Jobs refused as busy are never counted, and never run."""
        pool = Pool(Settings(workers=1, queue=1, time_limit=1.0))

        async def scenario() -> tuple[list[int], int]:
            runs = [pool.run("zh", spin, LONG) for _ in range(6)]
            answers = await asyncio.gather(*runs, return_exceptions=True)
            busy = [
                a for a in answers if isinstance(a, RefusedError) and "Retry-After" in a.headers
            ]
            await _until_idle(pool, 30)
            return [len(busy), len(answers) - len(busy)], pool.in_flight

        try:
            counts, left = asyncio.run(scenario())
        finally:
            pool.close()

        assert counts == [4, 2]  # workers + queue taken, the rest refused at once
        assert left == 0


def test_the_layers_answer_while_a_burst_fills_the_pool():
    """A burst of evaluations of 融水 (the largest example) fills the pool; /v1/layers is 200."""
    body = (EXAMPLES / "450225-rongshui.json").read_bytes()
    settings = Settings(workers=1, queue=1, time_limit=60.0)
    with TestClient(create_app(settings)) as client, ThreadPoolExecutor(max_workers=8) as burst:
        sent = [burst.submit(client.post, "/v1/evaluate", content=body) for _ in range(8)]
        during = [client.get("/v1/layers").status_code for _ in range(3)]
        answered = sorted(future.result().status_code for future in sent)
        after = client.get("/v1/layers")

    assert 503 in answered  # the burst went past workers + queue
    assert set(answered) <= {200, 503}
    assert during == [200, 200, 200]
    assert after.status_code == 200
    assert any(layer["name"] == "national" for layer in after.json())
