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
    E007 = "[E007] Noise vocabulary {path}:{line}: {problem}"
    E008 = "[E008] {path}: an extra noise file's name must start with one of {names}."
    E009 = "[E009] Gold file {path} line {line}: {problem}"
    E010 = "[E010] No gold rows to score (after filtering by doc={doc!r})."
    E011 = ("[E011] Cannot tell the table format of {path}: use a name ending in "
            ".parquet, .csv or .jsonl.")
    E012 = "[E012] No text files ({glob}) in {where}."
    E013 = "[E013] No such file or folder: {path}"


class Warnings:
    W001 = ("[W001] parse_many skipped item {index}: {problem} "
            "The other items are parsed; parse() raises for this one.")


class GzIeError(ValueError):
    """Raised for invalid input or configuration that the caller can fix."""


class GzIeWarning(UserWarning):
    """Something was skipped or guessed; the result is still usable."""


def missing_optional(what: str, package: str) -> ImportError:
    """Build the ImportError raised when an optional extra is not installed."""
    return ImportError(Errors.E006.format(what=what, package=package))
