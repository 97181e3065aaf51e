"""The record's whole flow in a real browser: Debian's headless Chromium, driven by Selenium.

A county signs in and uploads three years' workbooks; the city returns one version
and accepts the county's next, accepts the other years and publishes one; the
monitoring page shows the three years and the readiness; the public page shows only
what was published.  Screenshots of each step go to the test's temporary folder.
Skipped, never failed, where Chromium or its driver is not installed (``.ci/run``
installs both).
"""

from __future__ import annotations

import shutil

import pytest

from edu_rules.store import Scope, Store
from tests.store._record import serving, workbook

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="chromium or chromedriver is not installed"
)


@pytest.fixture(name="browser")
def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(DRIVER)))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


class _Visit:
    """One browser on the service: sign in, upload, click and wait for the next page."""

    def __init__(self, browser, base: str, folder) -> None:
        self.browser, self.base, self.folder = browser, base, folder
        self.shots = 0

    def by(self, kind: str):
        from selenium.webdriver.common.by import By

        return getattr(By, kind)

    def open(self, path: str) -> None:
        self.browser.get(path if path.startswith("http") else f"{self.base}{path}")

    def click(self, element_id: str) -> None:
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.wait import WebDriverWait

        wait = WebDriverWait(self.browser, 120)
        page = self.browser.find_element(self.by("TAG_NAME"), "html")
        button = (self.by("ID"), element_id)
        target = wait.until(expected_conditions.element_to_be_clickable(button))
        try:
            target.click()
        except WebDriverException as error:  # the driver looked at the button after it left
            if "does not belong to the document" not in str(error):
                raise

        def next_page(browser) -> bool:  # another document, loaded, or a timeout
            try:
                html = browser.find_element(self.by("TAG_NAME"), "html")
                loaded = browser.execute_script("return document.readyState") == "complete"
            except WebDriverException:  # between two documents
                return False
            return html.id != page.id and loaded

        wait.until(next_page)

    def body(self) -> str:
        return self.browser.find_element(self.by("TAG_NAME"), "body").text

    def shot(self, name: str) -> None:
        self.shots += 1
        self.browser.save_screenshot(str(self.folder / f"{self.shots:02d}-{name}.png"))

    def sign_in(self, token: str) -> None:
        self.browser.delete_all_cookies()
        self.open("/record")
        self.browser.find_element(self.by("ID"), "token").send_keys(token)
        self.click("sign-in")
        assert self.browser.find_element(self.by("ID"), "who")

    def upload(self, book) -> str:
        self.browser.find_element(self.by("ID"), "file").send_keys(str(book))
        self.click("submit")
        return self.browser.current_url.split("?")[0]


def test_a_county_uploads_three_years_and_the_city_reviews_monitors_and_publishes(
    browser, url, tmp_path
):
    store = Store.open(url)
    county = store.issue_token(Scope.COUNTY, "450202", "城中区教育局")[1]
    city = store.issue_token(Scope.CITY, "4502", "柳州市教育局督导科")[1]
    store.close()
    books = {}
    for year in (2022, 2023, 2024):
        books[year] = tmp_path / f"城中区-{year}.xlsx"
        books[year].write_bytes(workbook("450202", year))

    with serving(url) as base:
        visit = _Visit(browser, base, tmp_path)
        visit.sign_in(county)
        pages = {}
        for year in (2022, 2023, 2024):
            pages[year] = visit.upload(books[year])
            assert f"城中区 {year} 年度 第 1 版" in visit.body()
            visit.open("/record")
        visit.shot("county-three-years")

        visit.sign_in(city)
        visit.open(pages[2023])
        browser.find_element(visit.by("ID"), "comment").send_keys(
            "学校名册与统计年报不一致，请核对"
        )
        visit.click("return")
        assert "已退回：学校名册与统计年报不一致，请核对" in visit.body()
        visit.shot("city-returned")

        visit.sign_in(county)
        assert "已退回" in visit.body()
        again = visit.upload(books[2023])
        assert "城中区 2023 年度 第 2 版" in visit.body()

        visit.sign_in(city)
        for page in (pages[2022], again, pages[2024]):
            visit.open(page)
            visit.click("accept")
            assert "已通过" in visit.body()
        visit.open("/record")
        visit.click("publish-450202-2023")
        visit.shot("city-state")
        assert visit.body().count("已通过") >= 3

        visit.open("/record/monitor")
        visit.shot("monitoring")
        monitoring = visit.body()
        for year in ("2022", "2023", "2024"):
            assert year in monitoring
        assert "进度判断" in monitoring

        browser.delete_all_cookies()
        visit.open("/public")
        visit.shot("public")
        rows = browser.find_elements(visit.by("CSS_SELECTOR"), "table.published tbody tr")
        assert [row.text.split()[:2] for row in rows] == [["城中区（450202）", "2023"]]
        visit.open("/record/versions/1")
        assert browser.find_element(visit.by("ID"), "token")  # the sign-in page, nothing else
