"""Reports for people: text for a terminal, Markdown and HTML for a committee, in zh and en.

Each format is checked on a passing county, a failing one and an incomplete one,
in both languages; the HTML is parsed to prove it is well-formed, self-contained
and printable; the text report is measured to prove it fits 80 columns.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

import edu_rules
from edu_rules import Outcome, Result
from edu_rules._limits import MAX_ID_CHARS
from edu_rules._messages import MESSAGES, message
from edu_rules.model.result import Fault, Note
from edu_rules.reports import FORMATS, progress_bar, render, render_many
from edu_rules.reports import _format as fmt
from edu_rules.reports._width import display_width, wrap
from tests._passing import passing_county

_WIDE = frozenset({"W", "F"})
_KEY = re.compile(
    r"\b(?:label|family|status|outcome|level|stage|unit|remedy|role|source|verdict|flag)\.[a-z_]+\b"
)


def _evaluate(document: dict[str, Any]) -> Result:
    return edu_rules.evaluate(edu_rules.load_county(document))


def _failing_document() -> dict[str, Any]:
    """P1 has 5 m² of sports ground per pupil (below 85% of 7.5) and a class of 50."""
    document = passing_county()
    primary = document["schools"][0]["stages"]["primary"]
    primary["sports_area_m2"] = 5 * primary["students"]
    primary["largest_class"] = 50
    return document


def _incomplete_document() -> dict[str, Any]:
    """The nine-year school's junior key teachers are unknown."""
    document = passing_county()
    document["schools"][2]["stages"]["junior"]["key_teachers"] = None
    return document


@pytest.fixture(name="passing", scope="module")
def _passing() -> Result:
    return _evaluate(passing_county())


@pytest.fixture(name="failing", scope="module")
def _failing() -> Result:
    return _evaluate(_failing_document())


@pytest.fixture(name="incomplete", scope="module")
def _incomplete() -> Result:
    return _evaluate(_incomplete_document())


@pytest.fixture(name="results", scope="module")
def _results(passing: Result, failing: Result, incomplete: Result) -> dict[str, Result]:
    return {"pass": passing, "fail": failing, "incomplete": incomplete}


def _data_strings(result: Result) -> set[str]:
    """Text the report copies from the data and the rules, not from the catalogue."""
    strings = {result.county.name}
    for finding in result.findings:
        strings |= {finding.citation, finding.subject.name or "", finding.note or ""}
        strings |= {record.citation for record in finding.provenance}
        strings |= {record.citation.split(" · ", 1)[0] for record in finding.provenance}
        strings |= {
            str(item.get("name", "")) for item in (finding.details or {}).get("pulled_by", [])
        }
    strings |= {layer.citation for layer in result.layers}
    return {text for text in strings if text}


def _without(text: str, strings: set[str]) -> str:
    for string in sorted(strings, key=len, reverse=True):
        text = text.replace(string, "").replace(string.replace("<", "&lt;"), "")
    return text


def _columns(line: str) -> int:
    """Terminal columns of a line: wide, full-width and ambiguous characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in line)


def _unwrapped(text: str) -> str:
    """Text without its whitespace, so a title wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def _wide_characters(text: str) -> list[str]:
    return [char for char in text if unicodedata.east_asian_width(char) in _WIDE]


