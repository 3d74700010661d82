"""The case files of ``tests/data/``: one JSON object per line, shared by the test modules."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_cases(name: str) -> list[dict]:
    """The non-empty lines of ``tests/data/<name>``, parsed."""
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
