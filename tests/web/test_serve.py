"""``edu-rules serve``: optional, light, and safe in its defaults.

Nothing of the web stack is imported by ``import edu_rules`` or ``edu-rules
--help``; without the extra the command says in one line how to install it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from edu_rules.cli.entry import build_parser, main
from edu_rules.web import Settings


def test_neither_the_library_nor_the_help_imports_the_web_stack():
    """`import edu_rules` and building the CLI (what --help does) load no web module."""
    code = (
        "import sys, edu_rules, edu_rules.cli.entry; edu_rules.cli.entry.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'starlette', 'uvicorn', 'multipart', 'python_multipart', 'anyio'} "
        "or m.startswith('edu_rules.web')))"
    )

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout

    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", 'edu-rules: 网页服务需要安装 web 扩展：pip install "edu-rules[web]"\n'),
        ("en", 'edu-rules: the web service needs the web extra: pip install "edu-rules[web]"\n'),
    ],
)
def test_without_the_extra_it_says_how_to_install_it(monkeypatch, capsys, lang, line):
    """One line, Chinese by default, exit 2."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails

    code = main(["serve", "--lang", lang])

    assert (code, capsys.readouterr().err) == (2, line)


@pytest.mark.parametrize("option", ["--workers", "--time-limit", "--max-upload-mb"])
def test_a_setting_that_is_not_positive_is_refused(capsys, option):
    """Exit 2 with one line naming the option."""
    code = main(["serve", option, "0"])

    assert code == 2
    assert option in capsys.readouterr().err


def test_it_binds_to_this_machine_by_default():
    """127.0.0.1 unless told otherwise, a 32 MiB upload limit, no token."""
    args = build_parser().parse_args(["serve"])

    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert Settings().host == "127.0.0.1"
    assert Settings().max_upload_bytes == 32 * 1024 * 1024
    assert Settings().token is None
