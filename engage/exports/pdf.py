"""PDF from the printable page, only where a converter is installed on the server
(LibreOffice is not needed: a headless Chromium prints the same page the browser shows).
Nothing is fetched: the page has no outside resources and the browser runs offline."""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - a fixed program with fixed arguments, no shell
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 60


def converter() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str) -> bytes:
    """Print the page to PDF; LookupError when no converter is installed."""
    browser = converter()
    if browser is None:
        raise LookupError("No PDF converter (Chromium) is installed; use the printable page")
    with tempfile.TemporaryDirectory() as folder:
        page, out = Path(folder) / "summary.html", Path(folder) / "summary.pdf"
        page.write_text(html, encoding="utf-8")
        subprocess.run(  # noqa: S603 - the arguments are ours, the page is a local file
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        return out.read_bytes()