class TestRender:
    """``render(result, fmt, lang)``: one entry point for every format."""

    def test_every_documented_format_renders(self, failing):
        """text, json, markdown and html are the formats, and each gives a non-empty report."""
        outputs = {name: render(failing, name, "zh") for name in FORMATS}

        assert set(FORMATS) == {"text", "json", "markdown", "html"}
        assert all(outputs.values())

    def test_json_is_the_result_itself(self, failing):
        """The JSON format is the result document, not a report about it."""
        assert render(failing, "json", "en") == edu_rules.to_json(failing)

    @pytest.mark.parametrize("bad", [("pdf", "zh"), ("text", "fr")])
    def test_an_unknown_format_or_language_is_refused(self, failing, bad):
        """A typo in the format or the language is an error, not an empty report."""
        with pytest.raises(ValueError, match="unknown report"):
            render(failing, *bad)

    @pytest.mark.parametrize("name", ["text", "markdown", "html"])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("status", ["pass", "fail", "incomplete"])
    def test_each_report_states_the_verdict_in_its_language(self, results, name, lang, status):
        """The verdict is there, in the report's language, whatever the format."""
        result = results[status]

        report = render(result, name, lang)

        assert result.status.value == status
        assert message(f"status.{status}", lang) in report

    @pytest.mark.parametrize("name", ["text", "markdown", "html"])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_no_catalogue_key_leaks_into_a_report(self, results, name, lang):
        """Every label the reports use exists in the catalogue (a missing one would print its key)."""
        for result in results.values():
            report = render(result, name, lang)

            assert _KEY.findall(report) == []

    @pytest.mark.parametrize("name", ["text", "markdown", "html"])
    def test_an_english_report_has_no_chinese_but_the_data(self, results, name):
        """In ``--lang en`` only names and citations copied from the data stay Chinese."""
        for result in results.values():
            report = _without(render(result, name, "en"), _data_strings(result))

            assert _wide_characters(report) == []

    @pytest.mark.parametrize("name", ["text", "markdown", "html"])
    def test_a_chinese_report_uses_the_chinese_labels(self, failing, name):
        """``--lang zh`` prints the Chinese family and heading labels, and the rule titles in zh."""
        report = _unwrapped(render(failing, name, "zh"))
        short = failing.shortfalls[0]

        assert message("label.shortfalls", "zh") in report
        assert message(f"family.{short.family}", "zh") in report
        assert _unwrapped(short.title.zh) in report
        assert _unwrapped(short.title.en) not in report

    def test_rule_titles_follow_the_language(self, failing):
        """Each finding's title is printed in the report's language."""
        titles = {f.title for f in failing.shortfalls}

        english = render(failing, "markdown", "en")
        chinese = render(failing, "markdown", "zh")

        assert all(title.en in english for title in titles)
        assert all(title.zh in chinese for title in titles)


class TestCatalogue:
    """``_messages.MESSAGES``: every label in both languages, from one place."""

    def test_every_entry_has_both_languages(self):
        """Each key has a zh and an en text (units without a word may leave theirs empty)."""
        incomplete = [
            key
            for key, entry in MESSAGES.items()
            if set(entry) != {"zh", "en"}
            or (not key.startswith("unit.") and not (entry["zh"] and entry["en"]))
        ]

        assert incomplete == []

    def test_placeholders_agree_between_languages(self):
        """``{n}`` in the Chinese text is ``{n}`` in the English one too."""
        mismatched = [
            key
            for key, entry in MESSAGES.items()
            if set(re.findall(r"{(\w+)}", entry["zh"])) != set(re.findall(r"{(\w+)}", entry["en"]))
        ]

        assert mismatched == []


class TestDisplayWidth:
    """``display_width`` and ``wrap``: terminal columns, Chinese counted double."""

    def test_chinese_characters_count_two_columns(self):
        """学校 takes four columns; ab two; colour codes none."""
        assert (display_width("学校"), display_width("ab"), display_width("\033[31mab\033[0m")) == (
            4,
            2,
            2,
        )

    def test_wrapped_lines_fit_and_keep_the_text(self):
        """Wrapping Chinese text breaks between characters and loses nothing."""
        text = "柳城县龙头镇龙冲小学的生均体育运动场馆面积低于标准的百分之八十五 national.L5 and more words"

        lines = wrap(text, 20, "  ")

        assert all(display_width(line) <= 20 for line in lines)
        assert "".join(line.strip().replace(" ", "") for line in lines) == text.replace(" ", "")

    def test_a_word_wider_than_the_line_is_cut(self):
        """An unbreakable identifier longer than the line is cut rather than overflowing."""
        lines = wrap("x" * 50, 20, "    ")

        assert all(display_width(line) <= 20 for line in lines)
        assert "".join(line.strip() for line in lines) == "x" * 50

    def test_a_word_of_a_million_characters_is_cut_into_full_lines(self):
        """A pasted blob in a name: every line but the last is full, and nothing is lost.

        (Cutting it once took time growing with the square of its length.)
        """
        lines = wrap("名" + "x" * 10**6, 80, "  - ")

        assert lines[0] == "  - 名"
        assert {display_width(line) for line in lines[1:-1]} == {80}
        assert "".join(line[4:] for line in lines[1:]) == "x" * 10**6


