"""The queue's doorbell: an upload in one process wakes the queue worker in another."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive.doorbell import Doorbell

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the doorbell crosses processes on Linux"
)


def test_a_ring_from_another_process_wakes_the_listener(tmp_path: Path) -> None:
    bell = Doorbell(tmp_path / "archive")
    assert bell.listen()
    try:
        code = textwrap.dedent(
            f"""
            from pathlib import Path
            from archive.doorbell import Doorbell
            Doorbell(Path({str(tmp_path / "archive")!r})).set()
            """
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
        assert bell.wait(10)
    finally:
        bell.close()


def test_one_listener_an_archive(tmp_path: Path) -> None:
    first, second = Doorbell(tmp_path / "a"), Doorbell(tmp_path / "a")
    other = Doorbell(tmp_path / "b")
    try:
        assert first.listen()
        assert second.answered()
        assert not second.listen()
        assert other.listen()
        second.set()  # rings the first, not the other archive's
        assert first.wait(10)
        assert not other.wait(0.5)
    finally:
        first.close()
        other.close()


def test_a_ring_nobody_hears_is_no_error(tmp_path: Path) -> None:
    bell = Doorbell(tmp_path / "nobody")
    assert not bell.answered()
    bell.set()
    assert bell.is_set()
    bell.clear()
    assert not bell.is_set()
