import numpy as np
import pytest

from claims.metrics import expected_calibration_error, scores


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
