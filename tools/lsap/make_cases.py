#!/usr/bin/env python3
"""Writes testdata/reference/lsap/cases.json: scipy's linear_sum_assignment on seeded random cost matrices.

usage: /usr/bin/python3 tools/lsap/make_cases.py OUT.json   (numpy 1.24, scipy 1.10.1)

Most matrices are drawn from a handful of values so that many assignments share the least total cost; the
file records which one scipy returns. Kinds: "few" (values among 0, 0.25, 0.5, 0.75, 1), "binary", "constant",
"iou" (negated IoU-like values with many zeros, as the concept evaluator builds them), "uniform" (3 decimals) and "int".
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def matrix(rng, kind, rows, cols):
    if kind == "few":
        return rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], size=(rows, cols))
    if kind == "binary":
        return rng.integers(0, 2, size=(rows, cols)).astype(float)
    if kind == "constant":
        return np.full((rows, cols), float(rng.choice([0.0, 1.0, -0.5])))
    if kind == "iou":
        v = np.round(rng.random((rows, cols)), 2)
        v[rng.random((rows, cols)) < 0.5] = 0.0
        return -v
    if kind == "int":
        return rng.integers(-3, 4, size=(rows, cols)).astype(float)
    return np.round(rng.random((rows, cols)), 3)


def main():
    rng = np.random.default_rng(20251201)
    cases = []
    kinds = ["few", "binary", "constant", "iou", "uniform", "int"]
    for n in range(2000):
        kind = kinds[n % len(kinds)]
        big = n % 10 == 0
        rows = int(rng.integers(1, 13 if big else 7))
        cols = int(rng.integers(1, 13 if big else 7))
        cost = matrix(rng, kind, rows, cols)
        r, c = linear_sum_assignment(cost)
        cases.append({"kind": kind, "rows": rows, "cols": cols, "cost": [float(x) for x in cost.flatten()],
                      "row": [int(x) for x in r], "col": [int(x) for x in c]})
    doc = {"source": "scipy.optimize.linear_sum_assignment", "scipy": scipy.__version__, "numpy": np.__version__,
           "seed": 20251201, "cases": cases}
    with open(sys.argv[1], "w") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
