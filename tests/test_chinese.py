"""Chinese by default: every command, on the examples and on bad input, says nothing in English.

Each command a person runs (``evaluate``, ``plan``, ``whatif``, ``progress``,
``monitor``, ``convert``, ``schema``, ``plugins``, ``template`` and ``--help`` of each)
runs in the default language on the bundled examples and on bad input, and what it
prints (standard output and standard error together) is searched for untranslated
English.  The heuristic, applied line by line:

1. Chinese characters and punctuation break a run of words. Tokens that are not prose are taken out and break a run of words: anything holding
   a digit, ``_``, ``=``, ``\\``, ``@`` or ``$``, a dot or slash between letters (field
   paths ``schools[3].stages.primary``, rule ids ``national.L5``, file names,
   ``m²``-style units), a leading ``-`` (options), words in capitals (metavars such as
   ``FILE``, ``JSON``), a quoted literal (``"primary"``: a value to type, as the contract
   spells it) and the few names in :data:`ALLOWED` (the program's and file formats' names).
2. A bilingual pair is found: ``中文 / English`` where the English follows a slash right
   after Chinese (up to a colon or the next Chinese), and ``中文 (English)`` (``结论 /
   Verdict``, ``未达标 (fail)``): a Chinese reader reads one language, so a label says
   its Chinese alone.
3. What is left must hold no run of three or more English words (a sentence or phrase
   that was never translated), and no single word that is the English name of a
   verdict, outcome or stage in the catalogue (``fail``, ``junior``: a value printed
   untranslated).

``schema`` prints a JSON Schema, a contract for programs whose descriptions stay
English; only its ``--help`` is checked.  With ``--lang en`` the same commands say no
Chinese except the data (names of units and schools, document numbers, titles of
rules quoted from the documents) — checked on the messages that carry no data.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from edu_rules._messages import MESSAGES
from edu_rules.cli import main
from edu_rules.cli.entry import COMMANDS
from edu_rules.reports._width import display_width

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UNIT = EXAMPLES / "450203-yufeng.json"
"""A failing unit: shortfalls, a plan, a what-if and a schedule to speak of."""

ALLOWED = frozenset({"edu-rules", "Excel", "WPS", "LibreOffice", "OpenDocument", "Bearer"})
"""Names that stay as they are in Chinese text: the program and the file formats."""

_SKIP = re.compile(r"[\d_=\\@$]|[A-Za-z][./][A-Za-z]|^[-–—]|^[A-Z][A-Z]+\b|²")
_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff）)》】]) ?/ [A-Za-z][^/:：；，\u4e00-\u9fff\n]*"
    r"|(?<=[\u4e00-\u9fff]) \([A-Za-z][A-Za-z ]*\)"
)
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _value_words() -> frozenset[str]:
    """The English names of verdicts, outcomes and stages: words that must not stand alone."""
    families = ("status.", "outcome.", "stage.")
    return frozenset(
        entry["en"]
        for key, entry in MESSAGES.items()
        if key.startswith(families) and " " not in entry["en"]
    )


VALUE_WORDS = _value_words()


def untranslated(text: str, *, pairs: bool = True) -> list[str]:
    """The English runs (3+ words), lone English value words and bilingual pairs in ``text``.

    ``pairs=False`` lets ``中文 / English`` pass: the workbooks' own bilingual notes.
    """
    found: list[str] = [pair.strip() for pair in _GLOSS.findall(text)] if pairs else []
    for line in text.splitlines():
        words: list[str] = []
        for token in _CJK.sub(" | ", _GLOSS.sub(" ", line)).split():
            if token.startswith(('"', "'")):  # a quoted literal: a value to type, a name
                found += _runs(words)
                words = []
                continue
            bare = token.strip("\"'“”‘’()（）[]【】,，.。;；:：!?！？<>«»")
            if not _WORD.fullmatch(bare) or _SKIP.search(token) or bare in ALLOWED:
                found += _runs(words)
                words = []
                continue
            words.append(bare)
        found += _runs(words)
    return found


def _runs(words: list[str]) -> list[str]:
    if len(words) >= 3:
        return [" ".join(words)]
    return [word for word in words if word in VALUE_WORDS]


class TestTheHeuristic:
    """What counts as untranslated English."""

    def test_a_sentence_is_found(self):
        """An English sentence in Chinese output is found."""
        assert untranslated("缺少数据：is required for a nine_year school") == ["is required for a"]

    def test_a_lone_verdict_is_found(self):
        """``fail`` printed for 未达标 is found, as is an English stage."""
        assert untranslated("结论：fail → 未达标（junior）") == ["fail", "junior"]

    def test_paths_ids_files_and_metavars_are_not(self):
        """Field paths, rule ids, files, options and metavars are not."""
        line = (
            "结论: 未达标  schools[2].stages.junior.sports_area_m2 national.L5 "
            "examples/450203-yufeng.json --format FILE 用 edu-rules 打开"
        )

        assert untranslated(line) == []

    def test_a_bilingual_pair_is_found(self):
        """``结论 / Verdict`` and ``未达标 (fail)``: a label in two languages."""
        assert untranslated("结论 / Verdict: 未达标 (fail)") == ["/ Verdict", "(fail)"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run ``edu-rules ARGV`` in this process: the exit code and everything it printed."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # --help and usage errors end in argparse
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(name="bad_document")
def _bad_document(tmp_path: Path) -> Path:
    """A county document with a field missing, wrong types, a bad code and an unknown field."""
    document: dict[str, Any] = json.loads(UNIT.read_text(encoding="utf-8"))
    del document["name"]
    document["code"] = "45020"
    document["schools"][0]["stages"]["junior"]["students"] = "many"
    document["schools"][1]["stages"]["junior"]["students"] = -3
    document["schools"][2]["kind"] = "castle"
    document["schools"][3]["sports_area"] = 100
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(name="bad_workbook")
def _bad_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The example as a workbook with text in a number column and a negative figure."""
    path = tmp_path / "bad.xlsx"
    assert _run(capsys, "convert", str(UNIT), str(path))[0] == 0
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[2]}
    sheet.cell(3, columns["public_funds_yuan"], "很多")
    sheet.cell(4, columns["training_funds_yuan"], -5)
    book.save(path)
    return path


