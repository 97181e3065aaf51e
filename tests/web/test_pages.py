"""The web pages: Chinese by default, English on ``?lang=en``, the CLI's own report.

The upload page, the report page (the same HTML report as ``edu-rules evaluate
--format html``, with downloads of the result in front), the refusal of an
invalid workbook with its cells named, the batch and its progress view, the layers
and the blank workbook.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import openpyxl

from edu_rules.io import excel
from tests.web._support import EXAMPLES, FAILING, PASSING, cli_output, workbook_of


class _Links(HTMLParser):
    """The ``download`` links of a page: file name → link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and "download" in found:
            self.links[found["download"]] = found["href"]


def _fetched(client, html: str) -> dict[str, bytes]:
    """Every download the page links to, fetched: file name → content."""
    parser = _Links()
    parser.feed(html)
    fetched = {}
    for name, href in parser.links.items():
        answer = client.get(href)
        assert answer.status_code == 200, href
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
        fetched[name] = answer.content
    return fetched


def _downloads(client, html: str) -> dict[str, str]:
    """The text downloads the page links to: file name → text."""
    return {
        name: content.decode("utf-8")
        for name, content in _fetched(client, html).items()
        if not name.endswith(".xlsx")
    }


def _main(html: str) -> str:
    return html[html.index("<main>") : html.index("</main>")]


class TestUploadPage:
    def test_it_is_chinese_by_default_and_english_on_request(self, client):
        """The front page offers the blank workbook and the upload, in either language."""
        zh = client.get("/")
        en = client.get("/?lang=en")

        assert zh.status_code == en.status_code == 200
        assert '<html lang="zh-CN">' in zh.text
        assert "下载空白填报表" in zh.text
        assert '<html lang="en">' in en.text
        assert "Blank workbook" in en.text
        assert 'action="/report?lang=en"' in en.text


class TestReportPage:
    def test_it_is_the_cli_html_report_with_the_downloads(self, client, capsys):
        """The report is the CLI's; the JSON and Markdown downloads are the CLI's too."""
        _, html = cli_output(capsys, "evaluate", str(FAILING), "--format", "html")
        _, result = cli_output(capsys, "evaluate", str(FAILING), "--format", "json")
        _, markdown = cli_output(capsys, "evaluate", str(FAILING), "--format", "markdown")

        page = client.post("/report", files={"file": ("鱼峰区.json", FAILING.read_bytes())})

        assert page.status_code == 200
        assert _main(html) == _main(page.text)
        downloads = _downloads(client, page.text)
        assert result == downloads["450203-result.json"]
        assert markdown == downloads["450203-report.md"]
        assert html == downloads["450203-report.html"]

    def test_the_page_links_to_its_downloads_instead_of_carrying_them(self, client, capsys):
        """The page is about the size of the report alone: no file inside it as base64."""
        _, html = cli_output(capsys, "evaluate", str(FAILING), "--format", "html")

        page = client.post("/report", files={"file": ("鱼峰区.json", FAILING.read_bytes())})

        assert "base64," not in page.text
        assert len(page.content) < len(html.encode("utf-8")) + 16_384

    def test_an_unknown_download_is_a_page_saying_so(self, client):
        """A link that names no kept file (expired, or made up): 404, in Chinese."""
        answer = client.get("/download/" + "0" * 32 + "/450203-result.json")

        assert answer.status_code == 404
        assert "重新上传" in answer.text

    def test_the_excel_results_workbook_is_the_clis(self, client, capsys, tmp_path):
        """The results workbook offered on the page is byte for byte ``--format xlsx``'s."""
        out = tmp_path / "results.xlsx"
        cli_output(capsys, "evaluate", str(FAILING), "--format", "xlsx", "-o", str(out))

        page = client.post("/report", files={"file": ("鱼峰区.json", FAILING.read_bytes())})
        fetched = _fetched(client, page.text)

        assert fetched["450203-results.xlsx"] == out.read_bytes()
        book = openpyxl.load_workbook(io.BytesIO(fetched["450203-results.xlsx"]))
        assert len(book.sheetnames) >= 4

    def test_a_workbook_upload_shows_the_verdict_in_english(self, client, tmp_path, capsys):
        """An .xlsx upload with ?lang=en gives the English report of that county."""
        workbook = tmp_path / "chengzhong.xlsx"
        workbook.write_bytes(workbook_of(PASSING))
        _, html = cli_output(capsys, "evaluate", str(workbook), "--format", "html", "--lang", "en")

        page = client.post("/report?lang=en", files={"file": ("c.xlsx", workbook.read_bytes())})

        assert _main(html) == _main(page.text)
        assert "Verdict: pass." in page.text

    def test_the_same_upload_gives_the_same_page(self, client):
        """Deterministic: the same file gives a byte-identical page."""
        files = {"file": ("x.json", FAILING.read_bytes())}

        first = client.post("/report", files=files).content

        assert client.post("/report", files=files).content == first

    def test_an_invalid_workbook_shows_every_cell_at_fault(self, client):
        """422, and each problem on the page with its sheet, cell and column."""
        book = openpyxl.load_workbook(io.BytesIO(workbook_of(PASSING)))
        sheet = book.worksheets[0]
        columns = {cell.value: cell.column for cell in sheet[2]}
        sheet.cell(row=3, column=columns["students"], value="abc")
        sheet.cell(row=4, column=columns["students"], value=-3)
        out = io.BytesIO()
        book.save(out)

        page = client.post("/report", files={"file": ("bad.xlsx", out.getvalue())})

        assert page.status_code == 422
        cells = re.findall(rf"{re.escape(sheet.title)}!([A-Z]+\d+)", page.text)
        letter = sheet.cell(3, columns["students"]).column_letter
        assert [f"{letter}3", f"{letter}4"] == cells
        assert "文件有误" in page.text

    def test_no_file_is_a_bad_request(self, client):
        """Submitting the form without a file says so."""
        page = client.post("/report", files={"file": ("", b"")})

        assert page.status_code == 400
        assert "请选择一个文件" in page.text


