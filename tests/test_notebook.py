"""The docs and examples: the example notebook runs, the JSON Schema and the guide are current."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gz_ie.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "examples" / "mining.ipynb"
GUIDE = REPO / "docs" / "guide.md"


def _env() -> dict:
    """The environment of a child process that must import this checkout's gz_ie."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def test_schema_file_is_up_to_date():
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "write_schema.py"), "--check"],
                          capture_output=True, text=True, env=_env())
    assert proc.returncode == 0, proc.stderr


def test_schema_describes_the_document():
    schema = json.loads((REPO / "docs" / "document.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Document"
    assert {"text", "clean_text", "quantities", "entities", "relations", "noise"} <= set(schema["properties"])
    assert {"Quantity", "Entity", "Relation", "NoiseSpan", "Sentence"} <= set(schema["$defs"])


def test_guide_covers_every_command():
    guide = GUIDE.read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    for name in commands:
        assert f"gz-ie {name}" in guide, name
    for sub in ("suggest", "check"):
        assert f"gz-ie patterns {sub}" in guide


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.slow
def test_example_notebook_runs_top_to_bottom():
    nbformat = pytest.importorskip("nbformat", reason="running the notebook needs nbformat (the test extra)")
    nbclient = pytest.importorskip("nbclient", reason="running the notebook needs nbclient (the test extra)")
    pytest.importorskip("ipykernel", reason="running the notebook needs ipykernel (the test extra)")
    for package in ("pandas", "pyarrow", "matplotlib"):
        pytest.importorskip(package, reason=f"the notebook uses {package} (the research extra)")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    old = dict(os.environ)
    os.environ.update(_env())  # the kernel is a child process and inherits this environment
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert 'class="gz-doc"' in html and "<mark" in html
    text = "".join(o.get("text", "") for o in outputs)
    assert "relation facts" in text and "duplicate of line 1" in text and "1 files" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)
