"""Tables as tables: grids read from drawn PDFs, shown by `synth show`, read by the verifier cell by cell."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from claims.decide import decide
from claims.numbers import parse_quantities
from claims.passages import RowCells, document_passages
from claims.table_cells import align_cells, metrics, row_label, row_named
from claims.text import stem
from synth.cli import app
from synth.documents.extract import extract
from tables_pdf import (BELOW_LEFT, DELTAS, LANGUAGES, PROSE_LEFT, PROSE_RIGHT, ROWS, SPREAD_HEADERS, SPREAD_ROWS,
                        TABLE1_CAPTION, WRAPPED, spread_table_page, tables_page)

runner = CliRunner()


@pytest.fixture(scope="module")
def page():
    return extract(tables_page(), subject="tables.pdf", paper_id="tables").document.pages[0]


def _table(page, number):
    return next(t for t in page.tables if t.number == number)


def test_a_wide_table_across_both_columns_keeps_every_cell_with_its_row(page):
    table = _table(page, "1")
    assert table.caption == TABLE1_CAPTION
    assert [row.label for row in table.rows] == list(ROWS)
    for row in table.rows:
        assert [cell.text for cell in row.cells] == ROWS[row.label]
    bilstm = table.rows[0]
    assert bilstm.text == " | ".join(["BiLSTM-max", *ROWS["BiLSTM-max"]])
    assert bilstm.text in page.text.splitlines()  # the whole row is one line of the page, not split by the gutter


def test_a_two_level_header_names_each_column_by_both_levels(page):
    table = _table(page, "1")
    assert table.label_header == "Model"
    assert table.headers == [f"Europe / {code}" for code in LANGUAGES[:7]] + [f"Other / {code}" for code in LANGUAGES[7:]]
    fr = table.rows[0].cells[1]
    assert (fr.header, fr.text) == ("Europe / fr", "70.4")
    x0, y0, x1, y1 = fr.bbox
    assert x0 < x1 and y0 < y1 and table.bbox[0] <= x0 and x1 <= table.bbox[2]


def test_a_wrapped_label_and_a_line_of_deltas_stay_with_their_row(page):
    table = _table(page, "2")
    assert table.headers == ["STS12", "STS13"]
    wrapped = table.rows[-1]
    assert wrapped.label == f"{WRAPPED[0]} {WRAPPED[1]}"
    assert [c.text for c in wrapped.cells] == [f"{WRAPPED[2]} {DELTAS[0]}", f"{WRAPPED[3]} {DELTAS[1]}"]
    assert len(table.rows) == 3  # the label's second line and the deltas made no rows of their own


def test_prose_beside_the_tables_reads_whole_in_column_order(page):
    texts = [s.text for s in page.sentences if s.kind == "sentence"]
    assert " ".join(PROSE_LEFT) in texts and " ".join(PROSE_RIGHT) in texts and " ".join(BELOW_LEFT) in texts
    rows = [s.text for s in page.sentences if s.kind == "table_row"]
    assert all(page.text[s.span[0]:s.span[1]] == s.text for s in page.sentences)
    assert not any("languages" in row for row in rows)  # no prose line was read into a table


def test_show_json_has_the_tables_and_the_text_view_prints_rows(tmp_path):
    pdf = tmp_path / "tables.pdf"
    pdf.write_bytes(tables_page())
    added = json.loads(runner.invoke(app, ["add", str(pdf), "--json"]).stdout)
    shown = runner.invoke(app, ["show", added["paper_id"], "--json"])
    assert shown.exit_code == 0, shown.output
    tables = json.loads(shown.stdout)["pages"][0]["tables"]
    assert [t["number"] for t in tables] == ["1", "2"]
    assert tables[0]["rows"][1]["cells"][0] == {"text": "81.4", "header": "Europe / en", "bbox": tables[0]["rows"][1]["cells"][0]["bbox"]}
    text = runner.invoke(app, ["show", added["paper_id"]])
    assert " | ".join(["mBERT", *ROWS["mBERT"]]) in text.stdout.replace("\n", " ")


def test_each_row_is_a_passage_naming_table_row_and_headers_quoting_the_row(page):
    from synth.documents.records import Document

    document = Document(paper_id="tables", title="t", pdf_sha256="0" * 64, extractor="test", pages=[page])
    rows = [p for p in document_passages(document) if p.kind == "table_row"]
    assert len(rows) == 5  # two rows of Table 1, three of Table 2; the header lines are not passages
    bilstm = rows[0]
    assert bilstm.text.startswith("Table 1 (XNLI accuracy by language), BiLSTM-max: Europe / en (English) 73.7, ")
    assert "Other / sw (Swahili) 61.8" in bilstm.text
    assert bilstm.shown == " | ".join(["BiLSTM-max", *ROWS["BiLSTM-max"]])
    assert bilstm.row.cells[1] == ("Europe / fr", "70.4")
    # The row is not also a sentence passage of its own.
    assert sum(p.shown == bilstm.shown for p in document_passages(document)) == 1


XNLI = RowCells(label="BiLSTM-max", cells=tuple(zip(("Europe / en", "Europe / fr", "Other / sw"), ("73.7", "70.4", "61.8"))))
NER = RowCells(label="XLM-R fine-tune", cells=tuple(zip(("DE / P", "DE / R", "DE / F1", "ES / F1"), ("75.5", "78.4", "76.9 (+3.5)", "78.9"))))


@pytest.mark.parametrize("row, claim, expected", [
    (XNLI, "BiLSTM-max gets 70.4 on French.", ("70.4", True)),
    (XNLI, "BiLSTM-max gets 71.4 accuracy on French.", ("70.4", False)),
    (XNLI, "BiLSTM-max reaches 61.8 in Swahili.", ("61.8", True)),
    (NER, "XLM-R fine-tune reaches an F1 of 76.9 on German.", ("76.9 (+3.5)", True)),
])
def test_a_claims_number_is_compared_with_the_cell_at_its_row_and_column(row, claim, expected):
    checks = align_cells(claim, parse_quantities(claim), row)
    assert [(c.evidence.text, c.agrees) for c in checks] == [(expected[0].split(" ")[0], expected[1])]
    assert "table cell at row" in checks[0].why


def test_a_size_in_the_rows_name_is_not_one_of_its_cells():
    row = RowCells(label="Mistral 7B Instruct", cells=tuple(zip(("Attack / GCG", "Attack / PAIR"), ("41.5", "18.25"))))
    claim = "Against Mistral 7B Instruct, PAIR succeeds on 18.25% of the prompts."
    checks = align_cells(claim, parse_quantities(claim), row)
    assert [(c.claim.text, c.evidence.text, c.agrees) for c in checks] == [("18.25%", "18.25", True)]
    changed = claim.replace("18.25%", "28.25%")
    assert [c.agrees for c in align_cells(changed, parse_quantities(changed), row)] == [False]
    # So in a name the claim writes without some of the row's spaces.
    llama = RowCells(label="Llama 2 13B Chat", cells=row.cells)
    joined = "Against Llama2 13B-Chat, PAIR succeeds on 18.25% of the prompts."
    assert [(c.claim.text, c.agrees) for c in align_cells(joined, parse_quantities(joined), llama)] == [("18.25%", True)]


@pytest.mark.parametrize("row, claim", [
    (XNLI, "BiLSTM-max gets 70.4."),  # no column named: it could be any
    (XNLI, "mBERT gets 70.4 on French."),  # another row
    (NER, "XLM-R fine-tune reaches 76.9 on German."),  # P, R or F1? The R of XLM-R names no column
])
def test_no_comparison_when_the_claim_does_not_name_one_row_and_one_column(row, claim):
    assert align_cells(claim, parse_quantities(claim), row) == []


SEARCH = RowCells(label="ChatGPT", cells=tuple(zip(("Crawler Recall", "Precision", "Recall", "Recall@20"),
                                                   ("-", "0.2280", "0.2007", "0.1102"))))


@pytest.mark.parametrize("claim, expected", [
    ("ChatGPT obtains a precision of 0.2280 and a recall of 0.2007.", [("0.2280", True), ("0.2007", True)]),
    ("ChatGPT reaches a recall of 0.2007 but a precision of only 0.3280.", [("0.2007", True), ("0.2280", False)]),
    ("ChatGPT obtains 0.2280 precision, 0.1102 Recall@20.", [("0.2280", True), ("0.1102", True)]),
    # "after 3 rounds" names neither the row nor a column: the number stated with the row's name is the row's.
    ("ChatGPT obtains a recall of 0.2007 after 3 rounds.", [("0.2007", True)]),
])
def test_each_of_several_numbers_is_compared_with_the_column_its_own_clause_names(claim, expected):
    checks = align_cells(claim, parse_quantities(claim), SEARCH)
    assert [(c.evidence.text, c.agrees) for c in checks] == expected


@pytest.mark.parametrize("claim", [
    "ChatGPT obtains a precision and a recall of 0.2280 and 0.2007.",  # the numbers' own words name no column
    "ChatGPT obtains a precision of 0.2280 and a precision of 0.2007.",  # one cell for two numbers
])
def test_several_numbers_are_compared_only_when_each_names_a_column_of_its_own(claim):
    assert align_cells(claim, parse_quantities(claim), SEARCH) == []


def test_a_row_whose_label_is_part_of_a_longer_label_the_claim_names_is_not_the_claims():
    claim = "Google Scholar is the weakest baseline, with a Recall@20 of only 0.0609."
    labels = ["Google", "Google Scholar", "Google with GPT-4o"]
    assert not row_named("Google", claim, labels)
    assert row_named("Google Scholar", claim, labels)
    assert row_named("Google", "Google reaches a Recall@20 of 0.1568.", labels)
    google = RowCells(label="Google", cells=(("Recall@20", "0.1568"),))
    scholar = RowCells(label="Google Scholar", cells=(("Recall@20", "0.0609"),))
    rows = [google, scholar]
    decision = decide(claim, parse_quantities(claim), ["Google row", "Google Scholar row"],
                      np.array([[0.3, 0.3, 0.4], [0.3, 0.3, 0.4]]), rows, tables=[rows, rows])
    assert (decision.label, decision.path, decision.best) == ("SUPPORTED", "numeric", 1)


def test_numbers_of_several_rows_are_each_compared_with_the_row_their_clause_names():
    claim = "PaSa's Crawler PPO training ran for 500 total steps, with the policy frozen for the first 50."
    total = RowCells(label="total step", cells=(("Value", "250"),))
    freezing = RowCells(label="policy freezing step", cells=(("Value", "50"),))
    labels = [total.label, freezing.label]
    (check,) = align_cells(claim, parse_quantities(claim), total, labels)
    assert (check.claim.text, check.evidence.text, check.agrees) == ("500 total steps", "250", False)
    # "frozen" does not name "freezing": this row is not the claim's, and its 50 decides nothing.
    assert align_cells(claim, parse_quantities(claim), freezing, labels) == []


def test_a_labels_aside_is_another_name_unless_it_tells_two_rows_apart():
    claim = "The standard small BERT configuration has roughly 10M parameters."
    assert row_named("Standard Configuration (“Small model”)", claim, ["Standard Configuration (“Small model”)"])
    selectors = ["PaSa-7b-Selector", "PaSa-7b-Selector (Reason First)"]
    assert not row_named(selectors[1], "The PaSa-7b Selector obtains an F1 of 0.85.", selectors)
    assert row_named(selectors[1], "The PaSa-7b Selector, reasoning first, obtains an F1 of 0.84.", selectors)
    # Two rows that differ only in their asides: the words outside name neither.
    mixed = ["Fine-tune on En/De mixed (CE)", "Fine-tune on En/De mixed (RW)", "Skip fine-tune on English"]
    claim = "Fine-tuning on mixed En/De data with the reweighted loss gives an F1 of 74.5."
    assert not any(row_named(label, claim, mixed) for label in mixed)
    claim = "Fine-tuning on mixed En/De data with the re-weighted loss gives an F1 of 51.6."
    assert row_named(mixed[1], "Fine-tuning on mixed En/De data (RW) gives an F1 of 51.6.", mixed)
    # An aside in capitals is named by the words it abbreviates.
    assert row_named(mixed[1], claim, mixed) and not row_named(mixed[0], claim, mixed)
    assert row_named(mixed[0], "Fine-tuning on mixed En/De data with cross entropy gives an F1 of 74.5.", mixed)


def test_a_label_is_named_in_another_form_of_its_words():
    labels = ["Skip fine-tune on English", "Sequential fine-tune with CE"]
    assert row_named(labels[0], "In the German ablation, skipping fine-tuning on English gives an F1 of 72.3.", labels)
    assert not row_named(labels[1], "In the German ablation, skipping fine-tuning on English gives an F1 of 72.3.", labels)
    assert {stem(w) for w in ("tune", "tuning", "tuned")} == {"tun"}
    assert stem("skipping") == stem("skip") and stem("languages") == stem("language")
    assert stem("embeddings") == stem("embedding") and stem("trains") == stem("training") == "train"
    assert stem("process") == stem("processes") != stem("proceed")


def test_a_row_without_a_label_is_named_by_its_first_cells_number():
    # A sweep over a reward coefficient: the setting in the first column, headed by a Greek letter.
    rows = [RowCells(label="", cells=(("α", alpha), ("Crawler Recall", recall), ("Crawler Actions", actions)))
            for alpha, recall, actions in (("2.0", "0.8063", "785.5"), ("1.5", "0.7931", "382.4"))]
    labels = [row_label(r) for r in rows]
    assert labels == ["alpha 2.0", "alpha 1.5"]
    claim = "With a reward coefficient alpha of 2.0, the Crawler performs about 785 actions per trajectory."
    (check,) = align_cells(claim, parse_quantities(claim), rows[0], labels)
    assert (check.evidence.text, check.agrees) == ("785.5", True) and "'alpha 2.0'" in check.why
    assert align_cells(claim, parse_quantities(claim), rows[1], labels) == []
    changed = claim.replace("785", "385")
    assert [c.agrees for c in align_cells(changed, parse_quantities(changed), rows[0], labels)] == [False]


def test_the_words_right_after_a_number_name_its_column_first():
    # The clause of .61 runs back to "and Hindi Wikipedia", which names Hindi's column as much as German's.
    row = RowCells(label="30-base knn-replace", cells=(("ENG", ".74 .01"), ("DEU", ".61 .01"), ("HIN", ".54 .00")))
    claim = ("With knn-replace, the BERT-base model pretrained on English, German and Hindi Wikipedia reaches "
             "zero-shot XNLI accuracies of .61 for German and .54 for Hindi.")
    checks = align_cells(claim, parse_quantities(claim), row)
    assert [(c.evidence.text, c.agrees, c.why.split("column ")[1]) for c in checks] == [
        (".61", True, "'DEU'"), (".54", True, "'HIN'")]


def test_a_row_labelled_by_a_language_code_is_named_by_the_language():
    assert row_named("hi", "In Table 4, Hindi has a Kendall's tau of 0.58 relative to English.")
    assert not row_named("hi", "In Table 4, Urdu has a Kendall's tau of 0.58.")
    hindi = RowCells(label="hi", cells=(("Kendall's Tau", "0.58"), ("XNLI Acc.", "60.0")))
    claim = "Hindi has a Kendall's tau of 0.78 relative to English."
    (check,) = align_cells(claim, parse_quantities(claim), hindi)
    assert (check.claim.text, check.evidence.text, check.agrees) == ("0.78", "0.58", False)



def test_a_header_of_three_words_or_more_is_named_by_all_but_one():
    # "Kendall's tau word-order score" names the column "Kendall's Tau Distance" (the claim's own word for the
    # measure), not "XNLI Acc."; a header of two words needs both.
    hindi = RowCells(label="hi", cells=(("Kendall’s Tau Distance", "0.58"), ("XNLI Acc.", "60.0")))
    claim = "In Table 4, Hindi has a Kendall's tau word-order score of 0.78 relative to English."
    (check,) = align_cells(claim, parse_quantities(claim), hindi)
    assert (check.evidence.text, check.agrees) == ("0.58", False)
    two = RowCells(label="hi", cells=(("Tau Distance", "0.58"), ("XNLI Acc.", "60.0")))
    assert align_cells(claim, parse_quantities(claim), two) == []


def test_a_language_ending_in_e_names_its_code_and_a_count_of_things_no_score_cell():
    # "Chinese" names the ZH columns (its stem drops the e); "four target languages" counts languages, which no F1
    # cell does, so the one number left is checked.
    row = RowCells(label="mBERT zero-transfer", cells=(("DE / F1", "72.1"), ("ZH / P", "64.1"), ("ZH / F1", "64.6")))
    claim = "Among the four target languages, mBERT zero-shot transfer scores lowest on Chinese, at 64.6 F1."
    (check,) = align_cells(claim, parse_quantities(claim), row)
    assert (check.claim.text, check.evidence.text, check.agrees) == ("64.6", "64.6", True)
    assert row_named("zh", "On Chinese, the model gains 6.4 points.")
    counted = RowCells(label="PaSa-7b", cells=(("Crawler Actions", "785.5"), ("Recall", "0.61")))
    claim = "PaSa-7b takes 785.5 crawler actions per query."
    (check,) = align_cells(claim, parse_quantities(claim), counted)
    assert (check.evidence.text, check.agrees) == ("785.5", True)

UNDECIDED = [0.3, 0.3, 0.4]


def test_the_named_cell_decides_before_numbers_in_prose():
    claim = "XLM-R fine-tune reaches an F1 of 76.9 on German."
    prose = "For XLM-R fine-tune, F1 on German is 2.5% higher."
    reading = "Table 1 (NER), XLM-R fine-tune: DE (German) / F1 76.9"
    decision = decide(claim, parse_quantities(claim), [prose, reading], np.array([[0.2, 0.7, 0.1], UNDECIDED]), [None, NER])
    assert (decision.label, decision.path, decision.best) == ("SUPPORTED", "numeric", 1)
    changed = claim.replace("76.9", "79.9")
    decision = decide(changed, parse_quantities(changed), [reading], np.array([UNDECIDED]), [NER])
    assert (decision.label, decision.path) == ("REFUTED", "numeric")
    assert "'79.9'" in decision.reason and "column 'DE / F1'" in decision.reason


def test_rows_the_claim_names_that_disagree_decide_nothing():
    claim = "BiLSTM-max gets 70.4 on French."
    other = RowCells(label="BiLSTM-max", group="Translate-train", cells=(("Europe / fr", "74.0"),))
    decision = decide(claim, parse_quantities(claim), ["row a", "row b"], np.array([UNDECIDED, UNDECIDED]), [XNLI, other])
    assert decision.path != "numeric"


def test_a_claim_setting_two_rows_numbers_against_each_other_is_checked_row_by_row():
    caption = "Table 6: Results on RealScholarQuery."
    rows = [RowCells(label="PaSa-7b", cells=(("Precision", "0.5146"), ("Recall", "0.6111")), table=caption),
            RowCells(label="ChatGPT", cells=(("Precision", "0.2280"), ("Recall", "0.2007")), table=caption)]
    printed = [f"Table 6 (Results on RealScholarQuery), {r.label}: Precision {r.cells[0][1]}, Recall {r.cells[1][1]}"
               for r in rows]

    def decided(claim):
        return decide(claim, parse_quantities(claim), printed, np.array([UNDECIDED, UNDECIDED]), rows, tables=[rows, rows])

    claim = ("On RealScholarQuery, PaSa-7b reaches 0.5146 precision and 0.6111 recall, whereas ChatGPT obtains 0.2280 "
             "precision and 0.2007 recall.")
    assert (decided(claim).label, decided(claim).path) == ("SUPPORTED", "numeric")
    # Each row checks its own part's numbers: the part that conflicts refutes the claim.
    refuted = decided(claim.replace("0.2007", "0.3007"))
    assert (refuted.label, refuted.path, refuted.best) == ("REFUTED", "numeric", 1) and "'0.3007'" in refuted.reason


def test_a_row_is_named_by_its_id_or_by_its_words_clipped_or_whole():
    label = "17 lang-pos;shift-special;no-random;overparam"
    assert row_named(label, "Continuing to train model 17 for 250 epochs drives its perplexity to about 1111.")
    assert row_named(label, "The overparameterized model with lang-pos, shift-special and no-random stays at .00.")
    assert not row_named(label, "The model with lang-pos and shift-special stays at .00.")  # a part left out
    assert not row_named(label, "Model 16 stays at .01.")
    assert not row_named("BiLSTM-max", "mBERT gets 74.3 on French.")


def test_a_cell_is_compared_only_with_a_number_of_the_measure_its_table_reports():
    caption = "Table 3. Main experimental results comparing mean NDCG@10 over raters"
    cells = (("Full Set", "0.640 ± 0.036"), ("Unseen", "0.571 ± 0.038"))
    row = RowCells(label="LLM Language Few-shot (3)", cells=cells, table=caption)
    # Another metric than the table's is no reading of its cell, whatever the row and column.
    claim = "LLM Language Few-shot (3) reaches a Recall@10 of 0.42 on the Unseen subset."
    assert align_cells(claim, parse_quantities(claim), row) == []
    # The table's metric, with or without its cutoff, is compared; so is a claim that names no metric.
    for claim in ("LLM Language Few-shot (3) reaches an NDCG@10 of 0.42 on the Unseen subset.",
                  "LLM Language Few-shot (3) reaches an NDCG of 0.42 on the Unseen subset.",
                  "LLM Language Few-shot (3) reaches 0.42 on the Unseen subset."):
        (check,) = align_cells(claim, parse_quantities(claim), row)
        assert (check.evidence.text, check.agrees) == ("0.571", False)
    # Another cutoff of the same metric is another measure.
    claim = "LLM Language Few-shot (3) reaches an NDCG@5 of 0.571 on the Unseen subset."
    assert align_cells(claim, parse_quantities(claim), row) == []
    # A table that names no metric is read as before.
    plain = RowCells(label=row.label, cells=row.cells, table="Table 3. Results per evaluation set")
    claim = "LLM Language Few-shot (3) reaches a Recall@10 of 0.571 on the Unseen subset."
    (check,) = align_cells(claim, parse_quantities(claim), plain)
    assert check.agrees


def test_metrics_are_read_by_family_and_cutoff_short_names_only_as_written():
    assert metrics("a Recall@10 of 0.42, ROUGE-L and Acc.") == {("recall", "10"), ("rouge", "l"), ("accuracy", None)}
    assert metrics("EM and F1-score, P@5, Hits@1, AUROC") == {("em", None), ("f1", None), ("precision", "5"),
                                                             ("hit", "1"), ("auc", None)}
    # Words that are metrics only in capitals, and letters alone, are none.
    assert metrics("we map each item; the em dash; a P value and R-1") == set()


def test_a_label_whose_words_lie_far_apart_in_the_claim_is_not_its_row_where_a_shorter_one_is_written_together():
    labels = ["LLM Language Few-shot (3)", "LLM Item+Language Few-shot (3)", "LLM Item Few-shot (3)"]
    claim = "LLM Language Few-shot (3) reaches a Recall@10 of 0.42 on the Unseen item subset."
    assert [row_named(label, claim, labels) for label in labels] == [True, False, False]
    # Its words near each other, in another order, name the longer label, which then is the claim's.
    labels = ["LLaMA2-7B", "LLaMA2-7B WhoIsHarryPotter"]
    claim = "The WhoIsHarryPotter unlearned LLaMA2-7B assigns an average target perplexity of 4.28."
    assert [row_named(label, claim, labels) for label in labels] == [False, True]
    # A row without a label is no shorter name written together: the dataset and model of a label stay the claim's.
    claim = "The pre-trained LLaVA-1.5-7B reaches an AUROC of about 0.55 on OK-VQA."
    assert row_named("OK-VQA LLaVA-1.5-7B", claim, ["", "Gemma-2B", "OK-VQA LLaVA-1.5-7B"])


def test_a_row_without_a_label_the_claim_does_not_name_is_said_so():
    claim = "mBERT obtains 75.2 F1 on Spanish."
    rows = [RowCells(label="", cells=(("Model", "UA-CLM"), ("ES / F1", "75.9")))]
    decision = decide(claim, parse_quantities(claim), ["UA-CLM 75.9"], np.array([[0.1, 0.8, 0.1]]), rows)
    assert decision.label == "NOT_ENOUGH_INFO"
    assert decision.reason == "the most decisive passage is a table row the claim does not name"


def test_a_row_the_claim_does_not_name_is_not_about_it_whatever_its_caption_says():
    claim = "mBERT obtains 75.2 F1 on Spanish."
    reading = "Table 1 (Results of mBERT and XLM-R), Bari et al. (2019): ES (Spanish) / F1 75.9"
    row = RowCells(label="Bari et al. (2019)", cells=(("ES / F1", "75.9"),))
    decision = decide(claim, parse_quantities(claim), [reading], np.array([[0.1, 0.8, 0.1]]), [row])
    assert decision.label == "NOT_ENOUGH_INFO"


@pytest.fixture
def paper(tmp_path):
    """The tables page added as `synth add` adds it; its paper id."""
    pdf = tmp_path / "tables.pdf"
    pdf.write_bytes(tables_page())
    return json.loads(runner.invoke(app, ["add", str(pdf), "--json"]).stdout)["paper_id"]


def test_verify_reads_a_cell_of_a_table_in_a_pdf_end_to_end(paper):
    for claim, label in [("BiLSTM-max gets 70.4 on French.", "SUPPORTED"), ("BiLSTM-max gets 72.4 on French.", "REFUTED")]:
        result = runner.invoke(app, ["verify", claim, "--paper", paper, "--json"])
        assert result.exit_code == 0, result.output
        verdict = json.loads(result.stdout)
        assert (verdict["label"], verdict["decided_by"]) == (label, "numeric"), verdict["reason"]
        best = verdict["evidence"][0]
        assert best["page"] == 1 and best["quote"] == " | ".join(["BiLSTM-max", *ROWS["BiLSTM-max"]])
        assert verdict["numbers"][0]["evidence"]["text"] == "70.4"


def test_verify_compares_two_rows_of_a_table_in_a_pdf_end_to_end(paper):
    # mBERT 66.3 vs BiLSTM-max 69.1 on Greek (el); 74.3 vs 70.4 on French.
    for claim, label in [("mBERT outperforms BiLSTM-max on French.", "SUPPORTED"),
                         ("mBERT outperforms BiLSTM-max on Greek.", "REFUTED")]:
        result = runner.invoke(app, ["verify", claim, "--paper", paper, "--json"])
        assert result.exit_code == 0, result.output
        verdict = json.loads(result.stdout)
        assert (verdict["label"], verdict["decided_by"]) == (label, "comparison"), verdict["reason"]
        assert verdict["reason"].startswith("table cells") and "BiLSTM-max" in verdict["reason"]
        quoted = [e["quote"] for e in verdict["evidence"]]
        assert {" | ".join([name, *ROWS[name]]) for name in ROWS} <= set(quoted)  # both rows compared are quoted


def test_a_cell_that_matches_a_claim_of_the_highest_score_stands_only_if_the_cells_bear_it_out(paper):
    # Each number is the named row's cell on French; only mBERT's 74.3 is the higher of the two.
    for claim, label in [("mBERT gets 74.3 on French, the highest score.", "SUPPORTED"),
                         ("BiLSTM-max gets 70.4 on French, the highest score.", "REFUTED")]:
        verdict = json.loads(runner.invoke(app, ["verify", claim, "--paper", paper, "--json"]).stdout)
        assert verdict["label"] == label, verdict["reason"]
        assert "74.3" in verdict["reason"] and "70.4" in verdict["reason"]
        quoted = {e["quote"] for e in verdict["evidence"]}
        assert {" | ".join([name, *ROWS[name]]) for name in ROWS} <= quoted  # the cell's row and the row it beat


def test_a_model_name_written_with_other_spaces_and_hyphens_names_its_row():
    assert row_named("Llama 3 8B Instruct", "Llama3-8b-Instruct's ASR Gain climbs from 14.69 to 20.61.")
    # A hyphen lost in the PDF's text: "Qwen38B" is Qwen3-8B, not Qwen3-4B.
    assert row_named("Qwen38B", "R2D applied to Qwen3-8B refuses 71.8% of benign requests.")
    assert not row_named("Qwen34B", "R2D applied to Qwen3-8B refuses 71.8% of benign requests.")
    # Names without digits are named word by word, as before.
    assert not row_named("Ours", "The translation method reaches 88.0% on Claude-3-Haiku.")


def test_cells_with_a_spread_or_two_values_are_values_not_more_of_the_label(tmp_path):
    # unseen35: "(Item) EASE 0.673 ± 0.038 0.592 ± 0.030" was read as one label, its two first columns lost.
    page = extract(spread_table_page(), subject="spread.pdf", paper_id="spread").document.pages[0]
    (table,) = page.tables
    assert table.headers == list(SPREAD_HEADERS)
    assert {row.label: tuple(c.text for c in row.cells) for row in table.rows} == SPREAD_ROWS
    pdf = tmp_path / "spread.pdf"
    pdf.write_bytes(spread_table_page())
    paper = json.loads(runner.invoke(app, ["add", str(pdf), "--json"]).stdout)["paper_id"]
    for claim, label in [("(Item) EASE reaches 0.673 on the Full Set.", "SUPPORTED"),
                         ("(Item) EASE reaches 0.692 on the Full Set.", "REFUTED")]:
        verdict = json.loads(runner.invoke(app, ["verify", claim, "--paper", paper, "--json"]).stdout)
        assert (verdict["label"], verdict["decided_by"]) == (label, "numeric"), verdict["reason"]
        assert verdict["numbers"][0]["evidence"]["text"] == "0.673"
