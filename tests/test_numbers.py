"""Numbers: parsed with units and roles, aligned across texts, compared by computation."""

import math

import pytest

from claims.decide import _numbers, _unmeasured
from claims.numbers import agrees as values_agree
from claims.numbers import align, compatible, listed_counts, parse_quantities, perturb, uncross
from claims.text import content_words


def one(text):
    found = parse_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "role", "low", "high"),
    [
        ("gains of 8.2 points on XNLI", 8.2, "points", "delta", 8.15, 8.25),
        ("accuracy rises +14.6% overall", 14.6, "%", "delta", 14.55, 14.65),
        ("trained on 2.5TB of text", 2.5, "TB", "absolute", 2.45, 2.55),
        ("covers 100 languages", 100, "language", "absolute", 100, 100),
        ("scores between 80% and 90% of the time", 85, "%", "absolute", 80, 90),
        ("uses nine intermediate tasks", 9, "task", "absolute", 9, 9),
        ("a 5.4 point improvement on XTREME", 5.4, "points", "delta", 5.35, 5.45),
        ("it outperforms mBERT by 3 points", 3, "points", "delta", 2.5, 3.5),
        ("at least 3 seeds per task", 3, "seed", "absolute", 3, math.inf),
        ("a model with 550M parameters", 550e6, "parameter", "absolute", 550e6, 550e6),
        ("adds 5 more languages", 5, "language", "delta", 5, 5),
        # A word after the number that counts nothing is no unit: 0.62 still compares with a P@1 of 0.82.
        ("reaches a P@1 of 0.62 without a seed lexicon", 0.62, None, "absolute", 0.615, 0.625),
        ("scores 72.3 when trained longer", 72.3, None, "absolute", 72.25, 72.35),
    ],
)
def test_quantities_with_units_roles_and_bounds(text, value, unit, role, low, high):
    q = one(text)
    assert (q.value, q.unit, q.role) == (pytest.approx(value), unit, role)
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)


def test_a_count_out_of_a_total_is_no_score():
    # Compared with a table's cells, "10 out of 11 tasks" once read as a score of 10 and refuted a claim by a 73.8.
    found = parse_quantities("outperforms CMOW-C on 10 out of 11 supervised downstream tasks")
    assert [(q.value, q.unit) for q in found] == [(10, "task"), (11, "task")]
    assert parse_quantities("wins 3 out of 5")[0].unit == "count"
    # "four of eight tasks" once left the four uncounted, and a claim's "four tasks" was refuted by the eight.
    assert [(q.value, q.unit) for q in parse_quantities("For four of eight tasks the gain peaks")] == [(4, "task"), (8, "task")]


@pytest.mark.parametrize("text", ["the default temperature is 0.8 unless stated otherwise",
                                  "raising it to 3 slightly reduced the variability"])
def test_an_adverb_or_conjunction_after_a_number_is_no_unit(text):
    assert parse_quantities(text)[0].unit is None


def test_an_adverb_in_ly_is_passed_over_to_what_is_counted():
    # unseen7's "500 correctly solved triples" and "50 randomly chosen training examples" were read as counts of
    # "correctly"s and "randomly"s, so no passage stated that measure and a changed number was never compared.
    assert [(q.value, q.unit) for q in parse_quantities("we keep 50 randomly chosen training examples")] == [(50, "example")]
    assert one("we sample 500 correctly solved triples").unit == "triple"
    assert one("models from 3 families").unit == "family"  # a noun in -ly counts
    # How things were picked does not say which: these count the same continuations, and a changed count still refutes.
    checks = align(parse_quantities("200 randomly sampled LM continuations"),
                   parse_quantities("200 randomly chosen LM continuations"))
    assert [c.agrees for c in checks] == [True]
    checks = align(parse_quantities("300 randomly drawn online cases"), parse_quantities("150 online cases"))
    assert [c.agrees for c in checks] == [False]


@pytest.mark.parametrize(("text", "value", "unit"), [
    # unseen12: "one hundred thousand sampled tokens" read as 100 and "a thousand tokens" not at all, so the claim's
    # "518 tokens" met the passage's 100,000; "1.5 million sentences" was 1.5 of nothing.
    ("trained on one hundred thousand sampled tokens", 100_000, "token"),
    ("the test set has a thousand tokens", 1000, "token"),
    ("over a million users", 1_000_000, "user"),
    ("1.5 million sentences", 1_500_000, "sentence"),
    ("5 thousand users", 5000, "user"),
    # "50 000 evaluation sequences" was read as 000, and refuted a claim's 50,000.
    ("given as input 50 000 evaluation sequences", 50_000, "sequence"),
    ("a 50\u2009000-token window", 50_000, "token"),
])
def test_scale_words_and_thousands_apart_by_a_space_are_one_number(text, value, unit):
    assert (one(text).value, one(text).unit) == (value, unit)


def test_a_row_of_numbers_apart_by_spaces_stays_a_row_and_a_range_keeps_its_thousands():
    assert [q.value for q in parse_quantities("hidden sizes 64 128 256")] == [64, 128, 256]
    for text in ("between 2,000 and 3,000 cases", "between 2 000 and 3 000 cases"):
        assert [(q.low, q.high, q.unit) for q in parse_quantities(text)] == [(2000, 3000, "case")]


def test_one_that_picks_a_thing_out_and_a_slash_pair_before_a_noun_are_read_as_written():
    # unseen11's "the one containing many yes-no questions" was a count of "containing"s, "one minus the fraction"
    # one "minu", and "500 yes/no questions" 500 "yes"es: no passage states those measures.
    assert parse_quantities("BioASQ is singled out as the one containing many yes-no questions") == []
    assert parse_quantities("uncertainty is one minus the fraction of unique outputs") == []
    assert one("the one model that was tuned").unit == "model"  # "the one model" still counts models
    # Questions a data set holds are counted as its examples.
    assert [(q.value, q.unit) for q in parse_quantities("consists of 500 yes/no questions")] == [(500, "example")]
    assert one("at 500 tokens/second").unit == "token"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("the number of training iterations is set to 10.", 10, "iteration"),
    ("batch size = 4, number of epochs = 5, and the reward weight", 5, "epoch"),
    ("the total number of examples was 1,200", 1200, "example"),
])
def test_a_number_of_things_named_before_it_counts_them(text, value, unit):
    # unseen7: "FOR is trained with LoRA for 15 epochs" against "number of epochs = 5" was left undecided, the 5
    # counting nothing.
    found = [(q.value, q.unit) for q in parse_quantities(text) if q.unit is not None]
    assert found == [(value, unit)]


def test_seconds_written_attached_are_read_and_decades_are_not():
    # unseen10: "a negligible cost (0.06s)" stated nothing, so a claim's "about 0.6 seconds" was left undecided.
    assert [(q.value, q.unit) for q in parse_quantities("is negligible (0.06s) and takes 120ms")] == [
        (0.06, "second"), (120, "millisecond")]
    assert parse_quantities("models of the 1990s and 80s") == []
    checks = align(parse_quantities("adds about 0.6 seconds of cost"), parse_quantities("the cost is negligible (0.06s)"))
    assert [c.agrees for c in checks] == [False]
    checks = align(parse_quantities("each query takes 600 ms"), parse_quantities("each query takes 0.6 s"))
    assert [c.agrees for c in checks] == [True]


