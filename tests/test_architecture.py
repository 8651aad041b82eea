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


def test_every_search_module_is_the_engine_or_kept_from_whoosh() -> None:
    """The engine-neutral part of search must stay neutral: a module is the Whoosh engine
    (search/whoosh_*.py), the shared analysis, or forbidden to import whoosh."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "forbidden" and c["forbidden_modules"] == ["whoosh"]
    )
    neutral = {m for m in contract["source_modules"] if m.startswith("search.")}
    modules = {
        f"search.{path.stem}"
        for path in (REPO / "search").glob("*.py")
        if path.stem not in {"__init__", "analysis", "pg_snippets"}
        and not path.stem.startswith("whoosh_")
    }
    assert modules == neutral, "list the new module in the whoosh contract of pyproject.toml"


@pytest.mark.parametrize("name", ["archive", "ingest"])
def test_lazy_facades_name_what_they_export(name: str) -> None:
    """The facades import on first use: each name of ``__all__`` is listed once for the
    type checker (under TYPE_CHECKING) and once for the import, and both must agree."""
    import ast
    import importlib

    module = importlib.import_module(name)
    tree = ast.parse((REPO / name / "__init__.py").read_text(encoding="utf-8"))
    checked = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        for statement in node.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }
    exported = set(module.__all__)
    assert set(module._EXPORTS) == exported == checked
    for exported_name in sorted(exported):
        assert getattr(module, exported_name) is not None


def test_the_search_command_loads_no_web_app_nor_parsers() -> None:
    """`clusnet search` starts fast because it imports only what it uses."""
    code = (
        "import sys; import web.cli, web.search_cli; "
        "print(sorted(m for m in ('flask', 'werkzeug', 'jinja2', 'pypdf', 'docx', 'pptx', "
        "'bs4', 'langdetect', 'gunicorn') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
