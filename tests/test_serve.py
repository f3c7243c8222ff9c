"""The live preview end to end: a real browser watches the page while content files change."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hpdeck.commands.serve import snapshot
from tests.conftest import chromium_or_skip, soffice_or_skip

DECK = Path("decks") / "monthly-briefing.yaml"
METRICS = Path("content") / "2022-12" / "metrics.yaml"


def test_snapshot_sees_edits_under_watched_folders_only(project: Path) -> None:
    before = snapshot(project)
    (project / "notes.txt").write_text("not watched")
    assert snapshot(project) == before
    (project / METRICS).write_text((project / METRICS).read_text("utf-8") + "\n", "utf-8")
    assert snapshot(project) != before


@pytest.fixture
def server(project: Path) -> Iterator[str]:
    """`hpdeck preview --serve` as a user starts it; yields the URL it prints."""
    soffice_or_skip()
    process = subprocess.Popen(
        [sys.executable, "-m", "hpdeck", "preview", str(project / DECK), "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", first)
        assert match, first + process.stdout.read()
        yield match[1]
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()


@pytest.fixture
def browser() -> Iterator[object]:
    binary, driver_path = chromium_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def slide_texts(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """What the page shows for each loaded slide picture: its alt text."""
    return driver.execute_script(
        "return [...document.querySelectorAll('figure.slide img')]"
        ".filter(img => img.complete && img.naturalWidth > 0).map(img => img.alt)"
    )


def wait_for(condition, seconds: float = 90.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up after {seconds:g} s waiting for {condition.__doc__}")


@pytest.mark.libreoffice
def test_page_refreshes_after_an_edit_and_shows_content_errors(
    project: Path, server: str, browser
) -> None:  # type: ignore[no-untyped-def]
    browser.get(server)

    def old_number() -> bool:
        """the metric 3,76 millioner on a slide"""
        return any("3,76 millioner" in text for text in slide_texts(browser))

    wait_for(old_number)
    assert browser.title == "monthly-briefing.yaml – hpdeck preview"
    metrics = project / METRICS
    text = metrics.read_text("utf-8")
    assert "value: 3760000" in text
    edited = time.monotonic()
    metrics.write_text(text.replace("value: 3760000", "value: 4210000"), "utf-8")

    def new_number() -> bool:
        """the edited metric 4,21 millioner on a slide"""
        texts = slide_texts(browser)
        return any("4,21 millioner" in t for t in texts) and not any(
            "3,76 millioner" in t for t in texts
        )

    wait_for(new_number)
    seconds = time.monotonic() - edited
    print(f"\npreview refresh after an edit: {seconds:.1f} s")

    metrics.write_text(text.replace("value: 3760000", "value: mange"), "utf-8")

    def problem_shown() -> str:
        """the content error on the page"""
        box = browser.find_element("id", "problems")
        return box.text if box.is_displayed() else ""

    shown = wait_for(problem_shown)
    assert re.search(
        r"content/2022-12/metrics\.yaml:\d+:\d+: metrics\[\d+\]\.value: "
        r"expected a number, got 'mange'",
        shown,
    ), shown
    assert "slides below are from the last good build" in shown
    assert any("4,21 millioner" in t for t in slide_texts(browser))  # last good slides stay
    assert len(slide_texts(browser)) > 10
