"""Long work shows its progress on a terminal; files for reading never flood one.

``monitor``, ``progress`` and ``evaluate`` over many files draw a bar on standard
error when it is a terminal (nothing otherwise).  An HTML or Markdown report asked
for at a terminal without ``-o`` goes to a file named after the unit, or is refused
with the option to use: it is never poured onto the screen.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from edu_rules.cli import _terminal, main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UNIT = EXAMPLES / "450203-yufeng.json"


class _Terminal:
    """A stream that says it is a terminal, keeping what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


@pytest.mark.parametrize(
    ("argv", "total"),
    [
        (["progress", str(EXAMPLES)], 10),
        (["monitor", "HISTORY", "--format", "json", "--no-remedies", "-o", "TMP"], None),
        (["evaluate", *map(str, sorted(EXAMPLES.glob("*.json"))), "-o", "TMP"], 10),
    ],
    ids=["progress", "monitor", "evaluate"],
)
def test_a_bar_on_a_terminal_and_nothing_when_piped(monkeypatch, capsys, tmp_path, argv, total):
    """On a terminal the bar reaches N/N and clears its line; piped, standard error is empty."""
    history = EXAMPLES / "history"
    documents = len(list(history.glob("*.json")))
    expected = total if total is not None else 2 * documents  # evaluated, then followed
    given = [
        str(history) if a == "HISTORY" else str(tmp_path / "out") if a == "TMP" else a for a in argv
    ]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    _run(given)

    assert any(f"{expected}/{expected}" in text for text in terminal.written)
    assert terminal.written[-1] == "\r\033[K"
    monkeypatch.undo()
    capsys.readouterr()
    _run(given)
    assert capsys.readouterr().err == ""


@pytest.fixture(name="at_a_terminal")
def _at_a_terminal(monkeypatch, tmp_path, capsys):
    """Standard output a terminal, the current folder a fresh one."""
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    monkeypatch.setattr(_terminal, "to_terminal", lambda: True)
    return tmp_path


@pytest.mark.parametrize(("fmt", "suffix"), [("html", ".html"), ("markdown", ".md")])
def test_one_units_report_goes_to_a_file_named_after_it(at_a_terminal, capsys, fmt, suffix):
    """``evaluate FILE --format html`` at a terminal: the file 450203-yufeng.html, said."""
    code = _run(["evaluate", str(UNIT), "--format", fmt])

    written = at_a_terminal / f"{UNIT.stem}{suffix}"
    said = capsys.readouterr()
    assert (code, said.out) == (1, "")
    assert written.stat().st_size > 10_000
    assert written.name in said.err


def test_an_existing_file_is_not_overwritten(at_a_terminal, capsys):
    """When that file exists, the command asks for -o instead (exit 2)."""
    (at_a_terminal / f"{UNIT.stem}.html").write_text("mine", encoding="utf-8")

    code = _run(["evaluate", str(UNIT), "--format", "html"])

    assert (code, (at_a_terminal / f"{UNIT.stem}.html").read_text(encoding="utf-8")) == (2, "mine")
    assert "-o" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", str(EXAMPLES), "--format", "markdown"],
        ["monitor", str(EXAMPLES / "history")],
    ],
    ids=["evaluate many", "monitor"],
)
def test_many_units_report_is_refused_naming_the_option(at_a_terminal, capsys, argv):
    """Several units (or a monitoring report) at a terminal: exit 2, saying to use -o."""
    code = _run(argv)

    said = capsys.readouterr()
    assert (code, said.out) == (2, "")
    assert "-o 文件名" in said.err
    assert list(at_a_terminal.iterdir()) == []


def test_a_pipe_still_gets_the_report(tmp_path, capsys):
    """Not a terminal: the report is written to standard output as before."""
    shutil.copy(UNIT, tmp_path / UNIT.name)

    code = _run(["evaluate", str(tmp_path / UNIT.name), "--format", "html"])

    assert (code, capsys.readouterr().out.startswith("<!DOCTYPE html>")) == (1, True)
