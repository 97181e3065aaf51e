"""Bad input, fuzzed: every input ends in a result or a clear refusal, never a crash or a hang.

The contract under test: ``edu_rules.load_county`` returns a county or raises
``CountyDataError``; a county it returns evaluates without a plugin fault and writes
its result as JSON; ``edu-rules evaluate FILE`` exits 0 or 1 with a report, or 2 with
a message on standard error — never a traceback, never another exception.  Each case
is bounded in time.

Inputs: arbitrary JSON values (``st.recursive``), valid documents with one part
replaced by arbitrary JSON or removed, arbitrary bytes and byte edits of a valid
document, and a corpus of nasty cases: nesting 10⁵ levels deep, numbers like 1e400
and 5000-digit integers, 10⁵-digit decimals, 10 MB strings, wrong encodings (UTF-16, UTF-32, GBK,
Latin-1; a UTF-8 byte-order mark is fine), NaN and Infinity, and 10⁵ schools.

Where the code under test is wrong today, the case is marked
``xfail(strict=True)`` with the reason: the lead fixes it and removes the mark.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import io
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import County, CountyDataError, testing
from edu_rules.cli import main
from edu_rules.io.serialization import to_json
from tests._documents import minimal_county, minimal_school
from tests._passing import passing_county

THOROUGH = settings.get_current_profile_name() == "thorough"
thorough_only = pytest.mark.skipif(
    not THOROUGH, reason="takes minutes; runs with --hypothesis-profile=thorough"
)


# --------------------------------------------------------------------------- harness


class _TooSlow(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


@contextlib.contextmanager
def _bounded(seconds: float) -> Iterator[None]:
    """Fail the case if it runs longer than ``seconds`` (a hang is a failure, not a wait)."""

    def alarm(_signum: int, _frame: object) -> None:
        raise _TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _loads_or_refuses(source: Any, *, seconds: float = 20) -> County | CountyDataError:
    """Load ``source``: a county (evaluated, without faults, written as JSON) or a refusal."""
    with _bounded(seconds):
        try:
            county = edu_rules.load_county(source)
        except CountyDataError as error:
            refusal = error
        else:
            result = edu_rules.evaluate(county)
            assert not result.faults, f"valid data made a plugin fail: {result.faults}"
            to_json(result)
            return county
    assert refusal.problems, "a refusal names at least one problem"
    assert all(str(problem) for problem in refusal.problems)
    return refusal


def _run_cli(*args: str, seconds: float = 30) -> tuple[int, bytes, str]:
    """``edu-rules ARGS`` in-process, with UTF-8 byte streams like a real terminal's pipes."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    with _bounded(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        out.flush()
        err.flush()
    return code, out.buffer.getvalue(), err.buffer.getvalue().decode("utf-8")


def _check_cli(path: Path, *, fmt: str = "json", seconds: float = 30) -> int:
    """The CLI ends in a report (0/1) or a message (2) for ``path``."""
    code, out, err = _run_cli("evaluate", str(path), "--format", fmt, seconds=seconds)
    assert code in {0, 1, 2}, code
    assert "Traceback" not in err
    if code == 2:
        assert err.strip(), "exit 2 says why"
        assert str(path) in err, "the message names the file"
    elif fmt == "json":
        assert json.loads(out)["county"]
    return code


@pytest.fixture(name="folder", scope="module")
def _folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- strategies

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)
"""Arbitrary JSON values (NaN and ±Infinity included: Python writes them as JSON literals)."""

