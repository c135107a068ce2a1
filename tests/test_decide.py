"""The decision rule and what it relies on: subjects, statements of purpose, numbers of the same measure."""

import numpy as np
import pytest

from claims.decide import _just_before, _numbers, decide, decide_at
from claims.numbers import parse_quantities
from claims.passages import Passage, RowCells
from claims.comparison_order import (better_elsewhere, changed_otherwise, denied, excepted, exchanged, negated_word,
                                     opposite_order, picked_otherwise, reversal, swapped, turned)
from claims.name_swap import name_swap, near_swap
from claims.paper_names import PaperNames
from claims.subject import names_term, purpose_statement, same_subject, subject_terms, unnamed_own_work

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


def test_deciding_at_several_thresholds_at_once_is_deciding_at_each():
    # The reading commits at a low threshold only; a number settles its claim at any threshold.
    leaning = np.array([[0.40, 0.05, 0.55]])
    for claim, passage in [("XLM-R improves zero-shot transfer on XNLI.", "XLM-R improves zero-shot transfer on XNLI."),
                           ("XLM-R obtains 83.5% accuracy on XNLI.", "On XNLI, XLM-R obtains 80.9% average accuracy.")]:
        commits = (0.2, 0.35, 0.5)
        at = decide_at(claim, parse_quantities(claim), [passage], leaning, commits=commits)
        assert at == [decide(claim, parse_quantities(claim), [passage], leaning, commit=c) for c in commits]
    assert [d.label for d in at] == ["REFUTED"] * 3
    at = decide_at("XLM-R improves zero-shot transfer on XNLI.", [], ["XLM-R improves zero-shot transfer on XNLI."],
                   leaning, commits=(0.2, 0.5))
    assert [d.label for d in at] == ["SUPPORTED", "NOT_ENOUGH_INFO"]


def test_the_model_decides_only_on_a_passage_about_the_subject():
    claim = "XLM-R outperforms mBERT on cross-lingual classification."
    on_topic = "XLM-R outperforms mBERT on cross-lingual classification by a wide margin."
    elsewhere = "RoBERTa outperforms BERT on GLUE."
    decision = _decide(claim, [elsewhere, on_topic], np.array([[0.9, 0.05, 0.05], [0.8, 0.1, 0.1]]))
    assert (decision.label, decision.best, decision.path) == ("SUPPORTED", 1, "model")
    decision = _decide(claim, [elsewhere], np.array([[0.9, 0.05, 0.05]]))
    assert (decision.label, decision.path) == ("NOT_ENOUGH_INFO", "subject")


def test_the_commit_threshold_decides_when_a_reading_commits():
    claim = "XLM-R outperforms mBERT on cross-lingual classification."
    passage = "XLM-R outperforms mBERT on cross-lingual classification by a wide margin."
    leaning = np.array([[0.35, 0.05, 0.60]])  # abstaining is likeliest, but support is what the passage leans to
    assert _decide(claim, [passage], leaning).label == "NOT_ENOUGH_INFO"
    committed = decide(claim, [], [passage], leaning, commit=0.3)
    assert (committed.label, committed.path, committed.raw) == ("SUPPORTED", "model", pytest.approx(0.35))
    # Committing early never lets a passage about something else decide: it only makes that passage look decisive.
    elsewhere = decide(claim, [], ["RoBERTa outperforms BERT on GLUE."], leaning, commit=0.3)
    assert (elsewhere.label, elsewhere.path) == ("NOT_ENOUGH_INFO", "subject")


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


@pytest.mark.parametrize(("claim", "passage"), [
    # An acronym with a lowercase prefix, with digits, or before a word, written out.
    ("Patients with T2DM were enrolled.", "Patients with type 2 diabetes mellitus were enrolled."),
    ("lncRNAs regulate cell growth.", "Long non-coding RNAs regulate cell growth."),
    ("Genes were taken from CMap.", "Genes were taken from the Connectivity Map."),
    # An abbreviation the claim defines is named by its long form, and the names inside that form are no terms.
    ("Lopinavir (LPV) was tried against the virus.", "Lopinavir was tried against the virus."),
    ("Multilingual BERT (mBERT) reaches 65.4 on XNLI.", "Multilingual BERT reaches 65.4 on XNLI."),
    ("BCG (Bacille Calmette-Guerin vaccine) may protect.", "The BCG vaccine may protect."),
])
def test_a_passage_names_the_claims_subject_in_other_words(claim, passage):
    assert same_subject(subject_terms(claim), passage).about


def test_words_in_capitals_are_no_names_in_a_claim_written_in_capitals():
    assert subject_terms("VITAMIN D LEVELS MAY IMPACT COVID-19 MORTALITY RATES") == ["COVID-19", "VITAMIN D"]
    assert subject_terms("On XNLI, G2S-GGNN achieves a lower BLEU score than S2S.") == ["XNLI", "G2S-GGNN", "BLEU", "S2S"]


def test_a_word_and_a_letter_name_a_thing_the_passage_must_name():
    claim = "Vitamin D supplements prevent COVID-19 infection."
    assert subject_terms(claim) == ["COVID-19", "Vitamin D"]
    assert subject_terms("As Appendix A shows, Method A beats Method B, which I expected.") == ["Method A", "Method B"]
    # A letter after another word is an initial, an abbreviation or part of a longer name.
    assert subject_terms("George W. Bush praised regulatory T cells in the U.S.") == []
    # Half of the terms is enough for "our model" in place of a system's name, never for a missing vitamin.
    assert not same_subject(subject_terms(claim), "Counselling eased distress during the COVID-19 outbreak.").about
    assert same_subject(subject_terms(claim), "Low 25-hydroxyvitamin D levels were common in COVID-19 cases.").about


@pytest.mark.parametrize(("term", "passage", "named"), [
    ("UN", "Training on the UN corpus helps Chinese.", True),
    ("UN", "Results under the zero-shot setting.", False),
    ("RL", "The RL stage raises recall.", True),
    ("RL", "Queries from the real world.", False),
    ("MEN", "Scores on MEN and SimLex-999.", True),
    ("MEN", "Embeddings recommended for men and women.", False),
    ("US", "Let us compare the models.", False),
    ("DNA", "Cell-free mtDNA levels rose.", True),
    ("NF", "It reduces inflammation.", False),
    ("F1", "The F1-score rises to 80.", True),
    ("XLM-R", "XLM-RoBERTa is fine-tuned.", True),
    ("BERT", "mBERT is fine-tuned.", True),
    ("Glavaš", "Most recently, Glavas et al. (2019) evaluate several methods.", True),  # accents aside
])
def test_a_short_name_is_named_only_as_a_word(term, passage, named):
    assert names_term(term, passage) is named


@pytest.mark.parametrize(("claim", "passage"), [
    ("mBERT reaches 65.4 on XNLI.", "mT5 reaches 65.4 on XNLI."),
    ("mBERT reaches 65.4 on XNLI.", "Monolingual BERT reaches 65.4 on BUCC."),
    ("T2D patients were enrolled.", "Type 1 diabetes patients were enrolled."),
])
def test_a_written_out_acronym_must_spell_it(claim, passage):
    assert not same_subject(subject_terms(claim), passage).about


@pytest.mark.parametrize(("text", "purpose"), [
    ("We investigate whether intermediate-task training helps zero-shot transfer.", True),
    ("In this paper, we introduce a new benchmark for cross-lingual transfer.", True),
    ("This paper presents XTREME.", True),
    ("We show that XLM-R outperforms mBERT by 14.6%.", False),
    ("We introduce XLM-R, which obtains 80.9% on XNLI.", False),
    ("Intermediate-task training helps on 7 of 9 tasks.", False),
    ("To allow for fast experimentation we propose an efficient setup with small BERT models.", True),
    ("To our knowledge, we present the first study of code-switched NER.", False),
])
def test_statements_of_purpose_are_told_from_findings(text, purpose):
    assert purpose_statement(text) is purpose


@pytest.mark.parametrize(("text", "values"), [
    ("XLM-R is a single language model covering many languages.", []),
    ("It is one of the strongest models.", []),
    ("We train one model per language.", [1.0]),
    ("XLM-R (Conneau et al., 2020) is described in Section 3 and Table 2.", []),
    # A version or a part of a name after a capitalised word, a pronoun "one".
    ("Using Claude 3 instead of GPT-4o yields a lower recall.", []),
    # A version with a decimal, and "version N" (unseen6's Claude 1.0 was once refuted by a table's 91.7).
    ("The sentences were written by prompting Claude 1.0 and Gemini 1.5 Pro.", []),
    ("Moving from prompt version 1 to version 3 changed little.", []),
    ("The demethylase inhibitor JIB 04 is inactive against KDM5A.", []),
    ("No one knows whether cases decrease in the summer.", []),
    # A metric's score and a number after a sentence's first word are numbers.
    ("The model reaches BLEU 27 on WMT14.", [27.0]),
    ("After 3 epochs, Llama 2 models converge.", [3.0]),
])
def test_what_is_not_a_quantity(text, values):
    assert [q.value for q in parse_quantities(text)] == values


