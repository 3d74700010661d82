"""gz_ie.mining and parse_many's progress: tables, failures that do not stop a run, workers."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

import gz_ie
from gz_ie.cli import main
from gz_ie.document import Document, Quantity, Relation, Sentence
from gz_ie.errors import GzIeError
from gz_ie.mining import (COLUMNS, RELATION_COLUMNS, mine, relation_rows, text_files, write_table,
                          year_from_name)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "guangzhou-2026-report.txt"
SMALL_TEXTS = {
    "city-2024.txt": "2023年全市地区生产总值增长5%。",
    "town-2025.txt": "2025年城镇新增就业超35万人。\n社会消费品零售总额增长5.5%。",
}
ROWS = [
    {"doc": "a-2024", "year": 2024, "metric": "地区生产总值", "metric_id": None, "value": 3.2e12, "high": None,
     "unit": "元", "qualifier": "exact", "change": 4.0, "change_unit": "%", "change_qualifier": "exact",
     "basis": "yoy", "period": "2023",
     "kind": "actual", "sentence": "全年地区生产总值3.2万亿元、增长4%。"},
    {"doc": "b", "year": None, "metric": "城镇新增就业", "metric_id": None, "value": None, "high": None,
     "unit": None, "qualifier": None, "change": None, "change_unit": None, "change_qualifier": None,
     "basis": None, "period": None,
     "kind": "target", "sentence": "逗号,和\"引号\"都要保留"},
]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Two small reports and one file that is not UTF-8."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in SMALL_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken-2023.txt").write_bytes("广州".encode("gbk"))
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name,year", [
    ("guangzhou-2025.txt", 2025), ("2024年政府工作报告.txt", 2024), ("report.txt", None),
    ("city01-2023.txt", 2023), ("from-2020-to-2025.txt", None), ("id-120251.txt", None),
])
def test_year_from_name(name, year):
    assert year_from_name(name) == year


def test_relation_columns_are_the_relations_table():
    t = "地区生产总值增长4%。"
    q = Quantity(text="4%", start=8, end=10, raw_start=8, raw_end=10, value=4.0, unit="%", kind="percent")
    rel = Relation(text=t[:-1], start=0, end=10, raw_start=0, raw_end=10, metric="地区生产总值", change=q, sentence=0)
    sent = Sentence(text=t, start=0, end=len(t), raw_start=0, raw_end=len(t), index=0)
    doc = Document(text=t, clean_text=t, sentences=[sent], quantities=[q], relations=[rel])
    assert tuple(doc.relations_table()[0]) == RELATION_COLUMNS
    assert COLUMNS[:2] == ("doc", "year")


def test_text_files(corpus):
    assert [p.name for p in text_files(corpus)] == ["broken-2023.txt", "city-2024.txt", "town-2025.txt"]
    (corpus / "more").mkdir()
    (corpus / "more" / "deep-2022.txt").write_text("x", encoding="utf-8")
    assert len(text_files(corpus, recursive=True)) == 4
    assert text_files([corpus / "notes.md"]) == [corpus / "notes.md"]
    with pytest.raises(GzIeError, match="No text files"):
        text_files(corpus, glob="*.csv")
    with pytest.raises(GzIeError, match="No such file or folder"):
        text_files([corpus / "missing.txt"])


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_tables_round_trip(tmp_path, suffix):
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    path = write_table(ROWS, tmp_path / f"facts.{suffix}")
    if suffix == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            back = list(csv.DictReader(f))
        assert back[1]["sentence"] == ROWS[1]["sentence"]
        assert float(back[0]["value"]) == 3.2e12 and back[1]["value"] == ""
    elif suffix == "jsonl":
        back = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert back == ROWS
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        assert table.column_names == list(COLUMNS)
        assert table.to_pylist() == ROWS
        assert str(table.schema.field("year").type) == "int64"


def test_an_empty_table_still_has_its_columns(tmp_path):
    path = write_table([], tmp_path / "facts.csv")
    assert path.read_text(encoding="utf-8").strip() == ",".join(COLUMNS)


def test_unknown_table_format_fails_before_parsing(tmp_path, corpus):
    with pytest.raises(GzIeError, match=r"\.parquet, \.csv or \.jsonl"):
        mine(corpus, tmp_path / "facts.xlsx")


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match="pip install pyarrow"):
        write_table(ROWS, tmp_path / "facts.parquet")


def test_mine_reports_a_failure_and_goes_on(corpus, tmp_path, nlp):
    seen = []
    result = mine(corpus, tmp_path / "facts.jsonl", nlp=nlp, progress=False, on_failure=seen.append)
    assert result.files == 3
    assert [Path(f.path).name for f in result.failures] == ["broken-2023.txt"]
    assert seen == result.failures
    assert "UnicodeDecodeError" in result.failures[0].error
    docs = {row["doc"] for row in result.rows}
    assert docs <= {"city-2024", "town-2025"}
    back = [json.loads(line) for line in (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert back == result.rows
    assert "3 files" in result.summary() and "1 failed" in result.summary()


def test_rows_carry_doc_and_year(nlp, tmp_path):
    path = tmp_path / "city-2024.txt"
    rows = relation_rows(nlp, path, SMALL_TEXTS["city-2024.txt"])
    assert rows, "the sentence states a growth figure"
    assert all(row["doc"] == "city-2024" and isinstance(row["year"], int) for row in rows)
    assert all(list(row)[:2] == ["doc", "year"] for row in rows)


def test_cli_mine_the_bundled_report(example_doc, example_text, monkeypatch, tmp_path, capsys):
    """The session's parse of the report stands in for parsing it again."""
    import gz_ie.mining

    def rows(nlp, path, text):
        assert text == example_text
        return [{"doc": path.stem, "year": example_doc.year, **r} for r in example_doc.relations_table()]

    monkeypatch.setattr(gz_ie.mining, "relation_rows", rows)
    monkeypatch.setattr(gz_ie.mining, "_build_pipeline", lambda options: None)
    out = tmp_path / "facts.csv"
    assert main(["mine", str(EXAMPLE.parent), "--out", str(out), "--quiet"]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(example_doc.relations)
    assert {r["doc"] for r in rows} == {EXAMPLE.stem}
    assert "mined 1 files" in capsys.readouterr().err


def test_cli_mine_exits_1_when_a_file_failed(corpus, tmp_path, capsys):
    out = tmp_path / "facts.jsonl"
    assert main(["mine", str(corpus), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "failed: " in err and "broken-2023.txt" in err
    assert out.exists()


def test_cli_mine_missing_folder_exits_2(tmp_path, capsys):
    assert main(["mine", str(tmp_path / "nowhere"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 2
    assert "No such file or folder" in capsys.readouterr().err


@pytest.mark.slow
def test_mine_in_worker_processes(corpus, tmp_path):
    """Two spawned workers, each with its own pipeline; the bad file fails alone; rows keep file order."""
    result = mine(corpus, tmp_path / "facts.csv", n_process=2, progress=False)
    assert [Path(f.path).name for f in result.failures] == ["broken-2023.txt"]
    docs = [row["doc"] for row in result.rows]
    assert docs == sorted(docs) and set(docs) <= {"city-2024", "town-2025"} and docs


def test_parse_many_progress_without_tqdm(nlp, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    docs = list(gz_ie.parse_many(list(SMALL_TEXTS.values()), nlp=nlp, progress=True))
    assert len(docs) == 2
    assert "parse: 2/2" in capsys.readouterr().err


def test_parse_many_is_quiet_by_default(nlp, capsys):
    list(gz_ie.parse_many(iter(SMALL_TEXTS.values()), nlp=nlp))
    assert capsys.readouterr().err == ""


@pytest.mark.shared
@pytest.mark.slow
def test_mine_part_of_the_corpus(tmp_path):
    files = [SHARED / "corpus" / name for name in ("guangzhou-2024.txt", "wuhan-2025.txt")]
    result = mine(files, tmp_path / "facts.parquet", n_process=2, progress=False)
    assert result.failures == []
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "facts.parquet").to_pylist()
    assert {row["doc"] for row in table} == {"guangzhou-2024", "wuhan-2025"}
    assert {row["year"] for row in table} <= {2023, 2024, 2025}
