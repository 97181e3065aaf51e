"""Load on the web service: many concurrent evaluations on localhost, nothing lost.

Starts ``edu-rules serve`` on 127.0.0.1 (or uses ``--url``), sends ``--requests``
evaluations of one example, ``--concurrency`` at a time, and prints the throughput
and whether every answer was a 200 identical to the first.  Nothing is asserted
about speed; ``tests/web/test_load.py`` checks that nothing is lost.

    python benchmarks/web_load.py --requests 200 --concurrency 8
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "450202-chengzhong.json"


def load(
    url: str, body: bytes, *, requests: int, concurrency: int
) -> tuple[list[tuple[int, bytes]], float]:
    """POST ``body`` to ``url`` ``requests`` times, ``concurrency`` at once.

    Returns every ``(status, body)`` in the order sent, and the seconds it took.
    """
    limits = httpx.Limits(max_connections=concurrency)
    with httpx.Client(limits=limits, timeout=120) as client:

        def one(_index: int) -> tuple[int, bytes]:
            answer = client.post(url, content=body)
            return answer.status_code, answer.content

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            answers = list(pool.map(one, range(requests)))
        return answers, time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(workers: int) -> Iterator[str]:
    """``edu-rules serve`` on 127.0.0.1 and a free port, stopped afterwards; its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "edu_rules.cli", "serve", "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", str(workers)])  # noqa: S603 - our own CLI
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _up(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"edu-rules serve did not start on {base}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _up(base: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    return False


def main() -> None:
    """Run the load and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--url", help="a running service's base URL (default: start one)")
    args = parser.parse_args()
    body = EXAMPLE.read_bytes()
    with contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(serving(args.workers))
        url = f"{base}/v1/evaluate"
        answers, seconds = load(url, body, requests=args.requests, concurrency=args.concurrency)
    ok = sum(status == 200 for status, _ in answers)
    identical = len({content for _, content in answers}) == 1
    print(
        f"{args.requests} requests, {args.concurrency} concurrent, {args.workers} workers: "
        f"{seconds:.2f} s, {args.requests / seconds:.1f} requests/s; "
        f"{ok} answered 200, all identical: {identical}"
    )


if __name__ == "__main__":
    main()