def test_a_number_the_passage_states_as_the_claim_writes_it_is_that_numbers():
    # unseen10: the claim's 0.5 was paired with the passage's top-k of 5, "temperature" standing nearer to it, and a
    # supported claim was refuted.
    claim = parse_quantities("Sampling used a temperature of 0.5, top-p of 0.99 and top-k of 5.")
    passage = parse_quantities("For sampling we set temperature to 0.5, top-p to 0.99 and top-k to 5 in all runs.")
    assert [(c.claim.text, c.evidence.text, c.agrees) for c in align(claim, passage)] == [
        ("0.5", "0.5", True), ("0.99", "0.99", True), ("5", "5", True)]
    # A number the passage does not state is paired with none rather than with the one another claim number states.
    claim = parse_quantities("The NLI threshold of 0.6 reached a precision of 0.96, while the LM threshold of 0.2 "
                             "reached a precision of 0.78.")
    passage = parse_quantities("For the LM filter the best threshold was 0.2, with precision of 0.78.")
    assert [(c.evidence.text, c.agrees) for c in align(claim, passage) if c.evidence is not None] == [
        ("0.2", True), ("0.78", True)]


def test_a_bare_number_in_the_thousands_is_no_percentage():
    # unseen10: "70.2% for Llama2-Chat 7B" was compared with a passage's "70B" and refuted.
    checks = align(parse_quantities("a rate of 70.2% for Llama2-Chat"), parse_quantities("the 70B model and others"))
    assert all(c.evidence is None for c in checks)


def test_references_years_and_ids_are_not_quantities():
    text = "As in Table 2 and Section 3.1 (Hu et al., 2020), see arXiv:2005.13013 [12] and GPT-4o with recall@20."
    assert parse_quantities(text) == []


def test_numbered_statements_of_a_mathematical_paper_are_not_quantities():
    # unseen59: "Theorem 5.15 agrees with ..." was read as 5.15 of the measure "agrees", which no passage states, so
    # the claim was set aside as a number with nothing to compare.
    assert parse_quantities("Theorem 4.4, stating that generic systems have as many solutions") == []
    assert parse_quantities("In Remark 6.4 the author notes that Theorem 5.15 agrees with Lemmas 3.1 and 3.2") == []
    assert [q.text for q in parse_quantities("Algorithm 1 runs for example 5 rounds")] == ["5 rounds"]


def test_labels_and_lists_of_references_are_not_quantities():
    # The NER paper's "(1) approach proposed ..., (2) zero-transfer ..." once gave an ablation passage numbers of the
    # claim's measure (an F1 of 72.3), so a contradiction read there was not set aside as one read into a passage
    # that states no F1 at all.
    text = "(1) approach proposed in this work; (2) zero-transfer (IDs 1, 2, 4; see Tables 2 and 3, Figures 3, 4 and 5)"
    assert parse_quantities(text) == []
    assert [q.text for q in parse_quantities("lang-pos (16) drops to .01 and the model (ID 15) to .58")] == [".01", ".58"]
    # A singular reference takes one number; the words around it are still read.
    assert [q.text for q in parse_quantities("Table 2, 5 languages, a suitable 3 layers")] == ["5 languages", "3 layers"]
    assert [q.text for q in parse_quantities("XLM-R (270M) on a sample (n=200)")] == ["270M", "200"]
    # A layer's number says which layer ("on layer 8 (.97 vs. .16)"); a count of layers comes before the word.
    text = "better on layer 8 (.97 vs. .16), on layers 0 and 8 alike, in a 12-layer model of 12 layers"
    assert [q.text for q in parse_quantities(text)] == [".97", ".16", "12-layer", "12 layers"]


def test_a_number_after_a_slash_that_ends_a_word_is_a_number():
    # "2 epochs/140k steps" states both; "3/4" and "L(L-1)/2" state a fraction and a formula, not a count.
    assert [q.text for q in parse_quantities("pretrain the model for 2 epochs/140k steps")] == ["2 epochs", "140k steps"]
    assert all(q.value not in (2, 4) for q in parse_quantities("a share of 3/4 and L(L-1)/2 dictionaries"))


def test_n_to_m_is_a_range_unless_something_went_from_one_to_the_other():
    (pairs,) = [q for q in parse_quantities("10 datasets of 888 to 978 word pairs each") if q.comparator == "range"]
    assert (pairs.low, pairs.high, pairs.unit) == (888, 978, "pair")
    (check,) = align([pairs], parse_quantities("datasets of between 888 and 978 word pairs"))
    assert check.agrees is True
    assert [q.text for q in parse_quantities("lowers the score from .70 to .12")] == [".70", ".12"]
    assert [q.text for q in parse_quantities("recall rose 70.1 to 75.3")] == ["70.1", "75.3"]


def test_a_metric_after_a_number_makes_it_a_score_and_a_possessive_names_its_owner():
    # ".75 accuracy" was a count of "accuracy"s, "29.87 BLEU" of "bleu"s: never the same measure as "a BLEU of 27.87".
    assert [(q.unit, q.after[0]) for q in parse_quantities(".75 accuracy, 29.87 BLEU")] == [(None, "accuracy"), (None, "bleu")]
    claim = parse_quantities("On XNLI, the models pretrained here reach .75 accuracy on English, below mBERT's .81.")
    passage = "Compared to mBERT, accuracy is significantly lower but reasonable on English (.75 vs. .81) - we pretrain on less."
    checks = align(claim, parse_quantities(passage), set(content_words(passage)))
    assert [(c.evidence.text, c.agrees) for c in checks] == [(".75", True), (".81", True)]


def test_examples_samples_and_instances_are_one_count():
    (check,) = align(parse_quantities("trained on 30K generated examples"),
                     parse_quantities("We generated a training set of 30K samples for each language"))
    assert check.agrees is True
    assert parse_quantities("1,000 instances")[0].unit == parse_quantities("1,000 examples")[0].unit


def test_tens_and_units_in_words_are_one_number():
    assert [(q.value, q.unit) for q in parse_quantities("Forty-eight scientific facts were removed.")] == [(48, "fact")]
    assert [(q.value, q.unit) for q in parse_quantities("thirty two models and ninety languages")] == [
        (32, "model"), (90, "language")]


def test_a_models_size_inside_its_name_is_no_measurement():
    assert parse_quantities("The agent generated its responses with Llama 3.1 70B Instruct.") == []
    assert parse_quantities("We use Llama 2 70B as the base model.") == []
    # A size said of a model, not inside its name, is one.
    assert [(q.text, q.unit) for q in parse_quantities("a 65B model")] == [("65B model", "model")]
    assert [q.unit for q in parse_quantities("GPT-3 has 175B parameters")] == ["parameter"]


def test_kinds_types_and_categories_are_one_count():
    claim = parse_quantities("BIPIA is built from 40 kinds of text attacks.")
    passage = "We design 30 types of text attacks, each with five malicious instructions."
    (check,) = align(claim, parse_quantities(passage), set(content_words(passage)))
    assert (check.evidence.text, check.agrees) == ("30 types", False)
    assert parse_quantities("48 FIGER categories")[0].unit == parse_quantities("48 FIGER types")[0].unit


@pytest.mark.parametrize(("claim", "passage", "agree"), [
    # The same two values, each stated of the other thing: by their own clauses, the claim's two numbers conflict.
    ("The peak error rate was 0.7% and the mean error rate was 2.2%.",
     "The mean error rate was 0.7% and the peak error rate was 2.2% across runs.", [False, False]),
    ("GPT-4 scores 81.2 on MMLU while Llama scores 70.4.", "On MMLU, Llama scores 81.2, whereas GPT-4 scores 70.4.",
     [False, False]),
    ("GPT-4 scores 81.2 on MMLU while Llama scores 70.4.", "On MMLU, GPT-4 scores 81.2, whereas Llama scores 70.4.",
     [True, True]),
    # Two numbers in one clause of the passage: nothing tells which is which, so the numbers stay paired as written.
    ("The peak error rate was 0.7% and the mean error rate was 2.2%.",
     "Error rates of 0.7% and 2.2% were measured for the mean and the peak.", [True, True]),
])
def test_two_numbers_the_passage_states_of_each_others_things_conflict(claim, passage, agree):
    checks = uncross(align(parse_quantities(claim), parse_quantities(passage), set(content_words(passage))),
                     claim, passage)
    assert [c.agrees for c in checks] == agree


