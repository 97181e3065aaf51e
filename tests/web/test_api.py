"""The JSON API, ``/v1``: each answer is what the matching command prints with ``--format json``.

Every endpoint through the framework's test client, on the bundled examples and on
bad input: a refused document lists every problem with its path (422), a bad
request says which parameter (400).
"""

from __future__ import annotations

import json

import pytest

import edu_rules
from edu_rules import testing
from edu_rules.io.validation import county_schema
from tests.web._support import EXAMPLES, FAILING, PASSING, cli_output, workbook_of


class TestEvaluate:
    def test_a_json_document_gets_the_cli_result_document_byte_for_byte(self, client, capsys):
        """POST /v1/evaluate answers exactly what `edu-rules evaluate --format json` prints."""
        code, expected = cli_output(capsys, "evaluate", str(FAILING), "--format", "json")

        answer = client.post("/v1/evaluate", content=FAILING.read_bytes())

        assert (code, 200) == (1, answer.status_code)
        assert expected == answer.text
        assert answer.headers["x-edu-rules-status"] == "fail"
        assert answer.headers["content-type"].startswith("application/json")

    def test_a_workbook_body_gets_the_same_result_as_its_document(self, client, tmp_path, capsys):
        """An .xlsx body is read as `edu-rules evaluate county.xlsx` reads it."""
        workbook = tmp_path / "chengzhong.xlsx"
        workbook.write_bytes(workbook_of(PASSING))
        _, expected = cli_output(capsys, "evaluate", str(workbook), "--format", "json")

        answer = client.post("/v1/evaluate", content=workbook.read_bytes())

        assert expected == answer.text
        assert answer.headers["x-edu-rules-status"] == "pass"

    def test_a_file_uploaded_as_a_form_is_evaluated_too(self, client):
        """curl -F file=@county.json works as well as a raw body."""
        raw = FAILING.read_bytes()

        as_form = client.post("/v1/evaluate", files={"file": ("county.json", raw)})

        assert client.post("/v1/evaluate", content=raw).text == as_form.text

    def test_the_result_follows_the_result_schema(self, client):
        """The answer is a valid result document (schemas/result.schema.json)."""
        answer = client.post("/v1/evaluate", content=PASSING.read_bytes())

        testing.check_result_schema(answer.json())

    def test_markdown_is_the_cli_markdown_report(self, client, capsys):
        """?format=markdown&lang=en answers the CLI's Markdown report in English."""
        _, expected = cli_output(
            capsys, "evaluate", str(FAILING), "--format", "markdown", "--lang", "en"
        )

        answer = client.post("/v1/evaluate?format=markdown&lang=en", content=FAILING.read_bytes())

        assert expected == answer.text
        assert answer.headers["content-type"].startswith("text/markdown")

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_an_invalid_document_lists_every_problem_with_its_path(self, client, lang):
        """422 with the same problems, in the same order and language, that the CLI says.

        Chinese without ``lang`` (as ``edu-rules evaluate``), English with ``lang=en``.
        """
        document = json.loads(PASSING.read_text(encoding="utf-8"))
        document["schools"][0]["stages"]["primary"]["students"] = -5
        document["assessment_year"] = "soon"
        raw = json.dumps(document, ensure_ascii=False).encode()
        with pytest.raises(edu_rules.CountyDataError) as refused:
            edu_rules.load_county(raw)
        expected = [{"path": p.path, "reason": p.reason_in(lang)} for p in refused.value.problems]

        answer = client.post("/v1/evaluate" + ("?lang=en" if lang == "en" else ""), content=raw)

        assert answer.status_code == 422
        assert expected == [
            {"path": e["path"], "reason": e["reason"]} for e in answer.json()["errors"]
        ]
        assert len(expected) >= 2

    def test_a_bad_workbook_cell_is_named_by_sheet_and_cell(self, client):
        """A workbook's problem names its sheet, cell and column, as the CLI does."""
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(workbook_of(PASSING)))
        sheet = book.worksheets[0]
        column = next(c.column for c in sheet[2] if c.value == "students")
        sheet.cell(row=3, column=column, value="abc")
        out = io.BytesIO()
        book.save(out)

        answer = client.post("/v1/evaluate", content=out.getvalue())

        assert answer.status_code == 422
        (error,) = answer.json()["errors"]
        assert error["path"].startswith(f"{sheet.title}!{sheet.cell(3, column).coordinate} ")
        assert "abc" in error["reason"]

    def test_not_json_is_refused_with_the_reason(self, client):
        """A body that is not JSON (nor a workbook) is a 422 saying where it breaks."""
        answer = client.post("/v1/evaluate?lang=en", content=b"{not json")

        assert answer.status_code == 422
        assert answer.json()["errors"][0]["reason"].startswith("not valid JSON")

    @pytest.mark.parametrize(
        ("query", "body", "path"),
        [
            ("", b"", ""),
            ("?format=pdf", b"{}", "format"),
        ],
        ids=["empty body", "unknown format"],
    )
    def test_a_bad_request_is_400_naming_the_parameter(self, client, query, body, path):
        """Nothing evaluated, a 400 that says which parameter is wrong."""
        answer = client.post(f"/v1/evaluate{query}", content=body)

        assert answer.status_code == 400
        assert path == answer.json()["errors"][0]["path"]

    def test_errors_are_chinese_by_default_and_english_on_request(self, client):
        """The service's own messages follow ?lang (the document's reasons are the core's)."""
        zh = client.post("/v1/evaluate", content=b"").json()["errors"][0]["reason"]
        en = client.post("/v1/evaluate?lang=en", content=b"").json()["errors"][0]["reason"]

        assert (zh, en) == ("请求体为空", "the request body is empty")


