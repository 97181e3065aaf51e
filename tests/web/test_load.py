"""Under concurrent load on localhost, nothing is lost and every answer is the same.

100 evaluations, 8 at a time, against ``edu-rules serve`` on 127.0.0.1; the
throughput is printed (``python benchmarks/web_load.py`` prints it on its own),
never asserted.
"""

from __future__ import annotations

from benchmarks.web_load import EXAMPLE, load
from tests.web._support import cli_output

REQUESTS = 100
CONCURRENCY = 8


def test_concurrent_uploads_all_get_the_one_right_answer(server, capsys):
    """Every request is answered 200 with the CLI's result document, byte for byte."""
    _, expected = cli_output(capsys, "evaluate", str(EXAMPLE), "--format", "json")

    answers, seconds = load(
        f"{server}/v1/evaluate", EXAMPLE.read_bytes(), requests=REQUESTS, concurrency=CONCURRENCY
    )

    with capsys.disabled():  # the figure, shown with -s; never asserted
        rate = REQUESTS / seconds
        print(f"\nweb load: {REQUESTS} requests, {CONCURRENCY} concurrent: {rate:.1f}/s")  # noqa: T201
    assert len(answers) == REQUESTS
    assert {(200, expected.encode("utf-8"))} == set(answers)