def test_numbers_support_a_claim_only_when_each_of_its_numbers_is_found_and_equal():
    # 1 and 5 agree, but the claim's 2 is nowhere: no support by computation.
    claim = "For the re-weighted loss, a gamma of 2 worked best among the values from 1 to 5."
    passage = "For the hyper-parameter gamma we experimented with values from 1 to 5 and the value of 4 works best."
    decision = _decide(claim, [passage], BEARS)
    assert not (decision.label == "SUPPORTED" and decision.path == "numeric")


def test_numbers_decide_however_unrelated_the_cross_encoder_reads_the_passage():
    # The cross-encoder reads a claim that restates a passage's number in other words, or changes it, as unrelated;
    # the numbers are computed all the same.
    passage = "Faruqui and Dyer propose to use the 80% projection vectors with the highest correlation."
    unrelated = [[0.08, 0.05, 0.87]]
    kept = _decide("Faruqui and Dyer propose keeping the 80% of projection vectors that have the highest "
                   "correlation.", [passage], unrelated)
    assert (kept.label, kept.path) == ("SUPPORTED", "numeric")
    changed = _decide("Faruqui and Dyer propose keeping the 60% of projection vectors that have the highest "
                      "correlation.", [passage], unrelated)
    assert (changed.label, changed.path) == ("REFUTED", "numeric")
    assert "'60%'" in changed.reason and "'80%'" in changed.reason


