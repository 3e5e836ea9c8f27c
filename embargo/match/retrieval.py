"""Retrieval: from a query's names to the candidate entities worth scoring.

`Retriever` holds what the matcher derives from one index under one config (part
weights by rarity, the neighbour graph's similarities, every listed form's total
weight) and does the retrieval half of matching:

1. **prepares** each query name: parse and romanize it, look up every part's
   neighbours in the index vocabulary (spelling, phonetic and name-symbol
   neighbours) with their similarity, and weigh every part by rarity;
2. **retrieves** a bounded candidate set: the entities with most weighted part
   evidence (`CandidateIndex.search_evidence`), plus exact identifier
   hits, ranked by how much of the query (and, at half weight, of the listed name)
   their evidence covers;
3. **ranks**: scores the best few candidates in full (at most
   ``scored_candidates``, fewer when the rest rank far below the best, or when the
   score bound says they cannot enter the top).

Scoring a candidate (name and context features, the calibrated model) lives in
`embargo.match.scoring.Matcher`, which inherits this class. It is kept apart so
that retrieval speed and scoring quality can change independently.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from embargo.index.base import Candidate, CandidateIndex
from embargo.index.memory import EDGE_DISJOINT, EDGE_PHONETIC, EDGE_SYMBOL
from embargo.match.config import MatchConfig
from embargo.match.features import (
    EXACT,
    PHONETIC,
    SPELLING,
    STEM,
    STEM_SIMILARITY,
    SYMBOL,
    PreparedName,
    QuerySlot,
    part_similarity,
    shared_stem,
)
from embargo.normalize.names import NameKind, is_abjad, is_weak, name_kind, parse_name, tokenize
from embargo.normalize.phonetic import phonetic_key, skeleton_key
from embargo.normalize.symbols import name_symbols
from embargo.normalize.translit import latinize_variants

if TYPE_CHECKING:
    from embargo.match.scoring import PreparedQuery, Scored


class Retriever:
    """Prepares queries and retrieves and ranks candidates in one index (see module
    docstring); `embargo.match.scoring.Matcher` adds the scoring."""

    #: Name features whose most favourable values bound a candidate's score
    #: (`upper_bound`); set by the scoring subclass.
    bound_features: tuple[str, ...] = ()

    def __init__(self, index: CandidateIndex, config: MatchConfig) -> None:
        self.index = index
        self.config = config
        n = max(index.entity_count, 1)
        #: one rare-part unit: the weight of a part carried by a single entity
        self.unit = math.log(1.0 + n)
        self.unknown_weight = config.unknown_weight or self.unit
        self.legal_words: list[str] = list(index.legal_words)
        self._legal_set = frozenset(self.legal_words)
        self._legal_by_length: dict[int, list[str]] = {}
        idf = [math.log(1.0 + n / max(int(df), 1)) for df in index.doc_freq]
        # weak parts weigh at most `weak_weight`, and never more than a quarter of a
        # rare part (with few entities every part is "rare")
        cap = min(config.weak_weight, 0.25 * self.unit)
        self._form_norms: dict[NameKind, npt.NDArray[np.float64]] = {}
        self._norm_lists: dict[int, list[float]] = {}
        self._slot_cache: dict[tuple[tuple[str, ...], str, NameKind], QuerySlot] = {}
        self.weights: dict[NameKind, list[float]] = {}
        self._weak: dict[NameKind, list[bool]] = {
            kind: [is_weak(t, kind) for t in index.vocab] for kind in NameKind
        }
        for kind in NameKind:
            self.weights[kind] = [
                min(w, cap) if is_weak(t, kind) else w
                for t, w in zip(index.vocab, idf, strict=True)
            ]
        self._form_entities = index.form_entities
        self._init_graph()
        for kind in NameKind:
            self.form_norms(kind)  # eagerly: the first query of a kind must not pay

    def _init_graph(self) -> None:
        """Similarities of the index's neighbour-graph edges under this config."""
        cfg = self.config
        index = self.index
        spell = index.nb_spell.astype(np.float64)
        flags = index.nb_flags
        sim = spell.copy()
        code = np.zeros(len(sim), dtype=np.uint8)
        code[spell >= 1.0] = 1
        phonetic = (
            ((flags & EDGE_PHONETIC) != 0)
            & ((flags & EDGE_DISJOINT) == 0)
            & (spell >= 0.5)
            & (sim < cfg.phonetic_similarity)
        )
        sim[phonetic] = cfg.phonetic_similarity
        code[phonetic] = 2
        symbol = ((flags & EDGE_SYMBOL) != 0) & (sim < cfg.symbol_similarity)
        sim[symbol] = cfg.symbol_similarity
        code[symbol] = 3
        sim[sim < cfg.min_token_similarity] = 0.0
        self._nb_offsets: list[int] = index.nb_offsets.tolist()
        self._nb_ids = index.nb_ids
        self._nb_sims = sim
        self._nb_codes = code

    # -- preparation ----------------------------------------------------------------

    def prepare_names(
        self, schema: str, names: Sequence[str]
    ) -> tuple[NameKind, list[PreparedName]]:
        """The name kind of ``schema`` and the query's names, each parsed variant
        prepared once (legal-form typos corrected for organisations)."""
        kind = name_kind(schema)
        prepared: list[PreparedName] = []
        seen: set[tuple[tuple[str, ...], ...]] = set()
        texts = list(names)
        if kind is not NameKind.PERSON and self.legal_words:
            for text in names:
                corrected = self._correct_legal_forms(text)
                if corrected is not None:
                    texts.append(corrected)
        for text in texts:
            for parsed in parse_name(text, kind):
                if parsed.slots in seen:
                    continue
                seen.add(parsed.slots)
                prepared.append(self._prepare_name(parsed.text, parsed.slots, parsed.native, kind))
        return kind, prepared

    def _correct_legal_forms(self, text: str) -> str | None:
        """The name with typos in legal-form words corrected (``NIMITED LIABILITY
        COMPANY X`` → ``limited liability company x``), or None if there are none.

        Legal forms are folded to a class word before matching, so a misspelt one
        would otherwise stay as three unknown words. Only words the index does not
        know and that are one edit away from a legal-form word are changed.
        """
        variants = latinize_variants(text)
        if not variants:
            return None
        tokens = list(tokenize(variants[0]))
        changed = False
        for i, token in enumerate(tokens):
            if len(token) < 3 or token in self._legal_set or self.index.token_id(token) is not None:
                continue
            legal = self._legal_words_near(len(token))
            hit = process.extractOne(token, legal, scorer=OSA.distance, score_cutoff=1)
            if hit is not None:
                tokens[i] = hit[0]
                changed = True
        return " ".join(tokens) if changed else None

    def _legal_words_near(self, length: int) -> list[str]:
        """Legal-form words one edit could turn a word of ``length`` letters into
        (lengths ``length ± 1``), in their order: the same first best match as the
        whole list, at a tenth of the comparisons (the list has hundreds)."""
        near = self._legal_by_length.get(length)
        if near is None:
            near = [w for w in self.legal_words if abs(len(w) - length) <= 1]
            self._legal_by_length[length] = near
        return near

    def _prepare_name(
        self,
        text: str,
        slots: tuple[tuple[str, ...], ...],
        native: tuple[str, ...],
        kind: NameKind,
    ) -> PreparedName:
        out: list[QuerySlot] = []
        total = 0.0
        cache = self._slot_cache
        for i, forms in enumerate(slots):
            source = native[i] if native else ""
            key = (forms, source, kind)
            slot = cache.get(key)
            if slot is None:
                slot = self._prepare_slot(forms, source, kind)
                if len(cache) >= SLOT_CACHE_SIZE:
                    cache.pop(next(iter(cache)))
                cache[key] = slot
            total += slot.weight
            out.append(slot)
        return PreparedName(text=text, slots=out, total_weight=total)

    def _prepare_slot(self, forms: tuple[str, ...], source: str, kind: NameKind) -> QuerySlot:
        """One query part with its neighbours' similarities and its weight.

        Slots depend only on the part, its script and the kind, so they are cached
        across queries (`SLOT_CACHE_SIZE`): their similarity tables only grow as
        alignment meets new listed parts, and every entry stays valid.
        """
        index = self.index
        abjad = bool(source) and is_abjad(source)
        symbols = self._slot_symbols(forms, source)
        weak = any(is_weak(f, kind) for f in forms)
        form_ids = [index.token_id(f) for f in forms]
        # listed parts' phonetic keys and skeletons were computed when indexing
        vocab_keys = index.vocab_keys
        keys = tuple(
            phonetic_key(f) if vid is None else vocab_keys[vid]
            for f, vid in zip(forms, form_ids, strict=True)
        )
        skeletons: tuple[str, ...] = ()
        if abjad:
            vocab_skeletons = index.vocab_skeletons
            skeletons = tuple(
                skeleton_key(f) if vid is None else vocab_skeletons[vid]
                for f, vid in zip(forms, form_ids, strict=True)
            )
        slot = QuerySlot(
            forms,
            source,
            frozenset(symbols),
            abjad,
            0.0,
            weak,
            {},
            {},
            keys=keys,
            skeletons=skeletons,
            stems=kind is not NameKind.PERSON,
            unknown=all(vid is None for vid in form_ids) and not abjad,
        )
        live: list[str] = []
        sims = slot.sims
        hows = slot.hows
        graph = not abjad and not self.config.live_symbols
        for form, form_id in zip(forms, form_ids, strict=True):
            vid = form_id if graph else None
            if vid is None:
                live.append(form)
                continue
            # a listed part: its neighbours were found and compared when indexing
            start, end = self._nb_offsets[vid], self._nb_offsets[vid + 1]
            for other, sim, code in zip(
                self._nb_ids[start:end].tolist(),
                self._nb_sims[start:end].tolist(),
                self._nb_codes[start:end].tolist(),
                strict=True,
            ):
                if sim > sims.get(other, 0.0):
                    sims[other] = sim
                    hows[other] = _EDGE_HOWS[code]
        if live:
            vids: set[int] = set()
            for form in live:
                vids |= index.neighbours(form)
                if abjad:
                    vids |= index.skeleton_neighbours(form)
            if symbols:
                vids |= index.symbol_neighbours(symbols)
            for vid in vids:
                if vid not in sims:
                    self.slot_similarity(slot, vid)
        slot.weight = self._slot_weight(forms, slot.sims, self.weights[kind], weak)
        slot.weighted_evidence()
        return slot

    def spelling_similarity(self, slot: QuerySlot, vid: int) -> float:
        """Similarity of a query slot to a part that is *not* among its neighbours
        (cached in the slot).

        Neighbours already hold every part within one edit, with the same phonetic
        key or skeleton, or sharing a name symbol; what is left can only match by
        spelling, two or more edits away, so only the edit similarity is computed
        (not at all when the lengths alone rule it out), and for organisation names
        a shared stem.
        """
        token = self.index.vocab[vid]
        min_sim = self.config.min_token_similarity
        lt = len(token)
        best = 0.0
        how = SPELLING
        if token.isalpha():
            if slot.stems and any(shared_stem(form, token) for form in slot.forms):
                best, how = STEM_SIMILARITY, STEM
            for form in slot.forms:
                lf = len(form)
                if lf < 5 or lt < 5:
                    continue
                if 1.0 - abs(lf - lt) / (lf if lf > lt else lt) < min_sim:
                    continue
                sim = OSA.normalized_similarity(form, token, score_cutoff=min_sim)
                if sim > best:
                    best, how = sim, SPELLING
        slot.sims[vid] = best
        if best > 0.0:
            slot.hows[vid] = how
        return best

    def _slot_symbols(self, forms: tuple[str, ...], native: str) -> tuple[str, ...]:
        """Name symbols of a query part: from its original script when the config
        allows live look-ups, else from the index's vocabulary entries of its
        romanized forms."""
        if self.config.live_symbols:
            if native:
                return name_symbols(native)
            return tuple(sorted({sym for f in forms for sym in name_symbols(f)}))
        index = self.index
        found: set[str] = set()
        for form in forms:
            vid = index.token_id(form)
            if vid is not None:
                found.update(index.vocab_symbols[vid])
        return tuple(sorted(found))

    def slot_similarity(self, slot: QuerySlot, vid: int) -> float:
        """Similarity of a query slot to a vocabulary part (cached in the slot)."""
        cfg = self.config
        index = self.index
        sim, how = part_similarity(
            slot.forms,
            slot.symbols,
            slot.abjad,
            index.vocab[vid],
            index.vocab_symbols[vid],
            phonetic_sim=cfg.phonetic_similarity,
            symbol_sim=cfg.symbol_similarity,
            min_sim=cfg.typo_similarity if slot.unknown else cfg.min_token_similarity,
            form_keys=slot.keys,
            token_key=index.vocab_keys[vid],
            form_skeletons=slot.skeletons or None,
            token_skeleton=index.vocab_skeletons[vid] if slot.abjad else None,
            stems=slot.stems,
            typo=slot.unknown,
        )
        slot.sims[vid] = sim
        if sim > 0.0:
            slot.hows[vid] = how
        return sim

    def _slot_weight(
        self,
        forms: tuple[str, ...],
        sims: dict[int, float],
        weights: list[float],
        weak: bool,
    ) -> float:
        index = self.index
        for form in forms:
            vid = index.token_id(form)
            if vid is not None:
                return weights[vid]
        matched = [(sim, -weights[vid], vid) for vid, sim in sims.items() if sim > 0.0]
        if matched:
            weight = weights[max(matched)[2]]
        else:
            weight = self.unknown_weight
        return min(weight, self.config.weak_weight) if weak else weight

    # -- retrieval and scoring --------------------------------------------------------

    def candidates(
        self,
        query: PreparedQuery,
        *,
        list_keys: frozenset[str] | None = None,
        limit: int | None = None,
    ) -> list[Candidate]:
        """Entities worth scoring, best evidence first, plus identifier hits.

        Evidence is normalized per query name (the share of its weight found), so
        that a candidate's evidence is an estimate of its query coverage.
        """
        index = self.index
        limit = limit or self.config.candidates
        norms = self.form_norms(query.kind)
        form_filter = index.form_filter(query.schemata, list_keys)
        found: dict[int, Candidate] = {}
        max_forms = self.config.scored_forms
        for name in query.names:
            evidence = [slot.weighted_evidence() for slot in name.slots]
            weak = [slot.weak for slot in name.slots]
            if all(weak):
                weak = [False] * len(weak)  # a name of weak words only: search them
            total = name.total_weight or 1.0
            forms, raw, small = index.search_evidence(evidence, weak=weak)
            if len(forms) == 0:
                continue
            if small:
                top = self._top_small(forms, raw, total, norms, limit, form_filter)
            else:
                if form_filter is not None:
                    keep = form_filter[forms]
                    forms = forms[keep]
                    raw = raw[keep]
                    if len(forms) == 0:
                        continue
                cover = raw / total
                rank = cover + RANK_BETA * np.minimum(1.0, raw / norms[forms])
                top = index.top_entities(forms, cover, rank, limit, max_forms)
            for cand in top:
                known = found.get(cand.entity)
                if known is None or cand.rank > known.rank:
                    found[cand.entity] = cand
        ranked = sorted(found, key=lambda e: -found[e].rank)[:limit]
        out = [found[e] for e in ranked]
        seen = set(ranked)
        for _, id_value in query.identifiers:
            for entity in index.entities_by_identifier(id_value):
                if entity not in seen and self._allowed(entity, query, list_keys):
                    seen.add(entity)
                    out.append(Candidate(entity, 0.0, ()))
        return out

    def _top_small(
        self,
        forms: npt.NDArray[np.int64],
        raw: npt.NDArray[np.float64],
        total: float,
        norms: npt.NDArray[np.float64],
        limit: int,
        form_filter: npt.NDArray[np.bool_] | None,
    ) -> list[Candidate]:
        """`CandidateIndex.top_entities` for the few forms of the small search path.

        Forms below `RANK_FLOOR` of the best form's evidence are not ranked. Ties
        rank entities by position, an entity's forms by form id (descending). The
        forms are filtered with numpy; from `NUMPY_RANK_FORMS` forms on they are
        also ranked with numpy (plain Python costs about half a microsecond per
        form, numpy some 25 µs per call).
        """
        keep = raw >= raw.max() * RANK_FLOOR
        if form_filter is not None:
            keep &= form_filter[forms]
        forms = forms[keep]
        if len(forms) == 0:
            return []
        raw = raw[keep]
        if len(forms) >= NUMPY_RANK_FORMS:
            return self._top_small_numpy(forms, raw, total, norms, limit)
        entity_of = self.index.form_entity_list
        norm_list = self._norm_lists[id(norms)]
        best: dict[int, float] = {}
        per_entity: dict[int, list[tuple[float, int, float]]] = {}
        for form, value in zip(forms.tolist(), raw.tolist(), strict=True):
            entity = entity_of[form]
            share = value / norm_list[form]
            cover = value / total
            rank = cover + RANK_BETA * (share if share < 1.0 else 1.0)
            item = (rank, form, cover)
            known = per_entity.get(entity)
            if known is None:
                per_entity[entity] = [item]
                best[entity] = rank
            else:
                known.append(item)
                if rank > best[entity]:
                    best[entity] = rank
        top = heapq.nlargest(limit, best.items(), key=_rank_key)
        max_forms = self.config.scored_forms
        out: list[Candidate] = []
        for entity, rank in top:
            items = per_entity[entity]
            if len(items) > 1:
                items.sort(reverse=True)
                items = items[:max_forms]
                out.append(
                    Candidate(
                        entity,
                        max(c for _, _, c in items),
                        tuple((f, c) for _, f, c in items),
                        rank,
                    )
                )
            else:
                _, form, cover = items[0]
                out.append(Candidate(entity, cover, ((form, cover),), rank))
        return out

    def _top_small_numpy(
        self,
        forms: npt.NDArray[np.int64],
        raw: npt.NDArray[np.float64],
        total: float,
        norms: npt.NDArray[np.float64],
        limit: int,
    ) -> list[Candidate]:
        """`_top_small` vectorized (same arithmetic, same ties)."""
        cover = raw / total
        rank = cover + RANK_BETA * np.minimum(raw / norms[forms], 1.0)
        ents = self._form_entities[forms]
        # each entity's forms contiguous, best rank first, ties by form id descending
        order = np.lexsort((-forms, -rank, ents))
        s_ents = ents[order]
        first = np.empty(len(s_ents), dtype=bool)
        first[0] = True
        np.not_equal(s_ents[1:], s_ents[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        best = rank[order][starts]
        top = np.lexsort((s_ents[starts], -best))[:limit].tolist()
        ends = starts[1:].tolist()
        ends.append(len(s_ents))
        start_list = starts.tolist()
        s_forms = forms[order].tolist()
        s_cover = cover[order].tolist()
        entity_list = s_ents.tolist()
        rank_list = best.tolist()
        max_forms = self.config.scored_forms
        out: list[Candidate] = []
        for i in top:
            lo = start_list[i]
            hi = min(ends[i], lo + max_forms)
            covers = s_cover[lo:hi]
            out.append(
                Candidate(
                    entity_list[lo],
                    max(covers),
                    tuple(zip(s_forms[lo:hi], covers, strict=True)),
                    rank_list[i],
                )
            )
        return out

    def form_norms(self, kind: NameKind) -> npt.NDArray[np.float64]:
        """Total rarity weight of every indexed form (to rank candidates by how much
        of the listed name the evidence covers); computed once per kind."""
        cached = self._form_norms.get(kind)
        if cached is None:
            index = self.index
            flat = index.form_token_flat
            offsets = index.form_token_offsets
            per_token = np.asarray(self.weights[kind], dtype=np.float64)[flat]
            totals = np.zeros(len(offsets) - 1, dtype=np.float64)
            nonempty = offsets[1:] > offsets[:-1]
            if per_token.size:
                sums = np.add.reduceat(per_token, offsets[:-1][nonempty])
                totals[nonempty] = sums
            cached = np.maximum(totals, 1e-9)
            self._form_norms[kind] = cached
            self._norm_lists[id(cached)] = cached.tolist()
        return cached

    def upper_bound(self, query: PreparedQuery, evidence: float) -> float:
        """A (generous) bound on the score of a candidate with this much evidence.

        Query coverage can exceed the retrieval estimate only a little (compound
        and initial pairs, distant spellings found during alignment), so the bound
        adds a margin; every other name feature takes its most favourable value.
        """
        if evidence + _EVIDENCE_MARGIN >= 1.0:
            return 1.0
        cal = self.config.calibration
        weights = cal.weights
        z = cal.intercept
        for name in self.bound_features:
            w = weights.get(name, 0.0)
            if name == "query_coverage":
                z += w * (evidence + _EVIDENCE_MARGIN)
            elif w > 0:
                z += w
        if query.dates:
            z += max(0.0, weights.get("date_match", 0.0))
        if query.countries:
            z += max(0.0, weights.get("country_match", 0.0))
        return _sigmoid(z)

    def _allowed(self, entity: int, query: PreparedQuery, list_keys: frozenset[str] | None) -> bool:
        index = self.index
        if query.schemata is not None and index.entity_schema(entity) not in query.schemata:
            return False
        return list_keys is None or index.entity_list(entity) in list_keys

    def score(
        self,
        query: PreparedQuery,
        entity: int,
        forms: Sequence[tuple[int, float]] | None = None,
    ) -> Scored:
        """Score one candidate entity (implemented by the scoring subclass)."""
        raise NotImplementedError

    def rank(
        self,
        query: PreparedQuery,
        *,
        list_keys: frozenset[str] | None = None,
        limit: int = 10,
    ) -> tuple[list[Scored], int]:
        """The best ``limit`` candidates, scored, best first; and how many were scored.

        Candidates are scored in order of their evidence rank, at most
        ``scored_candidates`` of them; beyond that only candidates whose evidence
        covers most of the query. Candidates ranked far below the best one
        (`RANK_RATIO`) are not scored: their names share too little with the query
        to matter.
        """
        heap: list[tuple[float, int]] = []
        scored: list[Scored] = []
        count = 0
        budget = min(self.config.scored_candidates, limit)
        max_forms = self.config.scored_forms
        cands = self.candidates(query, list_keys=list_keys)
        floor = cands[0].rank * RANK_RATIO if cands else 0.0
        for position, cand in enumerate(cands):
            if cand.forms and position >= MIN_SCORED and cand.rank < floor:
                continue
            if cand.forms and position >= budget:
                if len(heap) >= limit and self.upper_bound(query, cand.evidence) <= heap[0][0]:
                    continue
                if cand.evidence < FULL_SCORE_COVER:
                    continue
            result = self.score(query, cand.entity, cand.forms[:max_forms] or None)
            count += 1
            scored.append(result)
            if len(heap) < limit:
                heapq.heappush(heap, (result.score, cand.entity))
            elif result.score > heap[0][0]:
                heapq.heapreplace(heap, (result.score, cand.entity))
        scored.sort(key=lambda r: (-r.score, r.entity))
        return scored[:limit], count


def _rank_key(item: tuple[int, float]) -> tuple[float, int]:
    return item[1], -item[0]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


#: How an edge of the neighbour graph matched, by code.
_EDGE_HOWS: tuple[str, ...] = (SPELLING, EXACT, PHONETIC, SYMBOL)

#: Query parts kept prepared across queries (oldest dropped first).
SLOT_CACHE_SIZE = 50_000

#: Candidates beyond the scoring budget are scored only with this much evidence.
FULL_SCORE_COVER = 0.8

#: Candidates ranked below this share of the best candidate's rank are not scored
#: (after the first `MIN_SCORED`).
RANK_RATIO = 0.7
MIN_SCORED = 3

#: Forms with less than this share of the best form's evidence are not ranked.
RANK_FLOOR = 0.3
#: From this many forms with evidence on, `_top_small` ranks them with numpy.
NUMPY_RANK_FORMS = 64

#: Weight of the listed name's coverage when ranking candidates by evidence.
RANK_BETA = 0.5

#: How far alignment may find more query coverage than the retrieval estimate.
_EVIDENCE_MARGIN = 0.2
