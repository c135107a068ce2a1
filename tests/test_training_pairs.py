"""Training pairs made by synth: generated tables whose labels hold on their numbers, labelled-claim pairs."""

import json
import re
from collections import Counter

from nli_fixture import write_nlidata

from claims.generated_pairs import generate
from claims.generated_tables import generate_tables
from claims.labelled import LabelledClaim
from claims.nli_data import NEI, REF, SUP, Pair, read_nlidata
from claims.training_sets import PaperText, claim_pairs, scitab_split
from synth.papers.corpus import bundled_papers

TEXTS = ["We compare XLM-R, mBERT, BiLSTM-CRF, GPT-2 and RoBERTa on XNLI, PAWS-X, SQuAD, MLQA, TyDiQA and UD-POS.",
         "BERT-Large and T5-XXL are evaluated on SuperGLUE, CoNLL-03, WikiANN and BUCC with ELECTRA as a baseline."]


def _read(passage: str) -> dict[str, dict[str, float]]:
    """A whole-table passage read back: row -> column -> value."""
    lines = passage.splitlines()
    columns = lines[1].removeprefix("Columns: Model | ").split(" | ")
    table = {}
    for line in lines[2:]:
        label, *cells = line.split(" | ")
        table[label] = dict(zip(columns, map(float, cells)))
    return table


def test_generated_table_claims_are_labelled_by_their_numbers():
    pairs = generate_tables(TEXTS, tables=300, seed=3)
    assert len(pairs) == 900
    assert {p.target for p in pairs} == {(SUP,), (REF,), (NEI,)}
    checked = 0
    for p in pairs:
        if not p.premise.startswith("Table") or "\nColumns: " not in p.premise:
            continue
        table = _read(p.premise)
        tag = p.tags[0]
        if tag == "comparison":
            a, b, col = re.fullmatch(r"(.+) outperforms (.+) on (.+)\.", p.claim).groups()
            assert p.target == ((SUP,) if table[a][col] > table[b][col] else (REF,)), p
        elif tag == "best_named":
            a, col = re.fullmatch(r"(.+) performs best on (.+)\.", p.claim).groups()
            assert p.target == ((SUP,) if table[a][col] == max(r[col] for r in table.values()) else (REF,)), p
        elif tag in ("count", "count_changed"):
            a, b, k = re.fullmatch(r"(.+) is better than (.+) on (\d+) of the \d+ columns\.", p.claim).groups()
            wins = sum(table[a][c] > table[b][c] for c in table[a])
            assert p.target == ((SUP,) if wins == int(k) else (REF,)), p
        elif tag in ("foreign_row", "foreign_row_comparison"):
            assert p.claim.split(" ")[0] not in table and p.target == (NEI,)
        else:
            continue
        checked += 1
    assert checked >= 100


def test_row_passages_read_like_a_pdf_table_row():
    pairs = generate_tables(TEXTS, tables=100, seed=5)
    rows = [p for p in pairs if "\nColumns: " not in p.premise]
    assert rows, "half of the single-cell claims are paired with one row"
    for p in rows:
        assert re.match(r"Table \d \(.+\), [^:]+: ", p.premise), p.premise
        if p.tags[0] == "cell":  # the row the claim is about, with the value the claim states
            name, value = re.fullmatch(r"(.+) achieves ([\d.]+) .+ on .+\.", p.claim).groups()
            assert f", {name}: " in p.premise and f" {value}" in p.premise


def test_too_few_names_give_no_tables():
    assert generate_tables(["We study BERT."], tables=10) == []


