"""The hostile corpus: every command, as a real process, on input built to hurt it.

Each case runs ``edu-rules COMMAND ...`` in a child process held by resource limits
(2 GiB of address space, 30 s of CPU, set in ``preexec_fn``): a case that reads
without bound is killed by the kernel and fails, whatever the wall clock says.  Each
must end with its exit code (2 for bad input or usage), no traceback on standard
error, and a message naming the file, or the field, sheet or cell, and the problem.

The inputs (issue 14): a FIFO, ``/dev/zero``, ``/dev/urandom``, a 200 MB document (a
sparse file: refused from its size), a 10-million-character name, a workbook cell at
``XFD1048576``, ``1e99999999`` in a cell and in JSON, a zip bomb (built in the test,
cheaply: 1 GiB by default, 4 GB in the thorough profile), deep nesting in a document,
in a batch array and in ``whatif --set``, and a control character written to Excel.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests._hostile import sparse_file, zip_bomb
from tests._passing import passing_county
from tests.test_fuzz import thorough_only

openpyxl = pytest.importorskip("openpyxl")

from edu_rules.io import excel  # noqa: E402

_GIB = 1 << 30
_CPU_SECONDS = 30
_DEEP = 10**5


def _limited() -> None:
    """In the child: bounded memory and CPU, so a runaway is killed, not waited for."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * _GIB, 2 * _GIB))
    resource.setrlimit(resource.RLIMIT_CPU, (_CPU_SECONDS, _CPU_SECONDS))


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command in English (``EDU_RULES_LANG=en``): these specifications quote its words.

    That the same refusals are Chinese by default is ``tests/test_chinese.py``'s to check.
    """
    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", *map(str, args)],
        env={**os.environ, "EDU_RULES_LANG": "en"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        preexec_fn=_limited,  # no threads in the parent at this point
        stdin=subprocess.DEVNULL,
        timeout=120,  # a safety net only: the CPU limit is the bound
        check=False,
    )


@pytest.fixture(name="corpus", scope="module")
def _corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    document = passing_county(code="450202")
    files: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        files[name] = path
        return path

    good = put("good.json", json.dumps(document, ensure_ascii=False))
    put("long-name.json", json.dumps({**document, "name": "名" * 10**7}, ensure_ascii=False))
    put(
        "exponent.json",
        good.read_text(encoding="utf-8").replace(
            '"students": ', '"students": 1e99999999, "x": ', 1
        ),
    )
    put("deep.json", "[" * _DEEP + "]" * _DEEP)
    put("deep-array.json", "[" + "[" * _DEEP + "]" * _DEEP + "]")
    put("control.json", json.dumps({**document, "name": "城中区\x1b[31m\x07"}, ensure_ascii=False))
    files["big.json"] = sparse_file(folder / "big.json", 200 * (1 << 20))
    fifo = folder / "fifo.json"
    os.mkfifo(fifo)
    files["fifo.json"] = fifo
    workbook = folder / "good.xlsx"
    excel.write_county(workbook, document)
    files["good.xlsx"] = workbook
    files["far.xlsx"] = _edited(workbook, folder / "far.xlsx", "XFD1048576", 1)
    files["exponent.xlsx"] = _edited(workbook, folder / "exponent.xlsx", "N3", "1e99999999")
    files["bomb.xlsx"] = zip_bomb(folder / "bomb.xlsx", workbook, "xl/worksheets/sheet1.xml", 1024)
    return files


def _edited(source: Path, target: Path, cell: str, value: object) -> Path:
    book = openpyxl.load_workbook(source)
    book[excel.SCHOOLS_SHEET][cell] = value
    book.save(target)
    return target


_FILE_COMMANDS = {
    "evaluate": ("evaluate", "{file}"),
    "plan": ("plan", "{file}"),
    "whatif": ("whatif", "{file}", "--set", "guarantee.quota_allocation_pct=55"),
    "progress": ("progress", "{file}"),
    "convert": ("convert", "{file}", "{out}.json", "--force"),
}

_REFUSED = [
    # (file, commands, words the message must hold)
    ("fifo.json", ("evaluate", "plan", "whatif", "convert"), "FIFO"),
    ("/dev/zero", ("evaluate", "plan", "whatif"), "not a regular file"),
    ("/dev/urandom", ("evaluate", "plan"), "not a regular file"),
    ("big.json", ("evaluate", "plan", "whatif", "convert", "progress"), "too large"),
    ("long-name.json", ("evaluate", "plan", "whatif", "convert", "progress"), "name: "),
    ("exponent.json", ("evaluate", "plan", "whatif", "convert", "progress"), "out of range"),
    ("deep.json", ("evaluate", "plan", "whatif", "convert"), "nested too deeply"),
    ("deep-array.json", ("progress",), "nested too deeply"),
    ("far.xlsx", ("evaluate", "convert"), "XFD1048576"),
    ("exponent.xlsx", ("evaluate", "convert"), "Schools!N3"),
    ("bomb.xlsx", ("evaluate", "convert"), "unpacks to"),
]

_CASES = [
    pytest.param(name, command, words, id=f"{command}-{Path(name).name}")
    for name, commands, words in _REFUSED
    for command in commands
]


def _argv(corpus: dict[str, Path], name: str, command: str) -> list[str]:
    file = str(corpus.get(name, name))
    out = str(corpus["good.json"].parent / f"out-{command}")
    return [part.format(file=file, out=out) for part in _FILE_COMMANDS[command]]


class TestEveryCommandRefusesHostileFiles:
    """Exit 2 at once, a message naming the file and the problem, never a traceback."""

    @pytest.mark.parametrize(("name", "command", "words"), _CASES)
    def test_refused_with_a_message(self, corpus, name, command, words):
        argv = _argv(corpus, name, command)

        completed = _run(*argv)

        assert (completed.returncode, "Traceback" in completed.stderr) == (2, False), (
            completed.stderr[-800:]
        )
        assert Path(name).name in completed.stderr
        assert words in completed.stderr
        assert len(completed.stderr) < 10_000, "the message quotes the bad value, not all of it"


class TestOtherCommandsAndArguments:
    """The commands without an input file, and hostile arguments to the others."""

    def test_whatif_with_a_value_nested_100000_deep(self, corpus):
        completed = _run("whatif", corpus["good.json"], "--set", "name=" + "[" * _DEEP)

        assert (completed.returncode, "Traceback" in completed.stderr) == (2, False)
        assert "--set name=…: the value is nested too deeply" in completed.stderr

    def test_template_refuses_to_write_into_a_fifo(self, corpus):
        """Writing into a FIFO would wait for a reader for ever."""
        fifo = corpus["fifo.json"].with_suffix(".xlsx")
        os.mkfifo(fifo)

        completed = _run("template", fifo, "--force")

        assert (completed.returncode, "Traceback" in completed.stderr) == (2, False)
        assert f"{fifo}: not a regular file" in completed.stderr

    @pytest.mark.parametrize(
        "argv",
        [("schema", "nope"), ("plugins", "--format", "nope"), ("nope",), ("evaluate",)],
        ids=["schema", "plugins", "unknown-command", "no-file"],
    )
    def test_usage_errors(self, argv):
        completed = _run(*argv)

        assert (completed.returncode, "Traceback" in completed.stderr) == (2, False)
        assert "error:" in completed.stderr

    def test_a_control_character_cannot_go_into_a_workbook(self, corpus, tmp_path):
        """Excel cannot store it: refused with the field named, not IllegalCharacterError."""
        completed = _run("convert", corpus["control.json"], tmp_path / "out.xlsx")

        assert (completed.returncode, "Traceback" in completed.stderr) == (2, False)
        assert "name: " in completed.stderr
        assert "\\x1b" in completed.stderr

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_control_characters_are_shown_escaped_in_reports(self, corpus, fmt):
        completed = _run("evaluate", corpus["control.json"], "--format", fmt)

        assert completed.returncode in {0, 1}
        assert "\x1b" not in completed.stdout
        assert "\x07" not in completed.stdout
        shown = "城中区\\\\x1b\\[31m\\\\x07" if fmt == "markdown" else "城中区\\x1b[31m\\x07"
        assert shown in completed.stdout  # Markdown escapes the backslash and bracket it shows

    def test_a_file_name_with_a_control_character_is_echoed_escaped(self, tmp_path):
        path = tmp_path / "bad\x1b[2Jname.json"
        path.write_text("{", encoding="utf-8")

        completed = _run("evaluate", path)

        assert completed.returncode == 2
        assert "\x1b" not in completed.stderr
        assert "bad\\x1b[2Jname.json" in completed.stderr

    def test_a_good_workbook_still_evaluates(self, corpus):
        """The bounds leave a real workbook alone: the control case of this corpus."""
        completed = _run("evaluate", corpus["good.xlsx"])

        assert (completed.returncode, completed.stderr) == (0, "")


@thorough_only
def test_a_4_gb_zip_bomb_is_refused_from_its_directory(corpus, tmp_path):
    """The 3.9 MB workbook of the issue, unpacking to 4 GB: refused without unpacking."""
    bomb = zip_bomb(tmp_path / "bomb4.xlsx", corpus["good.xlsx"], "xl/worksheets/sheet1.xml", 3800)

    completed = _run("evaluate", bomb)

    assert (completed.returncode, "unpacks to" in completed.stderr) == (2, True)
