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


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", "serve", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--port", "99999"), "--port 须为 1 到 65535 之间的整数（得到 99999）"),
        (("--port", "0"), "--port 须为 1 到 65535 之间的整数（得到 0）"),
        (("--max-upload-mb", "nan"), "--max-upload-mb 须为有限的正数（得到 nan）"),
        (("--max-upload-mb", "inf"), "--max-upload-mb 须为有限的正数（得到 inf）"),
        (("--max-upload-mb", "1e-9"), "--max-upload-mb 须为有限的正数"),
        (("--time-limit", "nan"), "--time-limit 须为有限的正数（得到 nan）"),
        (("--time-limit=-inf",), "--time-limit 须为有限的正数（得到 -inf）"),
        (("--lang", "en", "--port", "70000"), "--port must be a whole number from 1 to 65535"),
    ],
)
def test_an_impossible_setting_is_a_usage_error_in_chinese(args, said):
    """The real command: exit 2, one line naming the option, no traceback, nothing served."""
    completed = _serve(*args)

    assert completed.returncode == 2
    assert said in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_a_port_already_taken_is_a_clear_error_not_a_crash():
    """Another program listens on the port: exit 2 and a Chinese sentence naming the address."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        completed = _serve("--port", str(port))

    assert completed.returncode == 2
    assert f"无法在 127.0.0.1:{port} 上提供服务" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_it_binds_to_this_machine_by_default():
    """127.0.0.1 unless told otherwise, a 32 MiB upload limit, no token."""
    args = build_parser().parse_args(["serve"])

    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert Settings().host == "127.0.0.1"
    assert Settings().max_upload_bytes == 32 * 1024 * 1024
    assert Settings().token is None
