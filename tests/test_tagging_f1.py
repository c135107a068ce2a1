"""Tagging F1 (PAN-X, UD-POS) as seqeval 0.0.12 computes it: the version XTREME's scores and jiant used.

The hand-worked cases pin the behaviour without any seqeval installed; the random
comparison runs against the real 0.0.12 when it can be loaded (a `pip install
--target` folder named by $SEQEVAL_0012, /tmp/seqeval0012, or an installed 0.0.12).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import random
import warnings
from pathlib import Path

import pytest

from replicate.errors import ReplicateError
from replicate.metrics import tagging_chunks, tagging_f1


def scores(f1, precision, recall):
    return pytest.approx({"f1": f1, "precision": precision, "recall": recall})


# --- worked by hand --------------------------------------------------------------------------------------
def test_equal_pos_tags_in_a_row_are_one_chunk():
    # gold: NOUN 0-1, VERB 2; predicted: NOUN 0, ADJ 1, VERB 2 -> 1 of 3 predicted right, 1 of 2 gold found
    assert tagging_chunks([["NOUN", "NOUN", "VERB"]]) == {("NOUN", 0, 1), ("VERB", 2, 2)}
    assert tagging_f1([["NOUN", "NOUN", "VERB"]], [["NOUN", "ADJ", "VERB"]]) == scores(40.0, 100 / 3, 50.0)


def test_tags_starting_with_s_are_single_token_chunks():
    # 'S' is IOBES's single-token letter: SYM SYM is two chunks, SCONJ is one token long
    assert tagging_chunks([["SYM", "SYM"]]) == {("SYM", 0, 0), ("SYM", 1, 1)}
    assert tagging_f1([["SYM", "SYM"]], [["SYM", "NOUN"]]) == scores(50.0, 50.0, 50.0)


def test_cconj_and_sconj_are_different_types():
    # seqeval >= 1.0 reads both as type 'CONJ' and would score this 100
    assert tagging_f1([["SCONJ", "PRON", "VERB"]], [["CCONJ", "PRON", "VERB"]]) == scores(200 / 3, 200 / 3, 200 / 3)


def test_x_at_the_end_of_a_sentence_is_a_chunk():
    # seqeval >= 1.0 gives 'X' the type of 'O', so a final X is never closed and counts for nothing (F1 0 here)
    assert tagging_chunks([["NOUN", "X"]]) == {("NOUN", 0, 0), ("X", 1, 1)}
    assert tagging_f1([["NOUN", "X"]], [["VERB", "X"]]) == scores(50.0, 50.0, 50.0)


def test_sentences_are_joined_with_an_o_between_them():
    # positions run on through an 'O' after each sentence: the second NOUN is at 2, not merged with the first
    assert tagging_chunks([["NOUN"], ["NOUN"]]) == {("NOUN", 0, 0), ("NOUN", 2, 2)}
    assert tagging_f1([["NOUN"], ["NOUN"]], [["NOUN"], ["VERB"]]) == scores(50.0, 50.0, 50.0)
    assert tagging_chunks([]) == set() and tagging_chunks([[], ["ADJ"]]) == {("ADJ", 1, 1)}


def test_iob2_entities():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "B-ORG", "I-ORG", "I-ORG"]]
    assert tagging_chunks(gold) == {("PER", 0, 1), ("LOC", 3, 3), ("ORG", 6, 8)}
    # an I- after O opens a chunk; a type change closes one; B-LOC B-LOC are two chunks
    assert tagging_chunks([["O", "I-PER", "I-PER", "I-LOC"], ["B-LOC", "B-LOC"]]) == {
        ("PER", 1, 2), ("LOC", 3, 3), ("LOC", 5, 5), ("LOC", 6, 6)}
    # predicted: PER 0-1 right, LOC 3 right, ORG 6-7 wrong (too short) -> P 2/3, R 2/3
    pred = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "B-ORG", "I-ORG", "O"]]
    assert tagging_f1(gold, pred) == scores(200 / 3, 200 / 3, 200 / 3)


def test_iobes_entities():
    assert tagging_chunks([["B-PER", "E-PER", "S-LOC", "B-ORG", "I-ORG", "E-ORG"]]) == {
        ("PER", 0, 1), ("LOC", 2, 2), ("ORG", 3, 5)}


def test_nothing_predicted_or_nothing_to_find_scores_zero():
    assert tagging_f1([["B-PER", "O"]], [["O", "O"]]) == scores(0.0, 0.0, 0.0)
    assert tagging_f1([["O", "O"]], [["B-PER", "O"]]) == scores(0.0, 0.0, 0.0)
    assert tagging_f1([["O"]], [["O"]]) == scores(0.0, 0.0, 0.0)


def test_misaligned_or_empty_tags_are_errors():
    with pytest.raises(ReplicateError):
        tagging_f1([["NOUN", "VERB"]], [["NOUN"]])
    with pytest.raises(ReplicateError):
        tagging_f1([["NOUN"]], [["NOUN"], ["VERB"]])
    with pytest.raises(ReplicateError):
        tagging_f1([["NOUN", ""]], [["NOUN", "VERB"]])


# --- against the reference packages ------------------------------------------------------------------------
def _seqeval_0012():
    """seqeval 0.0.12's sequence_labeling module, loaded from its file so an installed newer seqeval is untouched."""
    folders = [os.environ.get("SEQEVAL_0012", ""), "/tmp/seqeval0012"]
    try:
        if importlib.metadata.version("seqeval") == "0.0.12":
            import seqeval

            folders.insert(0, str(Path(seqeval.__file__).parents[1]))
    except importlib.metadata.PackageNotFoundError:
        pass
    for folder in filter(None, folders):
        path = Path(folder) / "seqeval" / "metrics" / "sequence_labeling.py"
        if path.is_file():
            spec = importlib.util.spec_from_file_location("seqeval_0012_sequence_labeling", path)
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception:  # noqa: BLE001 - an unloadable copy is the same as none
                continue
            return module
    pytest.skip("seqeval 0.0.12 not found: pip install --no-deps --target /tmp/seqeval0012 seqeval==0.0.12 "
                "(or point $SEQEVAL_0012 at such a folder)")


