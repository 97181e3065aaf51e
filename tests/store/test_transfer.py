"""The record as files and back: export, import into an empty record, export again — the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from edu_rules.store import (
    OPERATOR,
    RecordError,
    Scope,
    Store,
    export_record,
    import_record,
    verify,
)
from edu_rules.store._database import HEAD, revision
from edu_rules.store._tables import metadata
from tests.store._record import PDF, corrected, raw, workbook


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _filled(store: Store) -> None:
    """A record with every kind of row: versions, judgments, reviews, evidence, publications."""
    _, county = store.issue_token(Scope.COUNTY, "450202", "城中区")
    _, city = store.issue_token(Scope.CITY, "4502", "柳州市")
    chengzhong, liuzhou = store.authenticate(county), store.authenticate(city)
    revoked, _ = store.issue_token(Scope.COUNTY, "450203", "鱼峰区")
    store.revoke_token(revoked)
    store.add_unit("450226", "三江侗族自治县")
    first = store.submit(chengzhong, raw("450202", 2022), "城中区-2022.json")
    store.add_evidence(chengzhong, first["id"], "G1", "编制.pdf", PDF)
    store.review(liuzhou, first["id"], "returned", "请补充佐证材料")
    second = store.submit(chengzhong, corrected("450202", 2022), "城中区-2022-v2.json")
    store.review(liuzhou, second["id"], "accepted", "")
    store.rejudge(liuzhou, second["id"])
    store.publish(liuzhou, "450202", 2022)
    store.submit(chengzhong, workbook("450202", 2023), "城中区-2023.xlsx")


def test_an_export_imports_into_an_empty_record_and_exports_the_same_files(store, tmp_path):
    _filled(store)
    export_record(store.engine, tmp_path / "a")
    exported = _files(tmp_path / "a")
    assert "documents/3.xlsx" in exported
    assert exported["documents/1.json"] == raw("450202", 2022)
    assert exported["evidence/1.pdf"] == PDF
    assert json.loads(exported["results/1.json"])["county"]["code"] == "450202"
    again = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    import_record(again.engine, tmp_path / "a")
    export_record(again.engine, tmp_path / "b")
    assert _files(tmp_path / "b") == exported
    assert again.state(OPERATOR) == store.state(OPERATOR)
    assert again.audit(OPERATOR) == store.audit(OPERATOR)
    assert again.published() == store.published()
    assert verify(again.engine) == verify(store.engine)
    assert verify(again.engine)[0] == []
    assert [t["label"] for t in again.tokens()] == ["城中区", "柳州市", "鱼峰区"]
    again.close()


def test_an_imported_record_goes_on_numbering_after_the_imported_rows(store, tmp_path):
    _filled(store)
    export_record(store.engine, tmp_path / "a")
    again = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    import_record(again.engine, tmp_path / "a")
    _, token = again.issue_token(Scope.COUNTY, "450202", "城中区（新令牌）")
    done = again.submit(again.authenticate(token), raw("450202", 2024), "c.json")
    assert (done["id"], done["version"]) == (4, 1)
    assert again.audit(OPERATOR)[-1]["id"] == len(store.audit(OPERATOR)) + 2
    again.close()


def test_an_import_refuses_a_tampered_file_and_a_record_not_empty(store, tmp_path):
    _filled(store)
    export_record(store.engine, tmp_path / "a")
    with pytest.raises(RecordError):
        import_record(store.engine, tmp_path / "a")
    (tmp_path / "a" / "documents" / "1.json").write_bytes(b"{}")
    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    with pytest.raises(RecordError, match="SHA-256"):
        import_record(fresh.engine, tmp_path / "a")
    assert fresh.state(OPERATOR) == []
    with pytest.raises(RecordError):
        export_record(store.engine, tmp_path / "a")  # not empty
    fresh.close()


def test_the_migrations_make_exactly_the_tables_the_code_describes(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert revision(store.engine) == HEAD
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    names = set(sa.inspect(store.engine).get_table_names())
    assert names == {*metadata.tables, "alembic_version"}


def test_the_command_line_exports_and_imports_the_whole_record(store, tmp_path):
    _filled(store)
    source = str(store.engine.url.render_as_string(hide_password=False))
    target = f"sqlite:///{tmp_path / 'copy.db'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "edu_rules.cli", "store", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    done = cli("--url", source, "export", str(tmp_path / "a"))
    assert done.returncode == 0, done.stderr
    assert "已导出" in done.stderr
    done = cli("--url", target, "import", str(tmp_path / "a"))
    assert done.returncode == 0, done.stderr
    done = cli("--url", target, "export", str(tmp_path / "b"))
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
    whole = cli("--url", target, "verify")
    assert whole.returncode == 0, whole.stderr
    assert "记录完整" in whole.stderr
    refused = cli("--url", target, "import", str(tmp_path / "a"), "--lang", "en")
    assert refused.returncode == 2
    assert "not empty" in refused.stderr
    assert "Traceback" not in refused.stderr
