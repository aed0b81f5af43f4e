"""Temperature scaling: one scalar per model, fitted on the calibration split.

The bag-of-words model is overconfident on phrasing it has not seen; dividing its
log-probabilities by a temperature T ≥ 1 softens them without changing which label wins.
T is fitted by minimising the negative log-likelihood on a split generated from templates
the model never trained on, and stored in the artefact's meta.json.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Never below 1: the calibration split is synthetic and easier than real mail, so a fit
# that sharpens (T < 1) would make real mistakes look certain. We only ever soften.
_GRID = tuple(round(1.0 + 0.05 * i, 2) for i in range(101))  # 1.00 … 6.00


def apply(probs: dict[str, float], temperature: float) -> dict[str, float]:
    if temperature == 1.0:
        return probs
    logits = {k: math.log(max(p, 1e-12)) / temperature for k, p in probs.items()}
    top = max(logits.values())
    exp = {k: math.exp(v - top) for k, v in logits.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def nll(rows: Sequence[tuple[dict[str, float], str]], temperature: float) -> float:
    return -sum(math.log(max(apply(p, temperature)[gold], 1e-12)) for p, gold in rows) / len(rows)


def fit(rows: Sequence[tuple[dict[str, float], str]]) -> float:
    """The grid temperature with the lowest NLL on (probabilities, gold label) rows."""
    return min(_GRID, key=lambda t: nll(rows, t))


def expected_calibration_error(rows: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """ECE over (confidence, correct) pairs: the gap between confidence and accuracy."""
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        in_bin = [(c, ok) for c, ok in rows if lo < c <= hi or (b == 0 and c == 0)]
        if in_bin:
            conf = sum(c for c, _ in in_bin) / len(in_bin)
            acc = sum(ok for _, ok in in_bin) / len(in_bin)
            total += len(in_bin) / len(rows) * abs(conf - acc)
    return total