def test_a_sentence_of_the_evidence_is_not_made_a_not_enough_info_example():
    evidence = "Masks reduced transmission by 40%. The effect held in every region."
    healthver = LabelledClaim("healthver", "h1", "Masks reduce transmission.", "SUPPORTED",
                              ["Masks reduced transmission by 40%.", "The effect held in every region.", evidence], [2])
    assert [(p.premise, p.target) for p in claim_pairs([healthver])] == [(evidence, (SUP,))]
    scifact = LabelledClaim("scifact", "s1", "Drug X lowers blood pressure.", "REFUTED",
                            ["Drug X raised blood pressure in trials.", "Patients were recruited in 2010.",
                             "Blood pressure was measured weekly."], [0])
    pairs = claim_pairs([scifact])
    assert pairs[0].premise == "Drug X raised blood pressure in trials." and pairs[0].target == (REF,)
    assert pairs[1].target == (NEI,) and pairs[1].premise != pairs[0].premise


def test_scitab_claims_are_read_without_its_sentence_join_marker(tmp_path):
    root = write_nlidata(tmp_path / "nlidata")
    path = root / "scitab" / "sci_tab_dev_half.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["claim"] = "[CONTINUE] " + rows[0]["claim"] + " [CONTINUE] It holds."
    path.write_text(json.dumps(rows), encoding="utf-8")
    claim = read_nlidata(root).scitab[0].claim
    assert "CONTINUE" not in claim and claim.endswith("It holds.") and not claim.startswith(" ")


def test_swapping_names_refutes_only_a_comparison_of_them():
    from claims.generated_pairs import swap_names

    assert swap_names("Results show that XLM-R outperforms mBERT on XNLI.") == "Results show that mBERT outperforms XLM-R on XNLI."
    # Names listed on one side of the comparison: their order claims nothing.
    assert swap_names("On the tasks VCR, VQA and NLVR2, VisualBERT outperforms earlier models.") is None
    assert swap_names("We compared our model with the top performers of SemEval-2018 Task-1.") is None


def test_every_bundled_abstract_gives_pairs():
    # train-verifier makes its generated pairs from all of them: one number the parser reads but cannot rewrite
    # ("a thousand tokens") stopped the whole command once.
    papers = [PaperText(p.arxiv_id, p.abstract) for p in bundled_papers()]
    pairs = generate(papers, seed=13)
    assert len(pairs) > 5 * len(papers)
    assert {p.target for p in pairs} == {(SUP,), (REF,), (NEI,)}


def test_scitabs_halves_have_one_label_mix_and_split_other_papers_whole():
    # Two of nine papers have NOT_ENOUGH_INFO claims: split by paper, one side could have had them all.
    pairs = [Pair(f"table {paper}", f"claim {paper}-{n}", ((SUP, REF)[n % 2],), "scitab", group=f"paper{paper}")
             for paper in range(7) for n in range(6)]
    pairs += [Pair(f"table {paper}", f"claim {paper}-{n}", ((SUP, REF, NEI)[n % 3],), "scitab", group=f"paper{paper}")
              for paper in (7, 8) for n in range(12)]
    halves = scitab_split(pairs)
    assert halves["calibration"] and halves["test"]
    for paper in {p.group for p in pairs}:
        mine = {half for half, members in halves.items() if any(p.group == paper for p in members)}
        assert len(mine) == (2 if paper in ("paper7", "paper8") else 1)
    nei = Counter(half for half, members in halves.items() for p in members if p.target == (NEI,))
    assert nei["calibration"] == nei["test"] == 4
    again = scitab_split(list(reversed(pairs)))  # by hash, not by the file's order
    assert {half: set(map(id, members)) for half, members in again.items()} == \
        {half: set(map(id, members)) for half, members in halves.items()}


def test_taxinlis_held_pairs_split_in_halves_that_share_no_premise():
    from claims.nli_data import Pair
    from claims.training_sets import taxinli_split

    pairs = [Pair(f"Premise number {i // 3}.", f"Hypothesis {i}.", (i % 3,), "taxinli") for i in range(300)]
    halves = taxinli_split(pairs)
    assert sorted(halves) == ["calibration", "test"]
    assert sorted(p.claim for half in halves.values() for p in half) == sorted(p.claim for p in pairs)
    assert not {p.premise for p in halves["calibration"]} & {p.premise for p in halves["test"]}
    assert 100 < len(halves["calibration"]) < 200  # about half of the 100 premises