def test_a_difference_above_or_below_another_is_a_change():
    claim = parse_quantities("The Selector's F1 is 5 points above GPT-4o and 30 points below Qwen")
    assert [(q.text, q.role) for q in claim] == [("5 points", "delta"), ("30 points", "delta")]
    passage = parse_quantities("our Selector achieves an F1 score of 85%, outperforming GPT-4o by 5% and Qwen by 30%")
    assert [(c.evidence.text, c.agrees) for c in align(claim[:1], passage)] == [("5%", True)]
    # A whole word: "10 lessons" states no change.
    assert parse_quantities("10 lessons")[0].role == "absolute"


def test_the_words_before_a_counted_noun_say_what_is_counted():
    claim = parse_quantities("Each query has about 15 annotated relevant papers on average.")
    passage = "On average, each query required the annotators to review 76 candidate papers."
    (check,) = align(claim, parse_quantities(passage), set(content_words(passage)))
    assert check.evidence is None
    (check,) = align(claim, parse_quantities(passage.replace("candidate", "relevant")),
                     set(content_words(passage.replace("candidate", "relevant"))))
    assert check.evidence.text == "76 relevant papers" and check.agrees is False


def test_a_power_of_two_past_the_years_papers_are_dated_is_a_number():
    (check,) = align(parse_quantities("adding a constant shift of 4096 to the token indices"),
                     parse_quantities("Creating a Fake-English sentence by adding a shift of 2048 to token indices."))
    assert check.evidence.value == 2048 and check.agrees is False
    assert parse_quantities("trained in 2019 and released in 2038") == []


def test_a_participle_before_a_counted_noun_is_no_unit():
    (claim, _) = parse_quantities("Of 100 sampled AutoScholarQuery query-paper pairs, 84.0% were qualified.")
    assert claim.unit == "pair"
    (check,) = align([claim], parse_quantities("we sampled 100 query-paper pairs and assessed each"))
    assert check.agrees is True


def test_a_verb_in_the_past_after_a_number_is_no_unit():
    claim = parse_quantities("For the re-weighted loss, a gamma of 2 worked best among the values from 1 to 5.")
    assert [(q.text, q.unit) for q in claim] == [("2", None), ("1", None), ("5", None)]
    checks = align(claim, parse_quantities("we experimented with values from 1 to 5 and the value of 4 it worked best"))
    assert [(c.claim.text, c.evidence.text, c.agrees) for c in checks] == [("2", "4", False), ("1", "1", True), ("5", "5", True)]
    assert [q.unit for q in parse_quantities("with 5 seed values, at 3 speed")] == ["value", "speed"]


def test_a_number_in_scientific_notation_is_a_setting_stated_exactly():
    passage = parse_quantities("The initial learning rate is 5e-5 and other hyperparameters were defaults.")
    assert [(q.value, q.low, q.high) for q in passage] == [(pytest.approx(5e-5), pytest.approx(4.9995e-5), pytest.approx(5.0005e-5))]
    (check,) = align(parse_quantities("trained with an initial learning rate of 1e-5"), passage)
    assert check.agrees is False
    text = "a learning rate of 5e-5"
    assert perturb(text, parse_quantities(text)[0]) == "a learning rate of 8e-5"


def test_a_list_shares_its_unit_and_role():
    found = parse_quantities("improvements of 8.2, 7.5, and 7.0 points")
    assert [(q.value, q.unit, q.role) for q in found] == [(8.2, "points", "delta"), (7.5, "points", "delta"), (7.0, "points", "delta")]


def test_same_quantity_aligned_and_conflict_found():
    claim = parse_quantities("the best models yield an average improvement of 6.1 points on XTREME")
    passage = parse_quantities("On XTREME the best models yield an average improvement of 5.4 points, using 9 tasks.")
    (check,) = align(claim, passage)
    assert check.evidence.text == "5.4 points"
    assert check.agrees is False and check.tolerance == pytest.approx(0.1)


def test_a_value_the_claim_states_elsewhere_is_no_conflict():
    passage = parse_quantities("Smith et al. use original fastText vectors available in 90 languages and construct a "
                               "multilingual embedding space spanning 90 languages.")
    claim = parse_quantities("Smith et al. built a shared space for 90 languages by mapping 89 languages into English.")
    ninety, eighty_nine = align(claim, passage)
    assert ninety.agrees is True
    assert eighty_nine.evidence is None and eighty_nine.agrees is None
    # Where the words around both say it is the same number, the value the claim states elsewhere still conflicts.
    changed = align(parse_quantities("Smith et al. use original fastText vectors available in 135 languages and construct "
                                     "a multilingual embedding space spanning 90 languages."), passage)
    assert [c.agrees for c in changed] == [False, True]
    # The other number still meets a passage value of its own measure that it contradicts.
    rose = align(parse_quantities("accuracy rose from 70.1% to 75.3%"), parse_quantities("accuracy rose from 70.1% to 72.0%"))
    assert [c.agrees for c in rose] == [True, False] and rose[1].evidence.text == "72.0%"


def test_a_count_the_claim_states_of_other_things_is_that_counts_match():
    passage = parse_quantities("We keep the 24 tasks on which the detector labels the model as planning.")
    claim = parse_quantities("Of the 60 tasks analysed, the detector labels the model as planning on 24.")
    assert [c.agrees for c in align(claim, passage)] == [None, None]
    # Where the claim's other number is not the passage's, the passage's count still conflicts with its 60.
    other = parse_quantities("Of the 60 tasks analysed, the detector labels the model as planning on 13.")
    assert [(c.evidence.text if c.evidence else None, c.agrees) for c in align(other, passage)][0] == ("24 tasks", False)
    # Counted under other nouns: "ten follow-ups" is the passage's "10 questions", no conflict for the 3,000.
    (total,) = [c for c in align(parse_quantities("Each of the 300 queries gets ten follow-ups, 3,000 questions in all."),
                                 parse_quantities("We sample 10 different questions for each query."))
                if c.claim.value == 3000]
    assert total.agrees is None


def test_a_value_of_three_digits_the_passage_states_as_written_is_the_claims_wherever_it_stands():
    passage = parse_quantities("Raters agreed on 91.2% of items for the first model, 88.5% for the second and 94.7% "
                               "for the third.")
    (same,) = align(parse_quantities("For the third model, raters agreed on 94.7% of items."), passage)
    assert same.evidence.text == "94.7%" and same.agrees is True
    (changed,) = align(parse_quantities("For the third model, raters agreed on 95.7% of items."), passage)
    assert changed.agrees is False


def test_sizes_of_one_measure_are_computed_in_one_unit():
    passage = parse_quantities("All experiments are done on 2 Tesla V100 GPUs and the whole pipeline takes about 1-2 hours.")
    (minutes,) = [c for c in align(parse_quantities("Training took roughly 20 minutes on two Tesla V100 GPUs."), passage)
                  if c.claim.unit == "minute"]
    assert minutes.evidence.text == "1-2 hours" and minutes.agrees is False and "one family" in minutes.why
    (days,) = align(parse_quantities("Pretraining takes 2.5 days on Wikipedia."),
                    parse_quantities("Pretraining on a Wikipedia sample takes 60 hours."))
    assert days.agrees is True and days.tolerance == pytest.approx(0.05)  # 2.5 as written, in days
    (size,) = align(parse_quantities("The corpus of filtered CommonCrawl data is 2.5TB."),
                    parse_quantities("The filtered CommonCrawl data corpus is 2,500GB."))
    assert size.agrees is True
    # Hours are no bytes.
    (other,) = align(parse_quantities("The corpus of filtered CommonCrawl data is 2.5TB."),
                     parse_quantities("The filtered CommonCrawl data corpus took 2 hours."))
    assert other.evidence is None

