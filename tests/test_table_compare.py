"""Comparisons of things in a table, computed from their cells: which rows, which measure, which way."""

import numpy as np
import pytest

from claims.decide import decide
from claims.numbers import parse_quantities
from claims.passages import RowCells
from claims.table_compare import compare, written_rows

# Made for these tests in SciTab's written form: two data sets as groups of rows, systems in rows.
AMR = """Table 2: BLEU and METEOR scores on the test sets of LDC2015E86 and LDC2017T10.
Columns: Model | BLEU | METEOR
LDC2015E86 | LDC2015E86 | LDC2015E86
Guo et al. (2019) | <bold>25.70</bold> | -
S2S | 22.55 ± 0.17 | 29.90 ± 0.31
G2S-GGNN | 24.32 ± 0.16 | <bold>30.53</bold> ± 0.30
LDC2017T10 | LDC2017T10 | LDC2017T10
Damonte and Cohen (2019) | 24.54 | 24.07
Guo et al. (2019) | 27.60 | -
S2S | 22.73 ± 0.18 | 30.15 ± 0.14
G2S-GGNN | <bold>27.87</bold> ± 0.15 | <bold>33.21</bold> ± 0.15"""

# Systems in columns, measures in rows; perplexity, where lower is better.
LM = [RowCells(label="Perplexity", cells=(("LSTM", "82.1"), ("Transformer", "64.3"), ("MIL", "90.0"), ("MIL-ND", "70.2"))),
      RowCells(label="Accuracy", cells=(("LSTM", "61.0"), ("Transformer", "66.5"), ("MIL", "58.1"), ("MIL-ND", "63.0")))]


@pytest.fixture(scope="module")
def amr():
    return written_rows(AMR)


def test_a_written_table_reads_as_rows_under_their_groups(amr):
    assert [r.label for r in amr][:3] == ["Guo et al. (2019)", "S2S", "G2S-GGNN"]
    assert {r.group for r in amr} == {"LDC2015E86", "LDC2017T10"}
    assert amr[2].cells == (("BLEU", "24.32 ± 0.16"), ("METEOR", "30.53 ± 0.30"))
    assert written_rows("A caption\nno columns line\nx | 1") is None


@pytest.mark.parametrize("claim, holds", [
    ("In LDC2017T10, G2S-GGNN achieves a higher BLEU score than Guo et al. (2019).", True),
    ("In LDC2017T10, G2S-GGNN achieves a lower BLEU score than Guo et al. (2019).", False),
    ("In LDC2015E86, Guo et al. (2019) outperforms G2S-GGNN on BLEU.", True),
    ("In LDC2015E86, Guo et al. (2019) outperforms G2S-GGNN.", True),  # it has no METEOR: BLEU alone is compared
    ("In LDC2017T10, S2S is outperformed by G2S-GGNN on METEOR.", True),  # passive: the order turns round
    ("In LDC2017T10, S2S does not outperform G2S-GGNN on METEOR.", True),  # negation in the comparison's clause
    ("On LDC2017T10, G2S-GGNN is 0.27 points better than Guo et al. on BLEU.", True),
    ("On LDC2017T10, G2S-GGNN is 3.3 points better than Guo et al. on BLEU.", False),  # right way, wrong size
    # a difference stated with "more than" or "roughly" is a range (5.14 here), not the number alone
    ("On LDC2017T10, G2S-GGNN outperforms S2S by more than 5 points on BLEU.", True),
    ("On LDC2017T10, G2S-GGNN outperforms S2S by more than 6 points on BLEU.", False),
    ("On LDC2017T10, G2S-GGNN outperforms S2S by roughly 5 points on BLEU.", True),
    ("In LDC2017T10, G2S-GGNN achieves the highest METEOR score.", True),
    ("In LDC2015E86, S2S achieves the best BLEU score.", False),
    ("G2S-GGNN outperforms S2S on METEOR.", True),  # no group named: it must hold in each
    ("In LDC2017T10, G2S-GGNN, which uses no external data, outperforms Damonte and Cohen (2019) on BLEU.", True),
])
def test_a_comparison_of_rows_is_computed_from_their_cells(amr, claim, holds):
    result = compare(claim, amr)
    assert result is not None and result.holds is holds
    assert result.reason.startswith("table cells")


