"""The layer contract (pyproject.toml, [tool.importlinter]) is kept, and it would catch an upward
import: a copy of the code with one module of the core importing a domain app breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "loket", "questions", "experts", "plans", "monitoring", "bench")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def test_the_layer_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy = _copy(tmp_path)
    (copy / "loket" / "core" / "upward.py").write_text("from questions.models import Question  # noqa\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "loket.core is not allowed to import questions" in result.stdout
