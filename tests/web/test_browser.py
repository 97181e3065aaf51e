"""The pages in a real browser: Debian's headless Chromium, driven by Selenium.

The bundled examples' workbooks (made with ``edu-rules convert``) are uploaded
through the front page of ``edu-rules serve``; the report shows the verdict and a
shortfall.  Skipped, never failed, where Chromium or its driver is not installed
(``.ci/run`` installs both); nothing is downloaded at run time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import edu_rules
from tests.web._support import FAILING, PASSING

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="chromium or chromedriver is not installed"
)


@pytest.fixture(scope="module", name="browser")
def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(DRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _workbook(document, tmp_path):
    target = tmp_path / f"{document.stem}.xlsx"
    subprocess.run(
        [sys.executable, "-m", "edu_rules.cli", "convert", str(document), str(target)],
        check=True,
        timeout=60,
    )
    return target


def _upload(browser, url, workbook):
    """Upload ``workbook`` from the page at ``url``; the report page's text, once it is there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    browser.get(url)
    browser.find_element(By.ID, "file").send_keys(str(workbook))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    report = (By.CSS_SELECTOR, "div.downloads")  # only the report page has the downloads
    WebDriverWait(browser, 60).until(expected_conditions.presence_of_element_located(report))
    return browser.find_element(By.TAG_NAME, "body").text


def test_a_failing_workbook_shows_its_verdict_and_a_shortfall(browser, server, tmp_path):
    """鱼峰区's workbook: the Chinese verdict, and its first shortfall's rule and school."""
    result = edu_rules.evaluate(edu_rules.load_county(FAILING))
    first = result.shortfalls[0]

    text = _upload(browser, f"{server}/", _workbook(FAILING, tmp_path))

    assert "结论：未达标" in text
    assert first.rule in text
    assert first.subject.name in text


def test_a_passing_workbook_reads_pass_in_english(browser, server, tmp_path):
    """城中区's workbook, uploaded from the English page: "Verdict: pass"."""
    text = _upload(browser, f"{server}/?lang=en", _workbook(PASSING, tmp_path))

    assert "Verdict: pass." in text
    assert "城中区 (450202)" in text