class TestTextReport:
    """``render(result, "text")``: a summary first, then shortfalls by family, in 80 columns."""

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_no_line_is_wider_than_80_columns(self, results, lang):
        """CJK counted double (ambiguous-width characters too), no line exceeds 80 columns."""
        document = _failing_document()
        document["schools"][0]["name"] = "柳州市" * 30 + "很长的名字的小学" + "X" * 90
        document["schools"][0]["id"] = "ID-" + "9" * (MAX_ID_CHARS - 3)  # the longest allowed
        long_named = _evaluate(document)

        for result in [*results.values(), long_named]:
            widths = [_columns(line) for line in render(result, "text", lang).splitlines()]

            assert max(widths) <= 80

    def test_the_summary_comes_before_the_shortfalls(self, failing):
        """Verdict and counts by family and by layer come first, then the shortfall list."""
        lines = render(failing, "text", "en").splitlines()
        verdict = next(i for i, line in enumerate(lines) if line.startswith("Verdict:"))
        by_family = next(i for i, line in enumerate(lines) if line.startswith("By family:"))
        by_layer = next(i for i, line in enumerate(lines) if line.startswith("By layer:"))
        first_shortfall = next(i for i, line in enumerate(lines) if "✗" in line)

        assert verdict < by_family < by_layer < first_shortfall
        for family, count in failing.summary.shortfalls_by_family.items():
            assert f"{message(f'family.{family}', 'en')} {count}" in lines[by_family]

    def test_a_shortfall_shows_subject_figures_remedy_and_citation(self, failing):
        """The L5 shortfall reads: school, measured, required, gap, what closes it, citation."""
        finding = next(f for f in failing.shortfalls if f.rule == "national.L5")
        report = render(failing, "text", "en")
        block = report[report.index(f"✗ {finding.title.en}") :].split("✗", 2)[1]
        shown = fmt.figures(finding)

        assert f"[{finding.rule}]" in block
        assert finding.subject.name in block
        assert f"measured {shown.measured}" in block
        assert f"required ≥ {shown.required}" in block
        assert f"gap {shown.gap}" in block
        assert f"+{fmt.number(finding.remedies[0].quantity)}" in block
        assert finding.citation in block.replace("\n", " ").replace("  ", "")

    def test_the_school_rule_says_which_indicators_miss(self, failing):
        """The school-rule shortfall names the indicator below the standard and below the floor."""
        report = render(failing, "text", "en")
        block = report[report.index("[national.school_rule]") :].split("✗", 2)[0]

        assert "6 indicators met, at least 6 required" in block
        assert "below standard: L5" in block
        assert "below 85% of standard: L5" in block

    def test_colour_only_when_asked(self, failing):
        """ANSI colour codes appear with ``color=True`` and never otherwise."""
        assert "\033[" not in render(failing, "text", "zh")
        assert "\033[" in render(failing, "text", "zh", color=True)

    def test_not_evaluated_items_name_the_missing_data(self, incomplete):
        """An unknown figure is listed with the field that is missing."""
        report = render(incomplete, "text", "en")

        assert "schools[2].stages.junior.key_teachers" in report


