"""What the web tests share: the examples, the CLI's own output, workbooks of the examples."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import edu_rules
from edu_rules.cli import main
from edu_rules.io import excel

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASSING = EXAMPLES / "450202-chengzhong.json"  # 城中区: pass
FAILING = EXAMPLES / "450203-yufeng.json"  # 鱼峰区: fail, ten shortfalls


def cli_output(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """What ``edu-rules ARGS`` prints to standard output, and its exit code."""
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


def workbook_of(path: Path) -> bytes:
    """The county document at ``path`` as an .xlsx workbook (what ``edu-rules convert`` writes)."""
    out = io.BytesIO()
    excel.write_county(out, edu_rules.load_county(path))
    return out.getvalue()
