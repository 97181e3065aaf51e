"""The record stays behind its extra: the library and the command line without it import no database."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "psycopg", "edu_rules.store")


def _loaded(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


def test_import_edu_rules_loads_no_database_library():
    assert _loaded("import edu_rules") == []


def test_the_command_line_and_a_stateless_service_load_no_database_library():
    assert _loaded("from edu_rules.cli.entry import build_parser; build_parser()") == []
    assert _loaded("from edu_rules.web import Settings, create_app; create_app(Settings())") == []


def test_the_store_loads_them_when_asked():
    assert set(_loaded("import edu_rules.store")) == {"sqlalchemy", "edu_rules.store"}
