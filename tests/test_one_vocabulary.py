"""One vocabulary: the same facts in the same words and numbers on every surface.

``edu-rules progress``, the city summary (``edu-rules evaluate`` on several units) and
the web's batch page say each unit's schedule in the same words, and count its
shortfalls the same way: the binding ones, with the advisory ones said apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import edu_rules
from edu_rules.batch import evaluate_batch, progress_data
from edu_rules.cli import main
from edu_rules.reports._format import schedule_text, shortfalls_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILES = sorted(EXAMPLES.glob("*.json"))


def _said(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    main(list(argv))
    return capsys.readouterr().out


@pytest.fixture(scope="module", name="units")
def _units() -> list[dict[str, object]]:
    """Each example unit's schedule, planned year and shortfall counts, from the library."""
    results = [edu_rules.evaluate(edu_rules.load_county(path)) for path in FILES]
    progress = progress_data(evaluate_batch([edu_rules.load_county(p) for p in FILES]))
    by_code = {result.county.code: result for result in results}
    units = []
    for unit in progress["units"]:
        summary = by_code[unit["code"]].summary
        units.append(
            {
                **unit,
                "binding": summary.binding_shortfalls,
                "advisory": summary.shortfalls - summary.binding_shortfalls,
            }
        )
    return units


def test_some_unit_has_an_advisory_shortfall(units):
    """The examples hold the case that told the counts apart (鱼峰区: 9 binding, 1 advisory)."""
    assert any(unit["advisory"] for unit in units)


def test_progress_says_each_schedule_in_the_shared_words(capsys, units):
    """``edu-rules progress``: each unit's line ends in the shared words for its schedule."""
    said = _said(capsys, "progress", *map(str, FILES))

    for unit in units:
        line = next(line for line in said.splitlines() if f" {unit['code']} " in f" {line} ")
        assert line.rstrip().endswith(schedule_text(unit["schedule"], unit["years"], "zh"))


def test_the_summary_counts_binding_and_advisory_apart(capsys, units):
    """The city summary: the binding count, the advisory ones apart, in the shared words."""
    said = _said(capsys, "evaluate", *map(str, FILES)).replace("\n      ", "")

    for unit in units:
        count = shortfalls_text(unit["binding"], unit["advisory"], "zh")
        assert f"未达标项（影响结论） {count}" in said, unit["name"]


def test_the_web_batch_page_says_the_same(units):
    """The web's /batch page: the same schedule words and the same counts for each unit."""
    pytest.importorskip("starlette", reason="the web extra is not installed")
    from starlette.testclient import TestClient

    from edu_rules.web import Settings, create_app

    files = [("file", (path.name, path.read_bytes())) for path in FILES]
    with TestClient(create_app(Settings(workers=1))) as client:
        page = client.post("/batch", files=files).text

    for unit in units:
        row = re.search(rf"<tr><td>{unit['code']}</td>.*?</tr>", page, re.DOTALL)
        assert row is not None, unit["code"]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.DOTALL)
        schedule = schedule_text(unit["schedule"], unit["years"], "zh")
        count = shortfalls_text(unit["binding"], unit["advisory"], "zh")
        assert (cells[4], cells[-1]) == (count, schedule)