class _Structure(HTMLParser):
    """Collects what the HTML checks need: nesting problems, tags, and section contents."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.attributes: list[tuple[str, str]] = []
        self.sections: list[dict[str, int]] = []  # tags seen inside each open <section>
        self.open_sections: list[dict[str, int]] = []
        self.svgs: list[list[str]] = []  # the direct children of each <svg>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._seen(tag, attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "section":
            self.open_sections.append({})
        if tag == "svg":
            self.svgs.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._seen(tag, attrs)

    def _seen(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attributes += [(name, value or "") for name, value in attrs]
        for section in self.open_sections:
            section[tag] = section.get(tag, 0) + 1
        if self.stack and self.stack[-1] == "svg":
            self.svgs[-1].append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "section":
            self.sections.append(self.open_sections.pop())


def _parse(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


class TestHtmlReport:
    """``render(result, "html")``: a self-contained, well-formed page that prints on A4."""

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("status", ["pass", "fail", "incomplete"])
    def test_the_page_is_well_formed(self, results, lang, status):
        """Balanced tags, one h1, a table in every section, a title first in every chart."""
        page = _parse(render(results[status], "html", lang))

        assert page.errors == []
        assert page.stack == []
        assert page.counts["h1"] == 1
        assert page.sections
        assert all(section.get("table", 0) >= 1 for section in page.sections)
        assert page.svgs
        assert all(children[:1] == ["title"] for children in page.svgs)

    def test_nothing_is_fetched(self, failing):
        """No scripts, stylesheets, images or links to other places: everything is inline."""
        html = render(failing, "html", "zh")
        page = _parse(html)
        fetching = [(name, value) for name, value in page.attributes if name in {"src", "href"}]

        assert fetching == []
        assert "script" not in page.counts
        assert "link" not in page.counts
        assert "url(" not in html
        assert "@import" not in html

    def test_it_prints_on_a4(self, failing):
        """The stylesheet sets A4 pages and print rules."""
        html = render(failing, "html", "en")

        assert re.search(r"@page\s*{[^}]*size:\s*A4", html)
        assert "@media print" in html

    def test_a_chart_for_every_indicator_and_stage(self, failing):
        """L1–L7 in each stage taught: one bar chart each, with every school stage as a bar."""
        html = render(failing, "html", "en")
        charts = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
        stages = {
            (f.rule, f.subject.stage)
            for f in failing.findings
            if re.fullmatch(r"national\.L\d", f.rule)
        }
        bar_charts = [c for c in charts if "school stages, lowest value first" in c]

        assert len(stages) == 14
        assert len(bar_charts) == len(stages)
        for rule, stage in stages:
            item = rule.split(".")[1]
            title = f"<title>{item} "
            chart = next(c for c in bar_charts if title in c and f"({stage})</title>" in c)
            bars = [f for f in failing.findings if f.rule == rule and f.subject.stage == stage]
            assert chart.count("<rect") - 1 == len(bars)  # one background rectangle

    def test_a_chart_draws_the_standard_and_the_85_percent_floor(self, failing):
        """The L5 primary chart marks the standard and 0.85 × the standard."""
        finding = next(f for f in failing.shortfalls if f.rule == "national.L5")
        html = render(failing, "html", "en")
        chart = next(
            c
            for c in re.findall(r"<svg.*?</svg>", html, re.DOTALL)
            if "<title>L5 " in c and "(primary)</title>" in c
        )

        assert f"standard {fmt.number(finding.required)}" in chart
        assert f"85% floor {fmt.number(0.85 * finding.required)}" in chart

    def test_the_floor_comes_from_the_school_rule_when_it_says(self, failing):
        """A school-rule finding that carries a floor (a layer tightened it) moves the line."""
        findings = tuple(
            attrs.evolve(f, details={**(f.details or {}), "floor": 0.9})
            if f.rule == "national.school_rule"
            else f
            for f in failing.findings
        )
        tightened = attrs.evolve(failing, findings=findings)
        finding = next(f for f in failing.shortfalls if f.rule == "national.L5")

        html = render(tightened, "html", "en")

        assert f"90% floor {fmt.number(0.9 * finding.required)}" in html
        assert "85% floor" not in html

    def test_the_cv_of_each_indicator_is_shown_against_its_limit(self, passing):
        """Each ``national.cv.L*`` finding appears with its value and its limit."""
        html = render(passing, "html", "en")
        cvs = [f for f in passing.findings if f.rule.startswith("national.cv.")]

        assert cvs
        for finding in cvs:
            assert finding.rule in html
            assert f"≤ {fmt.number(finding.required)}" in html

    def test_layers_and_documents_with_their_roles(self, passing):
        """The national layer is listed with the count of rules it defines."""
        html = render(passing, "html", "en")
        defined = {
            f.rule for f in passing.findings if any(p.role == "defines" for p in f.provenance)
        }
        section = html[html.index('id="layers"') : html.index('id="not-evaluated"')]

        assert "national" in section
        assert "defines" in section
        assert f"<td>{len(defined)}</td>" in section
        assert passing.layers[0].citation in section

    def test_the_source_status_of_each_rule(self, passing):
        """Every rule that produced a finding is listed with its source status."""
        html = render(passing, "html", "en")
        section = html[html.index('id="rules"') :]
        rules = {(f.rule, f.source_status) for f in passing.findings}

        for rule, status in rules:
            row = section[section.index(f"[{rule}]</td>") :].split("</tr>", 1)[0]
            assert message(f"source.{status}", "en") in row

    def test_the_not_evaluated_list(self, incomplete):
        """The not-evaluated section lists each unresolved rule with its missing data."""
        html = render(incomplete, "html", "en")
        section = html[html.index('id="not-evaluated"') : html.index('id="rules"')]

        assert incomplete.not_evaluated
        for finding in incomplete.not_evaluated:
            assert finding.rule in section
        assert "schools[2].stages.junior.key_teachers" in section

    def test_a_batch_is_one_page_with_one_h1(self, passing, failing):
        """Several counties: one h1, an article per county, still well-formed."""
        page = _parse(render_many([passing, failing], "html", "zh"))

        assert page.errors == []
        assert page.counts["h1"] == 1
        assert page.counts["article"] == 2

    @pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
    def test_chromium_prints_it_to_pdf(self, failing, tmp_path):
        """A headless browser opens the page and prints it to PDF."""
        page = tmp_path / "report.html"
        page.write_text(render(failing, "html", "zh"), encoding="utf-8")
        pdf = tmp_path / "report.pdf"

        completed = subprocess.run(
            [
                str(shutil.which("chromium")),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )

        assert completed.returncode == 0, completed.stderr
        document = pdf.read_bytes()
        assert document.startswith(b"%PDF")
        # Every page is A4 (595 × 842 pt), as the page's @page rule asks; a browser's
        # own default would be US Letter (612 × 792 pt).
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", document)
        assert boxes
        assert all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in boxes), (
            set(boxes)
        )


class TestFaultsAndNotes:
    """A plugin that failed, or a layer that changed the data, is shown in every report."""

    @pytest.fixture(name="faulty")
    def _faulty(self, failing: Result) -> Result:
        fault = Fault(
            plugin="broken_plugin",
            rule="broken.X1",
            stage_of_work="evaluate",
            error="KeyError: 'x'",
        )
        note = Note(layer="national", zh="合并了功能区学校", en="functional-zone schools folded in")
        return attrs.evolve(failing, faults=(fault,), notes=(note,))

    @pytest.mark.parametrize("name", ["text", "markdown", "html"])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_a_plugin_error_and_a_note_are_reported(self, faulty, name, lang):
        """The failing plugin, its rule and error, and the layer's note all appear."""
        report = render(faulty, name, lang)
        note = faulty.notes[0]

        assert "broken_plugin" in report
        assert "broken.X1" in report
        assert (note.zh if lang == "zh" else note.en) in report
        assert message("label.faults", lang) in report


