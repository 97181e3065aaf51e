"""The ``edu-rules`` command line, end to end, on the bundled examples and on bad input.

Exit codes: 0 the county passes, 1 it was evaluated and does not pass, 2 invalid
input or usage — and never a traceback for bad input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from edu_rules.cli import main

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(name="bad_file")
def _bad_file(tmp_path: Path):
    def write(content: bytes | str, name: str = "county.json") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write


def _document(**changes: object) -> dict:
    document = json.loads((EXAMPLES / "450202-chengzhong.json").read_text(encoding="utf-8"))
    document.update(changes)
    return document


class TestEvaluateOnTheExamples:
    """The bundled examples give their documented verdicts and exit codes."""

    def test_a_passing_unit_exits_zero_with_a_readable_report(self):
        """城中区 passes: exit 0, a report in Chinese alone."""
        completed = _run("evaluate", str(EXAMPLES / "450202-chengzhong.json"))

        assert completed.returncode == 0, completed.stderr
        assert "城中区" in completed.stdout
        assert "结论: 达标" in completed.stdout
        assert "Verdict" not in completed.stdout

    def test_a_failing_unit_exits_one_and_lists_its_shortfalls(self):
        """鹿寨县 fails on rooms and class sizes: exit 1, shortfalls with citations."""
        completed = _run("evaluate", str(EXAMPLES / "450223-luzhai.json"))

        assert completed.returncode == 1
        assert "national.G3.music" in completed.stdout
        assert "教督〔2017〕6号" in completed.stdout

    def test_json_output_is_the_result_document(self, capsys):
        """``--format json`` prints the versioned result with its top-level keys."""
        code = main(["evaluate", str(EXAMPLES / "450225-rongshui.json"), "--format", "json"])

        result = json.loads(capsys.readouterr().out)
        assert code == 1
        assert result["status"] == "ineligible"
        assert {
            "status",
            "county",
            "assessment_year",
            "layers",
            "shortfalls",
            "not_evaluated",
            "findings",
            "schema_version",
        } <= set(result)

    def test_json_for_several_files_is_one_array_in_the_order_given(self, capsys):
        """Many files with ``--format json``: one parseable array of result documents."""
        files = ["450203-yufeng.json", "450202-chengzhong.json"]

        code = main(["evaluate", *(str(EXAMPLES / name) for name in files), "--format", "json"])

        results = json.loads(capsys.readouterr().out)
        assert [result["county"]["code"] for result in results] == ["450203", "450202"]
        assert code == 1  # 鱼峰区 does not pass

    def test_output_is_byte_identical_on_repeated_runs(self):
        """Two processes, same bytes."""
        path = str(EXAMPLES / "450203-yufeng.json")

        first = _run("evaluate", path, "--format", "json").stdout
        second = _run("evaluate", path, "--format", "json").stdout

        assert first == second
        assert first

    def test_plugins_lists_the_installed_layers(self, capsys):
        """``edu-rules plugins`` names each layer with its document and package."""
        assert main(["plugins"]) == 0

        out = capsys.readouterr().out
        assert "national" in out
        assert "教督〔2017〕6号" in out

    def test_schema_prints_the_county_schema(self, capsys):
        """``edu-rules schema`` prints the county JSON Schema."""
        assert main(["schema"]) == 0

        schema = json.loads(capsys.readouterr().out)
        assert schema["$schema"].endswith("2020-12/schema")
        assert "schools" in schema["properties"]


class TestBadInput:
    """Each kind of bad input: exit 2, the field named, no traceback."""

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ('{"schema_version": 1, "code": ', "not valid JSON"),
            (json.dumps(_document(assessment_year="2025")), "assessment_year"),
            (json.dumps(_document(social_recognition_pct=-1)), "social_recognition_pct"),
            (json.dumps(_document(colour="blue")), "colour"),
            (json.dumps({k: v for k, v in _document().items() if k != "name"}), "name"),
            (json.dumps(_document(schools=[])), "schools"),
            (
                json.dumps(_document()).replace(
                    '"social_recognition_pct": 9', '"social_recognition_pct": NaN, "x": 9', 1
                ),
                "NaN",
            ),
        ],
        ids=[
            "malformed",
            "wrong-type",
            "negative",
            "unknown-field",
            "missing-field",
            "no-schools",
            "nan",
        ],
    )
    def test_a_bad_document_names_the_problem(self, bad_file, capsys, content, expected):
        """The message names the field (or the syntax error) and the exit code is 2 (in English)."""
        code = main(["evaluate", str(bad_file(content)), "--lang", "en"])

        err = capsys.readouterr().err
        assert code == 2
        assert expected in err
        assert "Traceback" not in err

    def test_a_negative_count_names_its_path(self, bad_file, capsys):
        """``schools[1].stages.primary.students：必须 ≥ 0（实际为 -5）`` (Chinese by default)."""
        document = _document()
        document["schools"][1]["stages"]["primary"]["students"] = -5

        code = main(["evaluate", str(bad_file(json.dumps(document, ensure_ascii=False)))])

        assert code == 2
        assert (
            "schools[1].stages.primary.students：必须 ≥ 0（实际为 -5）" in capsys.readouterr().err
        )

    def test_duplicate_school_ids(self, bad_file, capsys):
        """Two schools with one id."""
        document = _document()
        document["schools"][1]["id"] = document["schools"][0]["id"]

        code = main(["evaluate", str(bad_file(json.dumps(document, ensure_ascii=False)))])

        assert code == 2
        assert "duplicate school id" in capsys.readouterr().err

    def test_non_utf8_bytes(self, bad_file, capsys):
        """A GBK-encoded file is refused with a plain reason."""
        content = json.dumps(_document(), ensure_ascii=False).encode("gbk")

        code = main(["evaluate", str(bad_file(content))])

        assert code == 2
        assert "UTF-8" in capsys.readouterr().err

    def test_a_missing_file(self, tmp_path, capsys):
        """A path that does not exist."""
        code = main(["evaluate", str(tmp_path / "nowhere.json")])

        assert code == 2
        assert "nowhere.json" in capsys.readouterr().err

    def test_bad_input_in_a_subprocess_has_no_traceback(self, bad_file):
        """The installed entry point behaves the same way."""
        completed = _run("evaluate", str(bad_file("[1, 2")))

        assert completed.returncode == 2
        assert "Traceback" not in completed.stderr

    def test_usage_errors_exit_two(self, capsys):
        """An unknown subcommand is a usage error."""
        with pytest.raises(SystemExit) as caught:
            main(["frobnicate"])

        assert caught.value.code == 2
