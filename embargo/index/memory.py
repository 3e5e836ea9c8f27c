"""In-process screening index: integer token ids, postings, neighbour maps.

Layout (all built once, persisted, loaded in well under a second for a catalog of
60,000 entities):

* **vocabulary**: every romanized name part of every listed name, as an integer
  id, with its document frequency (how many entities carry it) for rarity weights;
* **forms**: each listed name, in each of its romanizations, as a tuple of token
  ids, with the entity and published name it comes from;
* **postings**: token id → the forms that contain it (CSR arrays, sorted);
* **neighbour maps** for fuzzy look-up without scanning the vocabulary:
  single-deletion keys (every token and every token minus one letter → ids,
  so one edit in a query part still finds the listed part, as in SymSpell; kept as
  sorted arrays of stable key hashes, which load instantly),
  phonetic keys (consonant frames) and rigour name symbols (cross-script);
* **identifiers**: normalized value → entities, for exact look-up;
* per-entity birth dates, countries and identifiers for the context features.

`search` sums, per form, the best weighted evidence of each query part over its
postings, keeps each entity's best form and returns the top entities. Very common
parts (more than `COMMON_POSTINGS` forms) only add to forms already found through
rarer parts, so a query for "Mohammed Ali" does not touch every Mohammed.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from embargo.exc import IndexBuildError
from embargo.index.base import Candidate, SlotEvidence
from embargo.model.entity import Entity
from embargo.model.lists import original_of
from embargo.model.schema import NAME_PART_PROPS, NAME_PROPS
from embargo.normalize.countries import COUNTRY_PROPS, normalize_countries
from embargo.normalize.dates import PartialDate, parse_dates
from embargo.normalize.identifiers import ID_PROPS, identifier_keys, is_strong
from embargo.normalize.names import NameKind, is_weak, legal_form_words, name_kind, parse_name
from embargo.normalize.phonetic import is_reliable_key, phonetic_key, skeleton_key
from embargo.normalize.spelling import spelling_similarity
from embargo.normalize.symbols import name_symbols

log = logging.getLogger(__name__)

#: Bump when the persisted layout changes; older files are refused.
FORMAT_VERSION = 6
_MAGIC = b"EMBARGO-INDEX\n"

#: Parts with more postings than this only add evidence to forms found through
#: rarer parts of the same query.
COMMON_POSTINGS = 1_000
#: When every distinctive query part is common, the search starts from at most this
#: many postings of the rarest one (its most similar neighbours first).
SEED_POSTINGS = 50_000
#: `top_entities` ranks at most this many forms per entity wanted.
PRESELECT_FORMS = 16
#: Below this many postings, evidence is summed in plain Python (faster than numpy).
PYTHON_SEARCH_VOLUME = 600
#: Records of different lists are grouped by an organisation name only if one of its
#: distinctive parts is carried by at most this many entities.
GROUP_RARE_DF = 20
#: Keys shared by more records than this are too generic to group by.
GROUP_MAX = 12
#: From this many forms found, a common part's evidence is added with numpy.
NUMPY_COMMON_FORMS = 48
#: Deletion keys are made for tokens at least this long (shorter ones collide).
MIN_DELETE_LENGTH = 3


def _evidence_value(item: tuple[int, float]) -> float:
    return item[1]


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a look-up key (Python's own `hash` changes between
    processes). Collisions only add neighbours that similarity then rejects."""
    return int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "little")


def _hash_table(table: dict[str, list[int]]) -> dict[str, Any]:
    """A key → ids map as two sorted arrays (hash, id): loaded instantly, unlike a
    dict of several hundred thousand strings."""
    hashes: list[int] = []
    ids: list[int] = []
    for key, values in table.items():
        h = key_hash(key)
        for value in values:
            hashes.append(h)
            ids.append(value)
    h_arr = np.array(hashes, dtype=np.uint64)
    i_arr = np.array(ids, dtype=np.int32)
    order = np.argsort(h_arr, kind="stable")
    return {"delete_hashes": h_arr[order], "delete_ids": i_arr[order]}


def deletion_keys(token: str) -> list[str]:
    """The token and every string made by deleting one of its letters."""
    keys = [token]
    if len(token) >= MIN_DELETE_LENGTH:
        seen = {token}
        for i in range(len(token)):
            key = token[:i] + token[i + 1 :]
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