class TestMarkdownReport:
    """``render(result, "markdown")``: the HTML report's content as Markdown."""

    def test_one_title_and_a_table_in_every_section(self, failing):
        """One ``#`` heading; every ``##`` section holds a pipe table."""
        report = render(failing, "markdown", "zh")
        sections = re.split(r"^## ", report, flags=re.MULTILINE)[1:]

        assert len(re.findall(r"^# ", report, flags=re.MULTILINE)) == 1
        assert sections
        assert all("|---" in section for section in sections)

    def test_the_charts_are_inline_svg_and_nothing_is_fetched(self, failing):
        """Charts are inline SVG with titles; no images or links point elsewhere."""
        report = render(failing, "markdown", "en")
        charts = re.findall(r"<svg.*?</svg>", report, re.DOTALL)

        assert charts
        assert all("<title>" in chart for chart in charts)
        assert "](" not in report
        assert "src=" not in report

    def test_pipes_in_the_data_do_not_break_a_table(self, failing):
        """A school name with a ``|`` is escaped inside its table cell."""
        findings = tuple(
            attrs.evolve(f, subject=attrs.evolve(f.subject, name="一|二小学"))
            if f.outcome is Outcome.SHORTFALL
            else f
            for f in failing.findings
        )
        changed = attrs.evolve(failing, findings=findings)  # the shortfalls follow

        report = render(changed, "markdown", "zh")
        rows = [line for line in report.splitlines() if line.startswith("|") and "二小学" in line]
        columns = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}

        assert rows
        assert all("一\\|二小学" in line for line in rows)
        assert columns == {9}  # eight columns of the shortfall table

    def test_the_same_sections_as_the_html(self, failing):
        """Markdown and HTML are built from one document: same section headings."""
        markdown = render(failing, "markdown", "en")
        html = render(failing, "html", "en")
        headings = re.findall(r"^#{2,3} (.+)$", markdown, flags=re.MULTILINE)

        assert headings
        assert all(f">{heading}</h" in html.replace("&amp;", "&") for heading in headings)


