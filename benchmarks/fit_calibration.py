"""Fit the logistic calibration of the match score on half of the dev split.

    .venv/bin/python benchmarks/fit_calibration.py            # fit on 'even', test on 'odd'
    .venv/bin/python benchmarks/fit_calibration.py --fit all  # fit on all dev queries

Data provenance: the DEV split of the screening benchmark
(``shared/data/benchmark/``: ``reference.ftm.jsonl`` and ``queries.jsonl``, built from the
UN, OFAC SDN, UK OFSI, Canada, Australia lists and the US Congress member list; see its
README). Queries are split into two halves by the last hex digit of their id.

Training pairs: for every query of the fitting half, the engine's candidates (top 20 by
retrieval) plus the expected entities; label 1 for an expected entity, 0 for any other
candidate (a ``related`` entity, a probable unproven duplicate, is left out). Negative
queries contribute only 0-labelled pairs. Each query's pairs share one unit of weight per
label, so that a query with many look-alike candidates does not dominate.

The model is a logistic regression with a small L2 penalty on the five *name* features
of ``embargo.match.scoring.NAME_FEATURES`` (query and listed-name coverage, weakest
part, single-part name, weak alias), fitted by Newton's method (numpy only). The
*context* weights (birth date, country, identifier) are not fitted: they are fixed
priors, entered as an offset, because pairs with a birth-date conflict are almost all
easy negatives and a fit learns next to nothing from them. The priors are rounded
log-likelihood ratios measured on the same data: a birth-date conflict occurs for 1 of
218 expected pairs that carry dates and for about 9 in 10 other candidates (ln ≈ −5;
−4 is used), an agreeing birth year for nearly all expected pairs and about 1 in 30
others (≈ +3.5; +2 is used, as a year is weak evidence alone).

The script prints the weights as JSON (paste them into ``embargo/match/config.py``)
and writes them to ``benchmarks/calibration.json``, then screens the *other* half with
the new weights and prints the official scorer's table for it, so that over-fitting is
visible.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.match.config import Calibration, MatchConfig  # noqa: E402
from embargo.match.scoring import CONTEXT_FEATURES, NAME_FEATURES  # noqa: E402
from embargo.screen.party import Query, Screener, load_ftm_entities  # noqa: E402

BENCH = ROOT.parent / "shared" / "data" / "benchmark"
SCORER = ROOT.parent / "shared" / "bench" / "score_quality.py"
OUT = ROOT / "var" / "bench"


def in_half(query_id: str, half: str) -> bool:
    if half == "all":
        return True
    return (int(query_id[-1], 16) % 2) == (0 if half == "even" else 1)


def collect(
    screener: Screener, queries: list[dict[str, Any]], limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Name-feature matrix, context offsets, labels and sample weights of the pairs."""
    priors = screener.config.calibration.weights
    matcher = screener.matcher
    index = screener.index
    position = {eid: i for i, eid in enumerate(index.entity_ids)}
    rows: list[list[float]] = []
    offsets: list[float] = []
    labels: list[float] = []
    weights: list[float] = []
    for q in queries:
        query = Query.from_ftm({"schema": q["schema"], "properties": q["properties"]})
        prepared = matcher.prepare(
            query.schema, query.names, query.birth_dates, query.countries, query.identifier_pairs
        )
        cands = matcher.candidates(prepared, limit=limit)
        expected = {position[e] for e in q["expected"] if e in position}
        related = {position[e] for e in q.get("related", []) if e in position}
        pos: list[tuple[list[float], float]] = []
        neg: list[tuple[list[float], float]] = []
        entities = [c.entity for c in cands]
        for entity in list(dict.fromkeys([*entities, *expected])):
            if entity in related and entity not in expected:
                continue
            f = matcher.score(prepared, entity).features
            if f.exact:
                continue  # identical names are scored by rule, not by the model
            vec = [float(getattr(f, name)) for name in NAME_FEATURES]
            offset = sum(
                priors.get(name, 0.0) * float(getattr(f, name)) for name in CONTEXT_FEATURES
            )
            (pos if entity in expected else neg).append((vec, offset))
        for group, label in ((pos, 1.0), (neg, 0.0)):
            for vec, offset in group:
                rows.append(vec)
                offsets.append(offset)
                labels.append(label)
                weights.append(1.0 / len(group))
    return np.array(rows), np.array(offsets), np.array(labels), np.array(weights)


def fit_logistic(
    x: np.ndarray,
    offset: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    l2: float = 0.01,
    iters: int = 60,
) -> tuple[float, np.ndarray]:
    """Weighted L2-regularized logistic regression (with a fixed offset) by Newton."""
    n, d = x.shape
    xb = np.hstack([np.ones((n, 1)), x])
    beta = np.zeros(d + 1)
    reg = np.full(d + 1, l2 * w.sum())
    reg[0] = 0.0
    for _ in range(iters):
        z = xb @ beta + offset
        p = 1.0 / (1.0 + np.exp(-z))
        grad = xb.T @ (w * (p - y)) + reg * beta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(beta[0]), beta[1:]


def evaluate(screener: Screener, queries_path: Path, half: str, tag: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    qfile = OUT / f"calib_{tag}_queries.jsonl"
    rfile = OUT / f"calib_{tag}_results.jsonl"
    with queries_path.open() as src, qfile.open("w") as qdst, rfile.open("w") as rdst:
        for line in src:
            q = json.loads(line)
            if not in_half(q["id"], half):
                continue
            qdst.write(line)
            query = Query.from_ftm({"schema": q["schema"], "properties": q["properties"]})
            result = screener.screen(query, limit=10, explain_hits=False, group=False)
            hits = [{"id": h.id, "score": round(h.score, 6)} for h in result.results]
            rdst.write(json.dumps({"query_id": q["id"], "results": hits}) + "\n")
    subprocess.call([sys.executable, str(SCORER), str(qfile), str(rfile)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--index", type=Path, default=None, help="cached index file")
    args = parser.parse_args()
    queries_path = BENCH / "queries.jsonl"
    if args.index is not None and args.index.exists():
        screener = Screener.load(args.index, MatchConfig())
    else:
        screener = Screener.build(load_ftm_entities(BENCH / "reference.ftm.jsonl"), MatchConfig())
        if args.index is not None:
            screener.save(args.index)
    queries = [json.loads(line) for line in queries_path.open()]
    train = [q for q in queries if in_half(q["id"], args.fit)]
    x, offset, y, w = collect(screener, train, args.limit)
    intercept, coef = fit_logistic(x, offset, y, w, l2=args.l2)
    priors = screener.config.calibration.weights
    weights = {name: round(float(c), 3) for name, c in zip(NAME_FEATURES, coef, strict=True)}
    weights.update({name: priors[name] for name in CONTEXT_FEATURES if name in priors})
    result = {
        "fitted_on": f"dev split, half={args.fit}",
        "pairs": int(len(y)),
        "positives": int(y.sum()),
        "intercept": round(intercept, 3),
        "weights": weights,
    }
    print(json.dumps(result, indent=1))
    (ROOT / "benchmarks" / "calibration.json").write_text(json.dumps(result, indent=1) + "\n")
    config = replace(
        MatchConfig(), calibration=Calibration(intercept=round(intercept, 3), weights=weights)
    )
    fitted = Screener(screener.index, config)
    test = {"even": "odd", "odd": "even", "all": "all"}[args.fit]
    print(f"\n== held-out half: {test}")
    evaluate(fitted, queries_path, test, test)
    if args.fit != "all":
        print(f"\n== fitting half: {args.fit}")
        evaluate(fitted, queries_path, args.fit, args.fit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
