"""bench/scitab_halves.py: SciTab's calibration and test halves read by a card, whole and per way of deciding."""

from bench_tools import bench_tool
from nli_fixture import write_nlidata

from claims.embed import load_embedder
from claims.nli_data import read_nlidata
from claims.training_sets import scitab_split


def _tool():
    return bench_tool("scitab_halves")


def test_each_half_is_read_whole_and_per_way_of_deciding(tmp_path, capsys):
    shared = tmp_path / "shared"
    write_nlidata(shared / "nlidata")
    tool = _tool()
    split = scitab_split(read_nlidata(shared / "nlidata").scitab)
    assert split["calibration"] and split["test"]
    # Only a paper with NOT_ENOUGH_INFO claims has claims on both sides.
    shared_papers = {p.group for p in split["calibration"]} & {p.group for p in split["test"]}
    assert all(any(p.group == paper and p.gold == "NOT_ENOUGH_INFO" for p in split["calibration"] + split["test"])
               for paper in shared_papers)
    read = tool.read(None, split, load_embedder("all-MiniLM-L6-v2", "fp32"))
    assert [half for half, *_ in read] == ["calibration", "test"]
    for (half, share, row, by_key), pairs in zip(read, split.values()):
        assert row["n"] == len(pairs)
        assert float(share) == round(sum(p.gold == "NOT_ENOUGH_INFO" for p in pairs) / len(pairs), 2)
        # Every pair is decided one way: the paths' counts add up to the half, their right verdicts to its accuracy.
        assert sum(n for n, _, _ in by_key.values()) == len(pairs)
        assert abs(sum(n * right for n, right, _ in by_key.values()) / len(pairs) - row["accuracy"]) < 1e-9
        assert abs(sum(n * mean for n, _, mean in by_key.values()) / len(pairs) - row["confidence"]) < 1e-6
    assert tool.main(["--shared", str(shared)]) == 0
    assert "SciTab's halves by way of deciding" in capsys.readouterr().out


def test_a_missing_shared_folder_is_one_line(tmp_path, capsys):
    assert _tool().main(["--shared", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nowhere" in err
