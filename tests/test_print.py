"""The reports on paper: charts that read without hovering, A4 pages, Chinese in a real font.

The charts are read as SVG: every bar carries a number that the school table names,
a bar beyond the axis cap is broken and its value written, labels keep apart, and
each indicator's unit says what it counts.  Then a bundled example's report (73
primary school stages) is laid out by Debian's headless Chromium as it lays out a
page for printing, and printed to PDF; the PDF is read with the standard library
only (its page boxes and the names of its fonts).  The browser tests are skipped,
never failed, where Chromium or its driver is missing (``.ci/run`` installs both,
and a CJK font).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import edu_rules
from edu_rules.reports import _format, _svg, render, render_many

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
EXAMPLES = Path(__file__).parent.parent / "examples"

needs_a_browser = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="chromium or chromedriver is not installed"
)

A4_POINTS = (595.28, 841.89)
"""210 × 297 mm in PDF points; a browser's own default would be US Letter (612 × 792)."""
PRINTED_WIDTH_PX = 703
"""The printed line: 210 mm less the stylesheet's two 12 mm margins, at 96 CSS px per inch."""

_OVERFLOW = """
const limit = document.documentElement.clientWidth + 0.01;
const found = [];
for (const element of document.body.querySelectorAll("*")) {
  const box = element.getBoundingClientRect();
  const cell = element.tagName === "TD" || element.tagName === "TH";
  const style = getComputedStyle(element);
  // A collapsed border is drawn across its grid line, past the cell's box (the half
  // beyond the table's edge is what a printed page cuts off).
  const table = element.closest("table");
  const collapsed = cell && table && getComputedStyle(table).borderCollapse === "collapse";
  const right = box.right + (collapsed ? parseFloat(style.borderRightWidth) : 0);
  if (right > limit || (cell && element.scrollWidth > element.clientWidth + 1)) {
    found.push(element.tagName + ": " + element.textContent.slice(0, 60));
  }
}
return found;
"""
"""Every element reaching past the printed line, and every table cell whose text spills out."""


@pytest.fixture(scope="module", name="browser")
def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(DRIVER)))
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PRINTED_WIDTH_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module", name="luzhai")
def _luzhai():
    """鹿寨县: 73 primary and 13 junior school stages, 29 shortfalls."""
    return edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450223-luzhai.json"))


@pytest.fixture(scope="module", name="yufeng")
def _yufeng():
    """鱼峰区: four junior schools spend 9,112–11,330 yuan per pupil on equipment (L6)."""
    return edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))


def _chart(html: str, title: str) -> str:
    """The SVG of the chart whose ``<title>`` begins with ``title``."""
    return next(c for c in re.findall(r"<svg.*?</svg>", html, re.DOTALL) if f"<title>{title}" in c)


def _texts(svg: str) -> list[str]:
    """What a chart writes (not its hover titles)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _school_rows(html: str, stage: str) -> dict[str, str]:
    """The school table of ``stage``: number → school, as the page prints it."""
    caption = f"各校指标值（编号与图中一致）· {stage}"
    table = html[html.index(caption) :].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td>", table)
    return dict(rows)


def _stage_findings(result, item: str, stage: str):
    return [f for f in result.findings if f.rule == f"national.{item}" and f.subject.stage == stage]


class TestChartsOnPaper:
    """What a printed chart must say without a mouse: who each bar is, and how far it goes."""

    def test_every_bar_is_numbered_and_the_school_table_names_the_number(self, luzhai):
        """Each of the 73 bars of L1 (primary) shows a number; the table gives its school."""
        html = render(luzhai, "html", "zh")
        chart = _chart(html, "L1 ")
        schools = _school_rows(html, "小学")
        findings = _stage_findings(luzhai, "L1", "primary")
        hover = re.findall(r"<rect[^>]*><title>(\d+)\. ([^<]*?): ", chart)

        assert len(hover) == len(findings) == len(schools) == 73
        for number, who in hover:
            assert number in _texts(chart)
            assert schools[number] == who
        assert {f"{f.subject.name} ({f.subject.school})" for f in findings} == set(schools.values())

    def test_a_bar_beyond_the_axis_cap_is_broken_and_its_value_written(self, yufeng):
        """L6 (junior) is capped at three standards; the schools above it are marked."""
        html = render(yufeng, "html", "zh")
        chart = _chart(html, "L6 生均教学仪器设备值（初中）")
        findings = _stage_findings(yufeng, "L6", "junior")
        cap = 3 * float(findings[0].required)
        beyond = sorted(float(f.measured) for f in findings if float(f.measured) > cap)
        written = _texts(chart)

        assert len(beyond) == 4
        assert _format.number(cap) in written  # the axis says where it stops
        assert all(_format.number(round(value)) in written for value in beyond)
        assert chart.count('stroke="#ffffff"') == len(beyond)  # one break mark a bar
        assert f"{len(beyond)} 个数值超出纵轴上限 {_format.number(cap)}" in chart

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_the_standard_and_floor_labels_keep_apart(self, yufeng, luzhai, lang):
        """Drawn 15% apart, the two lines' labels are still a line of text apart."""
        for result in (yufeng, luzhai):
            html = render(result, "html", lang)
            for chart in re.findall(r"<svg.*?</svg>", html, re.DOTALL):
                right = re.findall(r'<text x="(\d+)" y="([0-9.]+)">[^<]*\d</text>', chart)
                ys = sorted(float(y) for x, y in right if int(x) > 560)
                gaps = [b - a for a, b in itertools.pairwise(ys)]

                assert all(gap >= 11 for gap in gaps), gaps

    def test_each_indicator_names_what_it_counts(self, luzhai):
        """Teachers per 100 pupils are 人, classrooms 间; 元 and 平方米 stay as they are."""
        zh = render(luzhai, "html", "zh")
        en = render(luzhai, "html", "en")

        for item in ("L1", "L2", "L3"):
            assert "人/百名学生" in _chart(zh, f"{item} ")
            assert "teachers per 100 students" in _chart(en, f"{item} ")
        assert "间/百名学生" in _chart(zh, "L7 ")
        assert "classrooms per 100 students" in _chart(en, "L7 ")
        assert "元/生" in _chart(zh, "L6 ")
        assert "人(间)" not in zh

    def test_a_teacher_shortfall_is_counted_in_teachers(self):
        """A school short of qualified teachers reads ``人/百名学生`` in every format."""
        source = json.loads((EXAMPLES / "450203-yufeng.json").read_text("utf-8"))
        source["schools"][0]["stages"]["primary"]["teachers_above_required_qualification"] = 20
        result = edu_rules.evaluate(edu_rules.load_county(source))
        shortfall = next(f for f in result.shortfalls if f.rule == "national.L1")

        assert shortfall.remedies[0].unit == "teachers"
        for fmt in ("text", "markdown", "html"):
            shown = _format.figures(shortfall).measured
            assert f"{shown} 人/百名学生" in render(result, fmt, "zh")


