"""A real headless Chromium (Debian's ``chromium``) run as a subprocess: the DOM it built, or a
screenshot at a phone's size. No JavaScript is needed by the pages it opens."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from testkit.fixtures import CHROMIUM

PHONE = (390, 844)


async def _chromium(*args: str, timeout: float = 60) -> bytes:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        process = await asyncio.create_subprocess_exec(
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    return out


async def dom(url: str, size: tuple[int, int] = PHONE) -> str:
    """The page's DOM as Chromium built it (the HTML a person's browser would show)."""
    width, height = size
    return (await _chromium(f"--window-size={width},{height}", "--dump-dom", url)).decode()


async def screenshot(url: str, path: Path, size: tuple[int, int] = PHONE) -> Path:
    width, height = size
    await _chromium(f"--window-size={width},{height}", f"--screenshot={path}", url)
    return path
