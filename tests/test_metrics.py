import numpy as np
import pytest

from claims.metrics import by_path, ece_if_calibrated, expected_calibration_error, scores


def test_ece_by_hand():
    # Bin 0.9: conf 0.9, accuracy 1.0 -> gap 0.1 (2 items); bin 0.6: conf 0.6, accuracy 0.5 -> gap 0.1 (2 items).
    assert expected_calibration_error(np.array([0.9, 0.9, 0.6, 0.6]), np.array([1, 1, 1, 0])) == pytest.approx(0.1)
    assert expected_calibration_error(np.array([0.75, 0.75, 0.75, 0.75]), np.array([1, 1, 1, 0])) == pytest.approx(0.0)


def test_ece_rejects_mismatched_shapes():
    with pytest.raises(ValueError):
        expected_calibration_error(np.array([0.5, 0.5]), np.array([1]))


def test_scores_by_hand():
    gold = ["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "SUPPORTED"]
    predicted = ["SUPPORTED", "SUPPORTED", "NOT_ENOUGH_INFO", "SUPPORTED"]
    result = scores(gold, predicted, np.array([1.0, 1.0, 1.0, 1.0]))
    assert result["accuracy"] == pytest.approx(0.75)
    # F1: SUPPORTED 0.8, REFUTED 0, NEI 1 -> macro 0.6
    assert result["macro_f1"] == pytest.approx(0.6)
    assert result["brier"] == pytest.approx(0.25)


def test_ece_if_calibrated_is_what_calibrated_verdicts_show():
    rng = np.random.default_rng(7)
    confidence = rng.uniform(0.4, 0.95, 50)
    mean, high = ece_if_calibrated(confidence)
    # Sets of verdicts right exactly as often as their confidence says, drawn apart from the function's own draws.
    observed = [expected_calibration_error(confidence, rng.random(50) < confidence) for _ in range(400)]
    assert mean == pytest.approx(np.mean(observed), abs=0.01)
    assert np.mean(np.array(observed) <= high) == pytest.approx(0.95, abs=0.03)
    # Chance shrinks with the number of verdicts (about as 1 / sqrt(n)).
    many = ece_if_calibrated(rng.uniform(0.4, 0.95, 5000))[0]
    assert many < mean / 5


def test_an_overconfident_verifier_is_above_the_chance_band():
    confidence = np.full(300, 0.9)
    right = np.arange(300) % 10 < 6  # 60% right at confidence 0.9
    assert expected_calibration_error(confidence, right) > ece_if_calibrated(confidence)[1]
    assert scores(["SUPPORTED"] * 300, ["SUPPORTED"] * 300, confidence)["ece_if_calibrated"] == pytest.approx(ece_if_calibrated(confidence))


def test_by_path_counts_right_and_confidence_per_path_most_used_first():
    paths = ["model:REFUTED", "numeric:SUPPORTED", "model:REFUTED", "model:REFUTED"]
    got = by_path(paths, [True, True, False, False], [0.9, 0.8, 0.6, 0.3])
    assert list(got) == ["model:REFUTED", "numeric:SUPPORTED"]
    n, right, confidence = got["model:REFUTED"]
    assert n == 3 and right == pytest.approx(1 / 3) and confidence == pytest.approx(0.6)
    assert got["numeric:SUPPORTED"] == (1, 1.0, 0.8)
