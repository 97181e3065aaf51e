"""The public front door: ``edu_rules`` names everything public, and loads it only when used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import edu_rules


def _fresh_interpreter(code: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return completed.stdout


class TestPublicNames:
    def test_all_is_sorted_and_has_no_repeats(self):
        """``__all__`` reads as an index: sorted, each name once."""
        assert edu_rules.__all__ == sorted(set(edu_rules.__all__))

    def test_every_public_name_resolves_to_its_object(self):
        """Each name in ``__all__`` loads, and is the object its home module defines."""
        for name in edu_rules.__all__:
            value = getattr(edu_rules, name)
            home = sys.modules[edu_rules._HOME[name]]
            assert value is getattr(home, name), name

    def test_the_one_list_is_what_type_checkers_read(self):
        """The names loaded lazily are exactly those of the type checkers' import block."""
        import ast

        tree = ast.parse(Path(edu_rules.__file__).read_text(encoding="utf-8"))
        block = next(node for node in tree.body if isinstance(node, ast.If))
        imported = {
            alias.asname: node.module
            for node in block.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert imported == edu_rules._HOME
        assert sorted(imported) == edu_rules.__all__

    def test_an_unknown_name_is_an_attribute_error(self):
        """A typo fails as it would on any module."""
        with pytest.raises(AttributeError, match="evaluat"):
            edu_rules.evaluat  # noqa: B018

    def test_dir_lists_the_public_names(self):
        """Tab completion and help() see every public name before it is loaded."""
        assert set(edu_rules.__all__) <= set(dir(edu_rules))


class TestImportIsCheap:
    def test_importing_edu_rules_loads_no_engine_and_no_plugin(self):
        """``import edu_rules`` loads none of its modules, no plugin and no rule data."""
        loaded = json.loads(
            _fresh_interpreter(
                "import sys, json, edu_rules; "
                "print(json.dumps(sorted(m for m in sys.modules "
                "if m.startswith(('edu_rules.', 'edu_rules_', 'jsonschema', 'cattrs', 'pluggy')))))"
            )
        )
        assert loaded == []

    def test_the_cli_help_loads_no_plugin(self):
        """``edu-rules --help`` builds its parser without touching a plugin or the engine."""
        loaded = json.loads(
            _fresh_interpreter(
                "import sys, json, contextlib, io\n"
                "from edu_rules.cli.entry import build_parser\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                "    build_parser().format_help()\n"
                "print(json.dumps(sorted(m for m in sys.modules "
                "if m.startswith(('edu_rules_', 'edu_rules.engine', 'edu_rules.plugins', 'pluggy')))))"
            )
        )
        assert loaded == []
