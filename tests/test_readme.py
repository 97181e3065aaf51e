"""The README tells the truth: its set-up commands are CI's, its Python examples run."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
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