def test_a_percentage_and_the_fraction_a_table_writes_are_one_value():
    (share,) = align(parse_quantities("The crawler reaches a recall of 79.3% on the test set."),
                     parse_quantities("On the test set the crawler's recall is 0.7931."))
    assert share.agrees is True and "fraction read as a percentage" in share.why
    assert share.tolerance == pytest.approx(0.05 + 0.005)  # 79.3 as written, 0.7931 as 79.31
    (bound,) = align(parse_quantities("Accuracy never reaches 100% unless more than 95% of the data is used."),
                     parse_quantities("Accuracy never reaches 100% unless most of the data is used, α > 0.95."))[1:]
    assert bound.agrees is True
    # Either way round, and a changed value is refuted in both readings.
    (changed,) = align(parse_quantities("The crawler reaches a recall of 0.81 on the test set."),
                       parse_quantities("On the test set the crawler's recall is 76%."))
    assert changed.agrees is False
    # A bare decimal may be points: a gain of 0.5 is a gain of 0.5%, not of 50%.
    (gain,) = align(parse_quantities("Fine-tuning gives a gain of 0.5% in accuracy."),
                    parse_quantities("Fine-tuning gives an accuracy gain of 0.5."))
    assert gain.agrees is True and "fraction" not in gain.why



def test_times_abbreviated_as_run_time_tables_write_them():
    assert [(q.text, q.value, q.unit, q.comparator) for q in parse_quantities("BERT-base, 100 epochs | ∼4h")][1:] == [
        ("4h", 4.0, "hour", "~")]
    assert [(q.value, q.unit) for q in parse_quantities("35min for the small model and 12 hrs for the large")] == [
        (35.0, "minute"), (12.0, "hour")]
    (hours,) = align(parse_quantities("Pretraining takes about 240 minutes."), parse_quantities("Pretraining | ∼4h"))
    assert hours.agrees is True
    # A name is no time: "H100", "4 heads".
    assert parse_quantities("on H100 GPUs") == [] and parse_quantities("with 4 heads")[0].unit == "head"


def test_one_before_a_name_is_its_article_not_a_count():
    assert [q.text for q in parse_quantities("It trains in under 40 minutes on one GeForce GTX 1080Ti.")] == ["40 minutes"]
    assert [q.value for q in parse_quantities("It trains on one GPU and eight TPUs.")] == [1.0, 8.0]


def test_rounded_claim_agrees_with_precise_evidence():
    (check,) = align(parse_quantities("improves accuracy by 8 points"), parse_quantities("which improves accuracy by 8.2 points"))
    assert check.agrees is True


def test_unrelated_numbers_are_not_aligned():
    claim = parse_quantities("We use hidden size 64.")
    passage = parse_quantities("The batch size of 256 and learning rate were tuned for this section using BERT-base.")
    from claims.text import content_words

    (check,) = align(claim, passage, set(content_words("The batch size of 256 and learning rate were tuned for this section using BERT-base.")))
    assert check.evidence is None and check.agrees is None


def test_perturb_changes_exactly_one_number():
    text = "yields 8.2, 7.5 and 7.0 points on nine tasks"
    quantities = parse_quantities(text)
    assert perturb(text, quantities[1]) == "yields 8.2, 11.2 and 7.0 points on nine tasks"
    assert perturb(text, quantities[3]) == "yields 8.2, 7.5 and 7.0 points on 12 tasks"
    text = "trained on a thousand tokens"
    assert perturb(text, parse_quantities(text)[0]) == "trained on three thousand tokens"


def test_a_bare_count_in_the_thousands_is_compared_with_a_count_of_things():
    passage = parse_quantities("The model F1 score increases with the amount of data at the beginning and plateaued "
                               "around 40K.")
    (check,) = align(parse_quantities("NER F1 grows with the amount of parallel training data at first and plateaus "
                                      "at around 150K sentences."), passage)
    assert check.evidence.text == "40K" and check.agrees is False
    # Not with a count of fewer things: 10,000 words are no number of languages.
    (other,) = align(parse_quantities("translating the 10,000 most frequent words of 90 languages")[1:],
                     parse_quantities("They translate the 10,000 most frequent words."))
    assert other.evidence is None


def test_a_share_in_words_is_a_percentage():
    passage = parse_quantities("We generated a training set of 30K samples with 25% negatives for each language.")
    quarter = parse_quantities("trained on 30K samples per language, a quarter of which were negative examples")
    assert [(q.text, q.value, q.unit) for q in quarter] == [("30K samples", 30_000, "example"), ("a quarter", 25, "%")]
    assert [c.agrees for c in align(quarter, passage)] == [True, True]
    half = parse_quantities("trained on 30K samples per language, half of which were negative examples")
    assert [c.agrees for c in align(half, passage)] == [True, False]
    assert [q.value for q in parse_quantities("Two thirds of the data")] == [pytest.approx(200 / 3)]
    fifths = parse_quantities("For Program Execution, over four fifths of the forgetting instances are alike.")
    assert [(q.value, q.unit, q.comparator) for q in fifths] == [(80, "%", ">=")]
    assert align(fifths, parse_quantities("In Program Execution more than 80% of forgetting instances are alike."))[0].agrees
    assert [q.value for q in parse_quantities("one fifth of the instances")] == [20]
    # Not a share of anything: no number.
    assert parse_quantities("in half precision") == []
    text = "half of which were negatives"
    assert perturb(text, parse_quantities(text)[0]) == "a quarter of which were negatives"
    text = "The first half of the corpus is English."
    assert perturb(text, parse_quantities(text)[0]) == "The first 25% of the corpus is English."


def test_scaled_word_numbers_and_stemmed_context_align():
    from claims.text import content_words

    passage = "We train a masked language model on one hundred languages, using more than two terabytes of data."
    evidence = parse_quantities(passage)
    assert [(q.text, q.value) for q in evidence][0] == ("one hundred languages", 100)
    (check,) = align(parse_quantities("XLM-R is trained on 50 languages."), evidence, set(content_words(passage)))
    assert check.evidence.text == "one hundred languages" and check.agrees is False


def aligned(claim, evidence):
    """The one check of the claim's one number against the evidence's numbers."""
    (check,) = align(parse_quantities(claim), parse_quantities(evidence))
    return check


def test_bounds_of_one_kind_must_state_the_same_limit():
    bounds = aligned("models that handle more than 4 languages", "models that handle more than one languages")
    assert bounds.agrees is False
    assert aligned("a corpus of at least 3 languages", "a corpus of 5 languages").agrees is True


def test_a_perfect_or_exact_value_allows_no_rounding():
    assert (one("GPT-4o attains a perfect precision of 1.0").low, one("a perfect precision of 1.0").high) == (1.0, 1.0)
    assert (one("exactly 3 layers").low, one("exactly 3 layers").high) == (3.0, 3.0)
    assert aligned("GPT-4o attains a perfect precision of 1.0", "GPT-4o reaches a precision of 0.96").agrees is False
    # Written without the word, "1.0" may be 0.96 rounded.
    assert aligned("GPT-4o attains a precision of 1.0", "GPT-4o reaches a precision of 0.96").agrees is True
    assert aligned("a perfect precision of 1.0", "a precision of 1.00").agrees is True


def test_a_hyphenated_word_is_in_the_passage_when_its_parts_are():
    claim = parse_quantities("Sentence retrieval is far better with layer-8 representations than with layer-0 "
                             "representations (.97 vs .16).")
    passage = ("Retrieval works better with contextualized representations on layer 8 (.97 vs. .16) whereas word "
               "translation works better on layer 0 (.88 vs. .79), as expected.")
    words = set(content_words(passage))
    checks = align(claim, parse_quantities(passage), words)
    assert [(c.evidence.text, c.agrees) for c in checks] == [(".97", True), (".16", True)]
    # A word the passage does not state, hyphenated or not, still counts against the alignment.
    elsewhere = align(parse_quantities("Sentence retrieval is far better with head-8 vectors (.97 vs .16)."),
                      parse_quantities(passage), words)
    assert all(c.evidence is None for c in elsewhere)