@pytest.mark.parametrize("claim", [
    "G2S-GGNN is comparable to Guo et al. (2019) on BLEU.",  # a tie is no direction
    "G2S-GGNN outperforms S2S by 8% on BLEU.",  # a relative difference
    "In LDC2017T10, G2S-GGNN more than doubles the BLEU of S2S.",  # a ratio
    "In LDC2017T10, S2S achieves the second best METEOR score.",  # a rank after the first
    "Among the models without external data, G2S-GGNN achieves the best BLEU.",  # a subset the table does not mark
    "Graph encoders are better than sequence encoders.",  # nothing the table names
])
def test_a_comparison_the_cells_cannot_settle_decides_nothing(amr, claim):
    assert compare(claim, amr) is None


def test_measures_disagreeing_decide_nothing(amr):
    # S2S has the lower BLEU (22.73 vs 24.54) and the higher METEOR (30.15 vs 24.07).
    assert compare("In LDC2017T10, S2S outperforms Damonte and Cohen (2019).", amr) is None


def test_things_in_columns_lower_is_better_and_the_longest_name():
    assert compare("The Transformer has a lower perplexity than the LSTM.", LM).holds
    assert compare("The Transformer is better than the LSTM in perplexity.", LM).holds  # better = lower perplexity
    assert not compare("MIL-ND is worse than MIL in accuracy.", LM).holds  # "MIL-ND" is not "MIL"
    assert compare("MIL has the highest perplexity.", LM).holds


def test_decide_computes_a_comparison_instead_of_reading_it():
    claim = "In LDC2017T10, G2S-GGNN achieves a lower BLEU score than Guo et al. (2019)."
    supports = np.array([[0.9, 0.05, 0.05]])  # the cross-encoder's reading, which the cells overrule
    decision = decide(claim, parse_quantities(claim), [AMR], supports, tables=[written_rows(AMR)])
    assert (decision.label, decision.path) == ("REFUTED", "comparison")
    assert "27.87" in decision.reason and "27.6" in decision.reason


def test_a_table_about_another_subject_decides_nothing():
    claim = "On XNLI, G2S-GGNN achieves a lower BLEU score than S2S."  # XNLI: not this table's
    bears = np.array([[0.45, 0.45, 0.10]])
    decision = decide(claim, parse_quantities(claim), [AMR], bears, tables=[written_rows(AMR)])
    assert decision.path != "comparison"


def test_a_number_the_compared_cells_do_not_hold_leaves_the_comparison_undecided(amr):
    # Higher than Guo et al. it is, but its BLEU is 27.87, not 29.87: the comparison alone must not support it.
    assert compare("In LDC2017T10, G2S-GGNN achieves a BLEU score of 29.87, higher than Guo et al. (2019).", amr) is None
    assert compare("In LDC2017T10, G2S-GGNN achieves a BLEU score of 27.87, higher than Guo et al. (2019).", amr).holds


def test_a_measure_named_with_an_at_sign_is_one_column():
    # "Recall@100" once read as "recall" and "100": it named the column Recall (empty here) and compared nothing.
    search = [RowCells(label=label, cells=(("Recall", "-"), ("Recall@100", at100), ("Recall@20", at20)))
              for label, at100, at20 in (("Google", "0.2535", "0.1834"), ("Google Scholar", "0.2809", "0.1514"))]
    result = compare("Google Scholar obtains a higher Recall@100 than plain Google search (0.2809 vs 0.2535).", search)
    assert result is not None and result.holds and "Recall@100" in result.reason
    assert not compare("Google Scholar obtains a higher Recall@20 than Google.", search).holds
