"""Small NLI and claim sets in the real layouts of ../shared/nlidata and ../shared/claimdata, written here.

Every sentence is made up by this file: the layouts are the upstream ones, the
contents are not. The pairs are simple (a fact, its restatement, its changed
number, an unrelated fact) so a few training steps already move the model.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SYSTEMS = ["XLM-R", "mBERT", "RoBERTa", "BERT-base", "XLNet", "ELECTRA", "DeBERTa", "T5-small"]
TASKS = ["XNLI", "PAWS-X", "SQuAD", "MLQA", "TyDiQA", "UD-POS"]


def facts(rng: random.Random, n: int) -> list[tuple[str, str, str, str]]:
    """(premise, supported claim, refuted claim, unrelated claim) quadruples."""
    out = []
    for i in range(n):
        system, task = SYSTEMS[i % len(SYSTEMS)], TASKS[i % len(TASKS)]
        score = rng.randint(50, 90)
        premise = f"On {task}, {system} reaches an accuracy of {score}.{rng.randint(0, 9)} after fine-tuning."
        out.append((premise, f"{system} reaches {score} accuracy on {task}.",
                    f"{system} reaches {score + 12} accuracy on {task}.",
                    f"{SYSTEMS[(i + 3) % len(SYSTEMS)]} was trained on {rng.randint(3, 99)} languages."))
    return out


def _pairs(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(premise, hypothesis, nli label)."""
    rows = []
    for premise, sup, ref, other in facts(rng, n):
        rows += [(premise, sup, "entailment"), (premise, ref, "contradiction"), (premise, other, "neutral")]
    return rows


def _lines(path: Path, values) -> None:
    path.write_text("".join(f"{v}\n" for v in values), encoding="utf-8")


def write_nlidata(root: Path, n: int = 8, seed: int = 3) -> Path:
    rng = random.Random(seed)
    for folder in ("mnli", "esnli", "fever_rte", "fever_symmetric", "rte", "wice", "taxinli", "scitab"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    rows = _pairs(rng, n)
    with (root / "mnli" / "mnli_dev_matched_from_hans.tsv").open("w", encoding="utf-8") as fh:
        fh.write("index\tpremise\thypothesis\tgold_label\tnumber of correct responses (out of 100)\n")
        fh.writelines(f"{i}\t{p}\t{h}\t{label}\t100\n" for i, (p, h, label) in enumerate(rows))
    for part in ("Matched", "Mismatched"):
        more = _pairs(rng, n // 2)
        for suffix, column in (("s1", 0), ("s2", 1), ("labels", 2)):
            _lines(root / "mnli" / f"MNLI{part}HardWithHardTest_{suffix}.test", [r[column] for r in more])
    for split in ("dev", "test"):
        more = _pairs(rng, n // 2)
        for suffix, column in (("s1", 0), ("s2", 1), ("labels", 2)):
            _lines(root / "esnli" / f"{suffix}.{split}", [r[column] for r in more])
    two_way = [(p, h, "entailment" if label == "entailment" else "not_entailment") for p, h, label in _pairs(rng, n)
               if label != "neutral"]
    _lines(root / "fever_rte" / "dev.raw.input0", [r[0] for r in two_way])
    _lines(root / "fever_rte" / "dev.raw.input1", [r[1] for r in two_way])
    _lines(root / "fever_rte" / "dev.label", [r[2] for r in two_way])
    for name in ("dev", "test", "full", "generated"):
        lines = [{"id": str(i), "claim": h, "evidence" if name in ("dev", "test") else "evidence_sentence": p,
                  "gold_label" if name in ("dev", "test") else "label": "SUPPORTS" if label == "entailment" else "REFUTES"}
                 for i, (p, h, label) in enumerate(two_way[:4])]
        _lines(root / "fever_symmetric" / f"fever_symmetric_{name}.jsonl", [json.dumps(x) for x in lines])
    for name in ("train.tsv", "dev.tsv", "test_labeled_split.tsv"):
        with (root / "rte" / name).open("w", encoding="utf-8") as fh:
            fh.write("index\tsentence1\tsentence2\tlabel\n")
            fh.writelines(f"{i}\t{p}\t{h}\t{'entailment' if label == 'entailment' else 'not_entailment'}\n"
                          for i, (p, h, label) in enumerate(_pairs(rng, 2)))
    for split in ("dev", "test"):
        lines = [{"label": "supported" if label == "entailment" else "not_supported", "supporting_sentences": [[0]],
                  "claim": h, "evidence": [p, "The page has a menu."], "meta": {}}
                 for p, h, label in _pairs(rng, 2)]
        _lines(root / "wice" / f"{split}.jsonl", [json.dumps(x) for x in lines])
    for name, extra in (("taxinli10k.tsv", ""), ("taxinli10k_MNLIDev.tsv", "")):
        with (root / "taxinli" / name).open("w", encoding="utf-8") as fh:
            fh.write("prem\thyp\tlabel\tnegation_logic\tquantifier_logic\tpairID\n")
            fh.writelines(f"{p}\t{h}\t{label}\t{i % 2}\t{(i + 1) % 2}\t{i}{extra}\n"
                          for i, (p, h, label) in enumerate(_pairs(rng, n)))
    tables = []
    for i, (premise, sup, ref, other) in enumerate(facts(rng, n)):
        system, task = SYSTEMS[i % len(SYSTEMS)], TASKS[i % len(TASKS)]
        score = premise.split("accuracy of ")[1].split(" ")[0].rstrip(".")
        for claim, label in ((sup, "supports"), (ref, "refutes"), (other, "not enough info")):
            tables.append({"paper": "p", "paper_id": f"19{i:02d}.0000{i % 4}v1", "table_caption": f"Table 1: {task} accuracy.",
                           "table_column_names": ["Model", task], "table_content_values": [[system, score], ["Baseline", "40.0"]],
                           "id": f"{i}-{label}", "claim": claim, "label": label, "table_id": str(i)})
    (root / "scitab" / "sci_tab_dev_half.json").write_text(json.dumps(tables), encoding="utf-8")
    return root


def write_claimdata(root: Path, n: int = 24, seed: int = 7) -> Path:
    """SciFact layout (claims_train.jsonl + corpus.jsonl) and HealthVer's CSV."""
    rng = random.Random(seed)
    corpus, claims, rows = [], [], []
    for doc_id, (premise, sup, ref, other) in enumerate(facts(rng, n), start=1):
        corpus.append({"doc_id": doc_id, "title": "", "abstract": ["We study transfer.", premise, "Code is public."]})
        kind = doc_id % 3
        claim = (sup, ref, other)[kind]
        evidence = {str(doc_id): [{"sentences": [1], "label": ("SUPPORT", "CONTRADICT")[kind]}]} if kind < 2 else {}
        claims.append({"id": doc_id, "claim": claim, "evidence": evidence, "cited_doc_ids": [doc_id]})
        rows.append({"id": doc_id, "evidence": premise, "claim": claim, "label": ("Supports", "Refutes", "Neutral")[kind],
                     "topic_ip": 1, "question": "q"})
    (root / "scifact").mkdir(parents=True, exist_ok=True)
    _lines(root / "scifact" / "corpus.jsonl", [json.dumps(d) for d in corpus])
    _lines(root / "scifact" / "claims_train.jsonl", [json.dumps(c) for c in claims])
    (root / "healthver").mkdir(exist_ok=True)
    with (root / "healthver" / "healthver_dev.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return root
