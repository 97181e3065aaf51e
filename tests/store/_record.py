"""What the record's tests share: the bundled history's documents, their variants, evidence files."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import edu_rules
from edu_rules.io import excel

HISTORY = Path(__file__).resolve().parents[2] / "examples" / "history"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def history(code: str, year: int) -> Path:
    """The bundled document of unit ``code`` for ``year``."""
    (found,) = HISTORY.glob(f"{code}-*-{year}.json")
    return found


def raw(code: str, year: int) -> bytes:
    """The bundled document's bytes."""
    return history(code, year).read_bytes()


def corrected(unit: str, year: int, **changes: object) -> bytes:
    """The bundled document with top-level fields changed: a county's corrected resubmission."""
    document = json.loads(raw(unit, year))
    document.update(changes)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def elsewhere(code: str, name: str, year: int = 2023) -> bytes:
    """A Liuzhou document relabelled as another unit (another city's, for the access tests)."""
    return corrected("450202", year, code=code, name=name)


def workbook(code: str, year: int) -> bytes:
    """The bundled document as the county workbook ``edu-rules convert`` writes."""
    out = io.BytesIO()
    excel.write_county(out, edu_rules.load_county(history(code, year)))
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(url: str) -> Iterator[str]:
    """``edu-rules serve --store URL`` on a free port; its base URL."""
    httpx = pytest.importorskip("httpx")
    port = free_port()
    command = [sys.executable, "-m", "edu_rules.cli", "serve", "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", "2", "--store", url])
    base = f"http://127.0.0.1:{port}"
    try:
        limit = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > limit:
                pytest.fail(f"edu-rules serve --store did not start on {base}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
