"""``edu-rules store`` and ``serve --store`` on the command line: done is 0, refused is 2, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from edu_rules.store import OPERATOR, Store


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the probe is


def test_tokens_issued_on_the_command_line_open_the_record_they_name(url):
    done = _cli("store", "--url", url, "init")
    assert done.returncode == 0, done.stderr
    issued = _cli(
        "store", "--url", url, "token", "--scope", "city", "--unit", "4502", "--label", "柳州市"
    )
    assert issued.returncode == 0, issued.stderr
    (token,) = issued.stdout.split()
    store = Store.open(url)
    principal = store.authenticate(token)
    assert principal is not None
    assert principal.covers("450202")
    assert not principal.covers("450302")
    assert _cli("store", "--url", url, "unit", "450226", "三江侗族自治县").returncode == 0
    assert [e["unit"] for e in store.state(OPERATOR)] == []  # a unit without a year on record
    assert [e["action"] for e in store.audit(OPERATOR)] == ["token.issued", "unit.added"]
    assert _cli("store", "--url", url, "revoke", token.partition(".")[0]).returncode == 0
    assert store.authenticate(token) is None
    store.close()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("store", "token", "--scope", "county", "--unit", "4502", "--label", "x"), "6 位"),
        (("store", "revoke", "99"), "没有编号为 99 的令牌"),
    ],
)
def test_a_refused_action_says_why_in_chinese_and_exits_2(url, args, said):
    done = _cli(*args[:1], "--url", url, *args[1:])
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_a_database_that_cannot_be_opened_exits_2_for_store_and_serve():
    url = f"postgresql://nobody:secret@127.0.0.1:{_closed_port()}/none"
    for args in (("store", "--url", url, "init"), ("serve", "--port", "0", "--store", url)):
        done = _cli(*args, "--lang", "en")
        assert done.returncode == 2, done.stderr
        assert "cannot open the database" in done.stderr
        assert "secret" not in done.stderr
        assert "Traceback" not in done.stderr
