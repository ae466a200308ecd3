"""Browser tests: Playwright driving Debian's Chromium (no browser download here)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import require_program

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = require_program("chromium", "chromium-browser")
    return {**browser_type_launch_args, "executable_path": executable,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-language browser on purpose: the portal must still answer in Lithuanian.
    return {**browser_context_args, "locale": "en-US",
            "viewport": {"width": 1366, "height": 860}}


@pytest.fixture
def demo(transactional_db):
    # A transactional test's flush also empties what data migrations installed.
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    call_command("demo_data", quiet_accounts=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
