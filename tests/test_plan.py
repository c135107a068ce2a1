"""`synth replicate plan`: tokens counted from the real examples as training and evaluation see them, with the
tokenizer alone, and equal to the tokens a tiny run processes (the counter of bench/plan_tokens.py)."""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from synth.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
WORDS = "the quick brown fox jumps over a lazy dog while an old man reads his morning paper".split()
CHOICES = [("Where do people read books?", ["library", "ocean floor", "volcano", "a quiet reading room", "space"]),
           ("What does a dog do at night?", ["sleeps", "flies", "paints a wall", "reads a book", "sings"]),
           ("Who plays a guitar?", ["a man", "a stone", "the weather", "a very old tree", "nobody"])]


def _bench():
    spec = importlib.util.spec_from_file_location("plan_tokens", ROOT / "bench" / "plan_tokens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _csqa(path: Path, ids: str = "q", keys: str = "ABCDE") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": f"{ids}{n}", "answerKey": keys[n % len(keys)],
                                        "question": {"stem": stem, "choices": [{"label": "ABCDE"[i], "text": t}
                                                                               for i, t in enumerate(texts)]}}) + "\n"
                            for n, (stem, texts) in enumerate(CHOICES)))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """configs/tiny-data plus a multiple-choice task, CCG, a tagging sentence and a QA context longer than the
    model's input; the tiny model, and a folder holding only its tokenizer."""
    from replicate.tiny import corpus_of
    from tiny_models import tiny_xlmr

    root = tmp_path_factory.mktemp("plan")
    data = root / "data"
    shutil.copytree(ROOT / "configs" / "tiny-data", data)
    _csqa(data / "commonsenseqa" / "train_rand_split.jsonl")
    long_sentence = WORDS * 5  # 85 words: more pieces than max_length 64, so split into word windows
    (data / "ccg").mkdir()
    (data / "ccg" / "train.tsv").write_text("".join(f"{w}\tN/N\n" for w in long_sentence) + "\n"
                                            + "".join(f"{w}\tNP\n" for w in WORDS[:6]) + "\n")
    with (data / "udpos" / "train-en.tsv").open("a") as fh:
        fh.write("\n" + "".join(f"{w}\tNOUN\n" for w in long_sentence) + "\n")
    squad = json.loads((data / "squad" / "train-v1.1.json").read_text())
    context = " ".join(long_sentence) + " A man plays a guitar."
    squad["data"][0]["paragraphs"].append({"context": context, "qas": [
        {"id": "long", "question": "Who plays a guitar?", "answers": [{"text": "A man", "answer_start": context.index("A man")}]}]})
    (data / "squad" / "train-v1.1.json").write_text(json.dumps(squad))
    model = tiny_xlmr(root / "model", corpus_of(data) + [" ".join(t) for _, t in CHOICES])
    tokenizer = root / "tokenizer-only"
    tokenizer.mkdir()
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(model / name, tokenizer / name)
    return root, data, model, tokenizer


def _config(root: Path, data: Path, model: Path, intermediate: list[str], targets: list[str], extra: str = "",
            name: str = "plan"):
    from replicate.config import load_config

    path = root / f"{name}.toml"
    path.write_text(f'''model = "{model}"
intermediate = {json.dumps(intermediate)}
targets = {json.dumps(targets)}
seeds = [1]
data_dir = "{data}"
output_dir = "{root / 'runs'}"
{extra}
[languages]
xnli = ["en", "de"]
udpos = ["en", "de"]
xquad = ["en", "de"]
tatoeba = ["deu"]
bucc2018 = ["de"]

[hyper.default]
epochs = 2
batch_size = 8
max_length = 64
learning_rate = 1e-3
layer = 2
''')
    return path, load_config(path)


def _phase(config, tokenizer, name: str):
    from replicate.grid import plan

    (run,) = plan(config, tokenizer, grid=False)
    return next(p for p in run.phases if p.name == name)


def test_plan_needs_only_the_tokenizer(workspace):
    from replicate.errors import ReplicateError
    from replicate.model import load_encoder

    root, data, _, tokenizer = workspace
    with pytest.raises(ReplicateError):
        load_encoder(str(tokenizer))  # no config.json, no weights: a run could not start from this folder
    path, _ = _config(root, data, tokenizer, ["mnli"], ["xnli", "udpos", "xquad", "tatoeba", "bucc2018"])
    planned = runner.invoke(app, ["replicate", "plan", str(path), "--grid", "--tokens-per-s", "1000", "--json"])
    assert planned.exit_code == 0, planned.output
    rows = [json.loads(line) for line in planned.stdout.splitlines()]
    assert [r["intermediate"] for r in rows] == [[], ["mnli"]]
    for row in rows:
        assert row["train_tokens"] > 0 and row["eval_tokens"] > 0 and row["eval_weight"] == pytest.approx(1 / 3)
        assert row["hours"] == pytest.approx((row["train_tokens"] + row["eval_tokens"] / 3) / 1000 / 3600)
        assert sum(p["train_tokens"] for p in row["phases"]) == row["train_tokens"]
        assert sum(p["eval_tokens"] for p in row["phases"]) == row["eval_tokens"]
    phases = {p["name"]: p for p in rows[0]["phases"]}
    assert phases["target-xnli"]["steps"] == 2 * 10  # 80 pairs in batches of 8, two epochs
    assert phases["eval-tatoeba"]["eval_tokens"] > 0 and phases["eval-bucc2018"]["eval_tokens"] > 0  # both sides embedded
    assert phases["target-xnli"]["eval_tokens"] > 0  # English dev scored after each epoch
    table = runner.invoke(app, ["replicate", "plan", str(path), "--grid", "--tokens-per-s", "1000"])
    assert table.exit_code == 0 and "evaluation tokens" in table.stdout and "1/3 of a training token" in table.stdout


