import pytest

from synth.errors import InvalidIdError
from synth.papers.ids import ArxivId, find_id_in_text, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2005.13013", ArxivId("2005.13013")),
        ("2005.13013v2", ArxivId("2005.13013", 2)),
        ("arXiv:2005.13013", ArxivId("2005.13013")),
        ("  arxiv:2005.13013v1 ", ArxivId("2005.13013", 1)),
        ("https://arxiv.org/abs/2005.13013v1", ArxivId("2005.13013", 1)),
        ("http://arxiv.org/pdf/2005.13013v2.pdf", ArxivId("2005.13013", 2)),
        ("https://export.arxiv.org/pdf/2005.13013", ArxivId("2005.13013")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("math.GT/0309136v3", ArxivId("math.GT/0309136", 3)),
        ("https://arxiv.org/abs/hep-th/9901001v1", ArxivId("hep-th/9901001", 1)),
        ("0704.0001", ArxivId("0704.0001")),
    ],
)
def test_accepted_spellings(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2005.1301", "2005.130134", "../../etc/passwd", "2005.13013v0", "hep-th/990100", "abc", "2005.13013/../x"]
)
def test_rejected_spellings_name_the_input(text):
    with pytest.raises(InvalidIdError) as info:
        parse_arxiv_id(text)
    assert "not an arXiv id" in str(info.value)


def test_folder_name_never_contains_a_slash():
    assert parse_arxiv_id("hep-th/9901001v1").folder_name == "hep-th_9901001v1"
    assert str(parse_arxiv_id("hep-th/9901001v1")) == "hep-th/9901001v1"


def test_id_found_in_margin_stamp_and_links():
    assert find_id_in_text("arXiv:2005.13013v2 [cs.CL] 1 Oct 2020") == ArxivId("2005.13013", 2)
    assert find_id_in_text("see https://arxiv.org/abs/1911.02116 for details") == ArxivId("1911.02116")
    assert find_id_in_text("no identifier here, version 2.0") is None
