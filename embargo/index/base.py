"""The candidate-index protocol: what the matcher needs from an index.

An index holds the listed entities in matchable form (name parts as integer token
ids, rarity statistics, neighbour maps for fuzzy look-up) and answers two
questions fast:

* which vocabulary parts resemble a query part (`neighbours`, `symbol_neighbours`);
* which entities carry the most weighted evidence for a query (`search`), so that
  only a bounded candidate set is scored in full; the whole list is never scanned.

`embargo.index.memory.MemoryIndex` is the in-process implementation; other
back-ends (DuckDB, a server) implement the same protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from embargo.normalize.dates import PartialDate

#: Evidence of one query part: (vocabulary id, weighted similarity) pairs.
SlotEvidence = Sequence[tuple[int, float]]


class Candidate(NamedTuple):
    """An entity found by `CandidateIndex.search`.

    Attributes:
        entity: the entity's position in the index.
        evidence: summed weighted part evidence of its best form.
        forms: ``(form, evidence)`` of each of its forms that holds evidence,
            best ranked first.
        rank: the value candidates were ordered by.
    """

    entity: int
    evidence: float
    forms: tuple[tuple[int, float], ...]
    rank: float = 0.0


class CandidateIndex(Protocol):
    """Read side of a screening index (see module docstring)."""

    vocab: list[str]
    doc_freq: npt.NDArray[np.int32]

    @property
    def entity_count(self) -> int: ...

    @property
    def form_count(self) -> int: ...

    def token_id(self, token: str) -> int | None: ...

    def neighbours(self, token: str) -> set[int]: ...

    def symbol_neighbours(self, symbols: Iterable[str]) -> set[int]: ...

    def skeleton_neighbours(self, token: str) -> set[int]: ...

    @property
    def vocab_symbols(self) -> list[tuple[str, ...]]: ...

    @property
    def legal_words(self) -> list[str]: ...

    @property
    def vocab_keys(self) -> list[str]: ...

    @property
    def nb_offsets(self) -> npt.NDArray[np.int64]: ...

    @property
    def nb_ids(self) -> npt.NDArray[np.int32]: ...

    @property
    def nb_spell(self) -> npt.NDArray[np.float32]: ...

    @property
    def nb_flags(self) -> npt.NDArray[np.uint8]: ...

    @property
    def vocab_skeletons(self) -> list[str]: ...

    @property
    def form_entity_list(self) -> list[int]: ...

    @property
    def form_entities(self) -> npt.NDArray[np.int32]: ...

    @property
    def form_token_flat(self) -> npt.NDArray[np.int32]: ...

    @property
    def form_token_offsets(self) -> npt.NDArray[np.int64]: ...

    def search_small(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None,
        list_keys: frozenset[str] | None,
        weak: Sequence[bool] | None = None,
    ) -> dict[int, float] | None: ...

    def search_evidence(
        self, slots: Sequence[SlotEvidence], *, weak: Sequence[bool] | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], bool]: ...

    def entity_filter(
        self, schemata: frozenset[str] | None, list_keys: frozenset[str] | None
    ) -> tuple[list[int], frozenset[int]] | None: ...

    def form_filter(
        self, schemata: frozenset[str] | None, list_keys: frozenset[str] | None
    ) -> npt.NDArray[np.bool_] | None: ...

    def search_forms(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None,
        list_keys: frozenset[str] | None,
        weak: Sequence[bool] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...

    def top_entities(
        self,
        forms: npt.NDArray[np.int64],
        evidence: npt.NDArray[np.float64],
        rank: npt.NDArray[np.float64],
        limit: int,
        max_forms: int = 3,
    ) -> list[Candidate]: ...

    def search(
        self,
        slots: Sequence[SlotEvidence],
        *,
        schemata: frozenset[str] | None,
        list_keys: frozenset[str] | None,
        limit: int,
    ) -> list[Candidate]: ...

    def entity_forms(self, entity: int) -> range: ...

    def form_tokens(self, form: int) -> tuple[int, ...]: ...

    def form_name(self, form: int) -> tuple[str, str]: ...

    def entity_id(self, entity: int) -> str: ...

    def entity_schema(self, entity: int) -> str: ...

    def entity_caption(self, entity: int) -> str: ...

    def entity_list(self, entity: int) -> str: ...

    def entity_dates(self, entity: int) -> tuple[PartialDate, ...]: ...

    def entity_countries(self, entity: int) -> tuple[str, ...]: ...

    def entity_identifiers(self, entity: int) -> tuple[tuple[str, str], ...]: ...

    def entities_by_identifier(self, value: str) -> list[int]: ...

    def entity_group(self, entity: int) -> list[int]: ...

    def save(self, path: Path) -> None: ...