@pytest.fixture(scope="module", name="pages")
def _pages(luzhai, tmp_path_factory):
    """The reports to print: 鹿寨县 in both languages, and a batch of three with its summary."""
    batch = [
        edu_rules.evaluate(edu_rules.load_county(EXAMPLES / name))
        for name in ("450202-chengzhong.json", "450203-yufeng.json", "450226-sanjiang.json")
    ]
    folder = tmp_path_factory.mktemp("print")
    reports = {
        "zh": render(luzhai, "html", "zh"),
        "en": render(luzhai, "html", "en"),
        "batch": render_many(batch, "html", "zh"),
    }
    paths = {}
    for name, html in reports.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    return paths


def _printed(browser, page: Path) -> bytes:
    """The page printed to PDF as Chromium's ``--print-to-pdf`` does: the page's own size."""
    browser.get(page.as_uri())
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    return base64.b64decode(printed["data"])


def _media_boxes(document: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", document)
    return [(float(width), float(height)) for width, height in boxes]


def _font_names(document: bytes) -> set[str]:
    """The embedded fonts' names, without their subset tag: ``AAAAAA+WenQuanYiMicroHei``."""
    names = re.findall(rb"/FontName\s*/([A-Za-z0-9+#_.-]+)", document)
    return {name.decode().split("+", 1)[-1] for name in names}


def _of_the_stack(font: str) -> bool:
    """``NotoSansCJKsc-Regular`` is the stack's ``Noto Sans CJK SC``: the name, unspaced."""
    return any(
        font.lower().startswith(family.replace(" ", "").lower()) for family in _svg.FONT_FAMILIES
    )


def _chinese_fonts() -> str:
    """The installed fonts that cover Chinese, as fontconfig lists them ("" without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ""
    listed = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
    )
    return listed.stdout.strip()


@needs_a_browser
class TestPrintedReport:
    """A county's report and a batch's, laid out on A4 and printed to PDF."""

    @pytest.mark.parametrize("name", ["zh", "en", "batch"])
    def test_nothing_reaches_past_the_printed_line(self, browser, pages, name):
        """No table, chart or cell is wider than the A4 page between its margins."""
        browser.get(pages[name].as_uri())

        overflowing = browser.execute_script(_OVERFLOW)

        assert browser.execute_script("return document.documentElement.clientWidth") == (
            PRINTED_WIDTH_PX
        )
        assert overflowing == []

    @pytest.mark.skipif(
        shutil.which("fc-list") is not None and not _chinese_fonts(),
        reason="no Chinese font is installed (Debian: fonts-wqy-microhei)",
    )
    def test_every_page_is_a4_and_the_chinese_is_in_a_cjk_font(self, browser, pages):
        """The PDF's pages are all A4, and it embeds one of the stack's CJK fonts."""
        document = _printed(browser, pages["zh"])
        boxes = _media_boxes(document)

        assert document.startswith(b"%PDF")
        assert len(boxes) > 5
        assert all(
            abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
            for width, height in boxes
        ), set(boxes)
        assert any(_of_the_stack(font) for font in _font_names(document)), _font_names(document)
