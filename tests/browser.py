"""Debian's Chromium, headless, through its WebDriver: shared by the browser tests.

The `browser` and `screenshots` fixtures (tests/conftest.py) use these; a test that
needs a browser is skipped only when Chromium or its driver is not installed (`make
test` installs both: scripts/sysdeps.sh --test).
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def programs() -> tuple[str, str] | None:
    """Chromium and its driver, if both are installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's, named: Selenium never fetches one), or a skip."""
    pytest.importorskip("selenium", reason="selenium is a dev extra: make install")
    found = programs()
    if found is None:
        pytest.skip(
            "Chromium and its WebDriver are not installed (Debian: apt-get install "
            "chromium chromium-driver; make test installs them)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def set_width(browser: Any, width: str) -> None:
    """Make the window one of WIDTHS (a phone emulated as a phone)."""
    w, h = WIDTHS[width]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": width == "phone"},
    )


def shoot(browser: Any, to: Path) -> None:
    """A screenshot of what the window shows now."""
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    to.write_bytes(base64.b64decode(shot["data"]))
