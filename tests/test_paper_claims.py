"""Claims about whole papers, grouped the way they are searched: one index per paper."""

from claims.paper_claims import PaperClaim, by_paper


def _claim(n: int, arxiv_id: str) -> PaperClaim:
    return PaperClaim(id=f"c{n}", arxiv_id=arxiv_id, label="NOT_ENOUGH_INFO", change="unrelated",
                      claim=f"Claim number {n} about the paper.", page=None)


def test_claims_are_grouped_by_paper_in_id_order_keeping_their_positions():
    claims = [_claim(0, "2502.15654"), _claim(1, "2404.02325"), _claim(2, "2502.15654"), _claim(3, "2404.02325")]
    assert by_paper(claims) == [("2404.02325", [1, 3]), ("2502.15654", [0, 2])]
    assert by_paper([]) == []
