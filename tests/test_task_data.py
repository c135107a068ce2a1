"""How task files become examples and labels: PAN-X prefixes, CCG's label set, SNLI's no-consensus pairs, TyDiQA's
file names; and CCG and ANLI+ training a few steps on a tiny model. Files are small copies of the real layouts."""

import copy
import json
import math

import pytest
import torch

from replicate.errors import LayoutError, ReplicateError
from replicate.tasks import get_task
from replicate.tasks.registry import UNSEEN_TAG


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# XTREME's processed PAN-X (download/panx/*.tsv): `token<TAB>tag`, no prefix.
PANX_PROCESSED = "Die\tO\nSitzung\tO\nbeginnt\tO\num\tO\n12:30\tO\n:\tO\nBerlin\tB-LOC\n\nre:\tO\nPublica\tB-ORG\n"
# WikiANN's raw split file (panx_dataset/<lang>/<split>): every token written as `<lang>:<token>`.
PANX_RAW = "de:Die\tO\nde:Sitzung\tO\nde:beginnt\tO\nde:um\tO\nde:12:30\tO\nde::\tO\nde:Berlin\tB-LOC\n\nde:re:\tO\nde:Publica\tB-ORG\n"
PANX_TOKENS = [("Die", "Sitzung", "beginnt", "um", "12:30", ":", "Berlin"), ("re:", "Publica")]


def test_panx_without_prefixes_keeps_colon_tokens(tmp_path):
    write(tmp_path, "panx/test-de.tsv", PANX_PROCESSED)
    examples = get_task("panx").read(tmp_path, "test", "de")
    assert [e.tokens for e in examples] == PANX_TOKENS
    assert examples[0].tags[-1] == "B-LOC"


def test_panx_with_prefixes_has_them_stripped(tmp_path):
    write(tmp_path, "panx/test-de.tsv", PANX_RAW)
    assert [e.tokens for e in get_task("panx").read(tmp_path, "test", "de")] == PANX_TOKENS


def test_panx_prefix_is_decided_per_file_not_per_token(tmp_path):
    # Every token but one looks prefixed: the file is not a prefixed one, so nothing is cut.
    write(tmp_path, "panx/test-de.tsv", "ab:cd\tO\nde:x\tO\nBerlin\tB-LOC\n")
    (example,) = get_task("panx").read(tmp_path, "test", "de")
    assert example.tokens == ("ab:cd", "de:x", "Berlin")


# CCGbank as `token<TAB>supertag` lines; `#` is CCGbank's token for the pound sign, not a comment.
CCG_TRAIN = ("Pierre\tN/N\nVinken\tN\nwill\t(S[dcl]\\NP)/(S[b]\\NP)\njoin\t(S[b]\\NP)/NP\nthe\tNP[nb]/N\nboard\tN\n.\t.\n\n"
             "It\tNP\ncost\t(S[dcl]\\NP)/NP\n#\tN/N[num]\n200\tN[num]\n.\t.\n\n"
             "The\tNP[nb]/N\ndog\tN\nsleeps\tS[dcl]\\NP\n.\t.\n\n")
CCG_TRAIN_TAGS = ("(S[b]\\NP)/NP", "(S[dcl]\\NP)/(S[b]\\NP)", "(S[dcl]\\NP)/NP", ".", "N", "N/N", "N/N[num]", "NP",
                  "NP[nb]/N", "N[num]", "S[dcl]\\NP")
# A dev sentence with a tag the train file never has (`conj`).
CCG_DEV = "The\tNP[nb]/N\ndog\tN\nand\tconj\nthe\tNP[nb]/N\nboard\tN\nsleeps\tS[dcl]\\NP\n.\t.\n\n"