def test_an_acronym_before_a_number_names_what_the_claim_spells_out():
    passage = ("During imitation learning, the model encounters 5,000 queries, while during the RL training phase, the "
               "model processes a total of 16,000 queries.")
    decision = _decide("During the reinforcement learning phase, the Crawler processes 16,000 queries in total.",
                       [passage], BEARS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    assert decision.numbers[0].evidence.text == "16,000 queries"


def test_a_number_stated_of_another_model_in_the_same_passage_is_not_compared():
    claim = "BERT-small has a hidden size of 64."
    passage = ("We train a larger model with the same configuration as BERT-base (i.e., hidden size: 768) that is much "
               "larger than our standard configuration, BERT-small.")
    decision = _decide(claim, [passage], BEARS)
    assert decision.path != "numeric"
    assert all(c.evidence is None or c.evidence.text != "768" for c in decision.numbers)


def test_a_list_items_head_owns_the_numbers_of_its_sentence():
    # Two items of a list of corpora read as one passage: the 18 is WMT-News's, however far back its name is.
    passage = ("WMT-News: A parallel corpus of News Test Sets provided by WMT for training SMT that contains 18 languages. "
               "NewsCommentary: A parallel corpus of News Commentaries provided by WMT for training SMT, which contains "
               "12 languages.")
    changed = _decide("NewsCommentary: A parallel corpus of News Commentaries provided by WMT for training SMT, which "
                      "contains 18 languages.", [passage], BEARS)
    assert (changed.label, changed.path) == ("REFUTED", "numeric")
    assert [c.evidence.text for c in changed.numbers if c.evidence is not None] == ["12 languages"]
    stated = _decide("WMT-News: A parallel corpus of News Test Sets provided by WMT for training SMT that contains 18 "
                     "languages.", [passage], BEARS)
    assert (stated.label, stated.path) == ("SUPPORTED", "numeric")


def test_the_setting_a_sentence_opens_with_owns_its_numbers():
    passage = ("Specifically, for AutoScholarQuery test set, PaSa-7b achieves a 34.05% improvement in Recall@20 compared to "
               "Google with GPT-4o. For RealScholarQuery, PaSa-7b outperforms Google with GPT-4o by 37.78% in recall@100.")
    decision = _decide("On AutoScholarQuery, PaSa-7b improves Recall@100 over Google with GPT-4o by 42.64%.", [passage], BEARS)
    assert decision.path != "numeric"
    assert all(c.evidence is None for c in decision.numbers)


def test_an_equal_number_with_many_digits_is_the_one_aligned():
    claim = "Removing the Expand action lowers recall on RealScholarQuery by 32.21%."
    passage = ("Removing the [Expand] action leads to a decrease of 22.98% on AutoScholarQuery and 32.21% on RealScholar-Query. "
               "Furthermore, RL training enhances recall by 6.24% on AutoScholarQuery and 19.96% on RealScholarQuery.")
    decision = _decide(claim, [passage], BEARS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    assert decision.numbers[0].evidence.text.startswith("32.21")


def test_a_name_the_number_is_stated_on_owns_it():
    passage = ("Removing the [Expand] action leads to a decrease of 22.98% on AutoScholarQuery and 32.21% on "
               "RealScholar-Query.")
    decision = _decide("Removing the Expand action lowers recall on AutoScholarQuery by 32.21%.", [passage], BEARS)
    assert (decision.label, decision.path) == ("REFUTED", "numeric")
    assert [c.evidence.text for c in decision.numbers] == ["22.98%"]


def test_a_number_in_a_list_of_results_is_owned_by_what_it_is_stated_on_not_by_the_item_before():
    # unseen60: "3.37% on STL-10" followed "2.89% on CIFAR-100, ", whose name once set 3.37 aside as another
    # dataset's, so that IMDB's 1.5% refuted a supported claim.
    passage = ("When using Element-wise Trainable σ (bound) ProbAct, we achieved performance improvements of 2.25% on "
               "CIFAR-10, 2.89% on CIFAR-100, 3.37% on STL-10, and 1.5% on IMDB datasets compared to the standard "
               "ReLU.")
    claim = ("With bounded element-wise trainable sigma, ProbAct beats standard ReLU by 3.37 percentage points on "
             "STL-10.")
    decision = _decide(claim, [passage], BEARS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    assert [c.evidence.text for c in decision.numbers] == ["3.37%"]
    # A changed number is refuted; which of the list's numbers it is set against is left to the words near both.
    assert _decide(claim.replace("3.37", "3.87"), [passage], BEARS).label == "REFUTED"
    # A digit inside a name ("GPT-4 on MMLU, ") owns nothing: the name still stands before the number.
    text = "Among the models compared, GPT-4 on MMLU, 86.4%"
    assert "GPT-4" in _just_before(text, text.index("86.4"))


def test_a_rise_is_refuted_by_a_fall_of_the_same_size():
    passage = ("Finally, removing the Selector as an auxiliary reward model results in a 3.76% recall drop on "
               "AutoScholarQuery and a 9.63% drop on RealScholarQuery.")
    raised = _decide("Removing the Selector as an auxiliary reward model raises recall on RealScholarQuery by 9.63%.",
                     [passage], BEARS)
    assert (raised.label, raised.path) == ("REFUTED", "numeric")
    assert "opposite directions: 'raises' / 'drop'" in raised.reason
    lowered = _decide("Removing the Selector as an auxiliary reward model lowers recall on RealScholarQuery by 9.63%.",
                      [passage], BEARS)
    assert (lowered.label, lowered.path) == ("SUPPORTED", "numeric")
    # Where the measure falls as things improve, a reduction and an improvement may say the same.
    error = _decide("The new decoder improves the error rate by 2.1 points.",
                    ["The new decoder reduces the error rate by 2.1 points."], BEARS)
    assert error.label != "REFUTED"
    # In the plural too ("times" stems as "time" does).
    times = _decide("Caching improves inference times by 2.1 seconds.", ["Caching reduces inference times by 2.1 seconds."],
                    BEARS)
    assert times.label != "REFUTED"


def test_a_change_of_setting_the_passage_does_not_state_is_another_change():
    passage = "Running the Crawler twice during inference increased the Crawler recall by 3.34% on AutoScholarQuery."
    claim = "Raising the Crawler's exploration depth from three to five increases the Crawler recall on AutoScholarQuery by over 5%."
    assert _decide(claim, [passage], BEARS).path != "numeric"
    # Where the passage states the setting's values, its numbers are the claim's.
    stated = passage.replace("Running the Crawler twice", "Raising the exploration depth from three to five")
    assert (_decide(claim, [stated], BEARS).label, _decide(claim, [stated], BEARS).path) == ("REFUTED", "numeric")


def test_the_budget_a_comparison_is_made_at_does_not_support_it():
    claim = "After 3 epochs of fine-tuning, XLM-R outperforms mBERT on XNLI."
    passage = "After 3 epochs of fine-tuning, mBERT reaches 66.3% and XLM-R 64.1% accuracy on XNLI."
    decision = _decide(claim, [passage], SUPPORTS)
    # The agreeing "3 epochs" is where the two are compared: the reading decides, not the number.
    assert decision.path == "model"
    assert decision.numbers == [] or all(c.claim.text != "3 epochs" for c in decision.numbers)
    # Not comparing, the claim states the budget as its finding, and the number decides.
    stated = _decide("XLM-R is fine-tuned on XNLI for 3 epochs.", ["XLM-R is fine-tuned on XNLI for 3 epochs."], BEARS)
    assert (stated.label, stated.path) == ("SUPPORTED", "numeric")


def test_a_ranking_the_passage_does_not_make_is_not_supported_by_it():
    passage = ("As the last step, we fine-tuned the model with lower n (0, 3, 6, etc.) layers frozen, on the target "
               "language pseudo-labeled data.")
    claim = "Freezing the lower 6 layers gave the best results when fine-tuning on the pseudo-labeled data."
    decided = _decide(claim, [passage], SUPPORTS)
    assert decided.label == "NOT_ENOUGH_INFO" and "ranks what the passage does not" in decided.reason
    # Passed over, that reading leaves the verdict to the next passage about the subject.
    refuting = "Freezing the lower 6 layers gave the worst results when fine-tuning on the pseudo-labeled data."
    assert _decide(claim, [passage, refuting], [SUPPORTS[0], [0.05, 0.7, 0.25]]).label == "REFUTED"
    # A passage that ranks or compares may support it; a claim that ranks nothing is read as before.
    ranked = passage.replace("pseudo-labeled data.", "pseudo-labeled data; freezing 6 layers worked best.")
    assert _decide(claim, [ranked], SUPPORTS).label == "SUPPORTED"
    assert _decide("Lower layers were frozen when fine-tuning on the pseudo-labeled data.", [passage],
                   SUPPORTS).label == "SUPPORTED"


def test_hardware_written_in_capitals_names_no_subject():
    claim = "Training the entity alignment model took roughly 20 minutes on two Tesla V100 GPUs."
    assert subject_terms(claim) == ["V100"]
    passage = "All model training experiments are done on 2 Tesla V100 32G gpus and training takes about 20 minutes."
    assert _decide(claim, [passage], BEARS).label == "SUPPORTED"
    # A number stated "on a single GPU" is still the training's.
    claim = "A single model trains in about 4 hours on one GeForce GTX 1080Ti."
    decision = _decide(claim, ["We can train a single model in under 40 minutes on a single GPU (GeForce GTX 1080Ti)."], BEARS)
    assert (decision.label, decision.path) == ("REFUTED", "numeric")


def test_units_and_the_numerals_of_tables_and_sections_name_no_subject():
    # unseen59: "269 GB" was taken to be about GB, and "In Table III" about III, which no passage names.
    assert subject_terms("During the 2020 protests, hacktivists leaked 269 GB of police data.") == []
    assert subject_terms("In Table III, GSP-Huber-SRUKF achieves a lower ARMSE than GSP-Cauchy-SRUKF.") == [
        "GSP-Huber-SRUKF", "ARMSE", "GSP-Cauchy-SRUKF"]
    assert subject_terms("As Section IV and Fig. II show, a 3.2 GHz CPU with 16 GiB suffices.") == []
    # A numeral that is part of a name stays one: a "Phase II" trial is not a phase III one.
    assert subject_terms("In the Phase II trial, 12 MB of logs were kept.") == ["II"]
    claim = "Hacktivists leaked 269 GB of confidential police data."
    passage = "The hacktivists leaked 269 GB of confidential police data, known as BlueLeaks."
    decision = _decide(claim, [passage], BEARS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")


def test_a_name_made_an_adjective_names_the_name():
    claim = "The XLM-R-based entity alignment model reached 98% precision on its held-out test set."
    assert subject_terms(claim) == ["XLM-R"]
    assert subject_terms("a TensorBoard-style moving average, as in XLM-R-large") == ["TensorBoard", "XLM-R-large"]
    assert subject_terms("the overparameterized BERT-base-sized model") == ["BERT-base"]
    # Any participle does: unseen6's "ReLU-activated units" and unseen8's "L1-regularized" probe were taken to be
    # about names no passage states.
    assert subject_terms("three layers of ReLU-activated units and an L1-regularized probe") == ["ReLU", "L1"]
    assert names_term("ReLU", "three hidden layers of 256, 128, and 64 units, each using ReLU activation")
    # A PDF prints the multiplication sign where a claim types an x.
    assert names_term("Mixtral-8x7B", "two MoE models (Mixtral-8×7B, Mixtral-8×7B-IT)")
    # ... and an en dash where the claim types a hyphen.
    assert names_term("CoT-output", "reduce the CoT–output sentence embedding distance")
    # The passage that states the claim's number says "XLM-R", not "XLM-R-based": it is about the claim's subject.
    passage = "The XLM-R alignment model's precision on the reserved test set reached 98%."
    assert _decide(claim, [passage], BEARS).label == "SUPPORTED"


def test_no_contradiction_is_read_into_a_number_the_passage_does_not_measure():
    claim = "Imitation learning for the PaSa Crawler took about 6 hours on 8 NVIDIA H100 GPUs."
    passage = ("First, we perform imitation learning for the PaSa Crawler for 1 epoch on 12,989 training data, using 8 "
               "NVIDIA H100 GPUs.")
    contradicts = [[0.02, 0.94, 0.04]]
    decision = _decide(claim, [passage], contradicts)
    assert (decision.label, decision.path) == ("NOT_ENOUGH_INFO", "numeric")
    assert "'6 hours'" in decision.reason
    # That reading is passed over, not final: the next passage about the subject that commits decides, and the
    # abstention stands where the next one commits to nothing.
    cost = "Imitation learning of the PaSa Crawler is the cheapest stage of its training on NVIDIA H100 GPUs."
    for second, label in (([0.80, 0.05, 0.15], "SUPPORTED"), ([0.10, 0.10, 0.80], "NOT_ENOUGH_INFO")):
        both = _decide(claim, [passage, cost], [contradicts[0], second])
        assert (both.label, both.best) == (label, 1 if label == "SUPPORTED" else 0)
    # A passage that states a time is read as it is, and so is a table row, whose cells have rules of their own.
    timed = _decide(claim, [passage.replace("for 1 epoch", "in 20 hours")], contradicts)
    assert timed.label == "REFUTED"
    printed = "PaSa Crawler | imitation learning | NVIDIA H100 | 12,989 samples"
    cells = RowCells(label="PaSa Crawler", cells=(("stage", "imitation learning"), ("GPUs", "NVIDIA H100"),
                                                  ("data", "12,989 samples")))
    row = decide(claim, parse_quantities(claim), [printed], np.asarray(contradicts, dtype=float), rows=[cells])
    assert row.label == "REFUTED"
    # The same cells in a line of text that was not read as a row are text: no time, nothing to compare.
    assert _decide(claim, [printed], contradicts).label == "NOT_ENOUGH_INFO"
    # A passage that counts the claim's things in other words states their number: the contradiction read stands.
    annotated = "The forgetting categories were annotated by eight graduate student volunteers."
    invited = "We invite 5 Chinese graduate students related to NLP as annotation volunteers to label forgetting."
    assert _decide(annotated, [invited], contradicts).label == "REFUTED"
    assert _decide(annotated, ["We invite Chinese annotation volunteers to label forgetting."],
                   contradicts).label == "NOT_ENOUGH_INFO"


def test_a_count_the_claim_takes_as_given_is_checked_only_where_a_passage_counts_those_things():
    # unseen11: "Averaged over the three datasets, ChatGPT reaches 39.87% ..." against a passage stating both
    # accuracies and not how many datasets was neither supported nor refuted.
    claim = "Averaged over the three datasets, ChatGPT reaches 39.87% accuracy whereas GPT-4 reaches just 16.6%."
    passage = "While ChatGPT has an average accuracy of 39.87%, GPT-4 has only 16.6%."
    decision = _decide(claim, [passage], SUPPORTS)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    assert [c.claim.text for c in decision.numbers] == ["39.87%", "16.6%"]
    # A passage that counts the datasets checks the count; an accuracy it does not state is still not supported.
    counted = _decide(claim, [f"We use five datasets. {passage}"], SUPPORTS)
    assert (counted.label, counted.path) == ("REFUTED", "numeric")
    assert _decide(claim, [passage.replace("39.87", "41.2")], SUPPORTS).label == "REFUTED"
    # No contradiction is read into the count where the passage states none and the cross-encoder reads one: the
    # reading stands or falls with the claim's other numbers; "three datasets" alone is then no number to compare.
    contradicts = [[0.05, 0.9, 0.05]]
    alone = "Among the three datasets, BioASQ alone contains many yes-no questions."
    read = _decide(alone, ["BioASQ is the only task with a significant number of yes-no questions."], contradicts)
    assert (read.label, read.path) == ("REFUTED", "model")
    # A finding's count, not a set named as given, is still a number the passage must measure.
    found = _decide("The method was tested on three datasets.", ["The method was tested on BioASQ."], contradicts)
    assert (found.label, found.path) == ("NOT_ENOUGH_INFO", "numeric")


def test_no_contradiction_is_read_into_a_row_that_states_every_number_of_the_claim():
    claim = "NeurIPS 2023 is the largest source of AutoScholarQuery, contributing 11,761 queries from 1,948 papers."
    # The columns are |P| and |Q|, which the claim names only in words: no cell is named, so none is compared.
    cells = RowCells(label="NeurIPS 2023", cells=(("|P|", "1948"), ("|Q|", "11761"), ("Ratio", "2.59")))
    printed = "Table 2 (Statistics of AutoScholarQuery), NeurIPS 2023: |P| 1948, |Q| 11761, Ratio 2.59"
    contradicts = np.array([[0.22, 0.73, 0.05]])
    decision = decide(claim, parse_quantities(claim), [printed], contradicts, rows=[cells])
    assert (decision.label, decision.path) == ("NOT_ENOUGH_INFO", "numeric")
    assert "every number of the claim" in decision.reason
    # A number the row does not hold leaves the reading to the cross-encoder.
    changed = claim.replace("11,761", "12,761")
    assert decide(changed, parse_quantities(changed), [printed], contradicts, rows=[cells]).label == "REFUTED"


def test_the_papers_title_names_the_subject_a_passage_leaves_implicit():
    terms = subject_terms("The PaSa Selector reaches an F1 score of 85%.")
    passage = "The results show that our Selector achieves an F1 score of 85%."
    assert not same_subject(terms, passage).missing == ()
    assert same_subject(terms, passage, "PaSa: An LLM Agent for Comprehensive Academic Paper Search").about


def _paper(paper_id, texts, title=None):
    return [Passage(paper_id=paper_id, page=1, kind="sentence", text=t, title=title) for t in texts]


def _in_paper(claim, passages, elsewhere):
    """The verdict on `passages`, each read as supporting, from one paper that also states `elsewhere`."""
    paper = _paper("p1", [*passages, elsewhere], "A paper")
    around = PaperNames(paper).around(paper[0])
    return decide(claim, parse_quantities(claim), passages, np.repeat(SUPPORTS, len(passages), axis=0),
                  papers=[around] * len(passages))


def test_a_name_the_paper_never_states_in_place_of_what_it_says_is_refuted_by_a_contradiction():
    # unseen41: the paper measures diversity by another metric; "Self-BLEU" is nowhere in it.
    claim = "The authors measure the diversity of sampled paraphrases at each iteration with the Self-BLEU metric."
    passage = ("We further quantify the diversity of sampled paraphrases at each iteration by the number of distinct "
               "4-grams.")
    contradicts = np.array([[0.05, 0.90, 0.05]])

    def decided(kind, page, elsewhere=()):
        paper = [Passage(paper_id="p1", page=page, kind=kind, text=t, title="Attractors")
                 for t in (passage, *elsewhere)]
        return decide(claim, parse_quantities(claim), [passage], contradicts,
                      papers=[PaperNames(paper).around(paper[0])])

    refuted = decided("sentence", 1)
    assert (refuted.label, refuted.path) == ("REFUTED", "subject") and "never states Self-BLEU" in refuted.reason
    # A paper known by its abstract alone may state the name on its pages.
    assert decided("abstract", None).label == "NOT_ENOUGH_INFO"
    # A paper read whole that states the name elsewhere names it once and leaves it unsaid after: a passage that
    # names nothing the claim does not is about the claim, and its reading decides (session 51: on the read sets
    # unseen32-58, 57 abstentions so decided, 3 right before and 48 after).
    stated = decided("sentence", 1, ["Self-BLEU scores are reported in the appendix."])
    assert (stated.label, stated.path) == ("REFUTED", "model") and "leaves Self-BLEU unsaid" in stated.reason
    # One that names another thing in its place is about that thing.
    other = "We further quantify the diversity of sampled paraphrases at each iteration with MAUVE."
    paper = _paper("p1", [other, "Self-BLEU scores are reported in the appendix."])
    assert decide(claim, parse_quantities(claim), [other], contradicts,
                  papers=[PaperNames(paper).around(paper[0])]).label == "NOT_ENOUGH_INFO"
    # Read as supporting, the passage is still not about the claim's name.
    alone = _paper("p1", [passage])
    supported = decide(claim, parse_quantities(claim), [passage], np.array([[0.9, 0.05, 0.05]]),
                       papers=[PaperNames(alone).around(alone[0])])
    assert (supported.label, supported.path) == ("NOT_ENOUGH_INFO", "subject")


def test_a_row_labelled_in_other_words_that_names_nothing_else_decides():
    # A table row whose label the claim words otherwise ("CIFAR10 ResNet-18 Seed" for "the ResNet-18 Seed zoo trained
    # on CIFAR-10") is about the claim's subject when it names nothing the claim does not (claims.decide, step 5).
    row = RowCells(label="CIFAR10 ResNet-18 Seed", cells=(("Accuracy", "92.1"), ("Std", "0.2")),
                   table="Table 2: Final-epoch accuracy of the model zoos.")
    printed = "Table 2 (Final-epoch accuracy of the model zoos.), CIFAR10 ResNet-18 Seed: Accuracy 92.1, Std 0.2"
    zoo = [*_paper("p2", ["We train model zoos of ResNet-18 models on CIFAR-10."], "Model zoos"),
           Passage(paper_id="p2", page=2, kind="table_row", text=printed, row=row)]
    ranked = "The ResNet-18 Seed zoo trained on CIFAR-10 is the most accurate of the zoos."
    by_row = decide(ranked, [], [printed], SUPPORTS, rows=[row], papers=[PaperNames(zoo).around(zoo[0])],
                    tables=[[row]])
    assert by_row.label == "SUPPORTED" and "the row is labelled CIFAR10 ResNet-18 Seed" in by_row.reason
    # One labelled with another model is about that model.
    other_row = RowCells(label="CIFAR10 VGG-16 Seed", cells=row.cells, table=row.table)
    other_printed = printed.replace("ResNet-18", "VGG-16")
    assert decide(ranked, [], [other_printed], SUPPORTS, rows=[other_row], papers=[PaperNames(zoo).around(zoo[0])],
                  tables=[[other_row]]).label == "NOT_ENOUGH_INFO"


def test_a_name_its_paper_repeats_is_named_by_each_of_its_passages():
    claim = "A single BERT-small model trains in under 40 minutes on one GPU."
    passage = "With this setup we can train a single model in under 40 minutes on one GPU."
    own = _paper("p1", [passage, "BERT-small has 1M parameters.", "We pretrain BERT-small on the Bible.",
                        "BERT-small is multilingual.", "Results are averaged."])
    other = _paper("p2", [passage, "Unlike BERT-small, we use RoBERTa.", "RoBERTa is large.", "It trains long."])
    names = PaperNames(own + other)
    decided = {paper[0].paper_id: decide(claim, parse_quantities(claim), [passage], BEARS, papers=[names.around(paper[0])])
               for paper in (own, other)}
    assert decided["p1"].label == "SUPPORTED" and decided["p1"].path == "numeric"
    # Named once in passing, it is not what that paper is about: its passage decides nothing for the claim.
    assert decided["p2"].label == "NOT_ENOUGH_INFO"


def test_a_name_the_paper_gives_its_own_model_lets_agreeing_numbers_support_never_refute():
    claim = "With BERT-small, retrieval works better with contextualized representations of layer 8 (.97 vs .16)."
    passage = "Retrieval works better with contextualized representations on layer 8 (.97 vs. .16)."
    naming = "We divide the hidden size by 12 and call this smaller model BERT-small."
    own = _paper("p1", [passage, naming, "Results are averaged over five seeds."])
    mentioned = _paper("p2", [passage, "Unlike BERT-small, we keep the hidden size.", "Results are averaged."])
    names = PaperNames(own + mentioned)
    decided = {paper[0].paper_id: decide(claim, parse_quantities(claim), [passage], BEARS, papers=[names.around(paper[0])])
               for paper in (own, mentioned)}
    assert (decided["p1"].label, decided["p1"].path) == ("SUPPORTED", "numeric")
    assert decided["p2"].label == "NOT_ENOUGH_INFO"  # named in passing, twice at most: another paper's model
    changed = claim.replace(".16", ".26")
    assert decide(changed, parse_quantities(changed), [passage], BEARS, papers=[names.around(own[0])]).label != "REFUTED"
    # So may the cells of a row of its table that leaves the name unsaid.
    row = RowCells(label="Standard configuration", cells=(("Parameters", "1M"),), table="Table 6: Parameters.")
    printed = "Table 6 (Parameters), Standard configuration: Parameters 1M"
    table_paper = PaperNames(own + [Passage(paper_id="p1", page=2, kind="table_row", text=printed, row=row)])
    for stated, label in (("1M", "SUPPORTED"), ("3M", "NOT_ENOUGH_INFO")):
        claim = f"The standard configuration of BERT-small has about {stated} parameters."
        decision = decide(claim, parse_quantities(claim), [printed], BEARS, rows=[row],
                          papers=[table_paper.around(own[0])], tables=[[row]])
        assert decision.label == label
    # Read after the sentence giving the name (claims.verify.premises), the passage is the cross-encoder's to decide.
    claim = "For BERT-small, word translation works better with layer-0 representations than with layer-8 ones."
    passage = "Word translation works better on layer 0 (.88 vs. .79), as expected."
    decided = {paper[0].paper_id: decide(claim, [], [passage], SUPPORTS, papers=[names.around(paper[0])])
               for paper in (own, mentioned)}
    assert (decided["p1"].label, decided["p1"].path) == ("SUPPORTED", "model")
    # Where the paper states the name only in passing ("Unlike BERT-small, ..."), a passage naming nothing else
    # decides too (claims.decide, step 5): on the read sets unseen32-58, of the 19 abstentions on names their paper
    # states in one text only, 1 was right; 17 of the verdicts now given are.
    assert decided["p2"].label == "SUPPORTED" and "leaves BERT-small unsaid" in decided["p2"].reason


_NEXT_TO = [
    ("The development data is the first 10k sentences of the New Testament of the King James Bible.",
     "As development data we use the first 10k sentences of the Old Testament of the English King James Bible.",
     ("New Testament", "Old Testament")),
    ("Both the Selector and the Crawler are based on Llama-3-8B.",
     "We trained the Selector and Crawler, both based on the Qwen2.5-7b (Yang et al., 2024).", ("Llama-3-8B", "Qwen2.5-7b Yang")),
    # Inside a sentence, the word on each side places the name.
    ("The ablation study was carried out on the Spanish data set using the mBERT model.",
     "We conducted an ablation study on German data set with mBERT model.", ("Spanish", "German")),
    ("For knn-replace, static word2vec embeddings are trained on the training set.",
     "To this end we train static fastText embeddings on the training set.", ("word2vec", "fastText")),
    ("Li et al. conducted their ablation study on the Spanish dataset with the mBERT model.",
     "We conducted an ablation study on German data set with mBERT model.", ("Spanish", "German")),
    # One word in common on one side only does not.
    ("The ablation on Spanish data was run with mBERT.", "The ablation on German, run with mBERT, used more data.", None),
    # One name in other words, or with a word more, is no other name.
    ("The pipeline starts by fine-tuning on English CoNLL2003 data.", "The pipeline starts by fine-tuning on CoNLL2003 (Sang, 2003).", None),
    ("knn-replace boosts zero-shot accuracy in Hindi by 9%.", "knn-replace boosts the zero-shot accuracy in DEU / HIN by 4% / 9%.", None),
    ("The pipeline takes about 2 hours on 2 Tesla V100 GPUs.", "The pipeline runs on 2 Tesla V100 32G gpus in about 2 hours.", None),
    ("XLM-R is fine-tuned on XNLI in English.", "XLM-RoBERTa is fine-tuned on XNLI in English.", None),
    # Another subject opening a clause before the same four words, named as the paper writes it.
    ("Faruqui and Dyer (2014) were the first to use canonical correlation analysis for lexicon induction.",
     "Haghighi et al. (2008) were the first to use this method for lexicon induction.",
     ("Faruqui and Dyer (2014)", "Haghighi et al. (2008)")),
    ("Canonical methods are the most commonly adopted mapping approach, since they improve over orthogonal ones.",
     "Among the mapping approaches, orthogonal methods are the most commonly adopted as the constraint helps.",
     ("Canonical", "orthogonal")),
    # A reference to the claim's subject, or the subject in other words, is no other subject.
    ("XLM-R has the largest gains on low-resource languages in our experiments.",
     "Our model has the largest gains on low-resource languages in our experiments.", None),
    ("Multilingual BERT transfers well across scripts in the zero-shot setting.",
     "Multilingual BERT (mBERT) transfers well across scripts in the zero-shot setting.", None),
    ("It contains 50 academic queries with relevant papers, to assess PaSa in real-world scenarios.",
     "To evaluate PaSa in real-world scenarios, we collect 50 academic queries.", None),
    # "et al." follows every cited name: what places a cited name is the word after its citation.
    ("Glavaš et al. (2019) found that methods such as the approach of Joulin et al. (2018), perform worse downstream.",
     "Glavas et al. (2019) found that among methods optimizing downstream, the approach of Artetxe et al. (2018a) is "
     "the most robust.", None),
    ("Bilingual lexicon induction favours the model of Joulin et al. (2018) in the large-scale evaluation.",
     "Bilingual lexicon induction favours the model of Artetxe et al. (2018a) in the large-scale evaluation.",
     ("Joulin", "Artetxe")),
]


def test_another_name_the_paper_states_refutes_and_one_it_never_states_decides_nothing():
    claim = "The rationales in the Selector's training data were generated by GPT-o1."
    passage = "The training set holds 19,812 pairs, each with a decision token and rationale generated by GPT-4o."
    title = "PaSa: An LLM Agent for Comprehensive Academic Paper Search"
    knows = _paper("p1", [passage, "GPT-o1 is slower than GPT-4o."], title)
    never = _paper("p2", [passage], title)
    names = PaperNames(knows + never)
    decided = decide(claim, parse_quantities(claim), [passage], SUPPORTS, papers=[names.around(knows[0])])
    assert (decided.label, decided.path) == ("REFUTED", "subject") and "'GPT-4o' where the claim states 'GPT-o1'" in decided.reason
    assert decide(claim, parse_quantities(claim), [passage], SUPPORTS, papers=[names.around(never[0])]).label != "REFUTED"
    # Agreeing numbers do not outweigh the other name; a passage given alone (no paper) is not searched for one.
    counted = "The 19,812 pairs of the training set have rationales generated by GPT-o1."
    assert decide(counted, parse_quantities(counted), [passage], SUPPORTS, papers=[names.around(knows[0])]).label == "REFUTED"
    assert decide(counted, parse_quantities(counted), [passage], SUPPORTS).label == "NOT_ENOUGH_INFO"
    # A name stated only in a results table is stated too.
    row = Passage(paper_id="p3", page=2, kind="table_row", text="Table 3 (Timing), GPT-o1: seconds 41.2",
                  row=RowCells(label="GPT-o1", cells=(("seconds", "41.2"),)))
    tabled = PaperNames(_paper("p3", [passage], title) + [row])
    assert tabled.states("p3", "GPT-o1") and tabled.count("p3", "GPT-o1") == 0


def test_another_name_said_of_the_claims_subject_refutes_even_one_the_paper_never_states():
    # The paper names PaSa-7b (the claim's subject) and chose Qwen2.5-7b for it: Llama-3-8B, never stated, is a
    # misstatement of that choice.
    passage = "We trained the Selector and Crawler, both based on the Qwen2.5-7b, to develop the agent PaSa-7b."
    decided = _in_paper("Both the Selector and the Crawler of PaSa-7b are based on Llama-3-8B.", [passage],
                        "PaSa-7b outperforms all baselines.")
    assert (decided.label, decided.path) == ("REFUTED", "subject")
    # The swapped name is the claim's subject itself: the passage says nothing of GPT-2.
    other = "GPT-2 was trained on the Selector and Crawler data, both based on the Qwen2.5-7b."
    assert _in_paper(other, [passage], "PaSa-7b outperforms all baselines.").label == "NOT_ENOUGH_INFO"


_NEAR = [
    # The same content words near both names, not next to them; a version between a name's words is part of it, a
    # citation in parentheses is not.
    ("In the user study, every answer is scored by Gemini 1.5 Pro acting as the judge model.",
     "Every answer of the user study is scored with Mixtral-8x7B (Jiang et al., 2024) as a judge model.",
     ("Gemini 1.5 Pro", "Mixtral-8x7B")),
    # Of two other names near the words, the one sharing more of them.
    ("To test transfer, the probe reads Falcon-7B's hidden states to predict errors of Llama2.",
     "Transfer across LLMs: the probe reads Qwen-7B's hidden states to predict the errors of Llama2.",
     ("Falcon-7B", "Qwen-7B")),
    # An author for a model, a part of the paper, a kind of model or a year fills no name's place.
    ("In this benchmark, answers are scored with GPT-4 as the judge model.",
     "In this benchmark, Smith et al. score answers with a judge model.", None),
    ("In the filtering stage, TensorFlow questions were judged by two annotators.",
     "In Step 8, two annotators judged the questions of the filtering stage.", None),
    ("The probe reads the hidden states of Falcon-7B to predict errors.",
     "The probe reads the hidden states of the LLM to predict errors.", None),
    ("The baselines include Auto-CoT prompting on all six tasks.",
     "The baselines include prompting on all six tasks, as in Zhang et al. 2022b.", None),
    # A language is a setting, which a cross-lingual paper states near the same words as others; a symbol is no name.
    ("To build the corpus, the authors translate every question with Chinese annotators before filtering.",
     "To build the corpus, every question is translated by English annotators and then filtered.", None),
    ("During training, the PPO objective of the agent separates states holding only a query.",
     "During training, the Sq objective of the agent separates states holding only a query.", None),
    # unseen62: another version of the family of the claim's name, anywhere in a passage stating much of the claim.
    ("To validate the constraint checker, the authors had GPT-4o produce itineraries for 100 sampled NaturalPlan "
     "queries.", "We randomly sampled 100 queries from the NaturalPlan (Trip) dataset. For each query, we used GPT-4.1 "
     "to generate a trip itinerary, resulting in 100 model outputs.", ("GPT-4o", "GPT-4.1")),
    # One content word near both is not enough.
    ("The parser of the pipeline is spaCy, chosen for speed.",
     "The pipeline tokenises with NLTK before tagging.", None),
]


@pytest.mark.parametrize(("find", "claim", "passage", "swapped"),
                         [(name_swap, *case) for case in _NEXT_TO] + [(near_swap, *case) for case in _NEAR])
def test_a_name_in_the_claims_names_place(find, claim, passage, swapped):
    found = find(claim, passage)
    assert (found.claim_name, found.passage_name) == swapped if swapped else found is None


def test_another_name_near_the_same_words_refutes_only_about_the_claims_subject_and_unstated_elsewhere():
    claim = "FactProbe embeds every answer with Gensim vectors before comparing it with the response."
    passage = ("FactProbe turns the answer into spaCy word embeddings and compares it with the response by cosine "
               "similarity.")
    decided = _in_paper(claim, [passage], "FactProbe is evaluated on six models.")
    assert (decided.label, decided.path) == ("REFUTED", "subject")
    assert "'spaCy' where the claim states 'Gensim'" in decided.reason
    # A passage read that states the claim's name is about it: the other name may be another tool the paper used.
    stated = "FactProbe also stores Gensim vectors of the questions."
    assert _in_paper(claim, [passage, stated], "FactProbe is evaluated on six models.").label != "REFUTED"
    # A claim naming nothing but the swapped name has no subject the passage could be about.
    bare = "Every answer is embedded with Gensim vectors before comparing it with the response."
    assert _in_paper(bare, [passage], "FactProbe is evaluated on six models.").label != "REFUTED"


def test_a_swapped_name_refutes_a_claim_about_the_papers_own_choices():
    passage = ("FactProbe turns the answer into spaCy word embeddings and compares it with the response by cosine "
               "similarity.")
    # The claim names nothing but the swapped name, yet speaks of the paper's authors: what they chose is its subject.
    claim = "The authors embed every answer with Gensim vectors before comparing it with the response."
    decided = _in_paper(claim, [passage], "FactProbe is evaluated on six models.")
    assert (decided.label, decided.path) == ("REFUTED", "subject")
    bare = "Every answer is embedded with Gensim vectors before comparing it with the response."
    assert _in_paper(bare, [passage], "FactProbe is evaluated on six models.").label != "REFUTED"
    # The words opening two clauses are no names: "Although" is not swapped for "Authors in".
    opening = "Although the corpus is small, the authors embed every answer with Gensim vectors."
    other = "Authors in prior work embed every answer with Gensim vectors."
    assert _in_paper(opening, [other], "FactProbe is evaluated on six models.").label != "REFUTED"


@pytest.mark.parametrize(("claim", "passage", "denial"), [
    ("When evaluating on MMLU, the authors prepend their predefined system prompt to the benchmark questions.",
     "For MMLU, we evaluate directly on the benchmark prompts without prepending our predefined system prompt.",
     "without"),
    ("The authors present XSTest as a functional test suite with an exact desired output for every prompt.",
     "Our tests are not functional tests because we do not specify the exact desired output.", "not"),
    # The claim denies too, or the sentence states the denied word undenied as well.
    ("The authors do not prepend their predefined system prompt to the MMLU benchmark questions.",
     "For MMLU, we evaluate directly on the benchmark prompts without prepending our predefined system prompt.", None),
    ("The proposed method uses human preference labels.",
     "Unlike prior work, which does not use human preference labels, the proposed method uses them.", None),
    # A denied degree, a hedge, a condition or "more often than not" denies nothing the claim states.
    ("Truncating the biographies changed the FactScore only slightly, from 41.3 to 42.7.",
     "Clipping the biographies did not change the FactScore substantially, from 41.3 to 42.7.", None),
    ("Both backdoored models show the backdoor behaviour in most cases when the input contains the trigger.",
     "Both models show backdoor behaviour more often than not when the input contains the trigger.", None),
    ("The judge declares the debate over when the correct solution is identified.",
     "The debate goes on if no correct solution is identified by the judge.", None),
    ("The edit memory itself is tiny, so the extra memory comes mostly from the classifier weights.",
     "The extra memory comes mostly from the classifier weights, not the edit memory itself.", None),
])
def test_a_sentence_that_denies_what_the_claim_states_refutes_it(claim, passage, denial):
    found = denied(claim, passage)
    assert (found is not None and f"{denial!r} before" in found.reason) if denial else found is None


@pytest.mark.parametrize(("claim", "passage", "reversed_"), [
    # The two things swapped, the comparison's word the same.
    ("For new domains, word-aligned data is more expensive to obtain than sentence-aligned data.",
     "For new domains, sentence-aligned data is more expensive to obtain than word-aligned data, as it needs supervision.",
     True),
    # The things in place, the word turned round; an aside between them is read past.
    ("GloVe favours smaller context windows than SGNS.",
     "GloVe favours slightly larger context windows (up to 10 words on either side) compared to SGNS (Levy et al., 2015).",
     True),
    # What "more ... compared with" compares can stand between the two words: precision against recall.
    ("Across languages, fine-tuning on the projected pseudo-labels helped recall more than precision.",
     "Across all languages, the fine-tuning step with pseudo-labeled data is more beneficial to precision compared "
     "with recall.", True),
    ("Across languages, fine-tuning on the projected pseudo-labels helped precision more than recall.",
     "Across all languages, the fine-tuning step with pseudo-labeled data is more beneficial to precision compared "
     "with recall.", False),
    ("XLM-R outperforms mBERT on XNLI in every language.", "On XNLI, mBERT is outperformed by XLM-R in every language.", False),
    ("XLM-R outperforms mBERT on XNLI.", "On XNLI, mBERT outperforms XLM-R.", True),
    ("XLM-R outperforms mBERT on XNLI.", "On XNLI, XLM-R does not outperform mBERT.", True),
    ("XLM-R outperforms mBERT on XNLI.", "XLM-R outperforms mBERT on XNLI by 14.6 points.", False),
    # Other things compared, or no comparison in the claim: nothing to say.
    ("XLM-R outperforms mBERT on XNLI.", "On MLQA, the base model outperforms the large one after distillation.", False),
    ("XLM-R is trained on 100 languages.", "mBERT is trained on fewer languages than XLM-R.", False),
])
def test_a_comparison_the_passage_states_the_other_way_round(claim, passage, reversed_):
    assert (reversal(claim, passage) is not None) == reversed_


def test_a_comparison_the_other_way_round_refutes_what_the_crossencoder_supports():
    claim = "On RealScholarQuery, PaSa-GPT-4o achieves a higher recall than PaSa-7b."
    passage = "On RealScholarQuery, the recall of PaSa-7b is 3.66% higher than that of PaSa-GPT-4o."
    decided = _decide(claim, [passage], SUPPORTS)
    assert (decided.label, decided.path) == ("REFUTED", "comparison") and "other way round" in decided.reason
    assert _decide(claim.replace("higher", "lower"), [passage], SUPPORTS).label == "SUPPORTED"


OVERPARAMETERIZED = ("The overparameterized model exhibits lower scores for word translation, but higher ones for retrieval "
                     "and overall a lower multilinguality score (.58 vs. .70).")


@pytest.mark.parametrize(("claim", "passage", "turned_"), [
    # Of several comparative words, the one right before the claim's measure gives its direction.
    ("The overparameterized model reaches a higher multilinguality score than the original model.", OVERPARAMETERIZED,
     True),
    ("The overparameterized model reaches a lower multilinguality score than the original model.", OVERPARAMETERIZED,
     False),
    # The sentence speaks of the claim's second thing, or binds the measure both ways, or negates: nothing to say.
    ("The original model reaches a higher multilinguality score than the overparameterized model.", OVERPARAMETERIZED,
     False),
    ("XLM-R reaches a higher accuracy than mBERT on XNLI.",
     "XLM-R reaches a lower accuracy on MLQA but a higher accuracy on XNLI.", False),
    ("XLM-R reaches a higher accuracy than mBERT on XNLI.", "XLM-R does not reach a lower accuracy on XNLI.", False),
])
def test_a_comparative_word_bound_to_the_claims_measure_the_other_way(claim, passage, turned_):
    assert (turned(claim, passage) is not None) == turned_
    if turned_:
        assert _decide(claim, [passage], SUPPORTS).path == "comparison"


@pytest.mark.parametrize(("claim", "passage", "opposite"), [
    ("Papers published after the query date are also counted as valid answers.",
     "During both training and testing, we only considered papers published prior to the query date.", True),
    ("Papers published before the query date are counted as valid answers.",
     "During both training and testing, we only considered papers published prior to the query date.", False),
    # Other words around it, a number after it, or a negation: nothing to say.
    ("Papers published after the query date are also counted as valid answers.",
     "During both training and testing, we only considered papers cited prior to the query date.", False),
    ("Only pairs with mining scores after 1.5 were used.", "Only pairs with mining scores before 1.5 were used.", False),
    ("Papers published after the query date are also counted as valid answers.",
     "We did not count papers published prior to the query date as valid answers.", False),
])
def test_a_word_of_order_in_time_the_other_way_between_the_same_words(claim, passage, opposite):
    assert (opposite_order(claim, passage) is not None) == opposite


HUBS = "Intuitively, CSLS increases the similarity of isolated word vectors and decreases the similarity of hubs."


@pytest.mark.parametrize(("claim", "passage", "exchanged"), [
    # The two things exchanged across "decreases": the claim says the other thing.
    ("CSLS increases the similarity of hubs and decreases the similarity of isolated word vectors.", HUBS, True),
    # Two clauses exchanged whole, each with its verb, and two things listed: the same statement.
    ("CSLS decreases the similarity of hubs and increases the similarity of isolated word vectors.", HUBS, False),
    ("We train on German and French data.", "We train on French and German data.", False),
    ("CSLS increases the similarity of isolated word vectors.", HUBS, False),
])
def test_two_things_exchanged_across_a_word_that_is_not_symmetric(claim, passage, exchanged):
    assert (swapped(claim, passage) is not None) == exchanged
    if exchanged:
        assert _decide(claim, [passage], SUPPORTS).path == "comparison"


def test_an_acronym_is_named_where_its_words_are():
    terms = subject_terms("For mBERT, fine-tuning raised Chinese NER F1 by 6.4 points.")
    passage = "For mBERT, the largest improvement is in Chinese, 6.4% increase in F1 on top of the zero-transfer result."
    assert "NER" in same_subject(terms, passage).missing
    assert same_subject(terms, passage, "Cross-Lingual Named Entity Recognition Using Parallel Corpus").missing == ()


def test_another_name_in_place_of_the_claims_contradicts_it_but_never_supports_it():
    claim = "Both the Selector and the Crawler of PaSa-7b are based on Llama-3-8B."
    passage = "We trained the Selector and Crawler, both based on the Qwen2.5-7b, to develop the agent PaSa-7b."
    contradicts, supports = np.array([[0.05, 0.9, 0.05]]), np.array([[0.9, 0.05, 0.05]])
    assert _decide(claim, [passage], contradicts).label == "REFUTED"
    assert _decide(claim, [passage], supports).label == "NOT_ENOUGH_INFO"
    # Another model's result is still no refutation: the claim's own subject is what the passage must name.
    assert _decide("XLM-R obtains 83.5% accuracy on XNLI.", ["On XNLI, mBERT obtains 66.3% accuracy."],
                   np.array([[0.05, 0.9, 0.05]])).label == "NOT_ENOUGH_INFO"


def test_a_claim_about_the_authors_own_unnamed_system_is_told_apart():
    assert unnamed_own_work("Experiments show that our framework is proven effective and scalable.")
    assert unnamed_own_work("Our proposed model also outperforms RoBERTa-Large on GLUE by 0.3%.")
    assert not unnamed_own_work("Our model, dubbed XLM-R, outperforms mBERT on XNLI.")  # it names its system
    assert not unnamed_own_work("Our BERT model reaches 80.1 on XNLI.")
    assert not unnamed_own_work("We find that better models for low resource languages need more data.")
    assert not unnamed_own_work("The XLM-R model outperforms mBERT.")


def test_a_table_names_a_language_by_its_code_and_an_acronym_in_the_singular():
    table = "Table 3: Precision per corpus.\nColumns: Lang | Corpus | TF | G2S-GIN\nEN | Europarl | 0.0150 | 0.11\nPT | Europarl | 0.5474 | 0.31"
    terms = subject_terms("GINs reach a higher precision on the Portuguese and the English corpora than TF.")
    assert terms == ["GINs", "TF", "Portuguese", "English"]
    assert same_subject(terms, table).about
    # A code is a language only as a table's cell: "it" in prose is not Italian.
    assert same_subject(["Italian"], "As it is, the model reaches 80.1.").missing == ("Italian",)


def test_of_named_rows_that_disagree_the_one_at_the_claims_setting_or_with_the_longer_name_decides():
    read = np.array([[0.2, 0.2, 0.6], [0.2, 0.2, 0.6]])

    def row(caption, label, cells):
        return RowCells(label=label, cells=tuple(cells), table=caption)

    # One thing at two settings of one table: the claim's 250 epochs pick the row it means.
    long_run = "Table 10: Overparameterized models trained for longer."
    rows = [row(long_run, "17 overparam", [("Epochs", "100"), ("score", ".05")]),
            row(long_run, "17 overparam", [("Epochs", "250"), ("score", ".00")])]
    claim = "Trained for 250 epochs, the overparam model reaches a score of .00."
    printed = [f"Table 10, 17 overparam: Epochs {r.cells[0][1]}, score {r.cells[1][1]}" for r in rows]
    decision = decide(claim, parse_quantities(claim), printed, read, rows=rows, tables=[rows, rows])
    assert (decision.label, decision.path, decision.best) == ("SUPPORTED", "numeric", 1)
    # Rows of two tables: the ablation's row, whose longer label the claim names, over the main results' row.
    main = row("Table 1: Transfer results.", "mBERT fine-tune", [("DE / F1", "74.5")])
    ablation = row("Table 3: German ablation with mBERT.", "Fine-tune on En/De mixed (RW)", [("F1", "51.6")])
    claim = "In the German ablation with mBERT, fine-tuning on mixed En/De data with the re-weighted loss gives an F1 of 74.5."
    printed = ["Table 1, mBERT fine-tune: DE / F1 74.5", "Table 3 (German ablation with mBERT), Fine-tune on En/De "
               "mixed (RW): F1 51.6"]
    decision = decide(claim, parse_quantities(claim), printed, read, rows=[main, ablation], tables=[[main], [ablation]])
    assert (decision.label, decision.path, decision.best) == ("REFUTED", "numeric", 1)
    # Named by as many words, the two tables' rows disagree, and neither decides.
    other = row("Table 4: Another German ablation.", "mBERT mixed data", [("F1", "51.6")])
    decision = decide(claim, parse_quantities(claim), [printed[0], "Table 4 (German), mBERT mixed data: F1 51.6"], read,
                      rows=[main, other], tables=[[main], [other]])
    assert decision.path != "numeric"


def test_what_the_passage_says_of_two_things_the_other_way_round_refutes_the_claim():
    passage = ("We evaluated the F1 on three Chinese test sets, Weibo, MSRA and People's Daily, where Weibo contains "
               "messages from social media, MSRA is more formal and political, and People's Daily is newspaper data.")
    claim = "MSRA is described as containing social media messages, while Weibo is more formal and political."
    found = exchanged(claim, passage)
    assert found is not None and "MSRA and Weibo" in found.reason
    decision = _decide(claim, [passage], SUPPORTS)
    assert (decision.label, decision.path) == ("REFUTED", "comparison")
    # Said of each as the passage says it, or of one thing only, it is no exchange.
    assert exchanged("Weibo contains social media messages, while MSRA is more formal and political.", passage) is None
    assert exchanged("Weibo is described as containing social media messages.", passage) is None


def test_comparative_adjectives_before_their_nouns_name_the_things_a_comparison_turned_round_compares():
    passage = "This indicates that smaller position embeddings are trained more than larger ones (which occur less often)."
    claim = "Embeddings for large, rarely seen positions are trained more than those for small positions."
    assert reversal(claim, passage) is not None
    assert reversal("Embeddings for small positions are trained more than those for large, rarely seen positions.",
                    passage) is None
    # Before "than" or "compared to", the adjective is the comparison's own word.
    assert reversal("GloVe favours smaller context window sizes than SGNS.",
                    "GloVe favors slightly larger window sizes (see Table 3) compared to SGNS.") is not None


def test_an_exception_the_claim_does_not_make_refutes_it_in_a_passage_about_its_subject():
    passage = "For mBERT, fine-tuning with pseudo-labeled data has significant effects on F1 in all languages except NL."
    claim = "With mBERT, fine-tuning on pseudo-labeled data brought significant F1 gains for every language, Dutch included."
    found = excepted(claim, passage)
    assert found is not None and "'NL'" in found.reason
    assert names_term("Dutch", passage) and not names_term("Dutch", "languages except nl.")  # a code in capitals
    assert (_decide(claim, [passage], SUPPORTS).label, _decide(claim, [passage], SUPPORTS).path) == ("REFUTED", "comparison")
    # A claim making the exception too, or about another model, is not refuted by it.
    assert excepted(claim.replace("every language, Dutch included", "every language except Dutch"), passage) is None
    other = claim.replace("With mBERT", "With XLM-R")
    assert _decide(other, [passage], SUPPORTS).label != "REFUTED"


def test_a_change_of_the_claims_measure_the_other_way_refutes_it():
    passage = ("A substantial reduction in thyroid volume accompanied by few side effects makes radioactive iodine an "
               "alternative to surgery for non-toxic multinodular goitre.")
    claim = "Radioiodine treatment of non-toxic multinodular goitre increases thyroid volume."
    found = changed_otherwise(claim, passage)
    assert found is not None and "'reduction' of 'thyroid volume'" in found.reason
    assert changed_otherwise(claim.replace("increases", "reduces"), passage) is None
    # A measure changed both ways in the sentence, or a negated one, says nothing either way.
    assert changed_otherwise(claim, passage.replace("A substantial", "An increase in thyroid volume, then a")) is None
    assert changed_otherwise(claim, passage.replace("makes", "does not make")) is None


def test_a_word_turned_round_by_a_negating_prefix_next_to_the_claims_words_refutes_it():
    passage = "Here we report a robust UCP1-independent thermogenic mechanism that involves ATP-dependent Ca2+ cycling."
    found = negated_word("Ca2+ cycling is a UCP1-dependent thermogenic mechanism.", passage)
    assert found is not None and "'ucp1-independent'" in found.reason
    assert negated_word("Ca2+ cycling is a UCP1-independent thermogenic mechanism.", passage) is None
    # A claim of no content words turns nothing round (the held-out sets hold such claims).
    assert negated_word("It is 5.", passage) is None and changed_otherwise("It is 5.", passage) is None
    # The other form among other words ("avoiding any parallel sentences") does not turn the claim's round.
    assert negated_word("Training English on non-parallel halves of the Bible lowers multilinguality.",
                        "We split the Bible into two halves, thus avoiding any parallel sentences in training.") is None
    # A negation says what the prefix says: "(not supervised)" is "unsupervised".
    assert negated_word("The encoder starts from unsupervised pretrained checkpoints.",
                        "The encoder starts from pretrained (not supervised) checkpoints of the base model.") is None


def test_two_things_a_paper_names_with_and_without_a_prefix_are_not_one_turned_round():
    claim = "With irrelevant follow-ups, the second prompt appends a new question to the first answer."
    passage = "With relevant follow-ups, the second prompt appends a new question to the first answer."
    assert negated_word(claim, passage) is not None
    paper = [passage, "We build a set of irrelevant follow-ups drawn from other topics."]
    assert negated_word(claim, passage, paper=paper) is None
    # The paper stating the word elsewhere, next to other words, still leaves it turned round.
    assert negated_word(claim, passage, paper=[passage, "Irrelevant details are removed."]) is not None


def test_another_name_for_what_a_superlative_picks_out_refutes_the_claim():
    passage = ("Compared to the strongest baseline, PaSa-GPT-4o, PaSa-7b demonstrates a 9.64% improvement in recall "
               "with comparable precision.")
    claim = "The strongest baseline was search-enabled ChatGPT, which PaSa-7b beat by 9.64% in recall."
    found = picked_otherwise(claim, passage)
    assert found is not None and "'PaSa-GPT-4o' the strongest baseline" in found.reason
    assert picked_otherwise(claim.replace("search-enabled ChatGPT", "PaSa-GPT-4o"), passage) is None
    assert picked_otherwise("The weakest baseline was Google.", passage) is None


def test_a_measure_put_ahead_in_the_setting_the_claim_puts_behind_refutes_it():
    passage = ("Retrieval works better with contextualized representations on layer 8 (.97 vs. .16) whereas word "
               "translation works better on layer 0 (.88 vs. .79), as expected.")
    claim = "For BERT-small, word translation works better with layer-8 representations than with layer-0 ones."
    found = better_elsewhere(claim, passage)
    assert found is not None and "'layer 0' ahead" in found.reason
    assert better_elsewhere(claim.replace("layer-8", "layer-X").replace("layer-0", "layer-8").replace("layer-X", "layer-0"),
                            passage) is None
    # Another measure's clause ("Retrieval works better ... on layer 8") says nothing of word translation.
    assert better_elsewhere("For BERT-small, word translation works better with layer-0 representations than with "
                            "layer-8 ones.", "Retrieval works better on layer 8 (.97 vs. .16).") is None


def test_a_number_of_three_digits_or_more_that_agrees_outweighs_a_contradiction_read_a_small_one_does_not():
    contradicts = [[0.02, 0.96, 0.02]]
    passage = "The validation set of TriviaQA has 17944 question-answer pairs, answered by Mistral-7B-Instruct."
    decision = _decide("TriviaQA's validation split holds 17,944 question-answer pairs.", [passage], contradicts)
    assert (decision.label, decision.path) == ("SUPPORTED", "numeric")
    small = _decide("TriviaQA is answered by two models.", ["TriviaQA is answered by two models, in turn."], contradicts)
    assert small.label == "REFUTED"
    # Either text may write it so: unseen63's "a factor of ten thousand" against a PDF's "a factor of 104" (10^4).
    power = _decide("The scheme was tested on convection-diffusion problems where convection dominates by a factor "
                    "of ten thousand.", ["It was tested on convection-diffusion problems that are strongly dominated "
                                         "(by a factor of 104) by the convection term."], contradicts)
    assert (power.label, power.path) == ("SUPPORTED", "numeric")
    # A comparison keeps the veto: its numbers may agree and it still be the wrong way round.
    compared = _decide("XLM-R obtains 80.9% on XNLI, more than mBERT.", ["On XNLI, XLM-R obtains 80.9% and mBERT 81.2%."],
                       contradicts)
    assert compared.label == "REFUTED"


def test_a_number_paired_with_another_things_is_no_conflict_where_a_passage_states_the_claims_own():
    claim = ("With Baseline 1, the 8B model complied with 15 out of 98 free-tier harmful requests, and Fisher's exact "
             "test gave p = 0.014 with an odds ratio of 4.11.")
    passages = ["Under Baseline 2, compliance rose to 51 of 100 free-tier prompts against 17 of 99 paid-tier prompts "
                "(p < 0.0001; odds ratio = 5.09).",
                "Under Baseline 1, the model complied with 15 of 98 free-tier prompts against 4 of 95 paid-tier prompts "
                "(Fisher's exact test, p = 0.014; odds ratio = 4.11)."]
    contradicts = [[0.2, 0.7, 0.1], [0.3, 0.6, 0.1]]
    assert _decide(claim, passages, contradicts).label != "REFUTED"
    # A value no passage states is still refuted by the one stated of the claim's measure.
    wrong = _decide(claim.replace("4.11", "6.30"), passages, contradicts)
    assert (wrong.label, wrong.path) == ("REFUTED", "numeric") and "'6.30'" in wrong.reason


def test_a_number_joined_into_a_shared_name_supports_nothing():
    # unseen65: "the two-level HPS solver" in claim and passage supported a claim about the solver's release.
    claim = "The source code of the two-level HPS solver is released as a Zenodo archive."
    decision = _decide(claim, ["This paper provides a summary of our two-level HPS solver."], SUPPORTS)
    assert decision.path != "numeric"
    # A different one still refutes.
    wrong = _decide("This paper provides a summary of our three-level HPS solver.",
                    ["This paper provides a summary of our two-level HPS solver."], SUPPORTS)
    assert (wrong.label, wrong.path) == ("REFUTED", "numeric")


def test_a_maker_before_the_claim_s_product_names_nothing_else():
    # unseen65: "four NVIDIA A100 GPUs (40 GB each)" left the claim's 40 GB to be compared with 503 GB of RAM.
    claim = "Caching the activations took 51.5 GPU-hours on a machine with four 40 GB A100 GPUs."
    passage = ("All experiments are conducted on a server equipped with four NVIDIA A100 GPUs (40 GB each). The host "
               "system features an AMD EPYC 7313 (16 cores) CPU and 503 GB of RAM.")
    (check,) = [c for c in _numbers(claim, parse_quantities(claim), passage) if c.claim.unit == "GB"]
    assert (check.evidence.text, check.agrees) == ("40 GB", True)


def test_a_row_repeated_under_several_models_is_compared_only_in_the_block_the_claim_names():
    # unseen81: Table 1 lists ICL, CAA and PIXEL(Ours) under each of three models; "On Mistral-7B-v0.3, the CAA
    # baseline scores 52.50 against PIXEL's 50.65" was refuted by CAA's 46.95 under Llama3.
    caption = "Table 1: Evaluation results on TruthfulQA."
    blocks = (("Llama3-8B-inst.", "45.03", "46.95", "48.91"), ("Mistral-7B-v0.3", "36.99", "52.50", "50.65"))
    table = [RowCells(label=label, cells=(("MC2", cell),), table=caption)
             for model, *cells in blocks for label, cell in zip((model, "CAA", "PIXEL(Ours)"), cells)]
    claim = "On Mistral-7B-v0.3, the CAA baseline scores 52.50 on TruthfulQA MC2."
    printed = [f"{caption} {row.label}: MC2 {row.cells[0][1]}" for row in table]
    llama_caa, mistral_caa = table[1], table[4]
    for rows, label in (([llama_caa], "NOT_ENOUGH_INFO"), ([llama_caa, mistral_caa], "SUPPORTED")):
        decision = decide(claim, parse_quantities(claim), [printed[table.index(r)] for r in rows],
                          np.vstack([BEARS] * len(rows)), rows=rows, tables=[table] * len(rows))
        assert decision.label == label, decision.reason
    # A claim that names no block compares each row the claim names, as before.
    unnamed = "The CAA baseline scores 46.95 on TruthfulQA MC2."
    assert decide(unnamed, parse_quantities(unnamed), [printed[1]], BEARS, rows=[llama_caa],
                  tables=[table]).label == "SUPPORTED"