class TestBatch:
    def test_a_json_array_gets_the_cli_progress(self, client, capsys):
        """POST /v1/batch answers what `edu-rules progress --format json` prints."""
        _, expected = cli_output(capsys, "progress", str(EXAMPLES), "--format", "json")
        paths = sorted(EXAMPLES.glob("*.json"))
        array = [json.loads(path.read_text(encoding="utf-8")) for path in paths]

        answer = client.post(
            "/v1/batch", content=json.dumps(array, ensure_ascii=False).encode("utf-8")
        )

        assert answer.status_code == 200
        assert expected == answer.text

    def test_workbooks_and_documents_mix_in_a_form(self, client, capsys):
        """Several files as a form, one of them a workbook: the same progress."""
        _, expected = cli_output(
            capsys, "progress", str(PASSING), str(FAILING), "--format", "json", "--year", "2025"
        )
        files = [
            ("file", ("a.xlsx", workbook_of(PASSING))),
            ("file", ("b.json", FAILING.read_bytes())),
        ]

        answer = client.post("/v1/batch?year=2025", files=files)

        assert expected == answer.text

    def test_a_bad_file_in_a_batch_is_named(self, client):
        """Every problem names its file (and the document's field), as `progress` does."""
        files = [
            ("file", ("good.json", PASSING.read_bytes())),
            ("file", ("bad.json", b'{"code": "450203"}')),
        ]

        answer = client.post("/v1/batch", files=files)

        assert answer.status_code == 422
        paths = [error["path"] for error in answer.json()["errors"]]
        assert all(path.startswith("bad.json: ") for path in paths)
        assert paths

    def test_a_year_that_is_not_a_number_is_a_bad_request(self, client):
        """?year=soon is a 400 naming year."""
        answer = client.post("/v1/batch?year=soon", content=PASSING.read_bytes())

        assert (answer.status_code, answer.json()["errors"][0]["path"]) == (400, "year")