def test_a_count_paired_with_another_counts_the_same_thing():
    assert [(q.text, q.unit) for q in parse_quantities("The test set contains 98 positive and 102 negative samples.")] \
        == [("98 positive", "example"), ("102 negative samples", "example")]
    assert [q.unit for q in parse_quantities("5 English and 3 German datasets")] == ["dataset", "dataset"]
    checks = align(parse_quantities("The test set contains 98 positive and 102 negative samples."),
                   parse_quantities("The final test dataset consists of 98 positive samples and 102 negative samples."))
    assert [(c.evidence.text, c.agrees) for c in checks] == [("98 positive samples", True), ("102 negative samples", True)]
    # Two counted nouns of their own stay apart.
    assert [q.unit for q in parse_quantities("trained 3 epochs and 5 steps")] == ["epoch", "step"]


def test_counts_of_one_kind_told_apart_by_another_word_count_other_things():
    def check(claim, passage):
        return align(parse_quantities(claim), parse_quantities(passage))[0]

    claim = "The imitation learning data included 3,011 expand session trajectories."
    other = check(claim, "A total of 3,011 search session trajectories are generated.")
    assert other.agrees is False and "other things counted" in other.why
    # Saying less of what is counted, or describing it in other words, is no other thing.
    assert check(claim, "A total of 3,011 session trajectories are generated.").agrees is True
    assert check("9,978 expand-session trajectories were built.", "In total, 9,978 expand session trajectories are "
                 "constructed.").agrees is True
    assert check("It adds 10 cross-lingual datasets.", "It introduces 10 new datasets.").agrees is True


def test_a_sign_before_a_number_bounds_it():
    bounds = parse_quantities("an error rate of ≤10% on Primality Testing and ≤30% on Graph Connectivity (p < 0.05)")
    assert [(q.text, q.comparator, q.high) for q in bounds] == [("10%", "<=", 10), ("30%", "<=", 30), ("0.05", "<=", 0.05)]
    # 27.8% is within "at most 30%": no refutation.
    (check,) = align(parse_quantities("errs on 27.8% of Graph Connectivity questions"), bounds[1:2])
    assert check.evidence.text == "30%" and check.agrees is None
    assert [q.comparator for q in parse_quantities("accuracy >90% where 3 > 2")] == [">=", "=", "="]


def test_a_change_named_after_an_abbreviation_a_bound_by_exceeding_and_data_counted_as_examples():
    (drop,) = parse_quantities("Removing the system prompt incurs a 4.64 percentage points (pp) drop.")
    assert (drop.unit, drop.role) == ("points", "delta")
    # "exceed 32k tokens" bounds the vocabulary; "exceeds it by 3.2 points" is a change.
    (bound,) = parse_quantities("vocabularies of modern LLMs often exceed 32k tokens")
    (claimed,) = parse_quantities("LLM vocabularies frequently contain more than 32 thousand tokens")
    assert (bound.comparator, bound.role) == (">=", "absolute") and compatible(claimed, bound)
    assert parse_quantities("GPT-4 exceeds it by 3.2 points")[0].role == "delta"
    (data,) = parse_quantities("We sample a subset of SafeChain (1000 vanilla harmful data) for refusal training.")
    (examples,) = parse_quantities("The authors take 1,000 vanilla harmful examples from SafeChain.")
    assert data.unit == examples.unit == "example"
    assert parse_quantities("three data sets")[0].unit == "set"


def test_a_share_written_with_a_slash_a_setting_written_as_key_and_value_and_a_verb_after_a_number():
    (share,) = parse_quantities("For 36/41 of the sleeper agents, the delta exceeds the threshold.")
    claimed = parse_quantities("The delta passed the threshold for 38 of the 41 sleeper agents.")
    assert (share.value, share.unit) == (36, "agent")
    assert align(claimed, [share])[0].agrees is False
    epochs = parse_quantities("Training: learning rate: 0.001, epochs: 3.")[-1]
    (five,) = parse_quantities("The model was fine-tuned for five epochs.")
    assert epochs.unit == five.unit == "epoch" and compatible(five, epochs)
    assert parse_quantities("0.557 represents a 45% relative gain")[0].unit is None


def test_points_written_as_pp_a_loss_as_a_change_and_hardware_counted_by_its_name():
    (pp,) = parse_quantities("removing the system prompt decreases Mistral's VISAGE score by 53.33pp.")
    (lost,) = parse_quantities("Without its system prompt, Mistral loses 53.33 percentage points of VISAGE score.")
    assert (pp.unit, pp.role) == (lost.unit, lost.role) == ("points", "delta") and align([lost], [pp])[0].agrees
    # A multiplier before a product's name counts the things named, past the names ("H200" is a GPU, no hours; "A100"
    # no article "A").
    (gpus,) = parse_quantities("All experiments are performed on 8× NVIDIA RTX4090 GPUs.")
    (eight,) = parse_quantities("The runs used eight NVIDIA RTX4090 GPUs.")
    assert gpus.unit == eight.unit == "gpu" and align([eight], [gpus])[0].agrees
    assert [parse_quantities(text)[0].unit for text in ("a machine with eight H200 GPUs", "on 8 NVIDIA A100 GPUs",
                                                        "3 GPT-4 responses")] == ["gpu", "gpu", "response"]
    assert parse_quantities("a 3× speedup over the baseline")[0].unit == "x"
    # Apart from the number, or before the maker's name without a space, as hardware sections write them.
    (four,) = parse_quantities("On the hardware side, a total of 4 × A100-80G GPUs were used for the experiments.")
    assert (four.value, four.unit) == (4, "gpu")
    assert align(parse_quantities("The experiments were run on eight A100-80G GPUs in total."), [four])[0].agrees is False
    assert parse_quantities("trained on 8×NVIDIA H800(80GB)")[0].unit == "gpu"


def test_a_year_before_what_it_counts_a_size_written_as_an_adjective_and_a_scores_name_in_capitals():
    (tokens,) = parse_quantities("Responses are generated with a maximum length of 2000 tokens.")
    (claimed,) = parse_quantities("Generations were capped at 4,000 tokens.")
    assert (tokens.value, tokens.unit) == (2000, "token") and align([claimed], [tokens])[0].agrees is False
    assert parse_quantities("In 2019 BERT was released.") == [] and parse_quantities("as of 2020, the") == []
    (dims,) = parse_quantities("We use 384-dimensional dense embeddings.")
    (stated,) = parse_quantities("The encoder produces embeddings with 768 dimensions.")
    assert dims.unit == stated.unit == "dimension" and align([stated], [dims])[0].agrees is False
    (score,) = parse_quantities("PACT scores 0.885 CoSA, well above the baseline.")
    (bare,) = parse_quantities("PACT (0.885) outperforms the baseline.")
    assert score.unit is None and align([score], [bare])[0].agrees
    # A name in capitals that what follows it is counted by stays out of the unit's way.
    assert parse_quantities("trained on 8 NVIDIA GPUs")[0].unit == "gpu"
    assert parse_quantities("over the 16 JailBreakV-28k safety policies")[0].unit is not None


