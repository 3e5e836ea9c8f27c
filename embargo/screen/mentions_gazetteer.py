"""The gazetteer: what a screening index knows about single words of a text.

Scoring every capitalised phrase of a news feed against 50,000 listed entities
would be far too slow, and most phrases ("Monday", "Foreign Ministry", "New York")
name no listed party. The gazetteer answers, from the index's own vocabulary of
romanized name parts and its postings, the cheap questions that let the mention
detector skip them:

* **is this word a listed name part**, exactly or within one edit / by sound
  (`Gazetteer.lookup`, via `MemoryIndex.token_id` and `MemoryIndex.neighbours`);
* **which entities carry that part** (`Gazetteer.entities`), so that a phrase is
  scored only when two of its words occur together in one listed name;
* **which one-word names stand alone** (`Gazetteer.single_org`): organisations
  whose primary name is one word (``HAMAS``, ``HIZBALLAH``, ``AL-QAIDA``), with their
  one-word aliases (``HEZBOLLAH``) — not one-word aliases of longer names (lists
  give "KAZAN" or "VALENCIA" as aliases of companies), not persons: a surname
  alone is not a mention;
* **what a later surname may refer back to** (`Gazetteer.surnames`);
* **listed names in scripts written without spaces** (Han, Kana, Thai, Hangul):
  an Aho-Corasick automaton over the names as published (`Gazetteer.native_matches`).

A gazetteer is built once per index (`gazetteer_for`) and memoizes its answers per
word, so a stream of documents pays for each distinct word once.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick
import numpy as np
from rapidfuzz.distance import Levenshtein

from embargo.index.memory import MemoryIndex
from embargo.normalize.names import split_name, tokenize
from embargo.normalize.phonetic import is_reliable_key, phonetic_key
from embargo.normalize.translit import latinize_variants
from embargo.normalize.wordlists import ORG_WEAK, PERSON_WEAK

#: Least similarity of a text word to a listed part for the word to count as that part.
MIN_PART_SIMILARITY = 0.8
#: Credited to a word with the listed part's phonetic key (``Yevgeny``/``Evgenii``).
PHONETIC_SIMILARITY = 0.85
#: Words shorter than this are looked up exactly only (short words collide).
MIN_FUZZY_LENGTH = 4
#: A part carried by more than this share of entities does not seed candidates.
SEED_MAX_SHARE = 0.04
SEED_MAX_FLOOR = 2000
#: Bound on memoized words; the memo is dropped when it grows past this.
MAX_MEMO = 400_000

_NATIVE_SCRIPTS = re.compile(
    "[\u3041-\u309f\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\u0e01-\u0e4e]"
)
_LATIN_LETTER = re.compile("[A-Za-z]")
_CAPS_WORD = re.compile(r"\b[^\W\d_a-z]{2,}\b")

#: Articles a one-word organisation name may carry (``AL-QAIDA``); a legal form
#: may not (``PRIVATE MILITARY COMPANY 'WAGNER'`` is not listed as "Wagner" alone).
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "the"})

PERSON = "Person"
ORGANIZATION = "Organization"
LEGAL_ENTITY = "LegalEntity"
#: Schemata a text mention is screened as (a listed schema → the query schema).
_QUERY_SCHEMA: dict[str, str] = {
    "Person": PERSON,
    "Vessel": "Vessel",
    "Airplane": "Airplane",
    "LegalEntity": LEGAL_ENTITY,
    "CryptoWallet": "CryptoWallet",
}


def query_schema(schema: str) -> str:
    """The schema a mention is screened as when it resembles a listed ``schema``."""
    return _QUERY_SCHEMA.get(schema, ORGANIZATION)


@dataclass(frozen=True, slots=True)
class NativeName:
    """A listed name in a script without word spaces, found verbatim in a text."""

    start: int
    end: int
    text: str
    entities: tuple[int, ...]


class Gazetteer:
    """Word-level knowledge of one `MemoryIndex` (see module docstring)."""

    def __init__(self, index: MemoryIndex) -> None:
        self.index = index
        self.vocab = index.vocab
        self.doc_freq: list[int] = [int(x) for x in index.doc_freq]
        self.seed_max_df = max(SEED_MAX_FLOOR, int(SEED_MAX_SHARE * index.entity_count))
        self._lock = threading.Lock()
        self._entities: dict[int, frozenset[int]] = {}
        self._lookups: dict[tuple[str, bool], tuple[tuple[int, float], ...]] = {}
        self._surnames: dict[int, frozenset[str]] = {}
        self._person_vids, self._single_org = self._scan_forms()
        self._single_org_keys: dict[str, list[int]] = {}
        for vid in self._single_org:
            pkey = phonetic_key(self.vocab[vid])
            if is_reliable_key(pkey):
                self._single_org_keys.setdefault(pkey, []).append(vid)
        self._native, self._native_count = self._native_automaton()

    # -- building ---------------------------------------------------------------------

    def _scan_forms(self) -> tuple[frozenset[int], dict[int, tuple[int, ...]]]:
        """One pass over the listed forms: the parts of person names, and the one-word
        names (primary name or strong alias) of organisations whose primary name is
        one word: ``HIZBALLAH`` with its alias ``HEZBOLLAH``, but not ``VALENCIA``, a
        one-word alias of a company with a longer name."""
        index = self.index
        vocab = self.vocab
        schemas = index.entity_schemas
        person_vids: set[int] = set()
        one_word: dict[int, list[tuple[int, str]]] = {}  # entity → (vid, property)
        for form, entity in enumerate(index.form_entities.tolist()):
            tokens = index.form_tokens(form)
            schema = schemas[entity]
            if schema == PERSON:
                person_vids.update(tokens)
                continue
            if schema in ("Vessel", "Airplane"):
                continue
            strong = [t for t in tokens if vocab[t] not in _ARTICLES]
            prop = index.form_name(form)[0]
            if len(strong) != 1 or prop not in ("name", "alias"):
                continue
            token = vocab[strong[0]]
            if len(token) < 4 or not token.isalpha() or token in ORG_WEAK:
                continue
            one_word.setdefault(entity, []).append((strong[0], prop))
        single: dict[int, list[int]] = {}
        for entity, forms in one_word.items():
            if not any(prop == "name" for _, prop in forms):
                continue
            for vid, _ in forms:
                bucket = single.setdefault(vid, [])
                if entity not in bucket:
                    bucket.append(entity)
        return frozenset(person_vids), {vid: tuple(ents) for vid, ents in single.items()}

    def _native_automaton(self) -> tuple[ahocorasick.Automaton, int]:
        index = self.index
        name_entity: dict[int, set[int]] = {}
        for form, name in enumerate(index.form_names.tolist()):
            name_entity.setdefault(name, set()).add(int(index.form_entities[form]))
        patterns: dict[str, set[int]] = {}
        for name, text in enumerate(index.name_texts):
            if not _NATIVE_SCRIPTS.search(text) or _LATIN_LETTER.search(text):
                continue
            for part in split_name(text):
                compact = part.strip()
                if len(compact) >= 2 and _NATIVE_SCRIPTS.search(compact):
                    patterns.setdefault(compact, set()).update(name_entity.get(name, ()))
        automaton = ahocorasick.Automaton()
        for pattern, ents in patterns.items():
            automaton.add_word(pattern, (pattern, tuple(sorted(ents))))
        if patterns:
            automaton.make_automaton()
        return automaton, len(patterns)

    # -- word look-ups ------------------------------------------------------------------

    def lookup(self, keys: tuple[str, ...], fuzzy: bool) -> tuple[tuple[int, float], ...]:
        """Listed parts resembling any romanized ``keys`` of one word, ``(vid, sim)``
        best first; ``fuzzy`` adds one-edit and same-sound parts (words of four
        letters or more)."""
        memo_key = (keys[0] if len(keys) == 1 else "\x1f".join(keys), fuzzy)
        found = self._lookups.get(memo_key)
        if found is not None:
            return found
        index = self.index
        vocab = self.vocab
        sims: dict[int, float] = {}
        for key in keys:
            vid = index.token_id(key)
            if vid is not None:
                sims[vid] = 1.0
        if fuzzy:
            for key in keys[:4]:
                if len(key) < MIN_FUZZY_LENGTH or not key.isalpha():
                    continue
                pkey = phonetic_key(key)
                reliable = is_reliable_key(pkey)
                for vid in index.neighbours(key):
                    if sims.get(vid, 0.0) >= 1.0:
                        continue
                    part = vocab[vid]
                    sim = Levenshtein.normalized_similarity(key, part)
                    if sim < PHONETIC_SIMILARITY and reliable and sim >= 0.5:
                        if phonetic_key(part) == pkey:
                            sim = PHONETIC_SIMILARITY
                    if sim >= MIN_PART_SIMILARITY and sim > sims.get(vid, 0.0):
                        sims[vid] = sim
        result = tuple(sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])))
        if len(self._lookups) > MAX_MEMO:
            self._lookups.clear()
        self._lookups[memo_key] = result
        return result

    def doc_freq_of(self, vid: int) -> int:
        return self.doc_freq[vid]

    def is_seed(self, vid: int) -> bool:
        """True for a part rare enough to propose candidate entities."""
        return self.doc_freq[vid] <= self.seed_max_df

    def entities(self, vid: int) -> frozenset[int]:
        """Entities with a listed name containing part ``vid``."""
        found = self._entities.get(vid)
        if found is None:
            index = self.index
            start, end = int(index.post_offsets[vid]), int(index.post_offsets[vid + 1])
            forms = index.post_forms[start:end]
            found = frozenset(np.unique(index.form_entities[forms]).tolist())
            with self._lock:
                self._entities[vid] = found
        return found

    def is_person_part(self, vid: int) -> bool:
        """True when some listed person's name contains part ``vid``."""
        return vid in self._person_vids

    def single_org_near(self, keys: tuple[str, ...]) -> list[tuple[int, float]]:
        """One-word organisation names a word may spell: identical, or with the same
        phonetic key, with their spelling (Levenshtein) similarity. Cheap: a word
        standing alone is looked up here only, not in the whole vocabulary."""
        out: dict[int, float] = {}
        for key in keys:
            vid = self.index.token_id(key)
            if vid is not None and vid in self._single_org:
                out[vid] = 1.0
            if len(key) >= MIN_FUZZY_LENGTH and key.isalpha():
                for near in self._single_org_keys.get(phonetic_key(key), ()):
                    sim = Levenshtein.normalized_similarity(key, self.vocab[near])
                    if sim > out.get(near, 0.0):
                        out[near] = sim
        return sorted(out.items(), key=lambda kv: -kv[1])

    def single_org(self, vid: int) -> tuple[int, ...]:
        """Organisations whose one-word name (see `_scan_forms`) is ``vid``."""
        return self._single_org.get(vid, ())

    def schema(self, entity: int) -> str:
        return self.index.entity_schemas[entity]

    # -- coreference --------------------------------------------------------------------

    def surnames(self, entity: int) -> frozenset[str]:
        """Romanized words a later mention may use alone to refer to ``entity``.

        Persons: the family name — the words before the comma of a name published
        as ``SURNAME, Given`` (OFAC, UN), the all-capital words of a name published
        as ``Given SURNAME`` (DFAT, OFSI), else the last word. Organisations: every
        word of its names that is not a legal form or function word (``wagner`` for
        ``PRIVATE MILITARY COMPANY 'WAGNER'``).
        """
        found = self._surnames.get(entity)
        if found is not None:
            return found
        index = self.index
        person = index.entity_schemas[entity] == PERSON
        weak = PERSON_WEAK if person else ORG_WEAK
        out: set[str] = set()
        for form in index.entity_forms(entity):
            _, text = index.form_name(form)
            tokens = [self.vocab[t] for t in index.form_tokens(form)]
            if not person:
                out.update(t for t in tokens if len(t) >= 3 and t not in weak and t.isalpha())
                continue
            family = _family_name(text)
            if family:
                for variant in latinize_variants(family):
                    out.update(t for t in tokenize(variant) if t not in weak and len(t) >= 2)
            elif tokens:
                strong = [t for t in tokens if t not in weak]
                if strong:
                    out.add(strong[-1])
        frozen = frozenset(out)
        with self._lock:
            self._surnames[entity] = frozen
        return frozen

    # -- scripts without spaces ---------------------------------------------------------

    def native_matches(self, text: str) -> Iterator[NativeName]:
        """Listed names written in Han, Kana, Hangul or Thai found verbatim in ``text``."""
        if not self._native_count:
            return
        for end_idx, (pattern, ents) in self._native.iter(text):
            end = end_idx + 1
            yield NativeName(end - len(pattern), end, pattern, ents)


def _family_name(text: str) -> str | None:
    """The family name of a published person name, when its layout shows it."""
    if "," in text:
        head = text.split(",", 1)[0].strip()
        return head or None
    caps = _CAPS_WORD.findall(text)
    if caps and len(caps) < len(text.split()):
        return " ".join(caps)
    return None


_GAZETTEERS: weakref.WeakKeyDictionary[MemoryIndex, Gazetteer] = weakref.WeakKeyDictionary()
_BUILD_LOCK = threading.Lock()


def gazetteer_for(index: MemoryIndex) -> Gazetteer:
    """The gazetteer of ``index``, built on first use and kept while the index lives."""
    found = _GAZETTEERS.get(index)
    if found is None:
        with _BUILD_LOCK:
            found = _GAZETTEERS.get(index)
            if found is None:
                found = Gazetteer(index)
                _GAZETTEERS[index] = found
    return found
