"""Eight clients submitting and reading at once, for a bounded time: nothing lost, nothing corrupted.

Each client submits its own variants of a bundled document (the same document with
its own trailing white space, so that every version's bytes differ) while reading the
state and the versions back.  Two clients share each unit, so that they contend for
the unit-year's next version number.  Afterwards every version's SHA-256 must match
its bytes, each unit-year's versions must run 1, 2, … without a gap or a repeat, and
every submission a client saw accepted must be in the record, as sent, once, and logged.
The figures (versions, reads, seconds) are printed with ``pytest -s``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from edu_rules.store import OPERATOR, Scope, Store, judge
from edu_rules.store import _tables as t
from tests.store._record import raw, serving

CLIENTS = 8
SECONDS = 4.0
UNITS = ("450202", "450203", "450204", "450205")


def _variant(document: bytes, client: int, turn: int) -> bytes:
    """The document with white space of its own after it: the same county, other bytes."""
    return document + b"\n" * (1 + client) + b" " * turn


def _check_record(store: Store, sent: dict[int, bytes]) -> None:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(t.submissions)).all()
        logged = Counter(
            row.subject
            for row in connection.execute(
                sa.select(t.audit.c.subject).where(t.audit.c.action == "submitted")
            )
        )
    assert len(rows) == len(sent)
    for row in rows:
        content = bytes(row.content)
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert len(content) == row.size
        assert content == sent[row.id]
        assert logged[row.id] == 1
    by_year: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        by_year.setdefault((row.unit, row.year), []).append(row.version)
    for versions in by_year.values():
        assert sorted(versions) == list(range(1, len(versions) + 1))


def test_eight_clients_of_the_library_lose_and_corrupt_nothing(store):
    judged = {unit: judge(raw(unit, 2023), f"{unit}.json") for unit in UNITS}
    principals = []
    for unit in UNITS:
        token = store.issue_token(Scope.COUNTY, unit, unit)[1]
        principals.append(store.authenticate(token))
    sent: dict[int, bytes] = {}
    reads = Counter[int]()
    failures: list[BaseException] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(number: int) -> None:
        unit = UNITS[number % len(UNITS)]
        who = principals[number % len(UNITS)]
        turn = 0
        try:
            while time.monotonic() < deadline:
                content = _variant(raw(unit, 2023), number, turn)
                done = store.submit(who, content, f"{unit}.json", judgment=judged[unit])
                with lock:
                    sent[done["id"]] = content
                assert store.document(who, done["id"])[1] == content
                assert store.version(who, done["id"])["sha256"] == done["sha256"]
                assert any(e["latest"] for e in store.state(who))
                reads[number] += 3
                turn += 1
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    seconds = time.monotonic() - started
    assert not failures, failures
    assert all(reads[n] > 0 for n in range(CLIENTS))
    _check_record(store, sent)
    assert len(store.state(OPERATOR)) == len(UNITS)
    dialect = store.engine.dialect.name
    print(  # noqa: T201 - the figures, shown with pytest -s
        f"\n{dialect}: {CLIENTS} clients, {len(sent)} versions and {sum(reads.values())} reads"
        f" in {seconds:.1f} s"
    )


def test_eight_clients_of_the_service_lose_and_corrupt_nothing(url: str):
    httpx = pytest.importorskip("httpx")
    store = Store.open(url)
    tokens = [store.issue_token(Scope.COUNTY, unit, unit)[1] for unit in UNITS]
    sent: dict[int, bytes] = {}
    failures: list[BaseException] = []
    answers = Counter[int]()
    lock = threading.Lock()
    with serving(url) as base:
        warming = [  # both worker processes started and warm before the clock runs
            threading.Thread(target=httpx.get, args=(f"{base}/v1/layers",), kwargs={"timeout": 120})
            for _ in range(2)
        ]
        for thread in warming:
            thread.start()
        for thread in warming:
            thread.join()
        deadline = time.monotonic() + SECONDS

        def client(number: int) -> None:
            unit = UNITS[number % len(UNITS)]
            headers = {"Authorization": f"Bearer {tokens[number % len(UNITS)]}"}
            turn = 0
            try:
                with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
                    while time.monotonic() < deadline:
                        content = _variant(raw(unit, 2023), number, turn)
                        files = {"file": (f"{unit}.json", content)}
                        done = http.post("/v1/record/submissions", files=files)
                        answers[done.status_code] += 1
                        if done.status_code == 503:  # the pool is full: said, and retried
                            continue
                        assert done.status_code == 201, done.text
                        number_kept = done.json()["id"]
                        with lock:
                            sent[number_kept] = content
                        got = http.get(f"/v1/record/versions/{number_kept}/document")
                        assert got.content == content
                        assert http.get("/v1/record/state").status_code == 200
                        turn += 1
            except BaseException as error:  # noqa: BLE001 - reported by the test below
                failures.append(error)

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 180)
        seconds = time.monotonic() - started
    assert not failures, failures
    assert sent
    _check_record(store, sent)
    store.close()
    print(  # noqa: T201 - the figures, shown with pytest -s
        f"\nserve --store {store.engine.dialect.name}: {CLIENTS} clients, {len(sent)} versions"
        f" in {seconds:.1f} s; answers {dict(sorted(answers.items()))}"
    )