class MemoryIndex:
    """The in-process implementation of `embargo.index.base.CandidateIndex`."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.entity_ids: list[str] = state["entity_ids"]
        self.entity_schemas: list[str] = state["entity_schemas"]
        self.entity_captions: list[str] = state["entity_captions"]
        self.entity_lists: list[str] = state["entity_lists"]
        self._dates: list[tuple[PartialDate, ...]] = state["entity_dates"]
        self._countries: list[tuple[str, ...]] = state["entity_countries"]
        self._identifiers: list[tuple[tuple[str, str], ...]] = state["entity_identifiers"]
        self.entity_form_offsets: npt.NDArray[np.int64] = state["entity_form_offsets"]
        self.name_texts: list[str] = state["name_texts"]
        self.name_props: list[str] = state["name_props"]
        self.form_names: npt.NDArray[np.int32] = state["form_names"]
        # scalar views (fast Python ints without copies) for per-candidate look-ups
        self._form_name_view = np.ascontiguousarray(self.form_names).data
        self._entity_form_view = np.ascontiguousarray(self.entity_form_offsets).data
        self.form_entities: npt.NDArray[np.int32] = state["form_entities"]
        flat: npt.NDArray[np.int32] = state["form_token_flat"]
        offsets: npt.NDArray[np.int64] = state["form_token_offsets"]
        self._form_tokens: list[tuple[int, ...]] = _split_flat(flat, offsets)
        self._form_token_flat = flat
        self._form_token_offsets = offsets
        self.vocab: list[str] = state["vocab"]
        self._vocab_ids: dict[str, int] = {t: i for i, t in enumerate(self.vocab)}
        self.doc_freq: npt.NDArray[np.int32] = state["doc_freq"]
        self.post_offsets: npt.NDArray[np.int64] = state["post_offsets"]
        self._offsets: list[int] = self.post_offsets.tolist()
        self._post_counts: list[int] = np.diff(self.post_offsets).tolist()
        self.post_forms: npt.NDArray[np.int32] = state["post_forms"]
        self._delete_hashes: npt.NDArray[np.uint64] = state["delete_hashes"]
        self._delete_ids: npt.NDArray[np.int32] = state["delete_ids"]
        self._phonetic: dict[str, tuple[int, ...]] = state["phonetic"]
        self._symbols: dict[str, tuple[int, ...]] = state["symbols"]
        self._skeletons: dict[str, tuple[int, ...]] = state["skeletons"]
        self.vocab_symbols: list[tuple[str, ...]] = state["vocab_symbols"]
        #: phonetic key and consonant skeleton of every vocabulary part
        self.vocab_keys: list[str] = state["vocab_keys"]
        self.vocab_skeletons: list[str] = state["vocab_skeletons"]
        #: words of legal forms folded away from listed names ("limited", "obshchestvo")
        self.legal_words: list[str] = state["legal_words"]
        self.entity_groups: npt.NDArray[np.int32] = state["entity_groups"]
        #: neighbour graph of the vocabulary (see `_neighbour_graph`), CSR arrays
        self.nb_offsets: npt.NDArray[np.int64] = state["nb_offsets"]
        self.nb_ids: npt.NDArray[np.int32] = state["nb_ids"]
        self.nb_spell: npt.NDArray[np.float32] = state["nb_spell"]
        self.nb_flags: npt.NDArray[np.uint8] = state["nb_flags"]
        self._group_members: dict[int, list[int]] = {}
        for position, group in enumerate(self.entity_groups.tolist()):
            if group != position:
                self._group_members.setdefault(group, [group]).append(position)
        self._id_map: dict[str, list[int]] = state["id_map"]
        self.schema_names: list[str] = sorted(set(self.entity_schemas))
        codes = {s: i for i, s in enumerate(self.schema_names)}
        self._schema_codes = np.array([codes[s] for s in self.entity_schemas], dtype=np.int16)
        self.list_names: list[str] = sorted(set(self.entity_lists))
        lcodes = {s: i for i, s in enumerate(self.list_names)}
        self._list_codes = np.array([lcodes[s] for s in self.entity_lists], dtype=np.int16)
        self.meta: dict[str, Any] = state.get("meta", {})
        # plain-Python views for the small-query search path
        self._form_entity_list: list[int] = self.form_entities.tolist()
        n_lists = len(self.list_names)
        self._entity_code_list: list[int] = (
            self._schema_codes.astype(np.int64) * n_lists + self._list_codes
        ).tolist()
        self._form_filters: dict[frozenset[int], npt.NDArray[np.bool_]] = {}
        self._scratch = threading.local()
        self._allowed_cache: dict[
            tuple[frozenset[str] | None, frozenset[str] | None], frozenset[int]
        ] = {}

    # -- building -----------------------------------------------------------------

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> MemoryIndex:
        """Build an index from entities (any iterable; consumed once)."""
        started = time.perf_counter()
        b = _Builder()
        for entity in entities:
            b.add(entity)
        if not b.entity_ids:
            log.warning("building a screening index from zero entities")
        index = cls(b.finish())
        log.info(
            "built index: %d entities, %d forms, %d parts in %.1fs",
            len(index.entity_ids),
            len(index.form_entities),
            len(index.vocab),
            time.perf_counter() - started,
        )
        return index

    # -- persistence ----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "entity_ids": self.entity_ids,
            "entity_schemas": self.entity_schemas,
            "entity_captions": self.entity_captions,
            "entity_lists": self.entity_lists,
            "entity_dates": self._dates,
            "entity_countries": self._countries,
            "entity_identifiers": self._identifiers,
            "entity_form_offsets": self.entity_form_offsets,
            "name_texts": self.name_texts,
            "name_props": self.name_props,
            "form_names": self.form_names,
            "form_entities": self.form_entities,
            "form_token_flat": self._form_token_flat,
            "form_token_offsets": self._form_token_offsets,
            "vocab": self.vocab,
            "doc_freq": self.doc_freq,
            "post_offsets": self.post_offsets,
            "post_forms": self.post_forms,
            "delete_hashes": self._delete_hashes,
            "delete_ids": self._delete_ids,
            "phonetic": self._phonetic,
            "symbols": self._symbols,
            "skeletons": self._skeletons,
            "vocab_symbols": self.vocab_symbols,
            "vocab_keys": self.vocab_keys,
            "vocab_skeletons": self.vocab_skeletons,
            "legal_words": self.legal_words,
            "entity_groups": self.entity_groups,
            "nb_offsets": self.nb_offsets,
            "nb_ids": self.nb_ids,
            "nb_spell": self.nb_spell,
            "nb_flags": self.nb_flags,
            "id_map": self._id_map,
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        """Write the index to one file (atomically: a temporary file, then rename)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with tmp.open("wb") as fh:
                fh.write(_MAGIC)
                fh.write(f"{FORMAT_VERSION}\n".encode())
                pickle.dump(self._state(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError as exc:
            raise IndexBuildError(f"cannot write index to {path}: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> MemoryIndex:
        """Read an index written by `save`; refuses other formats and versions."""
        path = Path(path)
        try:
            with path.open("rb") as fh:
                magic = fh.read(len(_MAGIC))
                if magic != _MAGIC:
                    raise IndexBuildError(f"{path} is not an embargo index file")
                version = fh.readline().strip()
                if version != str(FORMAT_VERSION).encode():
                    raise IndexBuildError(
                        f"{path} has index format {version.decode(errors='replace')!r}; "
                        f"this version of embargo reads format {FORMAT_VERSION}: rebuild it"
                    )
                state = pickle.load(fh)
        except OSError as exc:
            raise IndexBuildError(f"cannot read index {path}: {exc}") from exc
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
            raise IndexBuildError(f"index file {path} is corrupt: {exc}") from exc
        if not isinstance(state, dict):
            raise IndexBuildError(f"index file {path} is corrupt")
        try:
            return cls(state)
        except KeyError as exc:
            raise IndexBuildError(f"index file {path} lacks {exc}: rebuild it") from exc

    # -- vocabulary look-ups ----------------------------------------------------------

    @property
    def entity_count(self) -> int:
        return len(self.entity_ids)

    @property
    def form_count(self) -> int:
        return len(self._form_tokens)

    @property
    def form_token_flat(self) -> npt.NDArray[np.int32]:
        """Token ids of every form, concatenated (see `form_token_offsets`)."""
        return self._form_token_flat

    @property
    def form_token_offsets(self) -> npt.NDArray[np.int64]:
        """Start of each form in `form_token_flat`, and the end of the last."""
        return self._form_token_offsets

    @property
    def form_entity_list(self) -> list[int]:
        """Entity of every form, as a Python list (fast scalar access)."""
        return self._form_entity_list

    def token_id(self, token: str) -> int | None:
        return self._vocab_ids.get(token)

    def neighbours(self, token: str) -> set[int]:
        """Vocabulary ids of parts within one edit of ``token`` (for tokens of three
        letters or more), or sharing its phonetic key, plus the token itself."""
        out: set[int] = set()
        own = self._vocab_ids.get(token)
        if own is not None:
            out.add(own)
        hashes = np.fromiter((key_hash(k) for k in deletion_keys(token)), dtype=np.uint64)
        table = self._delete_hashes
        lo = np.searchsorted(table, hashes, side="left")
        hi = np.searchsorted(table, hashes, side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b > a:
                out.update(self._delete_ids[a:b].tolist())
        if token.isalpha():
            key = phonetic_key(token)
            if is_reliable_key(key):
                ids = self._phonetic.get(key)
                if ids:
                    out.update(ids)
        return out

    def symbol_neighbours(self, symbols: Iterable[str]) -> set[int]:
        """Vocabulary ids of parts carrying any of these name symbols."""
        out: set[int] = set()
        for symbol in symbols:
            ids = self._symbols.get(symbol)
            if ids:
                out.update(ids)
        return out

    def skeleton_neighbours(self, token: str) -> set[int]:
        """Vocabulary ids of parts with the consonant skeleton of ``token`` (for
        parts romanized from scripts without vowels)."""
        key = skeleton_key(token)
        if len(key) < 2:
            return set()
        return set(self._skeletons.get(key, ()))

    # -- retrieval ----------------------------------------------------------------------

    def search_evidence(
        self, slots: Sequence[SlotEvidence], *, weak: Sequence[bool] | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], bool]:
        """Forms with evidence and their summed part evidence (parallel arrays), *not*
        filtered by schema or list (see `form_filter`); and whether the postings
        were few (`PYTHON_SEARCH_VOLUME`: forms in the order found, else sorted).

        Per query part, a form gets the best evidence among the part's neighbours it
        contains; the parts' evidence is summed, part by part. Parts with many
        postings (`COMMON_POSTINGS`) and weak parts (``weak``: particles, legal
        forms) only add to forms found through rarer parts; when every distinctive
        part is common, the rarest one seeds the search, limited to its best
        neighbours (`SEED_POSTINGS`). A query of weak parts only finds nothing.
        """
        rare, common, volume = self._split_slots(slots, weak)
        if not rare:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), True
        small = volume <= PYTHON_SEARCH_VOLUME
        if small:
            acc = self._accumulate_small(rare)
            if common and len(acc) < NUMPY_COMMON_FORMS:
                self._add_common_small(common, acc)
                common = []
            forms = np.fromiter(acc.keys(), dtype=np.int64, count=len(acc))
            scores = np.fromiter(acc.values(), dtype=np.float64, count=len(acc))
        else:
            forms, scores = self._accumulate_large(rare)
        for evidence in common:
            self._add_common(evidence, forms, scores)
        return forms, scores, small

    def search_forms(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None = None,
        list_keys: frozenset[str] | None = None,
        weak: Sequence[bool] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """`search_evidence` restricted to schemata and lists, forms sorted."""
        forms, scores, small = self.search_evidence(slots, weak=weak)
        if small and len(forms):
            order = np.argsort(forms)
            forms = forms[order]
            scores = scores[order]
        mask = self.form_filter(schemata, list_keys)
        if mask is not None:
            keep = mask[forms]
            forms = forms[keep]
            scores = scores[keep]
        return forms, scores

    def search_small(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None = None,
        list_keys: frozenset[str] | None = None,
        weak: Sequence[bool] | None = None,
    ) -> dict[int, float] | None:
        """`search_evidence` as a form → evidence map when the postings are few,
        *not* filtered by schema or list (see `entity_filter`); None otherwise."""
        rare, common, volume = self._split_slots(slots, weak)
        if not rare or volume > PYTHON_SEARCH_VOLUME:
            return None
        acc = self._accumulate_small(rare)
        self._add_common_small(common, acc)
        return acc

    def _add_common_small(self, common: Sequence[SlotEvidence], acc: dict[int, float]) -> None:
        """`_add_common` for a few forms in a dict: a common part only adds to forms
        already found, so its neighbours are looked up among each found form's own
        parts (a few) instead of its postings (many)."""
        tokens_of = self._form_tokens
        for evidence in common:
            values = dict(evidence)
            for form in acc:
                best = 0.0
                for token in tokens_of[form]:
                    value = values.get(token)
                    if value is not None and value > best:
                        best = value
                if best:
                    acc[form] += best

    def entity_filter(
        self, schemata: frozenset[str] | None, list_keys: frozenset[str] | None
    ) -> tuple[list[int], frozenset[int]] | None:
        """``(code of every entity, allowed codes)`` for a schema/list restriction,
        or None when nothing is excluded (codes combine schema and list)."""
        allowed = self._allowed_codes(schemata, list_keys)
        return None if allowed is None else (self._entity_code_list, allowed)

    def form_filter(
        self, schemata: frozenset[str] | None, list_keys: frozenset[str] | None
    ) -> npt.NDArray[np.bool_] | None:
        """Which forms belong to entities a search may return (a mask over forms,
        computed once per restriction), or None when nothing is excluded."""
        allowed = self._allowed_codes(schemata, list_keys)
        if allowed is None:
            return None
        mask = self._form_filters.get(allowed)
        if mask is None:
            by_code = np.zeros(len(self.schema_names) * len(self.list_names), dtype=bool)
            by_code[list(allowed)] = True
            codes = np.asarray(self._entity_code_list, dtype=np.int64)
            mask = by_code[codes][self.form_entities]
            self._form_filters[allowed] = mask
        return mask

    def _allowed_codes(
        self, schemata: frozenset[str] | None, list_keys: frozenset[str] | None
    ) -> frozenset[int] | None:
        """Codes (schema × list) of entities a search may return; None: all."""
        key = (schemata, list_keys)
        cached = self._allowed_cache.get(key)
        if cached is None:
            n_lists = len(self.list_names)
            codes = set()
            for si, schema in enumerate(self.schema_names):
                if schemata is not None and schema not in schemata:
                    continue
                for li, list_key in enumerate(self.list_names):
                    if list_keys is not None and list_key not in list_keys:
                        continue
                    codes.add(si * n_lists + li)
            cached = frozenset(codes)
            self._allowed_cache[key] = cached
        if len(cached) == len(self.schema_names) * len(self.list_names):
            return None
        return cached

    def search(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None = None,
        list_keys: frozenset[str] | None = None,
        limit: int = 30,
    ) -> list[Candidate]:
        """Top entities by summed part evidence of their best form, best first.

        Each `Candidate` carries its entity's forms that hold evidence, with their
        evidence, so that a matcher aligns only those.

        Args:
            slots: per query part, ``(vocabulary id, weighted similarity)`` pairs.
            schemata: only entities of these schemata (None: all).
            list_keys: only entities of these lists (None: all).
            limit: at most this many entities.
        """
        forms, scores = self.search_forms(slots, schemata=schemata, list_keys=list_keys)
        return self.top_entities(forms, scores, scores, limit)

    def _split_slots(
        self, slots: Sequence[SlotEvidence], weak: Sequence[bool] | None
    ) -> tuple[list[SlotEvidence], list[SlotEvidence], int]:
        """Slots that seed the search (rare, distinctive), slots that only add
        evidence to what is found (common or weak), and the seeds' posting volume."""
        counts = self._post_counts
        rare: list[SlotEvidence] = []
        common: list[SlotEvidence] = []
        seeds: list[tuple[int, SlotEvidence]] = []
        volume = 0
        for i, evidence in enumerate(slots):
            total = sum([counts[vid] for vid, _ in evidence])
            if total == 0:
                continue
            if weak is not None and weak[i]:
                common.append(evidence)
            elif total > COMMON_POSTINGS:
                common.append(evidence)
                seeds.append((total, evidence))
            else:
                rare.append(evidence)
                volume += total
        if not rare and seeds:
            # every distinctive part is common: seed with the rarest, best neighbours first
            seeds.sort(key=lambda item: item[0])
            first = seeds[0][1]
            common = [ev for ev in common if ev is not first]
            trimmed: list[tuple[int, float]] = []
            for vid, value in sorted(first, key=lambda item: -item[1]):
                size = counts[vid]
                if trimmed and volume + size > SEED_POSTINGS:
                    break
                trimmed.append((vid, value))
                volume += size
            rare = [trimmed]
        return rare, common, volume

    def _accumulate_small(self, slots: Sequence[SlotEvidence]) -> dict[int, float]:
        """Form → evidence by plain dict arithmetic (few postings: no numpy overhead).

        A part's best evidence per form is found by writing its neighbours'
        postings in increasing order of evidence (``dict.update`` in C: the last,
        best value stays); the parts' evidence is then summed part by part, from
        0.0, as everywhere else.
        """
        offsets = self._offsets
        postings = self.post_forms
        acc: dict[int, float] | None = None
        for evidence in slots:
            best: dict[int, float] = {}
            for vid, value in sorted(evidence, key=_evidence_value):
                if value > 0.0:
                    best.update(
                        dict.fromkeys(postings[offsets[vid] : offsets[vid + 1]].tolist(), value)
                    )
            if acc is None:
                acc = best  # 0.0 + value == value
                continue
            get = acc.get
            for form, value in best.items():
                acc[form] = get(form, 0.0) + value
        return acc if acc is not None else {}

    def _accumulate_large(
        self, slots: Sequence[SlotEvidence]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Form → evidence with numpy (many postings), as sorted arrays."""
        all_forms: list[npt.NDArray[np.int32]] = []
        all_vals: list[npt.NDArray[np.float64]] = []
        for evidence in slots:
            forms, vals = self._slot_postings(evidence)
            all_forms.append(forms)
            all_vals.append(vals)
        cat_forms = np.concatenate(all_forms) if len(all_forms) > 1 else all_forms[0]
        cat_vals = np.concatenate(all_vals) if len(all_vals) > 1 else all_vals[0]
        uniq, inverse = np.unique(cat_forms, return_inverse=True)
        sums = np.bincount(inverse, weights=cat_vals).astype(np.float64, copy=False)
        return uniq.astype(np.int64), sums

    def _value_scratch(self) -> npt.NDArray[np.float64]:
        """This thread's vocabulary-sized array of zeros (see `_add_common`, which
        leaves it zeroed)."""
        values: npt.NDArray[np.float64] | None = getattr(self._scratch, "values", None)
        if values is None:
            values = np.zeros(len(self.vocab), dtype=np.float64)
            self._scratch.values = values
        return values

    def _add_common(
        self,
        evidence: SlotEvidence,
        forms: npt.NDArray[np.int64],
        scores: npt.NDArray[np.float64],
    ) -> None:
        """Add a common part's evidence to forms already found (in place).

        The part's neighbours are looked up among each found form's own parts (a
        gather over the forms' tokens) rather than in the neighbours' long postings.
        """
        if len(forms) == 0 or not evidence:
            return
        offsets = self._form_token_offsets
        starts = offsets[forms]
        lengths = offsets[forms + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return
        vids = np.fromiter((vid for vid, _ in evidence), dtype=np.int64, count=len(evidence))
        vals = np.fromiter((v for _, v in evidence), dtype=np.float64, count=len(evidence))
        # positions of every token of every found form in the flat token array
        begins = np.cumsum(lengths) - lengths
        positions = np.repeat(starts - begins, lengths) + np.arange(total)
        tokens = self._form_token_flat[positions]
        # the part's best value of each token, through a vocabulary-sized array of
        # zeros kept per thread (allocating one per call costs more than the gather)
        value_of = self._value_scratch()
        try:
            np.maximum.at(value_of, vids, vals)
            values = value_of[tokens]
        finally:
            value_of[vids] = 0.0
        nonempty = lengths > 0
        best = np.zeros(len(forms))
        best[nonempty] = np.maximum.reduceat(values, begins[nonempty])
        scores += best

    def top_entities(
        self,
        forms: npt.NDArray[np.int64],
        evidence: npt.NDArray[np.float64],
        rank: npt.NDArray[np.float64],
        limit: int,
        max_forms: int = 3,
    ) -> list[Candidate]:
        """The ``limit`` entities whose best form ranks highest, best first.

        Args:
            forms: form ids; ``evidence``: their evidence (reported); ``rank``: the
                value to order by (evidence, or a normalized variant of it).
            max_forms: how many of each entity's best-ranked forms to return.
        """
        if len(forms) == 0:
            return []
        keep = limit * PRESELECT_FORMS
        if len(forms) > keep:
            # the best entities' best forms are among the best forms: sort only those
            top = np.argpartition(-rank, keep - 1)[:keep]
            forms, evidence, rank = forms[top], evidence[top], rank[top]
        ents = self.form_entities[forms]
        # sort by (entity, -rank): each entity's forms are contiguous, best first
        order = np.lexsort((-rank, ents))
        s_ents = ents[order]
        first = np.empty(len(s_ents), dtype=bool)
        first[0] = True
        np.not_equal(s_ents[1:], s_ents[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        ends = np.append(starts[1:], len(s_ents))
        best_rank = rank[order][starts]
        if len(starts) > limit:
            top = np.argpartition(-best_rank, limit - 1)[:limit]
        else:
            top = np.arange(len(starts))
        top = top[np.lexsort((s_ents[starts[top]], -best_rank[top]))]
        s_forms = forms[order].tolist()
        s_evidence = evidence[order].tolist()
        out: list[Candidate] = []
        for i in top.tolist():
            lo = int(starts[i])
            hi = min(int(ends[i]), lo + max_forms)
            items = tuple((s_forms[k], s_evidence[k]) for k in range(lo, hi))
            out.append(
                Candidate(
                    int(s_ents[lo]),
                    max(ev for _, ev in items),
                    items,
                    float(best_rank[i]),
                )
            )
        return out

    def _slot_postings(
        self, evidence: SlotEvidence
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """Forms (sorted, unique) with the best evidence of one query part."""
        offsets = self._offsets
        counts = self._post_counts
        postings = self.post_forms
        chunks: list[npt.NDArray[np.int32]] = []
        values: list[float] = []
        sizes: list[int] = []
        for vid, value in evidence:
            size = counts[vid]
            if size:
                start = offsets[vid]
                chunks.append(postings[start : start + size])
                values.append(value)
                sizes.append(size)
        if len(chunks) == 1:
            return chunks[0], np.full(sizes[0], values[0])
        forms = np.concatenate(chunks)
        vals = np.repeat(np.array(values, dtype=np.float64), sizes)
        order = np.lexsort((-vals, forms))
        forms = forms[order]
        vals = vals[order]
        keep = np.empty(len(forms), dtype=bool)
        keep[0] = True
        np.not_equal(forms[1:], forms[:-1], out=keep[1:])
        return forms[keep], vals[keep]

    # -- entity data ------------------------------------------------------------------

    def entity_forms(self, entity: int) -> range:
        view = self._entity_form_view
        return range(view[entity], view[entity + 1])

    def form_tokens(self, form: int) -> tuple[int, ...]:
        return self._form_tokens[form]

    def form_name(self, form: int) -> tuple[str, str]:
        """``(property, published name)`` of a form."""
        name: int = self._form_name_view[form]
        return self.name_props[name], self.name_texts[name]

    def entity_id(self, entity: int) -> str:
        return self.entity_ids[entity]

    def entity_schema(self, entity: int) -> str:
        return self.entity_schemas[entity]

    def entity_caption(self, entity: int) -> str:
        return self.entity_captions[entity]

    def entity_list(self, entity: int) -> str:
        return self.entity_lists[entity]

    def entity_dates(self, entity: int) -> tuple[PartialDate, ...]:
        return self._dates[entity]

    def entity_countries(self, entity: int) -> tuple[str, ...]:
        return self._countries[entity]

    def entity_identifiers(self, entity: int) -> tuple[tuple[str, str], ...]:
        return self._identifiers[entity]

    def entities_by_identifier(self, value: str) -> list[int]:
        return self._id_map.get(value, [])

    def entity_group(self, entity: int) -> list[int]:
        """Every record (entity position) of the target this entity describes.

        Lists re-publish each other's designations (the UK, Canada and Australia
        follow the UN; trade.gov's consolidated list copies OFAC's). Records of
        *different* lists are grouped when the evidence is strong: a person's
        identical name (same parts) with the same full birth date; an
        organisation's or vessel's identical name of two or more distinctive parts,
        one of them rare; or a shared strong identifier (IMO, LEI, passport…).
        Records of one list are never grouped: a list's records are separate
        designations. A record alone is its own group.
        """
        group = int(self.entity_groups[entity])
        return self._group_members.get(group, [entity])


def _split_flat(
    flat: npt.NDArray[np.int32], offsets: npt.NDArray[np.int64]
) -> list[tuple[int, ...]]:
    values = flat.tolist()
    bounds = offsets.tolist()
    return [tuple(values[bounds[i] : bounds[i + 1]]) for i in range(len(bounds) - 1)]


#: Flags of a neighbour-graph edge.
EDGE_PHONETIC = 1  # same reliable phonetic key
EDGE_SYMBOL = 2  # a shared name symbol
EDGE_DISJOINT = 4  # both parts known names, no symbol shared


def _neighbour_graph(
    vocab: list[str],
    deletes: dict[str, list[int]],
    phonetic: dict[str, list[int]],
    symbols: dict[str, list[int]],
    vocab_symbols: list[tuple[str, ...]],
    vocab_keys: list[str],
) -> dict[str, Any]:
    """Every vocabulary part's neighbours, with the raw evidence of each edge.

    Most query parts are parts of listed names; their neighbours (one edit away,
    same phonetic key, shared name symbol) and the spelling similarity to each are
    computed once here instead of for every query. An edge carries the spelling
    similarity and flags (`EDGE_PHONETIC`, `EDGE_SYMBOL`, `EDGE_DISJOINT`); the
    matcher turns them into similarities under its configuration.
    """
    offsets = [0]
    ids: list[int] = []
    spells: list[float] = []
    flags: list[int] = []
    for vid, token in enumerate(vocab):
        found: set[int] = set()
        for key in deletion_keys(token):
            found.update(deletes.get(key, ()))
        key = vocab_keys[vid]
        alpha = token.isalpha()
        if alpha and is_reliable_key(key):
            found.update(phonetic.get(key, ()))
        mine = vocab_symbols[vid]
        for symbol in mine:
            found.update(symbols.get(symbol, ()))
        mine_set = set(mine)
        for other in sorted(found):
            spell = spelling_similarity(token, vocab[other])
            theirs = vocab_symbols[other]
            flag = 0
            if mine and theirs:
                flag |= EDGE_DISJOINT if mine_set.isdisjoint(theirs) else EDGE_SYMBOL
            if alpha and vocab_keys[other] == key and is_reliable_key(key):
                flag |= EDGE_PHONETIC
            if spell < 0.5 and not flag & EDGE_SYMBOL:
                continue
            ids.append(other)
            spells.append(spell)
            flags.append(flag)
        offsets.append(len(ids))
    return {
        "nb_offsets": np.array(offsets, dtype=np.int64),
        "nb_ids": np.array(ids, dtype=np.int32),
        "nb_spell": np.array(spells, dtype=np.float32),
        "nb_flags": np.array(flags, dtype=np.uint8),
    }


class _Builder:
    """Accumulates entities into the arrays of a `MemoryIndex`."""

    def __init__(self) -> None:
        self.entity_ids: list[str] = []
        self.entity_schemas: list[str] = []
        self.entity_captions: list[str] = []
        self.entity_lists: list[str] = []
        self.entity_dates: list[tuple[PartialDate, ...]] = []
        self.entity_countries: list[tuple[str, ...]] = []
        self.entity_identifiers: list[tuple[tuple[str, str], ...]] = []
        self.entity_form_offsets: list[int] = [0]
        self.name_texts: list[str] = []
        self.name_props: list[str] = []
        self.form_names: list[int] = []
        self.form_entities: list[int] = []
        self.form_flat: list[int] = []
        self.form_offsets: list[int] = [0]
        self.vocab: list[str] = []
        self.vocab_ids: dict[str, int] = {}
        self.doc_freq: list[int] = []
        self.id_map: dict[str, list[int]] = {}
        self.seen_ids: set[str] = set()
        self.legal_words: set[str] = set()

    def _token(self, token: str) -> int:
        vid = self.vocab_ids.get(token)
        if vid is None:
            vid = len(self.vocab)
            self.vocab_ids[token] = vid
            self.vocab.append(token)
            self.doc_freq.append(0)
        return vid

    def add(self, entity: Entity) -> None:
        if entity.id in self.seen_ids:
            raise IndexBuildError(f"duplicate entity id {entity.id!r}")
        self.seen_ids.add(entity.id)
        idx = len(self.entity_ids)
        kind = name_kind(entity.schema)
        names: list[tuple[str, str]] = []
        for prop in NAME_PROPS:
            for value in entity.get(prop):
                if all(value != v for _, v in names):
                    names.append((prop, value))
        if not names:
            parts = [v for p in NAME_PART_PROPS for v in entity.get(p)]
            if parts:
                names.append(("name", " ".join(parts)))
        entity_tokens: set[int] = set()
        seen_forms: set[tuple[int, ...]] = set()
        for prop, text in names:
            name_idx = len(self.name_texts)
            self.name_texts.append(text)
            self.name_props.append(prop)
            if kind is not NameKind.PERSON:
                self.legal_words.update(legal_form_words(text))
            for parsed in parse_name(text, kind):
                for variant in parsed.variants():
                    ids = tuple(self._token(t) for t in variant)
                    if ids in seen_forms:
                        continue
                    seen_forms.add(ids)
                    self.form_names.append(name_idx)
                    self.form_entities.append(idx)
                    self.form_flat.extend(ids)
                    self.form_offsets.append(len(self.form_flat))
                    entity_tokens.update(ids)
        for vid in entity_tokens:
            self.doc_freq[vid] += 1
        self.entity_form_offsets.append(len(self.form_entities))
        self.entity_ids.append(entity.id)
        self.entity_schemas.append(entity.schema)
        self.entity_captions.append(entity.caption)
        self.entity_lists.append(entity.list_key)
        self.entity_dates.append(parse_dates(entity.get("birthDate")))
        self.entity_countries.append(
            normalize_countries(v for p in COUNTRY_PROPS for v in entity.get(p))
        )
        ids_ = identifier_keys((v.prop, v.value) for v in entity.iter_values(ID_PROPS))
        self.entity_identifiers.append(ids_)
        for _, value in ids_:
            bucket = self.id_map.setdefault(value, [])
            if idx not in bucket:
                bucket.append(idx)

    def _groups(self) -> list[int]:
        """Group id (lowest member position) of every entity: records of several lists
        that describe one target (see `MemoryIndex.entity_group`)."""
        parent = list(range(len(self.entity_ids)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        buckets: dict[tuple[Any, ...], list[int]] = {}
        weak_person = [is_weak(t, NameKind.PERSON) for t in self.vocab]
        weak_org = [is_weak(t, NameKind.ORG) for t in self.vocab]
        df = self.doc_freq
        offsets = self.form_offsets
        flat = self.form_flat
        for e in range(len(self.entity_ids)):
            person = self.entity_schemas[e] == "Person"
            weak = weak_person if person else weak_org
            full_dates = [str(d) for d in self.entity_dates[e] if d.day is not None]
            for form in range(self.entity_form_offsets[e], self.entity_form_offsets[e + 1]):
                tokens = flat[offsets[form] : offsets[form + 1]]
                strong = [t for t in tokens if not weak[t]]
                if len(strong) < 2:
                    continue
                key = tuple(sorted(tokens))
                if person:
                    for day in full_dates:
                        buckets.setdefault(("p", key, day), []).append(e)
                elif min(df[t] for t in strong) <= GROUP_RARE_DF:
                    buckets.setdefault(("o", key), []).append(e)
            for prop, value in self.entity_identifiers[e]:
                if is_strong(prop):
                    buckets.setdefault(("id", value), []).append(e)
            # an aggregator's copy of a designation belongs with the designation
            buckets.setdefault(("record", self.entity_ids[e]), []).append(e)
            original = original_of(self.entity_ids[e])
            if original is not None:
                buckets.setdefault(("record", original), []).append(e)
        for members in buckets.values():
            if len(members) < 2 or len(members) > GROUP_MAX:
                continue
            lists = {self.entity_lists[m] for m in members}
            if len(lists) < 2:
                continue  # one list's records are separate designations
            first = find(members[0])
            for other in members[1:]:
                if self.entity_lists[other] == self.entity_lists[members[0]]:
                    continue
                root = find(other)
                if root != first:
                    low, high = (first, root) if first < root else (root, first)
                    parent[high] = low
                    first = low
        return [find(e) for e in range(len(parent))]

    def finish(self) -> dict[str, Any]:
        n_vocab = len(self.vocab)
        form_entities = np.array(self.form_entities, dtype=np.int32)
        flat = np.array(self.form_flat, dtype=np.int32)
        form_offsets = np.array(self.form_offsets, dtype=np.int64)
        # postings: token → forms, via a stable sort of (token, form) pairs
        lengths = np.diff(form_offsets)
        form_of_token = np.repeat(np.arange(len(form_entities), dtype=np.int32), lengths)
        order = np.lexsort((form_of_token, flat))
        tok_sorted = flat[order]
        forms_sorted = form_of_token[order]
        if len(tok_sorted):
            keep = np.ones(len(tok_sorted), dtype=bool)
            keep[1:] = (tok_sorted[1:] != tok_sorted[:-1]) | (forms_sorted[1:] != forms_sorted[:-1])
            tok_sorted = tok_sorted[keep]
            forms_sorted = forms_sorted[keep]
        counts = np.bincount(tok_sorted, minlength=n_vocab)
        post_offsets = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(counts, out=post_offsets[1:])
        deletes: dict[str, list[int]] = {}
        phonetic: dict[str, list[int]] = {}
        skeletons: dict[str, list[int]] = {}
        symbols: dict[str, list[int]] = {}
        vocab_symbols: list[tuple[str, ...]] = []
        vocab_keys: list[str] = []
        vocab_skeletons: list[str] = []
        for vid, token in enumerate(self.vocab):
            for key in deletion_keys(token):
                deletes.setdefault(key, []).append(vid)
            token_symbols: tuple[str, ...] = ()
            pkey = phonetic_key(token)
            skey = skeleton_key(token)
            vocab_keys.append(pkey)
            vocab_skeletons.append(skey)
            if token.isalpha():
                if is_reliable_key(pkey):
                    phonetic.setdefault(pkey, []).append(vid)
                if len(skey) >= 2:
                    skeletons.setdefault(skey, []).append(vid)
                token_symbols = name_symbols(token)
                for symbol in token_symbols:
                    symbols.setdefault(symbol, []).append(vid)
            vocab_symbols.append(token_symbols)
        graph = _neighbour_graph(self.vocab, deletes, phonetic, symbols, vocab_symbols, vocab_keys)
        return {
            "entity_ids": self.entity_ids,
            "entity_schemas": self.entity_schemas,
            "entity_captions": self.entity_captions,
            "entity_lists": self.entity_lists,
            "entity_dates": self.entity_dates,
            "entity_countries": self.entity_countries,
            "entity_identifiers": self.entity_identifiers,
            "entity_form_offsets": np.array(self.entity_form_offsets, dtype=np.int64),
            "name_texts": self.name_texts,
            "name_props": self.name_props,
            "form_names": np.array(self.form_names, dtype=np.int32),
            "form_entities": form_entities,
            "form_token_flat": flat,
            "form_token_offsets": form_offsets,
            "vocab": self.vocab,
            "doc_freq": np.array(self.doc_freq, dtype=np.int32),
            "post_offsets": post_offsets,
            "post_forms": forms_sorted.astype(np.int32),
            **_hash_table(deletes),
            "phonetic": {k: tuple(v) for k, v in phonetic.items()},
            "symbols": {k: tuple(v) for k, v in symbols.items()},
            "skeletons": {k: tuple(v) for k, v in skeletons.items()},
            "vocab_symbols": vocab_symbols,
            "vocab_keys": vocab_keys,
            "vocab_skeletons": vocab_skeletons,
            **graph,
            "legal_words": sorted(self.legal_words),
            "entity_groups": np.array(self._groups(), dtype=np.int32),
            "id_map": self.id_map,
            "meta": {"built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        }
