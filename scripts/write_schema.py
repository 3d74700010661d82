"""Write docs/document.schema.json, the JSON Schema of gz_ie's output, from the Document model.

    python scripts/write_schema.py           # (re)write the file
    python scripts/write_schema.py --check   # exit 1 if the committed file is out of date

Run it after changing gz_ie/document.py; the test suite runs ``--check``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gz_ie.document import Document

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "document.schema.json"


def schema_text() -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Document.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file differs")
    args = parser.parse_args(argv)
    text = schema_text()
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date: run python scripts/write_schema.py", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