def test_a_power_of_ten_as_a_pdf_flattens_it_is_a_setting_stated_exactly_and_binary_sizes_are_sizes():
    flattened = parse_quantities("Identical hyperparameters (learning rate = 2 × 10−4, effective batch size = 8).")[0]
    (written,) = parse_quantities("a learning rate of 0.0002")
    assert flattened.value == pytest.approx(2e-4) and align([written], [flattened])[0].agrees
    assert parse_quantities("Training: learning rate: 10−5, epochs: 3")[0].value == pytest.approx(1e-5)
    assert parse_quantities("lr of 1.5 x 10^{-3}")[0].value == pytest.approx(1.5e-3)
    # A hyphen or dash after a 10 writes a range, and a setting written as a power is not rounded to its one digit.
    assert [(q.low, q.high) for q in parse_quantities("then 10-20 more rounds")] == [(10, 20)]
    (claimed,) = parse_quantities("GRPO is trained with a learning rate of 1e-4.")
    (stated,) = parse_quantities("Learning Rate | 5 × 10−5")
    assert align([claimed], [stated])[0].agrees is False
    (gib,) = parse_quantities("The 46 GiB GPUs were too slow.")
    assert (gib.value, gib.unit) == (46, "GB")


def test_counts_described_in_other_words_count_the_same_things():
    # unseen32/33: "41 random number sequences" against "21 instances of random number sequences", "2,224 detection
    # tasks" against "2224 data contamination detection tasks" were left unpaired ("no number of the measure").
    (instances, bits) = parse_quantities("We find 21 instances of random number sequences with at least 50 bits.")
    (claimed,) = parse_quantities("The authors counted 41 random number sequences.")
    assert (instances.unit, bits.unit) == ("sequence", "bit") and align([claimed], [instances])[0].agrees is False
    assert parse_quantities("100 examples of the test set")[0].unit == "example"
    (tasks,) = parse_quantities("DETCON contains 2224 data contamination detection tasks, covering two domains")[:1]
    (stated,) = parse_quantities("DETCON comprises 2,224 detection tasks.")
    assert tasks.unit == "task" and align([stated], [tasks])[0].agrees
    assert parse_quantities("1000 vanilla harmful data")[0].unit == "example"


def test_by_before_who_did_it_states_a_count_not_a_change():
    (volunteers,) = parse_quantities("The analysis was annotated by eight graduate student volunteers.")
    assert (volunteers.unit, volunteers.role) == ("volunteer", "absolute")
    assert parse_quantities("labelled by 3 annotators")[0].role == "absolute"
    assert [q.role for q in parse_quantities("accuracy improved by 5 points; the model was reduced by 3 layers")] == [
        "delta", "delta"]
    assert parse_quantities("the baseline was beaten by 5 points")[0].role == "delta"


def test_people_described_with_more_words_are_counted_alike_other_compounds_are_not():
    (volunteers,) = parse_quantities("The study recruited 12 graduate student volunteers as annotators.")
    (students,) = parse_quantities("We recruited 10 graduate students as annotators.")
    assert compatible(volunteers, students) and compatible(students, volunteers)
    (check,) = align([volunteers], [students])
    assert check.evidence is students and check.agrees is False
    # "3 model sizes" are no models.
    (sizes,) = parse_quantities("We train 3 model sizes.")
    (models,) = parse_quantities("We train 5 models.")
    assert not compatible(sizes, models)
    # People with no role named count whoever took part; two roles are two groups.
    (people,) = parse_quantities("an online study in which 72 people took part")
    (participants,) = parse_quantities("an online study (N participants = 64) to evaluate the profiles")
    (annotators,) = parse_quantities("the profiles were labelled by 5 annotators")
    assert compatible(people, participants) and compatible(participants, people)
    assert align([people], [participants])[0].agrees is False
    assert not compatible(annotators, participants)


def test_a_number_with_decimals_before_a_singular_noun_is_a_measure_not_a_count():
    # unseen52's "averaging 0.565 success" is the passage's "mean success rate of 0.565", and unseen57's "5% of each
    # cluster's tokens" its "a 0.05 fraction of tokens": nothing comes in 0.565 pieces.
    (success,) = [q for q in parse_quantities("MC-style feedback is strongest, averaging 0.565 success") if q.decimals]
    assert success.unit is None and compatible(success, one("with a mean success rate of 0.565"))
    claim = "GlitchHunter samples just 5% of each cluster's tokens for validation."
    passage = "only a 0.05 fraction of tokens from each cluster is sampled for validation"
    (check,) = align(parse_quantities(claim), parse_quantities(passage), set(passage.lower().split()))
    assert check.evidence.text == "0.05" and check.agrees is True
    # A plural still counts, and a size is still a size.
    assert one("trained for 1.5 epochs").unit == "epoch" and one("a 2.5 hour run").unit == "hour"


def test_problems_and_samples_of_a_data_set_are_counted_alike():
    (problems,) = parse_quantities("we evaluate on a subset of 64 problems drawn from MATH500")
    (samples,) = parse_quantities("accuracy on the 32 samples from the MATH500 dataset")
    assert compatible(problems, samples) and align([problems], [samples])[0].agrees is False
    assert one("three benchmarks").unit == one("three datasets").unit == "dataset"


def test_a_percentage_larger_or_faster_than_another_is_a_change():
    for text in ("the norm is about 250 percent larger than", "it runs 20% faster", "a 40% smaller model"):
        assert one(text).role == "delta", text
    assert one("5 larger models").role == "absolute" and one("5% of the data").role == "absolute"


def test_things_listed_after_their_noun_are_counted():
    def counted(text):
        return [(q.value, q.unit, q.text) for q in listed_counts(text)]

    # The list after the noun nearest to it, whether after a colon, in parentheses or as names and numbers.
    seeds = "The run lasts 500k steps, starting from random seeds 0, 1, 2, and 3."
    assert counted(seeds) == [(4, "seed", "0, 1, 2, and 3")]
    assert counted("We report three metrics: run time, token consumption, and turns.")[0][:2] == (3, "metric")
    assert counted("We use two datasets (SST-2 and IMDB) throughout.") == [(2, "dataset", "SST-2 and IMDB")]
    assert counted("We evaluate the models GPT-4, Claude and Gemini.")[0][:2] == (3, "model")
    # Words going on about the noun, examples and single things are no list.
    for text in ("We sample questions for randomly sampled head, torso, and tail entities.",
                 "All layers in attention and MLP use no bias.", "On tasks such as QA and NLI.",
                 "We report results, analysis, and discussion."):
        assert counted(text) == []


def test_a_count_of_listed_things_is_compared_and_no_longer_unstated():
    passage = "The optimization process lasts 500k steps, starting from random seeds 0, 1, 2, and 3."
    for claim, agrees in (("The optimization process starts from four random seeds.", True),
                          ("The optimization process starts from five random seeds.", False)):
        (check,) = [c for c in _numbers(claim, parse_quantities(claim), passage) if c.claim.unit == "seed"]
        assert (check.evidence.text, check.agrees) == ("0, 1, 2, and 3", agrees)
        assert _unmeasured(parse_quantities(claim), passage) == []


def test_a_number_two_decimals_finer_than_the_passage_s_is_not_confirmed_by_it():
    # unseen62's "an overall VTI of 0.392" was supported by a figure's "0.4 VTI", and a read set's "Jaccard similarity
    # of 0.602" by a "1": the passage's number may round the claim's, and may as well round 0.36 or 0.44.
    assert values_agree(one("an overall VTI of 0.392"), one("an overall VTI of 0.4")) is None
    assert values_agree(one("an overall VTI of 0.392"), one("an overall VTI of 0.5")) is False
    # One decimal finer is a value rounded as papers round it, in prose against a table.
    assert values_agree(one("reaches 76.24 on XNLI"), one("reaches 76.2 on XNLI")) is True


