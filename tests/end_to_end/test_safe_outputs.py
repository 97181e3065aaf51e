"""Every file the command line writes is all or nothing, and a failed write says so in Chinese.

The real command runs in a child process whose files may grow no larger than a
few hundred bytes (``RLIMIT_FSIZE``), as on a disk that fills up while the report is
written: the earlier file must survive unchanged, no temporary file may be left
beside it, and the command must end with exit 2 and a message naming the file —
never a traceback, never exit 0 or 3.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
YUFENG = EXAMPLES / "450203-yufeng.json"
CHENGZHONG = EXAMPLES / "450202-chengzhong.json"
HISTORY = sorted((EXAMPLES / "history").glob("450202-*.json"))
OLD = "the analyst's earlier file\n"
LIMIT = 400
"""Bytes a file of the child may reach: less than any report or document written here."""


def _run(
    *args: str, limit: int | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    def small_files() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        preexec_fn=small_files,  # the child sets its own file size limit, nothing else
        cwd=cwd,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _xlsx_source(tmp_path: Path) -> Path:
    workbook = tmp_path / "source.xlsx"
    made = _run("convert", str(CHENGZHONG), str(workbook))
    assert made.returncode == 0, made.stderr
    return workbook


WRITES: dict[str, Callable[[Path, Path], list[str]]] = {
    "evaluate -o (one unit)": lambda out, _: ["evaluate", str(YUFENG), "-o", str(out)],
    "evaluate --format xlsx": lambda out, _: [
        "evaluate",
        str(YUFENG),
        "--format",
        "xlsx",
        "-o",
        str(out),
    ],
    "evaluate -o (streamed batch)": lambda out, _: [
        "evaluate",
        str(YUFENG),
        str(CHENGZHONG),
        "--format",
        "json",
        "-o",
        str(out),
    ],
    "monitor -o": lambda out, _: ["monitor", *map(str, HISTORY), "--format", "md", "-o", str(out)],
    "monitor --format xlsx": lambda out, _: [
        "monitor",
        *map(str, HISTORY),
        "--format",
        "xlsx",
        "-o",
        str(out),
    ],
    "convert to JSON": lambda out, tmp: ["convert", str(_xlsx_source(tmp)), str(out), "--force"],
    "convert to a workbook": lambda out, _: ["convert", str(YUFENG), str(out), "--force"],
    "plan --apply-out": lambda out, _: ["plan", str(YUFENG), "--apply-out", str(out)],
    "whatif --out": lambda out, _: [
        "whatif",
        str(YUFENG),
        "--set",
        "guarantee.quota_allocation_pct=55",
        "--out",
        str(out),
    ],
    "template --force": lambda out, _: ["template", str(out), "--force"],
}


def _target(name: str, tmp_path: Path) -> Path:
    suffix = ".xlsx" if "xlsx" in name or "workbook" in name or "template" in name else ".json"
    folder = tmp_path / "out"
    folder.mkdir()
    return folder / f"report{suffix}"


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_that_fails_keeps_the_earlier_file_and_says_why(name: str, tmp_path: Path) -> None:
    """The disk fills up mid-write: the earlier file is intact, exit 2, a Chinese message."""
    out = _target(name, tmp_path)
    out.write_text(OLD, encoding="utf-8")
    args = WRITES[name](out, tmp_path)

    completed = _run(*args, limit=LIMIT)

    assert completed.returncode == 2, completed.stderr
    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary file left
    if out.suffix == ".xlsx":  # openpyxl writes each sheet to a temporary file first
        assert "无法生成工作簿：临时文件夹" in completed.stderr
        assert "文件超出允许的大小" in completed.stderr
    else:
        assert f"无法写入 {out}：文件超出允许的大小（原有文件保持不变）" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("name", ["evaluate -o (one unit)", "plan --apply-out", "template --force"])
def test_the_same_write_succeeds_and_replaces_the_file_whole(name: str, tmp_path: Path) -> None:
    """Without the limit the file is replaced by the whole new content, and nothing is left."""
    out = _target(name, tmp_path)
    out.write_text(OLD, encoding="utf-8")

    completed = _run(*WRITES[name](out, tmp_path))

    assert completed.returncode in {0, 1}, completed.stderr
    assert out.read_bytes() != OLD.encode()
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
    if name == "plan --apply-out":
        assert json.loads(out.read_text(encoding="utf-8"))["code"] == "450203"


def test_a_missing_folder_is_named_in_english_too(tmp_path: Path) -> None:
    """``--lang en`` says the same in English."""
    out = tmp_path / "no-such-folder" / "fixed.json"

    completed = _run("plan", str(YUFENG), "--apply-out", str(out), "--lang", "en")

    assert completed.returncode == 2
    assert f"cannot write {out}: the folder does not exist" in completed.stderr
    assert "Traceback" not in completed.stderr


def _reader_gone(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``edu-rules ARGS | head -0``: the reader closes the pipe before anything is written."""
    child = subprocess.Popen(
        [sys.executable, "-m", "edu_rules.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    child.stdout.close()  # evaluation takes a while: the report comes after this
    _, err = child.communicate(timeout=180)
    return subprocess.CompletedProcess(child.args, child.returncode, b"", err)


EVERY_UNIT = sorted(str(path) for path in EXAMPLES.glob("45*.json"))


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        # the whole batch is evaluated before its report is written: its verdict stands
        ((*EVERY_UNIT,), {1}),
        ((*EVERY_UNIT, "--summary"), {1}),
        ((*EVERY_UNIT, "--summary", "--format", "json"), {1}),
        # result documents are written as units come: a verdict cut short is not claimed
        ((*EVERY_UNIT, "--format", "json"), {2}),
        # 城中区 passes, but its report was not delivered: not 0
        ((str(CHENGZHONG), "--format", "html"), {2}),
        ((str(CHENGZHONG),), {2}),
    ],
)
def test_a_reader_that_leaves_early_never_turns_the_exit_code_into_0(
    args: tuple[str, ...], codes: set[int]
) -> None:
    """``edu-rules evaluate … | head``: quietly, with the failing verdict's code or 2."""
    completed = _reader_gone("evaluate", *args)

    assert completed.returncode in codes, completed.stderr.decode()
    assert completed.stderr == b""


def test_a_unit_assessed_before_the_rules_does_not_stop_the_summary(tmp_path: Path) -> None:
    """``--summary --format json`` with a 2016 unit of a national-only place: its own row."""
    early = json.loads(CHENGZHONG.read_text(encoding="utf-8"))
    early.update(code="110101", name="东城区", assessment_year=2016, basic_balance_year=2014)
    early["procedure"]["national_recognition_year"] = None
    for school in early["schools"]:
        school["id"] = "110101" + school["id"][6:]
    path = tmp_path / "110101-2016.json"
    path.write_text(json.dumps(early, ensure_ascii=False), encoding="utf-8")

    completed = _run("evaluate", str(path), str(YUFENG), "--summary", "--format", "json")

    assert completed.returncode == 1, completed.stderr  # 鱼峰区 fails; nothing crashed
    rows = {row["code"]: row for row in json.loads(completed.stdout)}
    assert rows["110101"]["status"] == "incomplete"
    assert rows["450203"]["status"] == "fail"
