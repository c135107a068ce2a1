"""The task registry and its readers, on small files in each real format made here (and the shared samples)."""

import json

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from replicate.errors import LayoutError, ReplicateError
from replicate.tasks import TASKS, get_task
from synth.cli import app

INTERMEDIATE = {"anli_plus", "mnli", "qqp", "squad_v1", "squad_v2", "hellaswag", "ccg", "cosmosqa", "commonsenseqa"}
TARGETS = {"xnli", "pawsx", "udpos", "panx", "xquad", "mlqa", "tydiqa", "bucc2018", "tatoeba"}


def test_every_task_of_the_paper_is_registered():
    assert set(TASKS) == INTERMEDIATE | TARGETS | {"mlm"}
    assert {TASKS[t].role for t in TARGETS} == {"target"}
    assert len(TASKS["xnli"].languages) == 15 and len(TASKS["panx"].languages) == 40
    assert all(TASKS[t].source for t in TASKS)


def test_unknown_task_lists_the_known_ones():
    with pytest.raises(ReplicateError, match="unknown task .*known: anli_plus"):
        get_task("glue")


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pair_readers(tmp_path):
    write(tmp_path, "xnli/test-de.tsv", "Der Hund bellt.\tEin Tier macht Laerm.\tentailment\n")
    write(tmp_path, "pawsx/dev-de.tsv", "id\tsentence1\tsentence2\tlabel\n4\tA b.\tB a.\t1\n")
    write(tmp_path, "mnli/mnli_train.jsonl", json.dumps({"premise": "P.", "hypothesis": "H.", "label": "neutral"}) + "\n")
    write(tmp_path, "qqp/train.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n1\t1\t2\tWhy?\tHow?\t0\n")
    write(tmp_path, "anli_plus/train/anli_r1.jsonl", json.dumps({"uid": "a1", "context": "C.", "hypothesis": "H.", "label": "c"}) + "\n")
    write(tmp_path, "anli_plus/train/snli.jsonl", json.dumps({"sentence1": "S.", "sentence2": "T.", "gold_label": "entailment"}) + "\n")
    (xnli,) = get_task("xnli").read(tmp_path, "test", "de")
    assert (xnli.text_a, xnli.text_b, xnli.label) == ("Der Hund bellt.", "Ein Tier macht Laerm.", "entailment")
    (paws,) = get_task("pawsx").read(tmp_path, "val", "de")
    assert (paws.text_a, paws.label) == ("A b.", "1")
    assert get_task("mnli").read(tmp_path, "train")[0].label == "neutral"
    assert get_task("qqp").read(tmp_path, "train")[0].text_b == "How?"
    anli = get_task("anli_plus").read(tmp_path, "train")
    assert sorted(e.label for e in anli) == ["contradiction", "entailment"]


def test_tagging_readers_conllu_and_two_columns(tmp_path):
    write(tmp_path, "udpos/test-en.tsv",
          "# text = New York .\n1-2\tNew York\t_\t_\t_\t_\t_\t_\t_\t_\n1\tNew\tnew\tPROPN\tNNP\t_\t2\tcompound\t_\t_\n"
          "2\tYork\tYork\tPROPN\tNNP\t_\t0\troot\t_\t_\n2.1\tgap\t_\t_\t_\t_\t_\t_\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n")
    write(tmp_path, "panx/test-de.tsv", "de:Angela\tB-PER\nde:Merkel\tI-PER\n\nde:Berlin\tB-LOC\n")
    (ud,) = get_task("udpos").read(tmp_path, "test", "en")
    assert (ud.tokens, ud.tags) == (("New", "York", "."), ("PROPN", "PROPN", "PUNCT"))
    panx = get_task("panx").read(tmp_path, "test", "de")
    assert [e.tokens for e in panx] == [("Angela", "Merkel"), ("Berlin",)]
    write(tmp_path, "ccg/train.tsv", "lonely-line-without-tag\n")
    with pytest.raises(LayoutError, match="train.tsv:1: expected 'token<TAB>tag'"):
        get_task("ccg").read(tmp_path, "train")


def test_choice_span_and_retrieval_readers(tmp_path):
    write(tmp_path, "cosmosqa/valid.csv", 'id,context,question,answer0,answer1,answer2,answer3,label\nq1,"C, with comma",Q?,a,b,c,d,2\n')
    write(tmp_path, "hellaswag/hellaswag_val.jsonl", json.dumps({"ind": 7, "ctx": "A man", "endings": ["a", "b", "c", "d"], "label": 3}) + "\n")
    write(tmp_path, "commonsenseqa/dev_rand_split.jsonl", json.dumps(
        {"id": "x", "answerKey": "B", "question": {"stem": "Q?", "choices": [{"label": "A", "text": "a"}, {"label": "B", "text": "b"}]}}) + "\n")
    squad = {"version": "v2.0", "data": [{"paragraphs": [{"context": "Paris is in France.", "qas": [
        {"id": "q", "question": "Where?", "answers": [{"text": "France", "answer_start": 12}]},
        {"id": "n", "question": "Why?", "answers": [], "is_impossible": True}]}]}]}
    write(tmp_path, "squad/dev-v2.0.json", json.dumps(squad))
    write(tmp_path, "tatoeba/tatoeba.deu-eng.deu", "Hallo.\nDanke.\n")
    write(tmp_path, "tatoeba/tatoeba.deu-eng.eng", "Hello.\nThanks.\n")
    write(tmp_path, "bucc2018/de-en.dev.de", "de-1\tHallo Welt\n")
    write(tmp_path, "bucc2018/de-en.dev.en", "en-9\tHello world\n")
    write(tmp_path, "bucc2018/de-en.dev.gold", "de-1\ten-9\n")
    assert get_task("cosmosqa").read(tmp_path, "val")[0].context == "C, with comma"
    assert get_task("cosmosqa").read(tmp_path, "val")[0].label == 2
    assert get_task("hellaswag").read(tmp_path, "val")[0].label == 3
    assert get_task("commonsenseqa").read(tmp_path, "val")[0].label == 1
    answerable, impossible = get_task("squad_v2").read(tmp_path, "val")
    assert answerable.answers == (("France", 12),) and impossible.impossible
    (tatoeba,) = get_task("tatoeba").read(tmp_path, "test", "deu")
    assert tatoeba.target[1] == ("1", "Thanks.") and ("1", "1") in tatoeba.gold
    (bucc,) = get_task("bucc2018").read(tmp_path, "val", "de")
    assert bucc.gold == frozenset({("de-1", "en-9")})