def test_a_value_given_to_a_variable_is_compared_only_with_that_variable_s():
    # unseen63: "a local order of p = 25" against "𝑝= 15" (a PDF's math italic p) is one variable's two values;
    # "N=5.06M" and "p = 42" are two variables, and 5.06M was once refuted by 42.
    claim, passage = one("a local order of p = 25 remains feasible"), one("experiments show that 𝑝= 15 remains viable")
    assert (claim.unit, passage.unit) == ("=p", "=p") and values_agree(claim, passage) is False
    size, order = parse_quantities("For HPS with N=5.06M and p = 42")
    assert (size.unit, order.unit) == ("=N", "=p") and not compatible(size, order)
    assert one("the sparsity parameter k equals 1").unit == "=k" and one("with k set to 5").unit == "=k"
    # Not a variable's: an article, a sample's size in parentheses (counted as before), a value after a comparison.
    assert one("a set to 3").unit is None and one("on a sample (n=200)").text == "200"
    assert one("significant at p < 0.05").unit is None and one("with top-k of 5").unit is None
    # A count named after the value is what it counts: "n = 8, 290 HAP-E texts" counts texts.
    assert one("there were n = 8, 290 HAP-E texts").unit == "text"


def test_a_case_glossed_in_parentheses_and_the_terms_of_a_formula_are_no_quantities():
    # unseen63: "(l = 2)" names the case "a conic" names; "3d−2 points" and "2n + 1" are formulas, whose terms once
    # refuted "−2 generic points" and supported "2n − 1".
    assert [q.text for q in parse_quantities("curves tangent to a conic (l = 2) yield 96 curves")] == ["96 curves"]
    for text in ("go through 3d−2 generic points", "of pure dimension 2n + 1", "the 6d −3 × 6d −3 matrix",
                 "we choose p = q + 1"):
        assert parse_quantities(text) == [], text
    # A model's name is no variable: "GPT-4o + 5 points" still gains 5 points.
    assert one("GPT-4o + 5 points").value == 5


def test_numbers_a_pdf_writes_apart_are_read_whole():
    # unseen62: "n = 8, 290 HAP-E texts" (the thousands apart by a comma and a space) is 8,290 after "=", and a list
    # elsewhere; unseen63: "tolerance 10−10." is a power of ten at a sentence's end.
    assert one("there were n = 8, 290 HAP-E texts").value == 8290
    assert [q.value for q in parse_quantities("scores of 8, 290 and 300")] == [8, 290, 300]
    assert one("with gradient norm tolerance 10−10.").value == pytest.approx(1e-10)
    # unseen60: in prose too where the groups are 000 ("for 100, 000 iterations" was refuted by a "10"); no list
    # has an item "000".
    assert one("for 100, 000 gradient descent iterations").value == 100_000
    assert [q.value for q in parse_quantities("after 10, 000, 20, 000 and 50, 000 steps.")] == [10_000, 20_000, 50_000]


def test_years_and_decades_are_sizes_of_time():
    # unseen60: "for over thirty years" is "for more than three decades"; "Nicaise 35 years ago" states a time, not a
    # version of a name, and refutes "roughly 25 years before".
    assert values_agree(one("used for over thirty years"), one("used for more than three decades")) is True
    assert values_agree(one("took 12 months"), one("took one year")) is True
    found = one("discovered by Nicaise 35 years ago")
    assert (found.value, found.unit) == (35, "year")
    assert values_agree(one("found roughly 25 years before"), found) is False
    # "Llama 2 models" inside a sentence still names a model.
    assert parse_quantities("we fine-tune Llama 2 models") == []


def test_a_power_of_ten_whose_superscript_a_pdf_lost():
    # unseen63: "by a factor of 104" (10^4) refuted "a factor of ten thousand"; unseen64: "with 107 samples" (10^7)
    # refuted "ten million samples". Another number is still refuted by it, and a claim's 100 by a "102" is not a power.
    assert values_agree(one("dominated by a factor of ten thousand"), one("dominated (by a factor of 104)")) is True
    assert values_agree(one("with ten million samples"), one("with 107 samples")) is True
    assert values_agree(one("dominated by a factor of one thousand"), one("dominated (by a factor of 104)")) is False
    assert values_agree(one("trained on 100 samples"), one("trained on 102 samples")) is False
    assert values_agree(one("trained on 100,000 samples"), one("trained on 1005 samples")) is False


def test_updates_count_iterations():
    # unseen60: "100,000 mini-batch updates" against "trained for 200,000 iterations (mini-batch updates)".
    [check] = align(parse_quantities("Every RNN experiment ran for 100,000 mini-batch updates."),
                    parse_quantities("All RNN experiments were trained for 200,000 iterations (mini-batch updates)."))
    assert (check.evidence.text, check.agrees) == ("200,000 iterations", False)


def test_a_range_between_two_numbers_in_words():
    # unseen62: "between two and five times as frequently" holds for "2.6 times the rate".
    spread = one("clauses between two and five times as frequently as humans")
    assert (spread.comparator, spread.low, spread.high, spread.unit) == ("range", 2, 5, "x")
    assert values_agree(spread, one("clauses at 2.6 times the rate of humans")) is True


def test_a_superlative_s_most_is_passed_over_to_what_is_counted():
    # unseen61: "the 20 most activating contexts" against "the 50 top-activating contexts" counts contexts.
    assert one("the 20 most activating contexts are sent").unit == "context"
    assert one("the 10 least frequent words").unit == "word"


def test_a_word_number_joined_into_a_kind_counts_nothing():
    # unseen65: "one-hot observed samples" was read as one sample and refuted "10,000 generated training samples".
    for text in ("one-hot observed samples", "a one-to-one mapping", "a two-sided t-test", "a one-vs-rest classifier",
                 "single- and double-layer potential matrices"):
        assert parse_quantities(text) == [], text
    assert one("a three-layer MLP").value == 3


def test_a_change_by_an_approximate_amount_is_a_change():
    # unseen65: "drops the performance by ∼15 points" was read as a score of 15 points.
    assert (one("drops the performance by ∼15 points").role, one("reduces accuracy by about 15 points").role) == (
        "delta", "delta")


def test_a_range_s_second_end_keeps_its_scale_letter():
    # unseen65: "between 4K and 128K" was the range 128 to 4000.
    span = one("at every evaluated length between 4K and 128K tokens")
    assert (span.low, span.high, span.unit) == (4000, 128000, "token")
    assert one("3-5 Mbps").high == 5


def test_citation_numbers_are_no_quantities():
    # unseen65: "Llama [70, 18]" stated 70 and 18 of the models the claim counted.
    assert parse_quantities("across the Pythia [8], Llama [70, 18], and DeepSeek-R1 [30] model families") == []
    assert [q.value for q in parse_quantities("batch sizes in [16, 32, 64]")] == [16, 32, 64]
    # One number in brackets is a citation wherever it stands.
    assert parse_quantities("as shown in [12], and with k = [5]") == []


def test_years_listed_together_are_years():
    assert [q.text for q in parse_quantities("Apart from the 2014 and 2015 surveys, they cite six surveys")] == [
        "six surveys"]
    assert one("a corpus of 1990 papers").value == 1990


def test_a_maximum_is_a_bound_compared_with_the_claim_s_bound():
    # unseen62: "up to 8,192 tokens" was supported by "up to a global maximum of 4,096 tokens", inside the bound.
    bound = one("up to a global maximum of 4,096 tokens")
    assert bound.comparator == "<="
    assert values_agree(one("traces of up to 8,192 tokens"), bound) is False


