"""Name-part similarity and alignment: the evidence a match score is made of.

Two names are compared part by part. Each query part (a *slot*: one name part with
all its romanizations) is paired with at most one listed part, best pairs first:

* identical parts score 1;
* spelling variants score their normalized edit similarity (optimal string
  alignment: insertions, deletions, substitutions and transpositions of adjacent
  letters, the four typing slips; ``sergei``/``sergey`` 0.83,
  ``mohammed``/``mohammad`` 0.88, ``kagn``/``kang`` 0.75);
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

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import OSA

from embargo.normalize.phonetic import is_reliable_key, phonetic_key, skeleton_key
from embargo.normalize.spelling import spelling_similarity

#: How a pair of parts was matched (for explanations).
EXACT = "exact"
SPELLING = "spelling"
PHONETIC = "phonetic"
SYMBOL = "symbol"
INITIAL = "initial"
COMPOUND = "compound"


SKELETON = "skeleton"
STEM = "stem"

#: Pairs at least this similar are aligned before compounds are considered.
STRONG_PAIR = 0.8
#: Least Levenshtein similarity for a phonetic or skeleton key to count.
_KEY_MIN_LEVENSHTEIN = 0.5


#: Similarity of two organisation words with a long common first part.
STEM_SIMILARITY = 0.8
STEM_MIN = 4


def shared_stem(a: str, b: str) -> bool:
    """Do two words share a first part of at least `STEM_MIN` letters covering
    three quarters of the shorter one?"""
    shorter = min(len(a), len(b))
    if shorter < STEM_MIN or not a.isalpha():
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= STEM_MIN and common >= 0.75 * shorter


def part_similarity(
    forms: Sequence[str],
    symbols: Collection[str],
    abjad: bool,
    token: str,
    token_symbols: Sequence[str],
    *,
    phonetic_sim: float,
    symbol_sim: float,
    min_sim: float,
    form_keys: Sequence[str] | None = None,
    token_key: str | None = None,
    form_skeletons: Sequence[str] | None = None,
    token_skeleton: str | None = None,
    stems: bool = False,
    typo: bool = False,
) -> tuple[float, str]:
    """Similarity of a query part (its romanizations) to a listed part, and how.

    * identical → 1 (``exact``);
    * parts with digits: the digits must be identical, then spelling similarity;
    * normalized edit similarity with transpositions (``spelling``);
    * same phonetic key (``phonetic``), or for a part from a script without
      vowels the same consonant skeleton (``skeleton``): at least
      ``phonetic_sim``, if the spellings are not too far apart (similarity ≥ 0.5);
    * a shared name symbol (``symbol``): at least ``symbol_sim``.

    When both parts are *known names* (both have name symbols) but share none —
    ``Hassan`` and ``Hossein``, ``Faris`` and ``Firas`` — they are different names:
    only their spelling similarity counts. Below ``min_sim`` the result is 0.

    With ``stems`` (organisation names), words sharing a long first part are
    forms of one word (``technology``/``technical``, ``automobiles``/``auto``,
    ``companies``/``company``): at least ``STEM_SIMILARITY``. Not for person names,
    where a given name is the first part of a patronymic (``Aleksandr`` /
    ``Aleksandrovich``).

    With ``typo`` (a query part no listed name contains) short parts are compared
    without their extra edit cost: a word that exists nowhere is more likely a slip
    of the pen than another name.

    The phonetic keys and skeletons of both sides may be passed in when they are
    already known (an index stores those of its vocabulary).
    """
    if token in forms:
        return 1.0, EXACT
    if symbols and token_symbols:
        known = symbols if isinstance(symbols, frozenset) else frozenset(symbols)
        disjoint = known.isdisjoint(token_symbols)
    else:
        disjoint = False
    best = 0.0
    how = SPELLING
    token_alpha = token.isalpha()
    for index, form in enumerate(forms):
        lev = spelling_similarity(form, token, short_rule=not typo)
        if not token_alpha or not form.isalpha():
            if lev > best:
                best, how = lev, SPELLING
            continue
        if lev > best:
            best, how = lev, SPELLING
        if disjoint or best >= phonetic_sim or lev < _KEY_MIN_LEVENSHTEIN:
            continue
        key = form_keys[index] if form_keys is not None else phonetic_key(form)
        if token_key is None:
            token_key = phonetic_key(token)
        if key == token_key and is_reliable_key(key):
            best, how = phonetic_sim, PHONETIC
        elif abjad:
            skel = form_skeletons[index] if form_skeletons is not None else skeleton_key(form)
            if token_skeleton is None:
                token_skeleton = skeleton_key(token)
            if len(skel) >= 2 and skel == token_skeleton:
                best, how = phonetic_sim, SKELETON
    if stems and best < STEM_SIMILARITY and token_alpha:
        for form in forms:
            if shared_stem(form, token):
                best, how = STEM_SIMILARITY, STEM
                break
    if best < symbol_sim and symbols and token_symbols and not disjoint:
        best, how = symbol_sim, SYMBOL
    if best < min_sim:
        return 0.0, how
    return float(best), how


@dataclass(slots=True)
class QuerySlot:
    """One part of a query name, prepared for matching.

    Attributes:
        forms: romanizations of the part, most conventional first.
        native: the part in its original script, or ``""``.
        symbols: name-symbol ids of the part (a frozenset once prepared).
        abjad: the original script writes no vowels (Arabic, Hebrew…).
        weight: rarity weight of the part.
        weak: particle, honorific or legal form.
        sims: vocabulary id → similarity (filled from the index's neighbour search,
            extended lazily during alignment).
        hows: vocabulary id → how the similarity was obtained.
        evidence: see `weighted_evidence`.
        keys: phonetic key of each form; skeletons: consonant skeleton of each.
    """

    forms: tuple[str, ...]
    native: str
    symbols: frozenset[str]
    abjad: bool
    weight: float
    weak: bool
    sims: dict[int, float]
    hows: dict[int, str]
    evidence: list[tuple[int, float]] | None = None
    keys: tuple[str, ...] = ()
    skeletons: tuple[str, ...] = ()
    stems: bool = False
    unknown: bool = False

    def weighted_evidence(self) -> list[tuple[int, float]]:
        """``(vocabulary id, weight × similarity)`` of the neighbours found when
        the slot was prepared (computed once: the cache of lazily compared parts
        grows, this list does not)."""
        if self.evidence is None:
            w = self.weight
            self.evidence = [(vid, w * sim) for vid, sim in self.sims.items() if sim > 0.0]
        return self.evidence


@dataclass(slots=True)
class PreparedName:
    """A query name ready for alignment: its published text and its slots."""

    text: str
    slots: list[QuerySlot]
    total_weight: float


class PartPair(NamedTuple):
    """One aligned pair of parts.

    ``query``/``candidate`` are the romanized forms; ``candidate`` holds two
    words joined by a space for a compound pair. A named tuple rather than a frozen
    dataclass: just as immutable, and made several times faster (every
    alignment of every scored candidate makes a few).
    """

    query: str
    candidate: str
    similarity: float
    how: str
    query_index: int
    candidate_index: int


class Alignment(NamedTuple):
    """The alignment of a query name with one listed name form (a named tuple, as
    `PartPair`: a frozen dataclass of 14 fields cost a fifth of `align`)."""

    pairs: tuple[PartPair, ...]
    unmatched_query: tuple[int, ...]
    unmatched_candidate: tuple[int, ...]
    query_coverage: float
    candidate_coverage: float
    strong_missing: int
    matched_weight: float
    candidate_total: float
    candidate_hit: float
    missing_max: float
    extra_max: float
    exact: bool
    query_sims: tuple[float, ...]
    candidate_sims: tuple[float, ...] = ()


#: Computes (and caches in the slot) the similarity of a slot to a vocabulary id.
SlotSimilarity = Callable[[QuerySlot, int], float]


def align(
    name: PreparedName,
    tokens: Sequence[int],
    vocab: Sequence[str],
    weights: Sequence[float],
    similarity: SlotSimilarity,
    *,
    person: bool,
    initial_sim: float,
) -> Alignment:
    """Align a prepared query name with a listed name form (token ids).

    Passes: (1) one-to-one pairing of strong pairs (similarity ≥ 0.8), best first;
    (2) compounds among what is left (one part = two adjacent parts joined);
    (3) the remaining weaker pairs, best first; (4) initials (persons). Coverage is
    the weight-averaged similarity on each side.
    """
    slots = name.slots
    n, m = len(slots), len(tokens)
    token_weights = [weights[t] for t in tokens]
    scored: list[tuple[float, float, int, int]] = []
    append = scored.append
    for i in range(n):
        slot = slots[i]
        get = slot.sims.get
        slot_weight = slot.weight
        for j in range(m):
            vid = tokens[j]
            sim = get(vid)
            if sim is None:
                sim = similarity(slot, vid)
            if sim > 0.0:
                append((sim, slot_weight + token_weights[j], i, j))
    scored.sort(reverse=True)
    q_sim = [0.0] * n
    c_sim = [0.0] * m
    q_used = [False] * n
    c_used = [False] * m
    pairs: list[PartPair] = []
    # best first: the strong pairs, then (after compounds) the weaker ones
    weak_from = len(scored)
    for k, (sim, _, i, j) in enumerate(scored):
        if sim < STRONG_PAIR:
            weak_from = k
            break
        if q_used[i] or c_used[j]:
            continue
        # `_accept`, inlined (most pairs are strong)
        q_used[i] = c_used[j] = True
        q_sim[i] = c_sim[j] = sim
        slot = slots[i]
        vid = tokens[j]
        pairs.append(PartPair(slot.forms[0], vocab[vid], sim, slot.hows.get(vid, SPELLING), i, j))
    if n > 1 or m > 1:
        if not all(q_used) and not all(c_used):
            _pair_compounds(slots, tokens, vocab, q_used, c_used, q_sim, c_sim, pairs)
    for k in range(weak_from, len(scored)):
        sim, _, i, j = scored[k]
        if q_used[i] or c_used[j]:
            continue
        _accept(slots[i], tokens[j], vocab, sim, i, j, q_used, c_used, q_sim, c_sim, pairs)
    if person and not all(q_used) and not all(c_used):
        if any(len(vocab[t]) == 1 for t in tokens) or any(
            len(f) == 1 for slot in slots for f in slot.forms
        ):
            _pair_initials(slots, tokens, vocab, q_used, c_used, q_sim, c_sim, pairs, initial_sim)
    q_total = 0.0
    q_hit = 0.0
    strong_missing = 0
    missing_max = 0.0
    for i in range(n):
        w = slots[i].weight
        q_total += w
        q_hit += w * q_sim[i]
        lack = w * (1.0 - q_sim[i])
        if lack > missing_max:
            missing_max = lack
        if q_sim[i] < 0.5 and not slots[i].weak:
            strong_missing += 1
    c_total = 0.0
    c_hit = 0.0
    extra_max = 0.0
    for j in range(m):
        w = token_weights[j]
        c_total += w
        c_hit += w * c_sim[j]
        lack = w * (1.0 - c_sim[j])
        if lack > extra_max:
            extra_max = lack
    if len(pairs) > 1:
        pairs.sort(key=_query_index)
    unmatched_q = tuple(i for i in range(n) if not q_used[i]) if False in q_used else ()
    unmatched_c = tuple(j for j in range(m) if not c_used[j]) if False in c_used else ()
    exact = not unmatched_q and not unmatched_c and all(p.how == EXACT for p in pairs)
    return Alignment(
        pairs=tuple(pairs),
        unmatched_query=unmatched_q,
        unmatched_candidate=unmatched_c,
        query_coverage=q_hit / q_total if q_total else 0.0,
        candidate_coverage=c_hit / c_total if c_total else 0.0,
        strong_missing=strong_missing,
        matched_weight=q_hit,
        candidate_total=c_total,
        candidate_hit=c_hit,
        missing_max=missing_max,
        extra_max=extra_max,
        exact=exact,
        query_sims=tuple(q_sim),
        candidate_sims=tuple(c_sim),
    )


def _query_index(pair: PartPair) -> int:
    return pair.query_index


def _accept(
    slot: QuerySlot,
    vid: int,
    vocab: Sequence[str],
    sim: float,
    i: int,
    j: int,
    q_used: list[bool],
    c_used: list[bool],
    q_sim: list[float],
    c_sim: list[float],
    pairs: list[PartPair],
) -> None:
    q_used[i] = c_used[j] = True
    q_sim[i] = c_sim[j] = sim
    how = slot.hows.get(vid, SPELLING)
    pairs.append(PartPair(slot.forms[0], vocab[vid], sim, how, i, j))


_COMPOUND_MIN = 0.8


def _length_fits(a: int, b: int) -> bool:
    """Could strings of these lengths reach the compound similarity at all?"""
    return 1.0 - abs(a - b) / (a if a > b else b) >= _COMPOUND_MIN


def _pair_compounds(
    slots: Sequence[QuerySlot],
    tokens: Sequence[int],
    vocab: Sequence[str],
    q_used: list[bool],
    c_used: list[bool],
    q_sim: list[float],
    c_sim: list[float],
    pairs: list[PartPair],
) -> None:
    """One part = two adjacent parts of the other name joined (``jongun``/``jong un``)."""
    n, m = len(slots), len(tokens)
    lengths = [len(vocab[t]) for t in tokens]
    for i in range(n):
        if q_used[i]:
            continue
        forms = slots[i].forms
        form_lengths = [len(f) for f in forms]
        for j in range(m - 1):
            if c_used[j] or c_used[j + 1]:
                continue
            lc = lengths[j] + lengths[j + 1]
            for lf in form_lengths:
                if 1.0 - abs(lf - lc) / (lf if lf > lc else lc) >= _COMPOUND_MIN:
                    break  # as `_length_fits`, inlined: this runs for every pair
            else:
                continue
            joined = vocab[tokens[j]] + vocab[tokens[j + 1]]
            sim = max(OSA.normalized_similarity(f, joined) for f in forms)
            if sim >= _COMPOUND_MIN:
                q_used[i] = c_used[j] = c_used[j + 1] = True
                q_sim[i] = c_sim[j] = c_sim[j + 1] = sim
                text = f"{vocab[tokens[j]]} {vocab[tokens[j + 1]]}"
                pairs.append(PartPair(slots[i].forms[0], text, sim, COMPOUND, i, j))
                break
    for j in range(m):
        if c_used[j]:
            continue
        token = vocab[tokens[j]]
        for i in range(n - 1):
            if q_used[i] or q_used[i + 1]:
                continue
            if not any(
                _length_fits(len(a) + len(b), lengths[j])
                for a in slots[i].forms
                for b in slots[i + 1].forms
            ):
                continue
            sim = max(
                OSA.normalized_similarity(a + b, token)
                for a in slots[i].forms
                for b in slots[i + 1].forms
            )
            if sim >= _COMPOUND_MIN:
                q_used[i] = q_used[i + 1] = c_used[j] = True
                q_sim[i] = q_sim[i + 1] = c_sim[j] = sim
                text = f"{slots[i].forms[0]} {slots[i + 1].forms[0]}"
                pairs.append(PartPair(text, token, sim, COMPOUND, i, j))
                break


def _pair_initials(
    slots: Sequence[QuerySlot],
    tokens: Sequence[int],
    vocab: Sequence[str],
    q_used: list[bool],
    c_used: list[bool],
    q_sim: list[float],
    c_sim: list[float],
    pairs: list[PartPair],
    initial_sim: float,
) -> None:
    """An initial against a name it starts (``M.`` / ``Mohammad``), either side."""
    n, m = len(slots), len(tokens)
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
