"""Which sentences are claims (findings stated without the usual result words are kept, set-up without a result is
not), and what a claim states."""

import pytest

from claims.extract import is_claim, reported


@pytest.mark.parametrize(("text", "claim"), [
    # findings of 2101.11112's page 6, which no cue caught before
    ("To answer this question, we did a series of experiments with varying number of training examples ranging from "
     "5K to 200K, and the model F1 score increases with the amount of data at the beginning and plateaued around 40K.", True),
    ("News domain performs the best on People's Daily, which is also consistent with intuition.", True),
    ("XLM-R outperforms mBERT on every language of the benchmark.", True),
    ("The data set is described in the next section of this paper.", False),
    ("Results on the remaining languages are listed in the appendix.", False),
])
def test_findings_are_claims_and_descriptions_are_not(text, claim):
    assert is_claim(text) is claim


@pytest.mark.parametrize(("text", "stated"), [
    ("The survey notes that pseudo-bilingual methods are costlier.", "pseudo-bilingual methods are costlier."),
    ("According to the survey, GloVe favours smaller windows.", "GloVe favours smaller windows."),
    ("The authors report that, of the four languages, it works best on Chinese.", "of the four languages, it works best on Chinese."),
    # Not a frame around a statement: the claim is all of it.
    ("The authors attribute the gain to pretraining.", "The authors attribute the gain to pretraining."),
    ("The survey states that", "The survey states that"),
])
def test_a_frame_naming_who_states_a_claim_is_not_what_it_states(text, stated):
    assert reported(text) == stated
