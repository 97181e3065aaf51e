"""Make the README's screenshots of the web service with Debian's headless Chromium.

Starts ``edu-rules serve`` on 127.0.0.1, opens the upload page, uploads the
workbook of 鱼峰区 (made with ``edu-rules convert``) and saves both pages:

    python docs/screenshots.py        # writes docs/web-upload.png and docs/web-report.png

Needs the ``test`` extra (Selenium) and the ``chromium`` and ``chromium-driver`` packages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.web_load import serving  # noqa: E402 - after the path is set

DOCS = ROOT / "docs"
EXAMPLE = ROOT / "examples" / "450203-yufeng.json"


def main() -> None:
    """Serve, browse, save the two screenshots."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1000,760", "--lang=zh-CN"):
        options.add_argument(argument)
    service = webdriver.ChromeService(str(shutil.which("chromedriver")))
    with tempfile.TemporaryDirectory() as folder, serving(workers=1) as base:
        workbook = Path(folder) / "450203-yufeng.xlsx"
        convert = [sys.executable, "-m", "edu_rules.cli", "convert", str(EXAMPLE), str(workbook)]
        subprocess.run(convert, check=True)  # noqa: S603 - our own CLI
        driver = webdriver.Chrome(options=options, service=service)
        try:
            driver.get(f"{base}/")
            driver.save_screenshot(str(DOCS / "web-upload.png"))
            driver.find_element(By.ID, "file").send_keys(str(workbook))
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            report = (By.CSS_SELECTOR, "div.downloads")  # only on the report page
            WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located(report))
            driver.save_screenshot(str(DOCS / "web-report.png"))
        finally:
            driver.quit()
    print(f"wrote {DOCS / 'web-upload.png'} and {DOCS / 'web-report.png'}")


if __name__ == "__main__":
    main()