def test_planned_tokens_are_the_tokens_a_run_processes(workspace):
    """Multi-task intermediate (choices, CCG's long sentence), pair, tagging, QA windows, retrieval; then capped by
    max_steps/max_examples and scored on test (BUCC mines dev and test), and selecting on part of English dev every
    few steps: planned equals processed, exactly."""
    root, data, model, tokenizer = workspace
    bench = _bench()
    targets = ["xnli", "udpos", "xquad", "tatoeba", "bucc2018"]
    _, config = _config(root, data, model, ["commonsenseqa", "ccg"], targets, name="run")
    _, capped = _config(root, data, model, ["mnli"], targets, name="capped",
                        extra='eval_split = "test"\n[hyper.xnli]\nmax_steps = 3\nmax_examples = 12\n'
                              '[hyper.mnli]\nmax_steps = 2\n')
    # jiant's checkpoint selection: English dev every 2 steps (and at the end) on its first 3 examples.
    _, jiant = _config(root, data, model, [], ["xnli"], name="jiant",
                       extra='[hyper.xnli]\nepochs = 2\nselect_every_steps = 2\nselect_examples = 3\n')
    rows = [row for c in (config, capped, jiant) for row in bench.compare(c, tokenizer, root / "results.sqlite", grid=False)]
    for row in rows:
        assert row["processed_train"] == row["run_counter"] > 0  # the counter sees what train_phase counts
        assert row["planned_train"] == row["processed_train"], row
        assert row["planned_eval"] == row["processed_eval"] > 0, row


def test_choices_words_and_windows_are_counted_as_training_sees_them(workspace):
    from replicate.model import load_tokenizer

    root, data, _, folder = workspace
    tokenizer = load_tokenizer(str(folder))
    # Multiple choice: every choice is one row, <s> stem </s></s> choice </s>.
    _, config = _config(root, data, folder, ["commonsenseqa"], [])
    rows = sum(len(tokenizer(stem, choice)["input_ids"]) for stem, texts in CHOICES for choice in texts)
    assert _phase(config, tokenizer, "intermediate").train_tokens == 2 * rows
    # Tagging: a sentence longer than max_length is split into word windows, so every word's pieces are counted.
    _, config = _config(root, data, folder, ["ccg"], [])
    sentences = [WORDS * 5, WORDS[:6]]
    pieces = sum(len(tokenizer(words, is_split_into_words=True)["input_ids"]) - 2 for words in sentences)
    per_epoch = _phase(config, tokenizer, "intermediate").train_tokens // 2
    assert pieces + 2 * 3 <= per_epoch <= pieces + 2 * len(WORDS * 6)  # at least two windows + the short sentence
    assert per_epoch > 64 + len(tokenizer(WORDS[:6], is_split_into_words=True)["input_ids"])  # not cut at max_length
    # Span extraction: every window over a long context, windows starting doc_stride context tokens apart.
    _, config = _config(root, data, folder, [], ["xquad"])
    from replicate.tasks import get_task

    examples = get_task("xquad").read(data, "train", "en")
    # XTREME's windows: starts doc_stride context tokens apart (at max_length 64: half of the 60 - question tokens
    # a window holds), i.e. the tokenizer's overlap `stride` is the window's context width minus that step.
    def windows(e):
        width = 60 - len(tokenizer(e.question, add_special_tokens=False)["input_ids"])
        return tokenizer(e.question, e.context, truncation="only_second", max_length=64, stride=width - width // 2,
                         return_overflowing_tokens=True)["input_ids"]
    encoded = [windows(e) for e in examples]
    assert max(len(windows) for windows in encoded) > 1
    assert _phase(config, tokenizer, "target-xquad").train_tokens == 2 * sum(len(w) for ws in encoded for w in ws)


def test_ids_and_labels_are_not_counted(workspace, tmp_path):
    from replicate.model import load_tokenizer

    root, data, _, folder = workspace
    tokenizer = load_tokenizer(str(folder))
    other = tmp_path / "data"
    shutil.copytree(data, other)
    _csqa(other / "commonsenseqa" / "train_rand_split.jsonl", ids="a-very-long-question-identifier-" * 4, keys="EDCBA")
    mnli = other / "mnli" / "mnli_train.jsonl"
    rows = [json.loads(line) for line in mnli.read_text().splitlines()]
    mnli.write_text("".join(json.dumps(r | {"uid": f"pair identifier number {n} " * 5,
                                            "label": {"neutral": "entailment"}.get(r["label"], "neutral")}) + "\n"
                            for n, r in enumerate(rows)))
    for task in ("commonsenseqa", "mnli"):
        _, first = _config(root, data, folder, [task], [], name="ids-a")
        _, second = _config(tmp_path, other, folder, [task], [], name="ids-b")
        assert _phase(first, tokenizer, "intermediate").train_tokens == _phase(second, tokenizer, "intermediate").train_tokens


def test_plan_names_every_missing_file_at_once(workspace, tmp_path):
    root, _, _, folder = workspace
    (tmp_path / "empty").mkdir()
    path, _ = _config(tmp_path, tmp_path / "empty", folder, ["mnli"], ["xnli", "tatoeba"])
    planned = runner.invoke(app, ["replicate", "plan", str(path), "--grid"])
    assert planned.exit_code == 2
    message = " ".join(planned.output.split())
    for name in ("mnli/mnli_train.jsonl", "xnli/train-en.tsv", "xnli/dev-de.tsv", "tatoeba.deu-eng.deu"):
        assert name in message, message
