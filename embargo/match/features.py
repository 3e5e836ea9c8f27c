"""Name-part similarity and alignment: the evidence a match score is made of.

Two names are compared part by part. Each query part (a *slot*: one name part with
all its romanizations) is paired with at most one listed part, best pairs first:

* identical parts score 1;
* spelling variants score their normalized Levenshtein similarity
  (``sergei``/``sergey`` 0.83, ``mohammed``/``mohammad`` 0.88);
* parts with the same consonant frame (`embargo.normalize.phonetic`) score at least
  ``phonetic_similarity`` (``yevgeniy``/``evgenij``);
* parts known to be forms of one name score at least ``symbol_similarity``
  (rigour's name symbols: ``Евгений``/``Yevgeny``, ``مصطفى``/``Mustafa``);
* an initial scores ``initial_similarity`` against a name it starts (persons);
* a part equal to two adjacent parts of the other name joined (``jongun`` /
  ``jong un``, ``abdulrahman`` / ``abdul rahman``) is paired with both;
* parts with digits must be identical.

Pairs below ``min_token_similarity`` do not align. Word order is free: lists invert
person names (``SHOIGU, Sergei``) and reorder company names.

Each part weighs its *rarity* in the indexed lists (inverse document frequency), so
that a shared rare surname counts more than a shared ``Mohammed`` or ``Group``;
weak parts (particles, honorifics, legal forms) are capped at ``weak_weight``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from embargo.normalize.phonetic import is_reliable_key, phonetic_key

#: How a pair of parts was matched (for explanations).
EXACT = "exact"
SPELLING = "spelling"
PHONETIC = "phonetic"
SYMBOL = "symbol"
INITIAL = "initial"
COMPOUND = "compound"


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str, phonetic_sim: float = 0.85) -> float:
    """Similarity of two romanized name parts in [0, 1] (without symbols/initials).

    Digits must agree exactly; otherwise the best of normalized Levenshtein
    similarity and (for reliable keys) the phonetic credit.
    """
    if a == b:
        return 1.0
    if not a.isalpha() or not b.isalpha():
        return 0.0
    sim = Levenshtein.normalized_similarity(a, b)
    if sim < phonetic_sim:
        ka = phonetic_key(a)
        if ka == phonetic_key(b) and is_reliable_key(ka):
            sim = phonetic_sim
    return float(sim)


def how_matched(a: str, b: str, sim: float, phonetic_sim: float) -> str:
    """Label a part pair for explanations."""
    if a == b:
        return EXACT
    if len(a) == 1 or len(b) == 1:
        return INITIAL
    lev = Levenshtein.normalized_similarity(a, b)
    if lev >= sim - 1e-9:
        return SPELLING
    if abs(sim - phonetic_sim) < 1e-9:
        return PHONETIC
    return SYMBOL


@dataclass(slots=True)
class QuerySlot:
    """One part of a query name, prepared for matching.

    Attributes:
        forms: romanizations of the part, most conventional first.
        native: the part in its original script, or ``""``.
        weight: rarity weight of the part.
        weak: particle, honorific or legal form.
        sims: vocabulary id → similarity of the best form (filled by the index's
            neighbour search, extended lazily during alignment).
        hows: vocabulary id → how the similarity was obtained.
    """

    forms: tuple[str, ...]
    native: str
    weight: float
    weak: bool
    sims: dict[int, float]
    hows: dict[int, str]


@dataclass(slots=True)
class PreparedName:
    """A query name ready for alignment: its published text and its slots."""

    text: str
    slots: list[QuerySlot]
    total_weight: float


@dataclass(frozen=True, slots=True)
class PartPair:
    """One aligned pair of parts.

    ``query``/``candidate`` are the romanized forms; ``candidate`` holds two
    words joined by a space for a compound pair.
    """

    query: str
    candidate: str
    similarity: float
    how: str
    query_index: int
    candidate_index: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """The alignment of a query name with one listed name form."""

    pairs: tuple[PartPair, ...]
    unmatched_query: tuple[int, ...]
    unmatched_candidate: tuple[int, ...]
    query_coverage: float
    candidate_coverage: float
    strong_missing: int
    matched_weight: float


def _lazy_sim(slot: QuerySlot, vid: int, token: str, phonetic_sim: float, min_sim: float) -> float:
    sim = slot.sims.get(vid)
    if sim is not None:
        return sim
    best = 0.0
    for form in slot.forms:
        s = token_similarity(form, token, phonetic_sim)
        if s > best:
            best = s
    if best < min_sim:
        best = 0.0
    slot.sims[vid] = best
    return best


def align(
    name: PreparedName,
    tokens: Sequence[int],
    vocab: Sequence[str],
    weights: Sequence[float],
    *,
    person: bool,
    phonetic_sim: float,
    initial_sim: float,
    min_sim: float,
) -> Alignment:
    """Align a prepared query name with a listed name form (token ids).

    Greedy one-to-one pairing, best similarity first (ties: heavier part first);
    then compound and initial pairing among what is left. Coverage is the
    weight-averaged similarity on each side.
    """
    slots = name.slots
    n, m = len(slots), len(tokens)
    scored: list[tuple[float, float, int, int]] = []
    for i in range(n):
        slot = slots[i]
        for j in range(m):
            vid = tokens[j]
            sim = _lazy_sim(slot, vid, vocab[vid], phonetic_sim, min_sim)
            if sim > 0.0:
                scored.append((sim, slot.weight + weights[vid], i, j))
    scored.sort(reverse=True)
    q_sim = [0.0] * n
    c_sim = [0.0] * m
    q_used = [False] * n
    c_used = [False] * m
    pairs: list[PartPair] = []
    for sim, _, i, j in scored:
        if q_used[i] or c_used[j]:
            continue
        q_used[i] = c_used[j] = True
        q_sim[i] = c_sim[j] = sim
        vid = tokens[j]
        slot = slots[i]
        how = slot.hows.get(vid) or how_matched(slot.forms[0], vocab[vid], sim, phonetic_sim)
        pairs.append(PartPair(slot.forms[0], vocab[vid], sim, how, i, j))
    if not all(q_used) and not all(c_used):
        _pair_leftovers(
            slots, tokens, vocab, q_used, c_used, q_sim, c_sim, pairs, person, initial_sim
        )
    q_total = 0.0
    q_hit = 0.0
    strong_missing = 0
    for i in range(n):
        w = slots[i].weight
        q_total += w
        q_hit += w * q_sim[i]
        if q_sim[i] < 0.5 and not slots[i].weak:
            strong_missing += 1
    c_total = 0.0
    c_hit = 0.0
    for j in range(m):
        w = weights[tokens[j]]
        c_total += w
        c_hit += w * c_sim[j]
    pairs.sort(key=lambda p: p.query_index)
    return Alignment(
        pairs=tuple(pairs),
        unmatched_query=tuple(i for i in range(n) if not q_used[i]),
        unmatched_candidate=tuple(j for j in range(m) if not c_used[j]),
        query_coverage=q_hit / q_total if q_total else 0.0,
        candidate_coverage=c_hit / c_total if c_total else 0.0,
        strong_missing=strong_missing,
        matched_weight=q_hit,
    )


_COMPOUND_MIN = 0.8


def _pair_leftovers(
    slots: Sequence[QuerySlot],
    tokens: Sequence[int],
    vocab: Sequence[str],
    q_used: list[bool],
    c_used: list[bool],
    q_sim: list[float],
    c_sim: list[float],
    pairs: list[PartPair],
    person: bool,
    initial_sim: float,
) -> None:
    """Compounds (one part = two adjacent parts joined) and initials."""
    n, m = len(slots), len(tokens)
    # one query part = two adjacent listed parts
    for i in range(n):
        if q_used[i]:
            continue
        for j in range(m - 1):
            if c_used[j] or c_used[j + 1]:
                continue
            joined = vocab[tokens[j]] + vocab[tokens[j + 1]]
            sim = max(Levenshtein.normalized_similarity(f, joined) for f in slots[i].forms)
            if sim >= _COMPOUND_MIN:
                q_used[i] = c_used[j] = c_used[j + 1] = True
                q_sim[i] = c_sim[j] = c_sim[j + 1] = sim
                text = f"{vocab[tokens[j]]} {vocab[tokens[j + 1]]}"
                pairs.append(PartPair(slots[i].forms[0], text, sim, COMPOUND, i, j))
                break
    # one listed part = two adjacent query parts
    for j in range(m):
        if c_used[j]:
            continue
        token = vocab[tokens[j]]
        for i in range(n - 1):
            if q_used[i] or q_used[i + 1]:
                continue
            joined = slots[i].forms[0] + slots[i + 1].forms[0]
            sim = Levenshtein.normalized_similarity(joined, token)
            if sim >= _COMPOUND_MIN:
                q_used[i] = q_used[i + 1] = c_used[j] = True
                q_sim[i] = q_sim[i + 1] = c_sim[j] = sim
                text = f"{slots[i].forms[0]} {slots[i + 1].forms[0]}"
                pairs.append(PartPair(text, token, sim, COMPOUND, i, j))
                break
    if not person:
        return
    # initials
    for i in range(n):
        if q_used[i]:
            continue
        forms = slots[i].forms
        for j in range(m):
            if c_used[j]:
                continue
            token = vocab[tokens[j]]
            if any(
                (len(f) == 1 and token.startswith(f)) or (len(token) == 1 and f.startswith(token))
                for f in forms
            ):
                q_used[i] = c_used[j] = True
                q_sim[i] = c_sim[j] = initial_sim
                pairs.append(PartPair(forms[0], token, initial_sim, INITIAL, i, j))
                break


def reset_caches() -> None:
    token_similarity.cache_clear()