def test_ccg_label_set_is_the_tags_of_the_train_file(tmp_path):
    write(tmp_path, "ccg/train.tsv", CCG_TRAIN)
    write(tmp_path, "ccg/dev.tsv", CCG_DEV)
    assert get_task("ccg").labels == ()  # nothing is known before the data is
    spec = get_task("ccg", tmp_path)
    assert spec.labels == (*CCG_TRAIN_TAGS, UNSEEN_TAG)
    assert spec is not get_task("ccg") and get_task("pawsx", tmp_path) is get_task("pawsx")
    train = spec.read(tmp_path, "train")
    assert train[1].tokens == ("It", "cost", "#", "200", ".")
    (dev,) = spec.read(tmp_path, "val")
    assert dev.tags[2] == UNSEEN_TAG and dev.tags[:2] == ("NP[nb]/N", "N")
    # The order does not follow the file: the same tags in another order give the same head.
    write(tmp_path / "shuffled", "ccg/train.tsv", "\n\n".join(reversed(CCG_TRAIN.strip().split("\n\n"))) + "\n")
    assert get_task("ccg", tmp_path / "shuffled").labels == spec.labels


def test_ccg_reads_jiants_sentence_per_line_layout(tmp_path):
    write(tmp_path, "ccg/train.tsv", "The dog sleeps .\tNP[nb]/N N S[dcl]\\NP .\nIt cost # 200 .\tNP (S[dcl]\\NP)/NP N/N[num] N[num] .\n")
    first, second = get_task("ccg").read(tmp_path, "train")
    assert first.tokens == ("The", "dog", "sleeps", ".") and first.tags == ("NP[nb]/N", "N", "S[dcl]\\NP", ".")
    assert second.tokens[2] == "#"
    write(tmp_path, "ccg/train.tsv", "The dog sleeps .\tNP[nb]/N N .\n")
    with pytest.raises(LayoutError, match=r"train\.tsv:1: 4 tokens but 3 supertags"):
        get_task("ccg").read(tmp_path, "train")


def test_a_ccg_train_file_without_tags_is_named(tmp_path):
    write(tmp_path, "ccg/train.tsv", "\n\n")
    with pytest.raises(ReplicateError, match=r"ccg/train\.tsv: no tags; ccg builds its label set from them"):
        get_task("ccg", tmp_path)


# SNLI 1.0's JSONL, abridged to the fields that matter (the parses are left out); `-`: no annotator consensus.
SNLI = [
    {"annotator_labels": ["neutral"], "captionID": "3416050480.jpg#4", "gold_label": "neutral", "pairID": "3416050480.jpg#4r1n",
     "sentence1": "A person on a horse jumps over a broken down airplane.", "sentence2": "A person is training his horse for a competition."},
    {"annotator_labels": ["contradiction", "neutral", "entailment", "neutral", "contradiction"], "captionID": "2267923837.jpg#2",
     "gold_label": "-", "pairID": "2267923837.jpg#2r1n", "sentence1": "Children smiling and waving at camera",
     "sentence2": "The kids are frowning"},
    {"annotator_labels": ["entailment"], "captionID": "3416050480.jpg#4", "gold_label": "entailment", "pairID": "3416050480.jpg#4r1e",
     "sentence1": "A person on a horse jumps over a broken down airplane.", "sentence2": "A person is outdoors, on a horse."},
    {"annotator_labels": ["contradiction"], "captionID": "3416050480.jpg#4", "gold_label": "contradiction", "pairID": "3416050480.jpg#4r1c",
     "sentence1": "A person on a horse jumps over a broken down airplane.", "sentence2": "A person is at a diner, ordering an omelette."},
]
ANLI = [{"uid": f"r1-{i}", "premise": s["sentence1"], "hypothesis": s["sentence2"], "label": s["gold_label"][0],
         "reason": ""} for i, s in enumerate(SNLI) if s["gold_label"] != "-"]


def write_anli_plus(root):
    write(root, "anli_plus/train/snli_1.0_train.jsonl", "".join(json.dumps(row) + "\n" for row in SNLI))
    write(root, "anli_plus/train/anli_r1_train.jsonl", "".join(json.dumps(row) + "\n" for row in ANLI))


def test_snli_pairs_without_consensus_are_dropped_when_read(tmp_path):
    write_anli_plus(tmp_path)
    examples = get_task("anli_plus").read(tmp_path, "train")
    assert len(examples) == 6
    assert all(e.label in ("contradiction", "entailment", "neutral") for e in examples)
    assert "The kids are frowning" not in {e.text_b for e in examples}
    # Hugging Face's exports mark the same pairs -1.
    write(tmp_path, "snli/hf.jsonl", json.dumps({"premise": "P.", "hypothesis": "H.", "label": -1}) + "\n")
    from replicate.tasks.readers import jsonl_pairs

    assert jsonl_pairs("premise", "hypothesis", "label")(tmp_path / "snli" / "hf.jsonl") == []