SMALL_DOCUMENTS = testing.counties("450202", schools=st.integers(1, 4), unknowns=True)


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A valid document with one part replaced by arbitrary JSON, removed, or an extra key."""
    document = draw(SMALL_DOCUMENTS)
    path = draw(st.sampled_from([p for p in _paths(document) if p]), label="where")
    how = draw(st.sampled_from(["replace", "remove", "add"]), label="how")
    parent = testing.get_path(document, path[:-1])
    if how == "replace":
        parent[path[-1]] = draw(JSON_VALUES, label="new value")
    elif how == "remove":
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=12), label="new key")] = draw(JSON_VALUES, label="its value")
    return document


@st.composite
def edited_bytes(draw: st.DrawFn) -> bytes:
    """The bytes of a valid document with a few bytes overwritten, inserted or deleted."""
    data = bytearray(json.dumps(draw(SMALL_DOCUMENTS), ensure_ascii=False).encode("utf-8"))
    for _ in range(draw(st.integers(1, 4), label="edits")):
        at = draw(st.integers(0, len(data) - 1), label="at")
        byte = draw(st.integers(0, 255), label="byte")
        match draw(st.sampled_from(["overwrite", "insert", "delete"]), label="edit"):
            case "overwrite":
                data[at] = byte
            case "insert":
                data.insert(at, byte)
            case _:
                del data[at]
    return bytes(data)


# --------------------------------------------------------------------------- load_county


class TestLoadCountyOnArbitraryInput:
    """``load_county`` on generated input: a county or a ``CountyDataError``, nothing else."""

    @given(value=JSON_VALUES)
    def test_arbitrary_json_is_loaded_or_refused(self, value):
        """Any JSON value as the whole document."""
        _loads_or_refuses(json.dumps(value).encode("utf-8"))

    @given(document=mutated_documents())
    def test_a_document_with_one_part_replaced_is_loaded_or_refused(self, document):
        """One field replaced by anything, removed, or an unknown key added."""
        _loads_or_refuses(json.dumps(document, ensure_ascii=False).encode("utf-8"))

    @given(data=st.binary(max_size=4000))
    def test_arbitrary_bytes_are_refused_or_loaded(self, data):
        """Any bytes at all."""
        _loads_or_refuses(data)

    @given(data=edited_bytes())
    def test_a_document_with_edited_bytes_is_loaded_or_refused(self, data):
        """A valid document's bytes with a few bytes changed (broken UTF-8, broken JSON…)."""
        _loads_or_refuses(data)


class TestCliOnArbitraryInput:
    """``edu-rules evaluate FILE`` in-process on generated files."""

    @given(document=mutated_documents())
    def test_the_cli_reports_or_refuses_a_mutated_document(self, document, folder):
        """Exit 0/1 with a JSON result, or exit 2 naming the file — never a traceback."""
        path = _write(
            folder, "mutated.json", json.dumps(document, ensure_ascii=False).encode("utf-8")
        )

        _check_cli(path)

    @given(
        data=st.binary(max_size=2000) | edited_bytes(), suffix=st.sampled_from([".json", ".xlsx"])
    )
    def test_the_cli_refuses_arbitrary_bytes_with_a_message(self, data, suffix, folder):
        """Arbitrary bytes, named as JSON or as a workbook."""
        path = _write(folder, f"bytes{suffix}", data)

        _check_cli(path, fmt="text")


# --------------------------------------------------------------------------- the corpus


def _document_bytes(**changes: Any) -> bytes:
    document = passing_county(code="450202")
    document.update(changes)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _with_numerator(text: str) -> bytes:
    """A valid document whose first school's L2 numerator is the literal ``text``."""
    marker = "__NUMERATOR__"
    document = passing_county(code="450202")
    document["schools"][0]["stages"]["primary"]["key_teachers"] = marker
    return (
        json.dumps(document, ensure_ascii=False)
        .encode("utf-8")
        .replace(f'"{marker}"'.encode(), text.encode())
    )


def _encoded(encoding: str, *, bom: bytes = b"") -> bytes:
    document = passing_county(code="450202")
    document["name"] = "城中区（测试）"
    return bom + json.dumps(document, ensure_ascii=False).encode(encoding)


DEEP = 10**5
TEN_MB = 10 * 1024 * 1024

