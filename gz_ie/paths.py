"""Where the package finds its data files.

The wheel carries ``models/`` as ``gz_ie/models``; a source checkout keeps it at the top
level. Everything that reads a vocabulary, table or pattern file asks here, so a user who
moves the data only has to set ``GZ_IE_MODELS``.
"""
from __future__ import annotations

import os
from pathlib import Path


def _find_models_dir() -> Path:
    override = os.environ.get("GZ_IE_MODELS")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "models", here.parent / "models"):
        if candidate.is_dir():
            return candidate
    return here.parent / "models"


MODELS_DIR: Path = _find_models_dir()
SEGMENTER_DIR: Path = MODELS_DIR / "segmenter"
PATTERNS_DIR: Path = MODELS_DIR / "patterns"