class TestBatchPage:
    def test_it_shows_each_unit_and_target(self, client, capsys):
        """Ten units' files: a row per unit with its verdict, a row per target."""
        files = [
            ("file", (path.name, path.read_bytes())) for path in sorted(EXAMPLES.glob("*.json"))
        ]
        _, progress = cli_output(capsys, "progress", str(EXAMPLES), "--format", "json")

        page = client.post("/batch?lang=en", files=files)

        assert page.status_code == 200
        assert "Progress · report year 2025" in page.text
        assert page.text.count("<tr><td>4502") == 10
        assert "liuzhou.target.2025" in page.text
        assert progress == _downloads(client, page.text)["progress.json"]

    def test_a_bad_file_is_named_on_the_page(self, client):
        """422, naming the file and the field."""
        files = [("file", ("good.json", PASSING.read_bytes())), ("file", ("bad.json", b"[]"))]

        page = client.post("/batch", files=files)

        assert page.status_code == 422
        assert "bad.json" in page.text

    def test_the_form_page_offers_several_files(self, client):
        """GET /batch is a form taking several files and a year."""
        page = client.get("/batch")

        assert "multiple" in page.text
        assert 'name="year"' in page.text


class TestLayersPage:
    def test_it_lists_every_installed_layer_and_its_document(self, client):
        """Each layer's name and document number appear, in the page's language."""
        layers = client.get("/v1/layers").json()

        page = client.get("/layers?lang=en")

        for layer in layers:
            assert layer["citation"] in page.text
            assert layer["title"]["en"] in page.text


class TestTemplate:
    def test_the_blank_workbook_is_the_cli_template(self, client, tmp_path):
        """GET /template.xlsx is the workbook `edu-rules template` writes (same sheets, rows)."""
        expected_path = tmp_path / "t.xlsx"
        excel.write_template(expected_path)
        expected = openpyxl.load_workbook(expected_path)

        answer = client.get("/template.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(answer.content))

        assert "attachment" in answer.headers["content-disposition"]
        assert expected.sheetnames == workbook.sheetnames
        for name in expected.sheetnames:
            rows = list(expected[name].iter_rows(values_only=True))
            assert rows == list(workbook[name].iter_rows(values_only=True))
