"""Relevance in CI: clusnet must keep the figures recorded in bench/relevance/floor.json
(nDCG@10, success@10, MRR@10 per query kind, and the agreement of word-family variants),
find something for every query at least half of whose words are in the archive, and rank
at or above every baseline measured in the same run (see bench/relevance.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from search.analysis import hungarian_backend
from search.dictionaries import DICTD_FOLDER

BENCH = Path(__file__).resolve().parents[2] / "bench" / "relevance.py"
TOLERANCE = 0.005


def load_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("clusnet_bench_relevance", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.slow
def test_relevance_keeps_the_recorded_floor(corpus_dir: Path) -> None:
    if hungarian_backend() != "hunspell":
        pytest.fail(
            "the relevance floor was recorded with the hunspell hu_HU dictionary: install "
            "hunspell-hu and libhunspell-dev (make system-deps) and the hunspell extra"
        )
    if not (DICTD_FOLDER / "freedict-hun-eng.index").is_file():
        pytest.fail(
            "the relevance floor was recorded with Debian's FreeDict dictionaries: install "
            "dict-freedict-hun-eng and dict-freedict-eng-hun (make system-deps)"
        )
    bench = load_bench()
    floor = json.loads((BENCH.parent / "relevance" / "floor.json").read_text(encoding="utf-8"))
    report = bench.evaluate(corpus_dir, out=print)
    assert report["queries"] >= 150
    ours, recorded = report["clusnet"], floor["clusnet"]
    below = [
        f"{kind} {metric}: {ours[kind][metric]:.4f} < {recorded[kind][metric]:.4f}"
        for kind in bench.KINDS
        for metric in bench.METRICS
        if ours[kind][metric] < recorded[kind][metric] - TOLERANCE
    ]
    if ours["variant_overlap@10"] < recorded["variant_overlap@10"] - TOLERANCE:
        below.append(f"variant overlap@10: {ours['variant_overlap@10']:.4f}")
    assert not below, "relevance fell below bench/relevance/floor.json: " + "; ".join(below)
    # no empty page when at least half of the words are in the archive
    empty = {kind: ours[kind]["zero_hit_eligible"] for kind in bench.KINDS}
    assert not any(empty.values()), f"queries with no hits: {empty}"
    # at or above every baseline on every kind
    for baseline in ("whoosh-and", "whoosh-or", "sqlite-fts5"):
        for kind in bench.KINDS:
            assert ours[kind]["ndcg@10"] >= report[baseline][kind]["ndcg@10"], (baseline, kind)
        assert ours["variant_overlap@10"] > report[baseline]["variant_overlap@10"]
