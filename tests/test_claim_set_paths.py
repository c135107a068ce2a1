"""bench/claim_set_paths.py: the labelled claim sets' held-out claims read by a card, whole and per way of deciding."""

from collections import Counter

from bench_tools import bench_tool
from nli_fixture import write_claimdata

from claims.embed import load_embedder
from claims.labelled import read_claimdata
from claims.training_sets import ClaimItem, claim_split


def _tool():
    return bench_tool("claim_set_paths")


def test_each_set_is_read_whole_and_per_way_of_deciding(tmp_path, capsys):
    shared = tmp_path / "shared"
    write_claimdata(shared / "claimdata", n=60)
    labelled, _ = read_claimdata(shared / "claimdata")
    sets = {name: [ClaimItem(c.dataset, c.claim, c.label, c.passages) for c in labelled
                   if c.dataset == name and claim_split(c) == "test"] for name in ("healthver", "scifact")}
    assert all(sets.values())
    read = _tool().read(None, sets, load_embedder("all-MiniLM-L6-v2", "fp32"), tmp_path / "cache")
    assert [name for name, *_ in read] == ["healthver", "scifact"]
    for name, row, by_key in read:
        items = sets[name]
        assert row["n"] == len(items)
        # Every claim is decided one way: the paths' counts add up to the set, their right verdicts to its accuracy,
        # and the gold labels they stand on to the set's.
        assert sum(n for n, *_ in by_key.values()) == len(items)
        assert abs(sum(n * right for n, right, *_ in by_key.values()) / len(items) - row["accuracy"]) < 1e-9
        assert sum((gold for *_, gold in by_key.values()), Counter()) == Counter(i.gold for i in items)
    assert _tool().main(["--shared", str(shared), "--set", "scifact"]) == 0
    out = capsys.readouterr().out
    assert "the labelled sets by way of deciding" in out and "scifact" in out and "healthver" not in out


def test_an_unknown_set_or_a_missing_folder_is_one_line(tmp_path, capsys):
    shared = tmp_path / "shared"
    write_claimdata(shared / "claimdata")
    assert _tool().main(["--shared", str(shared), "--set", "fever"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "fever" in err and "scifact" in err
    assert _tool().main(["--shared", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nowhere" in err