def tydiqa_file(*ids):
    context = "Nairobi ni mji mkuu wa Kenya."
    return json.dumps({"version": "TyDiQA-GoldP-1.1-for-SQuAD-1.1", "data": [{"paragraphs": [{"context": context, "qas": [
        {"id": i, "question": "Mji mkuu wa Kenya ni upi?", "answers": [{"text": "Nairobi", "answer_start": 0}]}
        for i in ids]}]}]})


def test_tydiqa_reads_xtremes_and_jiants_file_names(tmp_path):
    spec = get_task("tydiqa")
    write(tmp_path, "tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.goldp.sw.dev.json", tydiqa_file("swahili-1-0"))
    write(tmp_path, "tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.ko.dev.json", tydiqa_file("korean-2-0"))
    write(tmp_path, "tydiqa_fi/tydiqa.fi.dev.json", tydiqa_file("finnish-3-0"))
    write(tmp_path, "tydiqa/tydiqa-goldp-v1.1-train/tydiqa.goldp.en.train.json", tydiqa_file("1", "2"))
    assert [e.guid for e in spec.read(tmp_path, "test", "sw")] == ["swahili-1-0"]
    assert [e.guid for e in spec.read(tmp_path, "test", "ko")] == ["korean-2-0"]
    assert [e.guid for e in spec.read(tmp_path, "test", "fi")] == ["finnish-3-0"]
    assert len(spec.read(tmp_path, "train")) == 2
    # XTREME's name wins when both are there.
    write(tmp_path, "tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.sw.dev.json", tydiqa_file("other-9-0"))
    assert spec.path(tmp_path, "test", "sw").name == "tydiqa.goldp.sw.dev.json"


def test_tydiqa_reads_only_the_english_questions_of_a_multilingual_training_file(tmp_path):
    # jiant writes the whole nine-language GoldP training set under the English name.
    write(tmp_path, "tydiqa_en/tydiqa.en.train.json", tydiqa_file("english-1-0", "swahili--4-0", "english-5-1"))
    assert [e.guid for e in get_task("tydiqa").read(tmp_path, "train")] == ["english-1-0", "english-5-1"]


def test_a_missing_tydiqa_file_is_one_line_naming_every_name_tried(tmp_path):
    with pytest.raises(LayoutError) as info:
        get_task("tydiqa").read(tmp_path, "test", "te")
    message = str(info.value)
    assert "\n" not in message
    assert message == (f"{tmp_path}/tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.goldp.te.dev.json: missing; tydiqa reads this "
                       f"file or {tmp_path}/tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.te.dev.json or "
                       f"{tmp_path}/tydiqa_te/tydiqa.te.dev.json")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from tiny_models import tiny_xlmr

    from replicate.model import load_encoder

    corpus = [" ".join(line.split("\t")[0] for line in s.splitlines()) for s in (CCG_TRAIN + CCG_DEV).split("\n\n")]
    corpus += [f"{row['sentence1']} {row['sentence2']}" for row in SNLI]
    folder = tiny_xlmr(tmp_path_factory.mktemp("tiny") / "model", [s for s in corpus if s] * 5)
    return load_encoder(str(folder))


HYPER = {"learning_rate": 1e-3, "weight_decay": 0.01, "warmup_proportion": 0.1, "grad_clip": 1.0, "epochs": 2,
         "batch_size": 2, "max_length": 64}


def train_a_few_steps(spec, examples, tiny):
    from replicate.features import featurize, multitask_epochs
    from replicate.model import MultiTaskModel
    from replicate.train import train_phase

    encoder, tokenizer = tiny
    torch.manual_seed(0)
    model = MultiTaskModel(copy.deepcopy(encoder), [spec])
    features = featurize(spec, tokenizer, examples, HYPER["max_length"])
    epochs = multitask_epochs([(spec, features)], HYPER, tokenizer.pad_token_id, seed=1)
    stats = train_phase(model, epochs, HYPER, torch.device("cpu"), None, precision="fp32")
    return model, stats