BAD_RUNS = [
    ("evaluate", "BAD.json"),
    ("evaluate", "BAD.xlsx"),
    ("plan", "BAD.json"),
    ("whatif", "BAD.json", "--set", "guarantee.quota_allocation_pct=55"),
    ("progress", "BAD.json"),
    ("monitor", "BAD.json", "--format", "md"),
    ("convert", "BAD.json", "-"),
    ("convert", "BAD.xlsx", "-"),
    ("whatif", "UNIT", "--set", "schools[2].stages.junior.sports_area=1"),
    ("whatif", "UNIT", "--set", "guarantee.quota_allocation_pct"),
    ("whatif", "UNIT", "--set", "schools[99].name=x"),
    ("evaluate", "UNIT", "--block", "liuzou", "--unofficial"),
    ("evaluate", "UNIT", "--block", "liuzhou"),
    ("evaluate", "no-such-unit.json"),
    ("plan", "no-such-unit.json"),
    ("evaluate", "UNIT.xls"),
    ("plan", "UNIT", "--format", "yaml"),
    ("plan", "UNIT", "--cost", "sports_area_m2=cheap"),
    ("progress", "UNIT", "--jobs", "many"),
    ("plan",),
    ("template", "TMP/template.json"),
]
"""Bad input of every kind: the document's fields, a workbook's cells, the arguments."""


