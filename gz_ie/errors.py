"""Coded error messages, in one place (after spaCy's ``errors.py``).

Every message says what went wrong and what to do instead, so a user reading a traceback
from a notebook does not have to read our code.
"""
from __future__ import annotations


class Errors:
    E001 = ("[E001] gz_ie.parse expects a str, got {type_name}. Decode bytes first, "
            "e.g. gz_ie.parse(data.decode('utf-8')).")
    E002 = ("[E002] The input has {length:,} characters, more than the limit of {limit:,}. "
            "Split the text, or raise the limit with gz_ie.load(max_length=...).")
    E003 = ("[E003] The segmenter model directory {path} has no model files "
            "(features.msgpack/features.pkl and weights.npz).")
    E004 = "[E004] Pattern file {path} line {line}: {problem}"
    E005 = "[E005] Unknown component {name!r} in disable=...; the pipeline has {names}."
    E006 = ("[E006] {what} needs the optional package {package}. "
            "Install it with: pip install {package}")


class GzIeError(ValueError):
    """Raised for invalid input or configuration that the caller can fix."""


def missing_optional(what: str, package: str) -> ImportError:
    """Build the ImportError raised when an optional extra is not installed."""
    return ImportError(Errors.E006.format(what=what, package=package))
