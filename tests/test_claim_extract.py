"""Which sentences are claims: findings stated without the usual result words are kept, set-up without a result is not."""

import pytest

from claims.extract import is_claim


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