POS = ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
       "SCONJ", "SYM", "VERB", "X"]
ENTITY = ["O"] + [f"{letter}-{kind}" for letter in "BIES" for kind in ("PER", "LOC", "ORG")]
ODD = ["O", ".", "B", "I", "E", "S", "B-", "-", "I-B-PER", "A-B", "o", "Ö-X", "E-E", ".-PER"]


def _random_case(rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    alphabet = rng.choice([POS, ENTITY, POS + ENTITY + ODD, ODD])
    gold = [[rng.choice(alphabet) for _ in range(rng.randrange(0, 12))] for _ in range(rng.randrange(0, 6))]
    change = rng.choice([0.0, 0.1, 0.3, 1.0])
    pred = [[rng.choice(alphabet) if rng.random() < change else tag for tag in sentence] for sentence in gold]
    return gold, pred


def test_matches_seqeval_0012_on_random_sequences():
    reference = _seqeval_0012()
    rng = random.Random(12)
    for _ in range(3000):
        gold, pred = _random_case(rng)
        for sentences in (gold, pred):
            assert tagging_chunks(sentences) == set(reference.get_entities(sentences)), sentences
        expected = {"f1": 100 * reference.f1_score(gold, pred), "precision": 100 * reference.precision_score(gold, pred),
                    "recall": 100 * reference.recall_score(gold, pred)}
        assert tagging_f1(gold, pred) == pytest.approx(expected, rel=1e-12, abs=1e-12), (gold, pred)


def test_agrees_with_current_seqeval_on_well_formed_entity_tags():
    """PAN-X's IOB2 tags are read alike by every seqeval version; only prefix-less tags (UD-POS) differ."""
    metrics = pytest.importorskip("seqeval.metrics", reason="seqeval is not installed: pip install seqeval")
    rng = random.Random(7)
    iob2 = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    for _ in range(500):
        gold = [[rng.choice(iob2) for _ in range(rng.randrange(1, 12))] for _ in range(rng.randrange(1, 6))]
        pred = [[rng.choice(iob2) if rng.random() < 0.3 else t for t in s] for s in gold]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # newer seqeval warns when nothing is predicted
            expected = 100 * metrics.f1_score(gold, pred)
        assert tagging_f1(gold, pred)["f1"] == pytest.approx(expected, rel=1e-12, abs=1e-12)