class TestChineseByDefault:
    """Every command, in the default language, prints Chinese."""

    @pytest.mark.parametrize("command", [*COMMANDS, None])
    def test_help(self, capsys, command):
        """``--help`` of each command (and of ``edu-rules``) is Chinese."""
        argv = [command, "--help"] if command else ["--help"]

        code, said = _run(capsys, *argv)

        assert (code, untranslated(said)) == (0, [])

    @pytest.mark.parametrize("command", [*COMMANDS, None])
    def test_help_fits_the_terminal(self, capsys, monkeypatch, command):
        """Chinese help is wrapped by terminal columns (a Chinese character takes two)."""
        monkeypatch.setenv("COLUMNS", "80")
        argv = [command, "--help"] if command else ["--help"]

        said = _run(capsys, *argv)[1]

        assert [line for line in said.splitlines() if display_width(line) > 80] == []

    @pytest.mark.parametrize(
        "argv",
        [
            ("evaluate", "UNIT"),
            ("evaluate", "UNIT", "--format", "markdown"),
            ("plan", "UNIT"),
            ("plan", "UNIT", "--format", "markdown"),
            ("whatif", "UNIT", "--set", "schools[2].stages.junior.sports_area_m2=20000"),
            ("progress", "EXAMPLES"),
            ("monitor", "HISTORY", "--format", "md", "--no-remedies"),
            ("convert", "UNIT", "TMP/unit.xlsx"),
            ("plugins",),
            ("template", "TMP/template.xlsx"),
        ],
        ids=lambda argv: " ".join(argv[:1] + argv[2:]),
    )
    def test_the_commands_on_the_examples(self, capsys, tmp_path, argv):
        """evaluate, plan, whatif, progress, monitor, convert, plugins and template."""
        history = tmp_path / "history"
        shutil.copytree(EXAMPLES / "history", history)
        places = {"UNIT": str(UNIT), "HISTORY": str(history), "TMP": str(tmp_path)}
        given = [places.get(arg, arg.replace("TMP", str(tmp_path))) for arg in argv]
        if "EXAMPLES" in given:
            given = [given[0], *sorted(str(path) for path in EXAMPLES.glob("*.json"))]

        code, said = _run(capsys, *given)

        assert (code in {0, 1}, untranslated(_without_citations(said))) == (True, [])

    def test_the_template_notes(self, capsys, tmp_path):
        """The template's 说明 (description) column is Chinese.

        The workbook is bilingual by its format (its sheets, and a note's allowed values
        ``整数 / whole number``, name both languages for whoever fills it in): pairs pass.
        """
        path = tmp_path / "template.xlsx"
        _run(capsys, "template", str(path))
        county = openpyxl.load_workbook(path).worksheets[1]
        header = [cell.value for cell in county[1]]
        notes = [row[header.index("说明")] or "" for row in county.iter_rows(3, values_only=True)]

        found = [note for note in notes if untranslated(str(note), pairs=False)]

        assert found == []

    @pytest.mark.parametrize("argv", BAD_RUNS, ids=" ".join)
    def test_bad_input(self, capsys, tmp_path, bad_document, bad_workbook, argv):
        """Refusals — bad fields, a bad workbook, a bad --set, an unknown --block — are Chinese."""
        places = {
            "BAD.json": str(bad_document),
            "BAD.xlsx": str(bad_workbook),
            "UNIT": str(UNIT),
            "UNIT.xls": str(tmp_path / "unit.xls"),
        }
        (tmp_path / "unit.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        given = [places.get(arg, arg.replace("TMP", str(tmp_path))) for arg in argv]

        code, said = _run(capsys, *given)

        assert (code, untranslated(said)) == (2, [])


class TestEnglishOnRequest:
    """``--lang en`` gives the same refusals in English, with no Chinese but the data."""

    def test_bad_input(self, capsys, bad_document):
        """The problems of a bad document, in English: no Chinese character at all."""
        code, said = _run(capsys, "evaluate", str(bad_document), "--lang", "en")

        assert (code, _CJK.findall(said)) == (2, [])
        assert "schools[1].stages.junior.students: must be ≥ 0 (got -3)" in said

    @pytest.mark.parametrize("argv", [("plan", "--help"), ("--lang", "en", "plan", "--help")])
    def test_help(self, capsys, argv):
        """``--lang en`` anywhere on the line gives the help in English."""
        code, said = _run(capsys, *argv, *(() if "en" in argv else ("--lang", "en")))

        assert (code, _CJK.findall(said)) == (0, [])

    def test_the_environment_chooses_too(self, capsys, monkeypatch, bad_document):
        """``EDU_RULES_LANG=en`` is the default language; ``--lang`` still wins."""
        monkeypatch.setenv("EDU_RULES_LANG", "en")

        english = _run(capsys, "evaluate", str(bad_document))[1]
        chinese = _run(capsys, "evaluate", str(bad_document), "--lang", "zh")[1]

        assert ("is required" in english, "缺少此项" in chinese) == (True, True)


class _Visible(HTMLParser):
    """The text a person sees on a page: no tags, styles or scripts, no language switch."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = tag in {"style", "script"} or ("class", "lang") in attrs
        self._hidden += 1 if hidden else 0
        if not hidden and tag in {"p", "li", "tr", "h1", "h2", "h3", "div", "br", "caption"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and tag in {"style", "script", "a"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What ``html`` shows a reader, one block a line."""
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def _web_requests(bad_document: Path, bad_workbook: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Every page and every refusal of the service: ``(method, path, request keywords)``."""
    bad_json, bad_xlsx = bad_document.read_bytes(), bad_workbook.read_bytes()
    good = UNIT.read_bytes()
    whatif_bad = json.dumps({"county": {"code": "1"}, "changes": {"a.b": 1}}).encode()
    return [
        ("GET", "/", {}),
        ("GET", "/batch", {}),
        ("GET", "/layers", {}),
        ("GET", "/no-such-page", {}),
        ("POST", "/report", {"files": {"file": ("bad.json", bad_json)}}),
        ("POST", "/report", {"files": {"file": ("bad.xlsx", bad_xlsx)}}),
        ("POST", "/report", {"files": {"file": ("", b"")}}),
        ("POST", "/batch", {"files": [("file", ("a.json", good)), ("file", ("b.json", bad_json))]}),
        ("POST", "/v1/evaluate", {"content": bad_json}),
        ("POST", "/v1/evaluate", {"content": bad_xlsx}),
        ("POST", "/v1/evaluate", {"content": b"{not json"}),
        ("POST", "/v1/evaluate", {"content": b""}),
        ("POST", "/v1/batch", {"content": b"[" + bad_json + b"]"}),
        ("POST", "/v1/plan", {"content": good, "params": {"cost": "gold=1"}}),
        ("POST", "/v1/whatif", {"content": whatif_bad}),
        ("POST", "/v1/whatif", {"content": b"[]"}),
        ("GET", "/v1/no-such-thing", {}),
    ]


def _said(answer: Any) -> str:
    """What a page or an API answer says to a person: the page's text, or the reasons."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        errors = answer.json().get("errors", []) if answer.status_code >= 400 else []
        return "\n".join(f"{error['path']}: {error['reason']}" for error in errors)
    return visible_text(answer.text)


def _without_citations(said: str) -> str:
    """``said`` without the installed layers' document numbers: data, as the documents spell them.

    (The example layers mark their fictional documents ``（虚构 / fictional）``.)
    """
    from edu_rules.plugins import default_registry, layer_rows

    for row in layer_rows(default_registry()):
        said = said.replace(str(row["citation"]), "")
    return said


@pytest.fixture(scope="module", name="web")
def _web() -> Any:
    """The web service in this process's tests (skipped without the web extra)."""
    pytest.importorskip("starlette", reason="the web extra is not installed")
    from starlette.testclient import TestClient

    from edu_rules.web import Settings, create_app

    with TestClient(create_app(Settings(workers=1))) as client:
        yield client


class TestTheWebService:
    """Every page and every API refusal in the language asked for, and only in that one."""

    def test_every_page_and_refusal_is_chinese_by_default(self, web, bad_document, bad_workbook):
        """No English run, no bilingual pair, in what a page or an API error says."""
        found = {}
        for method, path, keywords in _web_requests(bad_document, bad_workbook):
            answer = web.request(method, path, **keywords)
            said = _without_citations(_said(answer))
            if untranslated(said) or _GLOSS.search(said):
                found[f"{method} {path}"] = untranslated(said) or _GLOSS.findall(said)
            assert said.strip(), f"{method} {path} says nothing"

        assert found == {}

    def test_the_same_in_english_has_no_chinese(self, web, bad_document, bad_workbook):
        """``lang=en``: no Chinese character but the data.

        The data: names of the unit and its schools, the layers' document numbers, and
        the workbook's own words (its sheets and headers are Chinese in either language;
        a cell is named by them) and the text typed in a number cell.
        """
        data = json.loads(UNIT.read_text(encoding="utf-8"))
        names = {data["name"], *(school["name"] for school in data["schools"]), "很多"}
        book = openpyxl.load_workbook(bad_workbook)
        for sheet in book.worksheets:
            headers = [str(cell.value) for cell in sheet[1] if cell.value]
            names |= {sheet.title, *headers, *(header.split("（")[0] for header in headers)}
        found = {}
        for method, path, keywords in _web_requests(bad_document, bad_workbook):
            params = {**keywords.pop("params", {}), "lang": "en"}
            said = _without_citations(_said(web.request(method, path, params=params, **keywords)))
            for name in sorted(names, key=len, reverse=True):
                said = said.replace(name, "")
            if _CJK.findall(said):
                found[f"{method} {path}"] = "".join(_CJK.findall(said))

        assert found == {}


class TestFirstContact:
    """What a new analyst meets first: a missing extra, a pattern the shell did not expand."""

    @pytest.mark.parametrize(
        "case",
        [
            ("uvicorn", ("serve",), 'pip install "edu-rules[web]"'),
            ("openpyxl", ("template", "TMP/template.xlsx"), 'pip install "edu-rules[excel]"'),
        ],
        ids=["serve without web", "template without excel"],
    )
    def test_a_missing_extra_names_its_install_command(self, capsys, monkeypatch, tmp_path, case):
        """Exit 2 (not an internal error), in Chinese, with the exact command to install it."""
        hidden, argv, command = case
        monkeypatch.setitem(sys.modules, hidden, None)
        given = [arg.replace("TMP", str(tmp_path)) for arg in argv]

        code, said = _run(capsys, *given)

        assert (code, untranslated(said), command in said) == (2, [], True)
        assert "内部错误" not in said

    def test_a_pattern_is_expanded_by_the_program(self, capsys):
        """``examples/*.json`` as cmd and PowerShell pass it: the program finds the ten units."""
        pattern = str(EXAMPLES / "*.json")

        code, said = _run(capsys, "evaluate", pattern, "--summary", "--format", "json")

        assert code == 1
        assert len(json.loads(said)) == len(list(EXAMPLES.glob("*.json"))) == 10