def test_a_number_worded_otherwise_among_the_same_words_may_be_the_claim_s_measure():
    # unseen60: the claim's "25 examples per mini-batch" and the passage's "a mini-batch size of 21".
    claim = "In the RNN experiments, the reduced-batch variant was trained with 25 examples per mini-batch."
    passage = ("The reduced batch experiment used a mini-batch size of 21, while the others used a mini-batch size "
               "of 150.")
    assert [q.text for q in _unmeasured(parse_quantities(claim), passage)] == ["25 examples"]
    assert _unmeasured(parse_quantities(claim), passage, worded=True) == []
    # The same value so worded is no number a contradiction is read from; nor a model's size or a p-value.
    assert _unmeasured(parse_quantities(claim), passage.replace("21", "25"), worded=True) != []
    tested = parse_quantities("Fisher's exact test gave p = 0.014 with an odds ratio of 4.11.")[:1]
    assert _unmeasured(tested, "compliance rose (p < 0.0001; odds ratio = 5.09)", worded=True) == tested


def test_a_year_written_short_after_a_name_is_no_number():
    # unseen66: "WMT '14" read as 14 found the claim's "27" unstated among the passage's numbers.
    assert [q.value for q in parse_quantities("trained on WMT '14 English-German with 4.5M pairs")] == [4.5e6]
    assert parse_quantities("the NeurIPS’21 paper") == []
    assert [q.value for q in parse_quantities("the value '14' here")] == [14.0]


def test_a_fraction_in_digits_is_a_share():
    # unseen61: "about 2/3rds of the way through the network" against the claim's "two thirds of the way".
    claim, passage = parse_quantities("roughly two thirds of the way"), parse_quantities("about 2/3rds of the way")
    assert (passage[0].value, passage[0].unit) == (pytest.approx(200 / 3), "%")
    assert values_agree(claim[0], passage[0]) is True
    assert [q.value for q in parse_quantities("scored 3/5 on the task")] == [3.0]  # no share of anything


# Two rounded values whose spans only touch differ; a whole number of a larger unit compared in a smaller one is the
# span it rounds (unseen62: "a fixed two-week window (March 1-15, 2026)" for "the first fifteen days of March").
@pytest.mark.parametrize(("claim", "passage", "agreed"), [
    ("76.2%", "76.3%", False), ("74.5 F1", "74.6 F1", False), ("76.2%", "76.2%", True), ("1e-10", "10−10", True),
    ("fifteen days", "a fixed two-week window", True), ("10 days", "a fixed two-week window", False),
    ("2 weeks", "15 days", True), ("one month", "30 days", True), ("2 weeks", "3 weeks", False),
    ("more than five days", "5 days", True),  # in one unit a size is as stated
])
def test_rounded_values_and_sizes_in_other_units(claim, passage, agreed):
    assert values_agree(parse_quantities(claim)[0], parse_quantities(passage)[0]) is agreed


def test_hours_written_hrs_and_verbs_after_a_number():
    # unseen66: "ran for approximately 7.5hrs for Tetrominoes, 24hrs for multi-dSprites"; "64 ran" counts nothing.
    found = parse_quantities("a batch size of 64 ran for approximately 7.5hrs, 24hrs for multi-dSprites")
    assert [(q.value, q.unit) for q in found] == [(64.0, None), (7.5, "hour"), (24.0, "hour")]
    assert [(q.value, q.unit) for q in parse_quantities("a batch of 64 occupies 20 GB")] == [(64.0, None), (20.0, "GB")]
    assert [q.unit for q in parse_quantities("it needs 3 uses")] == ["use"]  # a plural noun, no object after it
    assert [q.unit for q in parse_quantities("the 150 kept activations")] == ["activation"]
    # unseen61: "the one trained without it" is a pronoun, not a count.
    assert parse_quantities("converges more slowly than the one trained without it") == []


def test_thousands_apart_by_plain_spaces_before_what_they_count():
    # unseen67: "a reduced generating set of 10 657 positive implications" was read as 10 and 657.
    found = parse_quantities("a reduced generating set of 10 657 positive implications and 586 925 negative ones")
    assert [(q.value, q.unit) for q in found][:1] == [(10657.0, "implication")]
    assert [q.value for q in parse_quantities("There are 298 012 537 laws of order up to 8")] == [298012537.0, 8.0]
    assert [q.value for q in parse_quantities("hidden sizes 64 128 256 were tried")] == [64.0, 128.0, 256.0]


def test_one_thing_at_a_time_counts_nothing():
    # unseen64: "report one box at a time", "from one generation to the next" state no number a passage owes.
    assert parse_quantities("Prompting GPT to report one box at a time gave higher accuracy") == []
    assert parse_quantities("the number of edits shrinking from one generation to the next") == []
    # Only the idiom's own "one": a count before it stands.
    assert [q.value for q in parse_quantities("The judge scored one model and one box at a time")] == [1.0]
    assert [q.value for q in parse_quantities("one box held a key")] == [1.0]


def test_a_power_of_ten_flattened_after_a_mantissa_and_a_version_before_a_tier():
    # unseen68: "5 × 108 tokens" is 5e8 tokens (it was 5 "times"); "(versions 1.0 Pro and 1.5 Pro)" names models.
    assert [(q.value, q.unit) for q in parse_quantities("Training runs for 5 × 108 tokens")] == [(5e8, "token")]
    assert [q.value for q in parse_quantities("a 2 × 1024 grid")] == [2.0, 1024.0]
    assert parse_quantities("Gemini 1.5 Pro is better than the others") == []
    assert parse_quantities("the Gemini models (versions 1.0 Pro and 1.5 Pro) both stopped") == []


def test_words_going_on_after_a_plural_are_no_list_of_its_things():
    # unseen80: "layers 8-23—out of 32 in LLaMa and Qwen" was read as two layers, and "hours (about 3 and a half
    # days)" as two hours, each refuting a claim that states the paper's own numbers.
    assert listed_counts("We focus on middle layers (i.e. layers 8-23—out of 32 in LLaMa and Qwen) where") == []
    assert listed_counts("it required almost 83 hours (about 3 and a half days) of playtime") == []
    # Names with a small word between capitalised ones are still listed.
    methods = "We compare the methods Chain of Thought, Tree of Thoughts and ReAct."
    assert [q.value for q in listed_counts(methods)] == [3]
    passage = "Nevertheless, it required almost 83 hours (about 3 and a half days) of playtime besides training."
    claim = "Rainbow DQN required close to 83 hours of game play, on top of training time."
    # "close to" approximates as "almost" does.
    stated = parse_quantities(passage) + listed_counts(passage)
    assert [c.agrees for c in align(parse_quantities(claim), stated)] == [True]


def test_half_of_a_scale_and_a_scale_joined_by_a_hyphen():
    # unseen80: "nearly half a billion examples" was a billion, against the paper's "close to 500 million".
    assert one("nearly half a billion examples").value == 5e8
    assert values_agree(one("nearly half a billion examples"), one("close to 500 million training examples")) is True
    # unseen82: "one-million-latent SAEs" was one SAE.
    assert one("the roughly one-million-latent SAEs").value == 1e6


def test_two_numbers_in_words_either_side_of_or_are_a_range():
    # unseen80: "two or three epochs" was two numbers, the second paired with another passage's "1 epoch".
    span = one("the authors limited training to two or three epochs")
    assert (span.comparator, span.low, span.high, span.unit) == ("range", 2, 3, "epoch")
    assert values_agree(span, one("keep training within 2-3 epochs")) is True


def test_a_model_s_size_in_its_name_is_none_whatever_words_follow():
    # unseen82: "the Gemma 2 9B mid-network MLP-output SAEs" stated nine billion SAEs against "131K-width SAEs".
    assert parse_quantities("In the Gemma 2 9B mid-network MLP-output SAEs, loss peaks early.") == []
    assert [q.value for q in parse_quantities("131K-width SAEs trained on the middle layer")] == [131000]
    # unseen82: a sentence's first word is no model, and a size joined to the next word by a hyphen is an adjective.
    assert [q.value for q in parse_quantities("The 1M-width Gemma Scope SAEs hold more dead latents.")] == [1e6]
    assert [q.unit for q in parse_quantities("The 7B model and Our 13B model")] == ["model", "model"]
