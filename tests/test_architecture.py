"""The project's shape: packages from this checkout, imports pointing one way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["archive", "ingest", "search", "web"])
def test_packages_come_from_this_checkout(name: str) -> None:
    module = __import__(name)
    assert Path(module.__file__).resolve().parent == REPO / name


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is not installed: pip install -e '.[dev]'"
    result = subprocess.run(
        [lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