class TestProgressBar:
    """``progress_bar``: drawn on a terminal, silent when piped."""

    class _Stream:
        def __init__(self, *, tty: bool) -> None:
            self.tty = tty
            self.written: list[str] = []

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> int:
            self.written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    def test_it_yields_every_item_either_way(self):
        """The bar never changes what is iterated."""
        for tty in (True, False):
            stream = self._Stream(tty=tty)

            assert list(progress_bar(range(5), 5, stream=stream)) == [0, 1, 2, 3, 4]

    def test_it_draws_on_a_terminal(self):
        """On a terminal the bar reaches ``total/total`` and clears its line at the end."""
        stream = self._Stream(tty=True)

        list(progress_bar(range(3), 3, stream=stream))

        assert any("3/3" in text for text in stream.written)
        assert stream.written[-1] == "\r\033[K"

    def test_it_is_quiet_when_piped_or_disabled(self):
        """Not a terminal, or not enabled: nothing is written."""
        piped = self._Stream(tty=False)
        disabled = self._Stream(tty=True)

        list(progress_bar(range(3), 3, stream=piped))
        list(progress_bar(range(3), 3, False, stream=disabled))

        assert (piped.written, disabled.written) == ([], [])


@pytest.fixture(name="chengzhong", scope="module")
def _chengzhong() -> Result:
    example = Path(__file__).resolve().parents[1] / "examples" / "450202-chengzhong.json"
    return edu_rules.evaluate(edu_rules.load_county(example))


class TestManualChecks:
    """What only a supervisor can judge is a checklist, not missing data."""

    def test_hand_checks_are_kept_apart_from_missing_data(self, chengzhong):
        """城中区 passes; Liuzhou's measures to check by hand are listed, nothing is unknown."""
        assert chengzhong.status is edu_rules.Status.PASS
        assert chengzhong.not_evaluated == ()
        assert chengzhong.manual_checks
        assert {f.outcome for f in chengzhong.manual_checks} == {Outcome.MANUAL}
        assert chengzhong.summary.manual_checks == len(chengzhong.manual_checks)

    def test_the_text_report_lists_them_under_their_own_heading(self, chengzhong):
        """The summary line counts them apart; the list has its own heading."""
        report = render(chengzhong, "text", "en")
        count = len(chengzhong.manual_checks)

        assert "0 not evaluated" in report
        assert f"{count} to check by hand" in report
        assert f"To be checked by hand ({count})" in report
        assert "Not evaluated (" not in report

    def test_the_html_report_has_a_section_for_them(self, chengzhong):
        """The printable report has a section for the checklist too."""
        page = render(chengzhong, "html", "zh")

        assert 'id="manual-checks"' in page
