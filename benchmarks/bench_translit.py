"""Development measurement of `embargo.normalize.translit` on the cross-script queries.

For every ``cross_script`` query of the screening benchmark's DEV split, romanize the
query name with `latinize_variants` and ask whether some variant *token-matches* some
Latin name of an expected (or related) entity. A query token matches a name token when

* they are equal, or within a small Levenshtein distance (1 up to 5 letters, 2 from 6);
* or their `skeleton` keys are equal and at least two consonants long;
* or the query token equals two adjacent name tokens glued ("abdul" + "rahman"), or
  two adjacent query tokens glued equal one name token (same distance rules).

Particles (``al``, ``bin``, ``ibn`` ...) are left out of the counts. Per query the best
coverage over variants, names and expected entities is kept (a position-wise union of
the variants is also tried, because the matcher mixes variants token by token). The
table reports, by script of the query: the share of queries whose tokens are all
matched (``all``), the share with at least two matched tokens or all when fewer
(``>=2``), and the mean coverage.

This is a development tool only: it reads the benchmark, which the package never does at
match time, and nothing in the package is built from the query names. Run::

    .venv/bin/python benchmarks/bench_translit.py [--misses SCRIPT] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.normalize import translit  # noqa: E402

BENCHMARK = ROOT.parent / "shared" / "data" / "benchmark"
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "ben", "bint", "binti", "and", "ad", "ed"})
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
TOKEN_RE = re.compile(r"[a-z0-9]+")

SkeletonFn = Callable[[str], str]


def query_script(text: str) -> str:
    """Coarse script label from Unicode character names (independent of the module)."""
    scripts: set[str] = set()
    for char in text:
        if char.isalpha():
            scripts.add(unicodedata.name(char, "?").split()[0])
    scripts.discard("LATIN")
    if not scripts:
        return "LATIN"
    if len(scripts) > 1:
        return "+".join(sorted(scripts))
    return scripts.pop()


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


def latin_tokens(text: str) -> list[str]:
    folded = translit.latinize_variants(text)
    return tokens(folded[0]) if folded else []


def close(a: str, b: str) -> bool:
    if a == b:
        return True
    limit = 1 if min(len(a), len(b)) <= 5 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


class NameIndex:
    """Tokens of one Latin reference name, with glued neighbours and skeleton keys."""

    def __init__(self, name_tokens: list[str], skeleton: SkeletonFn | None) -> None:
        self.tokens = name_tokens
        glued = ["".join(name_tokens[i : i + 2]) for i in range(len(name_tokens) - 1)]
        self.candidates = list(dict.fromkeys(name_tokens + glued))
        self.skeletons: set[str] = set()
        if skeleton is not None:
            for tok in self.candidates:
                key = skeleton(tok)
                if len(key) >= 2:
                    self.skeletons.add(key)
        self.skeleton = skeleton

    def match(self, token: str) -> bool:
        if any(close(token, cand) for cand in self.candidates):
            return True
        if self.skeleton is not None:
            key = self.skeleton(token)
            if len(key) >= 2 and key in self.skeletons:
                return True
        return False


def coverage(query_tokens: Sequence[str], index: NameIndex) -> tuple[int, int]:
    """(matched, counted) over the query tokens that are not particles."""
    matched = counted = 0
    i = 0
    while i < len(query_tokens):
        tok = query_tokens[i]
        if tok in PARTICLES:
            i += 1
            continue
        counted += 1
        if index.match(tok):
            matched += 1
        elif i + 1 < len(query_tokens) and index.match(tok + query_tokens[i + 1]):
            matched += 1
            if query_tokens[i + 1] not in PARTICLES:
                matched += 1
                counted += 1
            i += 1
        i += 1
    return matched, counted


def union_coverage(variants: Sequence[list[str]], index: NameIndex) -> tuple[int, int]:
    """Position-wise union of variants with equal token counts."""
    lengths = {len(v) for v in variants}
    if len(lengths) != 1:
        return 0, 1
    matched = counted = 0
    for position in range(lengths.pop()):
        column = [v[position] for v in variants]
        if column[0] in PARTICLES:
            continue
        counted += 1
        if any(index.match(tok) for tok in column):
            matched += 1
    return matched, counted


def load_reference() -> dict[str, list[list[str]]]:
    names: dict[str, list[list[str]]] = {}
    with open(BENCHMARK / "reference.ftm.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            props = row["properties"]
            names[row["id"]] = [
                latin_tokens(value) for prop in NAME_PROPS for value in props.get(prop, [])
            ]
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--misses", default=None, help="print misses of this script label")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--related", action="store_true", help="also accept related ids")
    parser.add_argument("--no-skeleton", action="store_true", help="edit distance only")
    args = parser.parse_args()

    skeleton: SkeletonFn | None = None if args.no_skeleton else getattr(translit, "skeleton", None)
    reference = load_reference()
    queries = [json.loads(line) for line in open(BENCHMARK / "queries.jsonl", encoding="utf-8")]
    queries = [q for q in queries if q["kind"] == "cross_script"]

    stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    misses: list[str] = []
    for warm_up in ("Шойгу", "محمد", "김정은", "金", "ヤ", "צבי", "Α"):
        translit.latinize_variants(warm_up)  # load tables and ICU transforms once
    translit.latinize_variants.cache_clear()
    romanize_seconds = 0.0
    for query in queries:
        text = query["properties"]["name"][0]
        script = query_script(text)
        t0 = time.perf_counter()
        variants = [tokens(v) for v in translit.latinize_variants(text)]
        romanize_seconds += time.perf_counter() - t0
        ids = list(query["expected"]) + (query.get("related", []) if args.related else [])
        best = 0.0
        best_matched = 0
        for entity_id in ids:
            for name_tokens in reference.get(entity_id, []):
                index = NameIndex(name_tokens, skeleton)
                candidates = [coverage(v, index) for v in variants]
                candidates.append(union_coverage(variants, index))
                for matched, counted in candidates:
                    share = matched / counted if counted else 0.0
                    if (share, matched) > (best, best_matched):
                        best, best_matched = share, matched
        row = stats[script]
        row[0] += 1
        row[1] += best >= 1.0
        row[2] += best >= 1.0 or best_matched >= 2
        row[3] += best
        if script == args.misses and best < 1.0:
            shown = [" ".join(v) for v in variants]
            refs = [" ".join(n) for i in ids for n in reference.get(i, [])][:4]
            misses.append(f"{best:.2f} {text}\n     q: {shown}\n     r: {refs}")

    total = [0, 0, 0, 0.0]
    print(f"{'script':<22}{'n':>5}{'all':>8}{'>=2':>8}{'mean':>8}")
    for script, (n, full, two, mean) in sorted(stats.items(), key=lambda kv: -kv[1][0]):
        print(f"{script:<22}{n:>5}{full / n:>8.1%}{two / n:>8.1%}{mean / n:>8.2f}")
        total = [total[0] + n, total[1] + full, total[2] + two, total[3] + mean]
    n = total[0]
    print(f"{'TOTAL':<22}{n:>5}{total[1] / n:>8.1%}{total[2] / n:>8.1%}{total[3] / n:>8.2f}")
    per_query = romanize_seconds / len(queries) * 1e6
    print(f"romanization: {per_query:.0f} us/query (result cache cold, tables loaded)")
    speed(queries)
    for miss in misses[: args.limit]:
        print(miss)


def speed(queries: list[dict[str, object]]) -> None:
    """Per-call cost: ASCII fast path, Latin folding, and each script with the result
    cache cold (word caches and tables warm) and hot; best of several rounds."""
    uncached = translit.latinize_variants.__wrapped__
    samples = {
        "ascii": "SHOIGU, Sergei Kuzhugetovich",
        "latin+diacritics": "Müller-Lüdenscheidt Søren",
    }
    by_script: dict[str, list[str]] = defaultdict(list)
    for query in queries:
        props = query["properties"]
        assert isinstance(props, dict)
        text = props["name"][0]
        by_script[translit.script_of(text)].append(text)
    print("speed (best of 5 rounds, us per call):")
    for label, text in samples.items():
        best = min(_time(uncached, [text] * 1000) for _ in range(5))
        print(f"  {label:<18} {best:8.2f}")
    for script, texts in sorted(by_script.items()):
        cold = min(_time(uncached, texts) for _ in range(5))
        hot = min(_time(translit.latinize_variants, texts) for _ in range(5))
        print(f"  {script:<18} {cold:8.1f} uncached, {hot:6.2f} cached  (n={len(texts)})")


def _time(fn: Callable[[str], object], texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        fn(text)
    return (time.perf_counter() - started) / len(texts) * 1e6


if __name__ == "__main__":
    main()