def test_missing_file_names_the_expected_layout(tmp_path):
    with pytest.raises(LayoutError) as info:
        get_task("xnli").read(tmp_path, "test", "sw")
    assert str(info.value) == f"{tmp_path}/xnli/test-sw.tsv: missing; xnli expects {tmp_path}/xnli/test-{{lang}}.tsv"
    with pytest.raises(ReplicateError, match="has no 'train' split"):
        get_task("tatoeba").read(tmp_path, "train", "deu")


def test_replicate_tasks_cli_lists_the_grid():
    result = CliRunner().invoke(app, ["replicate", "tasks", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["name"] for r in rows} == set(TASKS)
    assert next(r for r in rows if r["name"] == "xnli")["defaults"]["learning_rate"] == 1e-5


def test_shared_samples_read_in_their_formats():
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"{data} is absent (the shared folder sits beside the repo in the dev setup)")
    from replicate.tasks.readers import csv_choice, squad_json, tags, tsv_pairs

    assert len(get_task("mnli").read(data, "train")) == 5
    assert len(tsv_pairs(0, 1, 2)(data / "xnli" / "de_test_first300.txt")) == 300
    assert len(tsv_pairs(1, 2, 3, header=True)(data / "pawsx" / "de_dev_first200.tsv")) == 200
    assert len(tags()(data / "udpos" / "en_ewt-ud-dev_first150sent.conllu")) == 150
    assert len(csv_choice("context", "question", ("answer0", "answer1", "answer2", "answer3"), "label")(data / "cosmosqa" / "valid_first200.csv")) == 200
    squad = squad_json(data / "squad_v2" / "dev_subset_5articles_v2.0.json")
    assert len(squad) == 1407 and any(e.impossible for e in squad)
    assert len(get_task("tatoeba").read(data, "test", "deu")[0].source) == 1000


def test_tatoeba_reads_lasers_three_letter_files_for_every_registry_language(tmp_path):
    from replicate.languages import TATOEBA_FILE_CODES

    spec = get_task("tatoeba")
    assert len(spec.languages) == 36
    for two in spec.languages:
        three = TATOEBA_FILE_CODES[two]
        write(tmp_path, f"tatoeba/tatoeba.{three}-eng.{three}", f"{three} one\n{three} two\n")
        write(tmp_path, f"tatoeba/tatoeba.{three}-eng.eng", f"{two} one\n{two} two\n")
    for two in spec.languages:
        (example,) = spec.read(tmp_path, "test", two)
        three = TATOEBA_FILE_CODES[two]
        assert example.source == (("0", f"{three} one"), ("1", f"{three} two"))
        assert example.target == (("0", f"{two} one"), ("1", f"{two} two"))
    assert spec.path(tmp_path, "test", "zh").name == "tatoeba.cmn-eng.cmn"
    assert spec.path(tmp_path, "test", "fa").name == "tatoeba.pes-eng.pes"
    assert spec.path(tmp_path, "test", "sw").name == "tatoeba.swh-eng.swh"
    # The code of the files still works as a language, and files named by the code as given are read first.
    assert spec.read(tmp_path, "test", "deu")[0].source[0] == ("0", "deu one")
    write(tmp_path, "tatoeba/tatoeba.de-eng.de", "Hallo.\n")
    write(tmp_path, "tatoeba/tatoeba.de-eng.eng", "Hello.\n")
    assert spec.read(tmp_path, "test", "de")[0].source == (("0", "Hallo."),)


def test_a_missing_tatoeba_file_names_the_three_letter_file_and_the_layout(tmp_path):
    with pytest.raises(LayoutError) as info:
        get_task("tatoeba").read(tmp_path, "test", "he")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path}/tatoeba/tatoeba.heb-eng.heb: missing; tatoeba expects "
                              f"{tmp_path}/tatoeba/tatoeba.{{lang}}-eng.{{lang}} with .eng beside it")
    assert "(he: heb)" in message
    # XTREME's download script leaves he-en.he and a sorted he-en.en: named, as it cannot be scored.
    write(tmp_path, "tatoeba/he-en.he", "שלום\n")
    with pytest.raises(LayoutError, match=r"he-en\.he is XTREME's processed copy, whose English lines are sorted"):
        get_task("tatoeba").read(tmp_path, "test", "he")
    write(tmp_path, "tatoeba/tatoeba.heb-eng.heb", "שלום\n")
    with pytest.raises(LayoutError, match=r"tatoeba\.heb-eng\.eng: missing; the aligned translation"):
        get_task("tatoeba").read(tmp_path, "test", "he")