class TestPlan:
    def test_the_plan_is_the_cli_plan(self, client, capsys):
        """POST /v1/plan answers what `edu-rules plan --format json` prints, costs included."""
        _, expected = cli_output(
            capsys, "plan", str(FAILING), "--format", "json", "--cost", "sports_area_m2=800"
        )

        answer = client.post("/v1/plan?cost=sports_area_m2=800", content=FAILING.read_bytes())

        assert answer.status_code == 200
        assert expected == answer.text

    def test_a_bad_cost_is_a_bad_request(self, client):
        """An unknown field in ?cost is a 400 naming cost."""
        answer = client.post("/v1/plan?cost=gold=1", content=FAILING.read_bytes())

        assert (answer.status_code, answer.json()["errors"][0]["path"]) == (400, "cost")


class TestWhatif:
    def test_the_diff_is_the_cli_diff(self, client, capsys):
        """POST /v1/whatif answers what `edu-rules whatif --format json --set` prints."""
        change = "guarantee.quota_allocation_pct=55"
        _, expected = cli_output(
            capsys, "whatif", str(FAILING), "--set", change, "--format", "json"
        )
        county = json.loads(FAILING.read_text(encoding="utf-8"))
        body = {"county": county, "changes": {"guarantee.quota_allocation_pct": 55}}

        answer = client.post("/v1/whatif", content=json.dumps(body, ensure_ascii=False).encode())

        assert answer.status_code == 200
        assert expected == answer.text

    def test_a_change_that_leads_nowhere_is_named(self, client):
        """An unknown path is a 422 naming it."""
        county = json.loads(FAILING.read_text(encoding="utf-8"))
        body = {"county": county, "changes": {"guarantee.no_such_field": 1}}

        answer = client.post("/v1/whatif", content=json.dumps(body).encode())

        assert answer.status_code == 422
        assert answer.json()["errors"][0]["path"] == "guarantee.no_such_field"

    def test_an_invalid_county_is_named_under_county(self, client):
        """The county's problems are located in the request: county.<path>."""
        county = json.loads(FAILING.read_text(encoding="utf-8"))
        county["assessment_year"] = "soon"
        body = {"county": county, "changes": {"guarantee.quota_allocation_pct": 55}}

        answer = client.post("/v1/whatif", content=json.dumps(body).encode())

        assert answer.status_code == 422
        assert [e["path"] for e in answer.json()["errors"]] == ["county.assessment_year"]

    @pytest.mark.parametrize(
        ("body", "path"),
        [(b"[]", "county"), (b'{"county": {}}', "changes")],
        ids=["not an object", "no changes"],
    )
    def test_a_request_without_its_parts_is_refused(self, client, body, path):
        """Without "county" or "changes", a 422 says which is missing."""
        answer = client.post("/v1/whatif", content=body)

        assert (422, path) == (answer.status_code, answer.json()["errors"][0]["path"])


class TestLayers:
    def test_the_layers_are_the_cli_listing(self, client, capsys):
        """GET /v1/layers answers what `edu-rules plugins --format json` prints."""
        _, expected = cli_output(capsys, "plugins", "--format", "json")

        answer = client.get("/v1/layers")

        assert json.loads(expected) == answer.json()


class TestOpenAPI:
    def test_it_describes_every_endpoint_with_the_project_schemas(self, client):
        """/v1/openapi.json is OpenAPI 3.1 with each /v1 path and the county contract."""
        document = client.get("/v1/openapi.json").json()

        assert document["openapi"] == "3.1.0"
        assert {"/v1/evaluate", "/v1/batch", "/v1/plan", "/v1/whatif", "/v1/layers"} == set(
            document["paths"]
        )
        assert county_schema() == document["components"]["schemas"]["County"]

    def test_unknown_api_paths_and_methods_answer_json_errors(self, client):
        """404 and 405 on /v1 are JSON error lists, like every other API error."""
        missing = client.get("/v1/nowhere")
        wrong = client.get("/v1/evaluate")

        assert (missing.status_code, wrong.status_code) == (404, 405)
        assert missing.json()["errors"]
        assert wrong.json()["errors"]