NESTED: dict[str, bytes] = {
    "nested 10^5 arrays, unclosed": b"[" * DEEP,
    "nested 10^5 arrays, closed": b"[" * DEEP + b"]" * DEEP,
    "nested 10^5 objects": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "nested 10^5 arrays inside a field": _document_bytes(name="__X__").replace(
        b'"__X__"', b"[" * DEEP + b"]" * DEEP
    ),
}
"""Deep nesting, refused; loaded in a child process, so that a crash of a C parser
(a segmentation fault) fails its own case instead of ending the test run."""


def _old_orjson() -> bool:
    """orjson before 3.9.15 has no depth limit: it overflows the C stack on deep objects."""
    try:
        import orjson
    except ImportError:
        return False
    version = tuple(int(part) for part in orjson.__version__.split(".")[:3] if part.isdigit())
    return version < (3, 9, 15)


_CHILD = """
import sys
import edu_rules
try:
    edu_rules.load_county(sys.stdin.buffer.read())
except edu_rules.CountyDataError:
    print("refused")
else:
    print("loaded")
"""

REFUSED: dict[str, bytes] = {
    "1e400": _with_numerator("1e400"),
    "-1e400": _with_numerator("-1e400"),
    "1e-400": _with_numerator("1e-400"),
    "an integer of 5000 digits": _with_numerator("9" * 5000),
    "NaN": _with_numerator("NaN"),
    "Infinity": _with_numerator("Infinity"),
    "-Infinity": _with_numerator("-Infinity"),
    "10 MB string where a number belongs": _with_numerator(json.dumps("9" * TEN_MB)),
    "10 MB unknown field": _document_bytes(**{"x" * 10: "y" * TEN_MB}),
    "10 MB administered_by (longer than the contract's 200 characters)": _document_bytes(
        schools=[{**minimal_school(), "administered_by": "区" * (TEN_MB // 3)}]
    ),
    "a decimal of 10^5 digits (more than 50 significant digits)": _with_numerator(
        "12." + "3" * DEEP
    ),
    "10 MB school id, duplicated": _document_bytes(
        schools=[minimal_school(id="i" * TEN_MB), minimal_school(id="i" * TEN_MB)]
    ),
    "UTF-16 LE with BOM": _encoded("utf-16"),
    "UTF-16 BE without BOM": _encoded("utf-16-be"),
    "UTF-32": _encoded("utf-32"),
    "GBK": _encoded("gbk"),
    "Latin-1": json.dumps(
        minimal_county(name="Zürich", schools=[minimal_school(name="École")]), ensure_ascii=False
    ).encode("latin-1"),
    "UTF-8 BOM then UTF-16": codecs.BOM_UTF8 + _encoded("utf-16-le"),
    "empty": b"",
    "whitespace": b" \n\t ",
    "null": b"null",
    "a list": b"[]",
    "a string": b'"450202"',
    "a number": b"1",
    "truncated": _document_bytes()[:-40],
    "trailing garbage": _document_bytes() + b"}",
    "a comment": b"// county\n" + _document_bytes(),
    "NUL bytes": _document_bytes().replace(b'"schema_version"', b'"schema\x00version"'),
    "a key given twice": _document_bytes().replace(
        b'"code": "450202"', b'"code": "450202", "code": "450203"'
    ),
}
"""Inputs that must be refused with a ``CountyDataError`` (CLI: exit 2)."""

ACCEPTED: dict[str, bytes] = {
    "UTF-8 with BOM": _encoded("utf-8", bom=codecs.BOM_UTF8),
    "a decimal of 50 digits, the most allowed": _with_numerator("12." + "3" * 48),
    "control characters in a name": _document_bytes(name="城中区\x00\x1b[31m"),
}
"""Odd but valid inputs that must be evaluated."""


class TestTheCorpus:
    """The nasty cases through ``load_county`` and through the CLI."""

    @pytest.mark.parametrize(
        "case",
        [
            pytest.param(
                case,
                marks=pytest.mark.xfail(
                    _old_orjson() and "objects" in case,
                    strict=True,
                    reason="orjson < 3.9.15 (installed here: 3.8.3) segfaults on objects nested "
                    "10^5 deep; _fastvalidate.parse_json hands it any document: require "
                    "orjson >= 3.9.15, or decline deep nesting before calling it.",
                ),
            )
            for case in sorted(NESTED)
        ],
    )
    def test_deep_nesting_is_refused_without_crashing_the_process(self, case):
        """Loaded in a child process: it prints "refused" and exits 0 (no segfault)."""
        completed = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=NESTED[case],
            capture_output=True,
            timeout=60,
            check=False,
        )

        assert (completed.returncode, completed.stdout.strip()) == (0, b"refused"), (
            completed.stderr[-500:]
        )

    @pytest.mark.parametrize("case", sorted(REFUSED))
    def test_a_nasty_input_is_refused_with_a_message(self, case, folder):
        """``CountyDataError`` from the loader; exit 2 with a short message from the CLI."""
        data = REFUSED[case]
        path = _write(folder, "nasty.json", data)

        outcome = _loads_or_refuses(data)
        code, _, err = _run_cli("evaluate", str(path))

        assert isinstance(outcome, CountyDataError)
        assert code == 2
        assert "Traceback" not in err
        assert len(err) < 10_000, "the message quotes the bad value, not all of it"

    @pytest.mark.parametrize("case", sorted(ACCEPTED))
    def test_an_odd_but_valid_input_is_evaluated(self, case, folder):
        """A county from the loader; a report from the CLI."""
        data = ACCEPTED[case]
        path = _write(folder, "odd.json", data)

        outcome = _loads_or_refuses(data)
        code = _check_cli(path)

        assert isinstance(outcome, County)
        assert code in {0, 1}

    def test_a_10_mb_county_name_is_refused_by_its_length(self):
        """The contract's maxLength refuses it at once (evaluated, it once made 1.8 GB of report)."""
        document = passing_county(code="450202")
        document["name"] = "名" * (TEN_MB // 3)

        refusal = _loads_or_refuses(json.dumps(document, ensure_ascii=False).encode("utf-8"))

        assert isinstance(refusal, CountyDataError)
        assert [problem.path for problem in refusal.problems] == ["name"]
        assert "is too long (3,495,253 characters; at most 200)" in refusal.problems[0].reason


def _many_schools(count: int) -> bytes:
    schools = [minimal_school(id=f"S{index:06d}") for index in range(count)]
    return json.dumps(minimal_county(schools=schools), ensure_ascii=False).encode("utf-8")


class TestManySchools:
    """A document with very many schools: evaluated, in bounded time."""

    def test_a_thousand_schools_are_evaluated(self, folder):
        """1000 schools through the loader and the CLI (10⁵ in the thorough run)."""
        path = _write(folder, "many.json", _many_schools(1000))

        assert isinstance(_loads_or_refuses(path.read_bytes(), seconds=60), County)
        assert _check_cli(path, fmt="text", seconds=60) in {0, 1}

    @pytest.mark.parametrize("as_text", [True, False], ids=["bytes", "mapping"])
    def test_a_hundred_thousand_schools_are_refused_at_once(self, as_text):
        """10⁵ schools exceed the contract's 10,000: one problem, said before reading further.

        (Evaluated, they once took minutes and tens of gigabytes: three million findings.)
        """
        source = _many_schools(10**5)

        refusal = _loads_or_refuses(source if as_text else json.loads(source), seconds=60)

        assert isinstance(refusal, CountyDataError)
        assert [str(problem) for problem in refusal.problems] == [
            "schools: must have at most 10,000 items (got 100,000)"
        ]

    @thorough_only
    def test_ten_thousand_schools_the_most_allowed_are_evaluated(self):
        """Exactly the limit: loaded, evaluated and written, in bounded time."""
        assert isinstance(_loads_or_refuses(_many_schools(10**4), seconds=600), County)


# --------------------------------------------------------------------------- known bugs


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


class TestOddCasesOnceBugs:
    """Cases that once crashed (found by this suite); each is refused now, as it should be."""

    def test_a_lone_surrogate_in_a_name_is_refused(self, folder):
        """``"\\ud800"`` is JSON syntax but not text: refuse it with a message."""
        path = _write(
            folder, "surrogate.json", json.dumps(passing_county(name="\ud800坏")).encode()
        )

        code, _, err = _run_cli("evaluate", str(path))

        assert (code, "Traceback" in err) == (2, False)

    @pytest.mark.parametrize("where", ["name", "unknown field"])
    def test_deep_nesting_in_python_data_is_refused(self, where):
        """Data already parsed (a mapping) nested 5000 deep is refused, not a crash."""
        document = passing_county(code="450202")
        document["name" if where == "name" else "extra"] = _nested(5000)

        assert isinstance(_loads_or_refuses(document), CountyDataError)

    def test_a_huge_integer_in_python_data_is_refused(self):
        """An integer of 5000 digits as a numerator is out of range, as it is in JSON text."""
        document = passing_county(code="450202")
        document["schools"][0]["stages"]["primary"]["key_teachers"] = 10**5000

        assert isinstance(_loads_or_refuses(document), CountyDataError)

    def test_huge_enrolment_in_python_data_is_refused(self):
        """Enrolment of 10**5000 is out of range."""
        document = passing_county(code="450202")
        document["schools"][0]["stages"]["primary"]["students"] = 10**5000

        assert isinstance(_loads_or_refuses(document), CountyDataError)

    def test_a_numerator_of_10_to_the_400_in_python_data_is_refused(self):
        """10**400 teachers is out of range, as 1e400 is in JSON text."""
        document = passing_county(code="450202")
        document["schools"][0]["stages"]["primary"]["key_teachers"] = 10**400

        assert isinstance(_loads_or_refuses(document), CountyDataError)

    def test_a_document_gets_the_same_answer_as_text_and_as_data(self):
        """Text and parsed data are one document: both accepted or both refused."""
        document = passing_county(code="450202")
        document["schools"][0]["stages"]["primary"]["equipment_value_yuan"] = 1e300

        as_text = _loads_or_refuses(json.dumps(document).encode("utf-8"))
        as_data = _loads_or_refuses(copy.deepcopy(document))

        assert type(as_text) is type(as_data)

    def test_a_zip_with_a_broken_manifest_named_xlsx_is_refused(self, folder):
        """A workbook that is not one is refused with a message."""
        import zipfile

        path = folder / "broken.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<unclosed")
            archive.writestr("xl/workbook.xml", "<<")

        code, _, err = _run_cli("evaluate", str(path))

        assert (code, "Traceback" in err) == (2, False)


# --------------------------------------------------------------------------- one real process


class TestSubprocess:
    """One run of the real command, in its own process, on a folder of bad files."""

    def test_the_command_refuses_every_bad_file_at_once_without_a_traceback(self, folder):
        """Exit 2; standard error names each bad file; no traceback."""
        cases = {**REFUSED, **NESTED}
        chosen = ["UTF-16 LE with BOM", "GBK", "1e400", "nested 10^5 arrays, unclosed", "truncated"]
        paths = [
            _write(folder, f"bad-{index}.json", cases[case]) for index, case in enumerate(chosen)
        ]

        completed = subprocess.run(
            [sys.executable, "-m", "edu_rules.cli", "evaluate", *map(str, paths)],
            capture_output=True,
            timeout=120,
            check=False,
        )

        stderr = completed.stderr.decode("utf-8")
        assert completed.returncode == 2
        assert "Traceback" not in stderr
        assert all(str(path) in stderr for path in paths)
