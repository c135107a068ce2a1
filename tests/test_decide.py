"""The decision rule and what it relies on: subjects, statements of purpose, numbers of the same measure."""

import numpy as np
import pytest

from claims.decide import decide
from claims.numbers import parse_quantities
from claims.subject import purpose_statement, same_subject, subject_terms

BEARS = np.array([[0.45, 0.45, 0.10]])  # the cross-encoder reads the passage as bearing on the claim, undecided
SUPPORTS = np.array([[0.85, 0.05, 0.10]])


def _decide(claim, passages, probs):
    return decide(claim, parse_quantities(claim), passages, np.asarray(probs, dtype=float))


def test_agreeing_number_about_the_same_subject_supports_and_shows_both_numbers():
    claim = "XLM-R obtains 80.9% accuracy on XNLI."
    decision = _decide(claim, ["On XNLI, XLM-R obtains 80.9% average accuracy."], BEARS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    check = decision.numbers[0]
    assert (check.claim.text, check.evidence.text, check.agrees) == ("80.9%", "80.9%", True)
    assert "accuracy" in check.why and "numbers agree" in decision.reason


def test_conflicting_number_refutes_with_both_numbers_in_the_reason():
    decision = _decide("XLM-R obtains 83.5% accuracy on XNLI.", ["On XNLI, XLM-R obtains 80.9% average accuracy."], SUPPORTS)
    assert (decision.label, decision.path) == ("REFUTED", "numeric")
    assert "'83.5%'" in decision.reason and "'80.9%'" in decision.reason


def test_a_number_about_another_subject_is_no_refutation():
    claim = "XLM-R obtains 83.5% accuracy on XNLI."
    passage = "On XNLI, mBERT obtains 66.3% average accuracy."
    decision = _decide(claim, [passage], SUPPORTS)
    assert decision.label == "NOT_ENOUGH_INFO"
    assert decision.path == "subject" and "XLM-R" in decision.reason


def test_a_number_of_another_measure_is_not_compared():
    # "single" is not a quantity, and 104 languages is not a count of models.
    decision = _decide("XLM-R is a single multilingual model.", ["XLM-R is trained on 104 languages."], BEARS)
    assert decision.path != "numeric" and decision.numbers == []


def test_agreement_beats_a_conflict_in_another_setting():
    claim = "XLM-R obtains 80.9% accuracy on XNLI."
    passages = ["On XNLI, XLM-R obtains 79.2% accuracy in the translate-test setting.",
                "On XNLI, XLM-R obtains 80.9% accuracy."]
    decision = _decide(claim, passages, np.vstack([SUPPORTS, BEARS]))
    assert (decision.label, decision.best, decision.path) == ("SUPPORTED", 1, "numeric")


def test_the_model_decides_only_on_a_passage_about_the_subject():
    claim = "XLM-R outperforms mBERT on cross-lingual classification."
    on_topic = "XLM-R outperforms mBERT on cross-lingual classification by a wide margin."
    elsewhere = "RoBERTa outperforms BERT on GLUE."
    decision = _decide(claim, [elsewhere, on_topic], np.array([[0.9, 0.05, 0.05], [0.8, 0.1, 0.1]]))
    assert (decision.label, decision.best, decision.path) == ("SUPPORTED", 1, "model")
    decision = _decide(claim, [elsewhere], np.array([[0.9, 0.05, 0.05]]))
    assert (decision.label, decision.path) == ("NOT_ENOUGH_INFO", "subject")


def test_nothing_bearing_on_the_claim_is_not_enough_info_with_a_raw_score():
    decision = _decide("Multilingual models transfer well.", ["The weather was nice."], np.array([[0.1, 0.1, 0.8]]))
    assert (decision.label, decision.path) == ("NOT_ENOUGH_INFO", "model")
    assert decision.raw == pytest.approx(0.9)
    with pytest.raises(ValueError):
        _decide("x", [], np.zeros((0, 3)))


def test_subject_terms_names_and_languages():
    assert subject_terms("XLM-R reaches 70.4 on French XNLI, beating mBERT.") == ["XLM-R", "XNLI", "mBERT", "French"]
    assert same_subject(["XLM-R", "French"], "XLM-R scores 70.4 in French.").about
    match = same_subject(["XLM-R", "French", "XNLI"], "mBERT scores 70.4 in German.")
    assert not match.about and match.missing == ("XLM-R", "French", "XNLI")


@pytest.mark.parametrize(("text", "purpose"), [
    ("We investigate whether intermediate-task training helps zero-shot transfer.", True),
    ("In this paper, we introduce a new benchmark for cross-lingual transfer.", True),
    ("This paper presents XTREME.", True),
    ("We show that XLM-R outperforms mBERT by 14.6%.", False),
    ("We introduce XLM-R, which obtains 80.9% on XNLI.", False),
    ("Intermediate-task training helps on 7 of 9 tasks.", False),
])
def test_statements_of_purpose_are_told_from_findings(text, purpose):
    assert purpose_statement(text) is purpose


@pytest.mark.parametrize(("text", "values"), [
    ("XLM-R is a single language model covering many languages.", []),
    ("It is one of the strongest models.", []),
    ("We train one model per language.", [1.0]),
    ("XLM-R (Conneau et al., 2020) is described in Section 3 and Table 2.", []),
])
def test_what_is_not_a_quantity(text, values):
    assert [q.value for q in parse_quantities(text)] == values
