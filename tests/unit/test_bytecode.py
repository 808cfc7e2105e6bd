"""The package's bytecode (local/bytecode.py): written in checked-hash mode beside each
module, used while the source matches and never once the source changed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from local.bytecode import compile_tree


def _tree(root: Path, answer: int) -> Path:
    package = root / "pkg"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(f"ANSWER = {answer}\n")
    return package


def _run(root: Path) -> tuple[str, bool]:
    """What `pkg.mod` answers in a fresh process, and whether it ran from the bytecode."""
    done = subprocess.run([sys.executable, "-v", "-c", "import pkg.mod; print(pkg.mod.ANSWER)"],
                          cwd=root, capture_output=True, text=True, check=True,
                          env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""})
    cached = importlib.util.cache_from_source(str(root / "pkg" / "mod.py"))
    return done.stdout.strip(), f"code object from '{cached}'" in done.stderr


def test_every_module_gets_checked_hash_bytecode(tmp_path):
    package = _tree(tmp_path, 1)
    compile_tree(tmp_path, ("pkg", "absent"))
    cached = Path(importlib.util.cache_from_source(str(package / "mod.py")))
    flags = int.from_bytes(cached.read_bytes()[4:8], "little")
    assert flags == 0b11  # hash-based, checked against the source
    assert Path(importlib.util.cache_from_source(str(package / "__init__.py"))).exists()
    assert _run(tmp_path) == ("1", True)


def test_a_changed_source_runs_as_written_not_as_compiled(tmp_path):
    _tree(tmp_path, 1)
    compile_tree(tmp_path, ("pkg",))
    _tree(tmp_path, 2)  # same size, maybe the same second: only the hash can tell
    assert _run(tmp_path) == ("2", False)