def test_ccg_trains_and_a_dev_tag_unseen_in_training_is_scored_as_an_error(tmp_path, tiny):
    from replicate.evaluate import predict, score
    from replicate.features import featurize

    write(tmp_path, "ccg/train.tsv", CCG_TRAIN)
    write(tmp_path, "ccg/dev.tsv", CCG_DEV)
    spec = get_task("ccg", tmp_path)
    model, stats = train_a_few_steps(spec, spec.read(tmp_path, "train"), tiny)
    assert stats.steps == 4 and stats.skipped == 0 and all(math.isfinite(v) for v in stats.losses)
    assert model.heads["ccg"].out.out_features == len(CCG_TRAIN_TAGS) + 1
    _, tokenizer = tiny
    dev = spec.read(tmp_path, "val")
    features = featurize(spec, tokenizer, dev, HYPER["max_length"])
    predictions = predict(model, spec, features, 2, tokenizer.pad_token_id, torch.device("cpu"), precision="fp32")
    scores = score(spec, dev, features, predictions, "en")
    (feature,) = features
    words = [p for p, label in enumerate(feature.label) if label != -100]
    unseen = spec.labels.index(UNSEEN_TAG)
    assert len(words) == 7 and feature.label[words[2]] == unseen  # `and` is scored, against the reserved slot
    # The slot is never a training target; unless the head still picks it, `and` is an error: at most 6 of 7 right.
    if predictions[0][words[2]] != unseen:
        assert 0.0 <= scores["accuracy"] <= 100.0 * 6 / 7 + 1e-9


def test_anli_plus_trains_on_snli_with_no_consensus_pairs(tmp_path, tiny):
    write_anli_plus(tmp_path)
    spec = get_task("anli_plus", tmp_path)
    _, stats = train_a_few_steps(spec, spec.read(tmp_path, "train"), tiny)
    assert stats.steps == 6 and stats.skipped == 0 and all(math.isfinite(v) for v in stats.losses)


def test_a_batch_without_gold_labels_never_reaches_backward(tiny):
    from replicate.features import Feature, collate
    from replicate.model import MultiTaskModel
    from replicate.train import train_phase

    encoder, tokenizer = tiny
    spec = get_task("anli_plus")
    ids = tokenizer("A dog sleeps.", "The dog is old.")["input_ids"]
    labelled = collate([Feature(ids, 1), Feature(ids, 2)], tokenizer.pad_token_id)
    unlabelled = collate([Feature(ids, None), Feature(ids, 0)], tokenizer.pad_token_id)  # one gold label missing
    model = MultiTaskModel(copy.deepcopy(encoder), [spec])
    stats = train_phase(model, [[("anli_plus", labelled), ("anli_plus", unlabelled)]], HYPER, torch.device("cpu"), None,
                        precision="fp32")
    assert (stats.steps, stats.skipped, len(stats.losses)) == (1, 1, 1)
    # A tagging batch whose every position is ignored (-100) would give a NaN loss: skipped too.
    tagging = get_task("udpos")
    ignored = collate([Feature(ids, [-100] * len(ids))], tokenizer.pad_token_id)
    tagged = collate([Feature(ids, [-100, 3] + [-100] * (len(ids) - 2))], tokenizer.pad_token_id)
    stats = train_phase(MultiTaskModel(copy.deepcopy(encoder), [tagging]), [[("udpos", ignored), ("udpos", tagged)]],
                        HYPER, torch.device("cpu"), None, precision="fp32")
    assert (stats.steps, stats.skipped) == (1, 1) and all(math.isfinite(v) for v in stats.losses)
    # With nothing labelled at all, the phase stops before any step, naming the task.
    with pytest.raises(ReplicateError, match="anli_plus: no training example has a gold label"):
        train_phase(MultiTaskModel(copy.deepcopy(encoder), [spec]), [[("anli_plus", unlabelled)]], HYPER,
                    torch.device("cpu"), None, precision="fp32")
