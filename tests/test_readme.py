"""The README tells the truth: its set-up commands are CI's, its Python examples run."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _set_up_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)]


class TestSetUp:
    def test_the_first_screen_gives_exactly_two_commands(self):
        """One installs and runs the main job, one installs the test extras and runs the tests."""
        install_and_run, install_and_test = _set_up_commands()

        assert "edu-rules evaluate examples/" in install_and_run
        assert install_and_test.endswith("python -m pytest")
        assert '".[test]"' in install_and_test

    def test_ci_runs_the_readmes_test_command(self):
        """`.ci/run` runs exactly the README's test command."""
        install_and_test = _set_up_commands()[1]

        assert install_and_test in CI.splitlines()

    def test_the_main_job_evaluates_a_bundled_example(self):
        """The file the first command evaluates is in the repository."""
        command = shlex.split(_set_up_commands()[0].split("&&")[-1])

        assert (ROOT / command[-1]).is_file()

    def test_every_path_the_commands_install_exists(self):
        """Each local distribution the commands install is in the repository."""
        for command in _set_up_commands():
            paths = [word for word in shlex.split(command) if word.startswith("./")]
            assert paths
            assert all((ROOT / path / "pyproject.toml").is_file() for path in paths), paths


class TestPythonExamples:
    @pytest.mark.parametrize("index", range(len(_blocks("python"))))
    def test_the_example_runs(self, index, monkeypatch):
        """Each ```python block runs as written, from the repository root; test functions too."""
        monkeypatch.chdir(ROOT)
        namespace: dict[str, object] = {"__name__": "readme_example"}

        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(_blocks("python")[index], f"README.md[{index}]", "exec"), namespace)  # noqa: S102
            for name, function in list(namespace.items()):
                if name.startswith("test_") and callable(function):
                    function()


class TestSampleOutput:
    def test_the_sample_report_is_what_the_command_prints(self, capsys, monkeypatch):
        """The '$ edu-rules evaluate …' sample shows the real first lines of that report."""
        from edu_rules.cli.entry import main

        sample = next(block for block in _blocks("text") if block.startswith("$ edu-rules"))
        command, *shown = sample.splitlines()
        shown = shown[: shown.index("  …")] if "  …" in shown else shown
        monkeypatch.chdir(ROOT)

        main(shlex.split(command.removeprefix("$ edu-rules ")))

        assert capsys.readouterr().out.splitlines()[: len(shown)] == shown


def _figure(pattern: str) -> str:
    """The one match of ``pattern``'s group in the README (the claim must be there)."""
    (found,) = re.findall(pattern, README)
    return found


class TestFigures:
    """The figures the README states that are cheap to check are the code's and the data's."""

    def test_the_targets_count_the_units_the_layers_hold(self):
        """'Liuzhou: 50% of its 10 units by 2025 …; Guangxi: 20% of its 111 units by 2025'."""
        import edu_rules_guangxi
        import edu_rules_liuzhou

        for target in (*edu_rules_liuzhou.targets(), *edu_rules_guangxi.targets()):
            name = {"liuzhou": "Liuzhou", "guangxi": "Guangxi"}[target.layer]
            if target.share == 1:
                continue
            share = Fraction(target.share)
            stated = _figure(rf"{name}: (\d+)% of its ([\d,]+) units by {target.by_year}")
            assert (Fraction(int(stated[0]), 100), int(stated[1].replace(",", ""))) == (
                share,
                len(target.units),
            )

    def test_the_service_defaults_are_the_settings(self):
        """`--max-upload-mb` (32), `--workers` (2), `--time-limit` seconds (60)."""
        from edu_rules.web import Settings

        settings = Settings()
        stated = [
            int(_figure(rf"`--{option}`[^(`]{{0,20}}\((\d+)[;)]"))
            for option in ("max-upload-mb", "workers", "time-limit")
        ]

        assert stated == [settings.max_upload_bytes // 2**20, settings.workers, settings.time_limit]

    def test_the_evaluator_time_budget_is_the_engines(self):
        """'runs past its time budget (10 s per county)'."""
        from edu_rules.engine import DEFAULT_RULE_SECONDS

        assert float(_figure(r"time budget \((\d+) s per county\)")) == DEFAULT_RULE_SECONDS

    def test_ten_thousand_full_schools_are_the_size_and_count_stated(self):
        """'10,000 full schools take about 8 MB' and 'hold about N values' (within 10%).

        The school is the bundled examples' fullest (most values); a document of 10,000 of
        them is sized and counted from one, the way ``load_county`` counts: every number,
        text, list and object.
        """

        def values(node: object) -> int:
            if isinstance(node, dict):
                return 1 + sum(values(item) for item in node.values())
            if isinstance(node, list):
                return 1 + sum(values(item) for item in node)
            return 1

        documents = [json.loads(p.read_text("utf-8")) for p in (ROOT / "examples").glob("*.json")]
        school = max((s for d in documents for s in d["schools"]), key=values)
        size = 10_000 * len(json.dumps(school, ensure_ascii=False, separators=(",", ":")))
        count = 10_000 * values(school)
        megabytes = int(_figure(r"10,000 full schools take about (\d+) MB"))
        stated = int(_figure(r"10,000 full schools hold about ([\d,]+)").replace(",", ""))

        assert abs(size / 1e6 - megabytes) <= megabytes / 10, size
        assert abs(count - stated) <= stated / 10, count

    def test_the_template_sample_county_it_names_is_in_the_template(self):
        """'… and the sample county (`examples/990101-shili.json`)' of the plugin template."""
        sample = _figure(r"the sample county \(`(examples/[^`]+\.json)`\)")

        assert (ROOT / "examples" / "plugin-template" / sample).is_file()
