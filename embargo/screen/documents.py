"""Document screening: which listed parties does this text mention, where, how surely?

    >>> result = scan_text(article, snapshot)            # or a Screener
    >>> [(m.text, m.start, m.end, m.id, m.how) for m in result.mentions]
    [('Sergei Shoigu', 25, 38, 'us_ofac_sdn-35173', 'name'), ...]
    >>> result.to_dict()["jurisdictions"]                 # sanctioned territories named

A text is read in four passes; only the last one calls the matching engine, and
only on phrases that can be names of listed parties:

1. **Candidate phrases** (`DocumentScanner._read`): the text is cut into words by
   script (`embargo.screen.mentions`). Scripts with letter case give runs of
   capitalised words (particles such as ``bin``/``de`` and organisation descriptors
   such as ``Grupo``/``группы``/``ЧВК`` may sit inside; function words, titles such
   as "Minister" and a possessive ``'s`` end a run).
   Scripts without case (Arabic, Hebrew, Hangul…) give runs of words between
   punctuation. Lower-case runs count when they hold a rare listed name part
   (``sergei shoigu`` in a lower-case chat message).
2. **Gazetteer filter** (`embargo.screen.mentions_gazetteer`): every word of a run
   is looked up in the index vocabulary of romanized name parts — in all its
   romanizations and candidate base forms (``Пригожина`` → ``Пригожин``,
   ``والظواهري`` → ``الظواهري``, ``김정은은`` → 김 정 은), exactly or within one
   edit or by sound. A sub-phrase becomes a *candidate span* only if two or more of
   its words occur together in one listed name, one of them distinctive (rare in
   the lists); a single word only if an organisation's one-word name is that word
   (``Hamas``, ``Hezbollah``). Korean names are family name + given name whose
   syllables are all parts of one listed name. Listed names in scripts written
   without spaces (Han, Kana) are found verbatim with an Aho-Corasick automaton.
   Country and region names are not parties (they are reported as jurisdictions).
3. **Scoring**: each candidate span is screened as a `Query` by the matching engine
   (`Screener.screen`), with its inflected words also given in their base form and
   its descriptors in English (``Grupo Wagner`` → ``Group Wagner``). Results are
   cached per span text for the life of the scanner, so a name repeated in a
   document or across a feed is scored once. Overlapping spans are resolved best
   score first: each stretch of text is one mention, and is counted once. A
   mention is reported once per matching listed entry (best first): one party is
   often on several lists.
4. **Coreference**: a family name used alone (``Shoigu said``, ``Пригожина``)
   refers to the party of an *earlier* full mention of that name in the same text
   and is reported with that party and the antecedent's score. A family name with
   no earlier full mention, or one that fits two earlier parties (``Kim`` after
   both Kim Jong Un and Kim Yo Jong), is not a mention.

Offsets (``start``/``end``) are Python string indices (code points) into the
screened text; for files, into the text `embargo.screen.text_extract` extracted.

Named-entity recognition with a statistical model is not used: no NER model ships
with the installed packages, and the gazetteer finds listed names a general NER
would miss (lower-case, all-capital, foreign-script names inside longer phrases).
"""

from __future__ import annotations

import bisect
import re
import sys
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from embargo.exc import QueryError
from embargo.model.values import clean_country
from embargo.normalize.names import tokenize
from embargo.normalize.translit import latinize_variants
from embargo.normalize.wordlists import ORG_STOPWORDS
from embargo.screen.alerts import Alert, alert_from_hit
from embargo.screen.jurisdictions import JurisdictionMention, find_jurisdictions
from embargo.screen.mentions import (
    CASED,
    CYRILLIC_TAILS,
    DESCRIPTOR_WORD,
    KOREAN_SURNAMES,
    PARTICLES,
    STOPWORDS,
    TITLES,
    UNSPACED,
    Script,
    Token,
    arabic_bases,
    cyrillic_stems,
    descriptor_class,
    is_possessive,
    joins,
    korean_name_prefixes,
    korean_surname_alone,
    sentence_initial,
    tokenize_names,
)
from embargo.screen.mentions_gazetteer import (
    LEGAL_ENTITY,
    ORGANIZATION,
    PERSON,
    Gazetteer,
    gazetteer_for,
    query_schema,
)
from embargo.screen.party import Hit, Query, Screener

#: Hits per scored span kept from the engine (one party may be listed on many lists).
HIT_LIMIT = 15
#: A span inside a longer one gives way to it unless it scores this much better.
CONTAINED_MARGIN = 0.1
#: Longest candidate span, in name parts.
MAX_SPAN_PARTS = 6
#: Longer runs are cut into overlapping windows of this many words.
MAX_RUN_WORDS = 16
#: Parts of a run that are not in a listed name but may sit between two that are
#: (a middle name the list does not give).
MAX_GAP_PARTS = 1
#: Scored spans remembered by one scanner (across documents).
SPAN_CACHE_SIZE = 50_000
#: Words remembered by one scanner.
WORD_CACHE_SIZE = 300_000
#: Texts up to this long (a payment's remittance line, MT 70 is 4 × 35 characters)
#: have their mentions remembered whole by `DocumentScanner.mention_dicts` …
SHORT_TEXT_CHARS = 140
#: … this many of them, by one scanner.
SHORT_TEXT_CACHE_SIZE = 50_000
#: A lower-case word proposes a mention only if at most this share of listed
#: entities (and at least `LOWER_SEED_FLOOR`) carries it.
LOWER_SEED_SHARE = 0.0005
LOWER_SEED_FLOOR = 10
#: Least spelling (Levenshtein) similarity of a word to an organisation's one-word
#: name when they are not identical ("Hezbollah"/"HIZBALLAH" 0.78).
SINGLE_WORD_SPELLING = 0.75
#: A candidate span needs one matched part carried by at most this share of listed
#: entities (and at least `DISTINCT_FLOOR`): a phrase made only of common name
#: parts ("Mohammed Salah", "Ali Hassan") is a namesake far more often than not.
DISTINCT_SHARE = 0.001
DISTINCT_FLOOR = 20

# Word classes (see `_Scanner._classify`).
_BREAK = 0  # ends a run: function word, digits' neighbour, unspaced script
_CAP = 1  # capitalised word of a cased script
_UNCASED = 2  # word of a script without case
_PARTICLE = 3  # bin, al, de, van…
_DESC = 4  # Grupo, группы, ЧВК, PMC
_LOWER_SEED = 5  # lower-case rare listed name part
_LOWER_PART = 6  # lower-case listed name part
_LOWER = 7  # other lower-case word
_HANGUL = 8  # Korean word (names found by `_hangul_candidates`, not in runs)
_STOPNAME = 9  # capitalised function word that is also a person-name part ("Un", "Le")
_STOPNAME_LOWER = 10  # the same in lower case: joins a name only by a hyphen ("Jong-un")

_STRONG = (_CAP, _UNCASED, _LOWER_SEED)


class SnapshotLike(Protocol):
    """What `scan_text` needs of a `embargo.services.screening.ScreeningSnapshot`."""

    @property
    def screener(self) -> Screener: ...

    @property
    def list_versions(self) -> dict[str, str]: ...

    @property
    def entities(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Mention:
    """One listed party mentioned in the text, at ``text[start:end]``."""

    text: str
    start: int
    end: int
    id: str
    caption: str
    schema: str
    score: float
    match: bool
    datasets: list[str]
    how: str
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "id": self.id,
            "caption": self.caption,
            "schema": self.schema,
            "score": round(self.score, 4),
            "match": self.match,
            "datasets": self.datasets,
            "how": self.how,
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class ScanStats:
    """Work done for one text (for tuning and the benchmark)."""

    characters: int = 0
    tokens: int = 0
    runs: int = 0
    spans: int = 0
    spans_scored: int = 0
    duration_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "characters": self.characters,
            "tokens": self.tokens,
            "runs": self.runs,
            "spans": self.spans,
            "spans_scored": self.spans_scored,
            "duration_ms": round(self.duration_ms, 3),
        }


@dataclass(slots=True)
class ScanResult:
    """Mentions of listed parties and of sanctioned territories in one text."""

    mentions: list[Mention]
    jurisdictions: list[JurisdictionMention]
    threshold: float
    config_name: str
    config_version: str
    list_versions: dict[str, str]
    lang: str
    stats: ScanStats
    source: dict[str, Any] | None = None

    @property
    def entity_ids(self) -> list[str]:
        """Distinct ids of the parties mentioned, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.id, None)
        return list(seen)

    def alerts(self, reference: str | None = None) -> list[Alert]:
        """The findings as alerts, the shape party and payment screening produce.

        ``location`` is ``chars START-END`` of the screened text; ``reference`` (a
        file name, an article id) goes into each alert's context.
        """
        context: dict[str, Any] = {"list_versions": self.list_versions}
        if reference is not None:
            context["reference"] = reference
        config = f"{self.config_name}@{self.config_version}"
        out = [
            alert_from_hit(
                m.to_dict(),
                source="document",
                subject=m.text,
                location=f"chars {m.start}-{m.end}",
                context={**context, "start": m.start, "end": m.end, "how": m.how},
                threshold=self.threshold,
                config=config,
            )
            for m in self.mentions
            if m.match
        ]
        for j in self.jurisdictions:
            out.append(
                Alert.jurisdiction(
                    j.jurisdiction.code,
                    j.jurisdiction.name,
                    source="document",
                    subject=j.text,
                    location=f"chars {j.start}-{j.end}",
                    context={**context, "status": j.jurisdiction.status},
                )
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mentions": [m.to_dict() for m in self.mentions],
            "jurisdictions": [j.to_dict() for j in self.jurisdictions],
            "threshold": self.threshold,
            "config": {"name": self.config_name, "version": self.config_version},
            "list_versions": self.list_versions,
            "lang": self.lang,
            "stats": self.stats.to_dict(),
        }
        if self.source is not None:
            out["source"] = self.source
        return out


# -- internal structures ------------------------------------------------------------------


@dataclass(slots=True, eq=False)  # hashed by identity: one object per distinct word
class _Word:
    """What one distinct word is, memoized per scanner."""

    cls: int
    keys: tuple[str, ...]  # romanized forms of the word and of its base forms
    literal: tuple[str, ...]  # romanized forms of the word as written
    lemma: str | None  # the base form whose romanization is a listed part, if not the word
    desc: str | None
    hits: tuple[tuple[int, float], ...] | None = None
    upper: bool = False
    particle_cap: bool = False  # a capitalised particle ("Al", "El", "Van")
    entities: frozenset[int] | None = None  # entities carrying one of `hits` (seed parts)
    distinct: frozenset[int] | None = None  # … through a distinctive (rare) part


@dataclass(slots=True)
class _Part:
    """One name part of a run: a word, or one syllable of a Korean word."""

    start: int
    end: int
    token: int
    word: _Word
    keys: tuple[str, ...]


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    hits: list[Hit]
    best: float
    keys: frozenset[str]
    how: str = "name"


@dataclass(frozen=True, slots=True)
class _RunSpans:
    """Candidate sub-spans of a run (first, last part) → query schemata; ``only``:
    the organisations a run that is one word may name (see `_single_word_spans`)."""

    spans: dict[tuple[int, int], set[str]]
    only: frozenset[str] | None


@dataclass(slots=True)
class _Document:
    text: str
    tokens: list[Token]
    words: list[_Word]
    classes: list[int]
    runs: list[list[int]] = field(default_factory=list)


_ARTICLES = frozenset({"al", "el", "l", "ad", "ar", "as", "ash", "at", "az", "an", "ha"})


def _romanized(word: str) -> tuple[str, ...]:
    """Single-token romanized keys of a word: apostrophes and marks joined
    (``O'Brien`` → ``obrien``), and a romanized article split off as a list would
    (``القاعدة`` → ``al-qaida`` → ``alqaida``, ``qaida``)."""
    out: list[str] = []
    for variant in latinize_variants(word):
        toks = tokenize(variant)
        if not toks:
            continue
        keys = [toks[0]] if len(toks) == 1 else ["".join(toks)]
        if len(toks) > 1 and toks[0] in _ARTICLES:
            keys.append("".join(toks[1:]))
        for key in keys:
            if key not in out:
                out.append(key)
    return tuple(out)


def _syllables(word: str) -> list[tuple[str, ...]] | None:
    """Per-syllable romanized keys of a Korean word, or None when they do not align."""
    per: list[list[str]] = [[] for _ in word]
    for variant in latinize_variants(word):
        toks = tokenize(variant)
        if len(toks) != len(word):
            continue
        for i, tok in enumerate(toks):
            if tok not in per[i]:
                per[i].append(tok)
    if any(not keys for keys in per):
        return None
    return [tuple(keys) for keys in per]


class DocumentScanner:
    """Scans texts against one screener; memoizes words and scored spans.

    One scanner serves any number of documents (and threads: the memos are plain
    dictionaries, written whole). `scan_text` keeps one per screener.
    """

    def __init__(
        self,
        screener: Screener,
        *,
        list_versions: Mapping[str, str] | None = None,
        entities: Mapping[str, Any] | None = None,
    ) -> None:
        self.screener = screener
        self.gazetteer: Gazetteer = gazetteer_for(screener.index)
        self.list_versions = dict(list_versions or {})
        self.entities = entities
        n = screener.index.entity_count
        self.lower_seed_df = max(LOWER_SEED_FLOOR, int(LOWER_SEED_SHARE * n))
        self.distinct_df = max(DISTINCT_FLOOR, int(DISTINCT_SHARE * n))
        self._words: dict[str, _Word] = {}
        self._run_memo: dict[tuple[_Word, ...], _RunSpans] = {}
        self._korean_memo: dict[str, tuple[int, ...]] = {}
        self._entity_index: dict[str, int] = {
            eid: i for i, eid in enumerate(screener.index.entity_ids)
        }
        self._spans: OrderedDict[tuple[str, tuple[str, ...]], list[Hit]] = OrderedDict()
        self._short_texts: dict[tuple[str, float], tuple[dict[str, Any], ...]] = {}
        self._lock = threading.Lock()

    # -- public ---------------------------------------------------------------------------

    def scan(self, text: str, *, threshold: float | None = None, lang: str = "auto") -> ScanResult:
        """Mentions of listed parties and sanctioned territories in ``text``."""
        started = time.perf_counter()
        cfg = self.screener.config
        cut = self._cut(threshold)
        lang = (lang or "auto").lower()
        stats = ScanStats(characters=len(text) if isinstance(text, str) else 0)
        mentions = self._find(text, cut, stats)
        stats.duration_ms = (time.perf_counter() - started) * 1000.0
        return ScanResult(
            mentions=mentions,
            jurisdictions=find_jurisdictions(text),
            threshold=cut,
            config_name=cfg.name,
            config_version=cfg.version,
            list_versions=dict(self.list_versions),
            lang=lang,
            stats=stats,
        )

    def mention_dicts(self, text: str, *, threshold: float | None = None) -> list[dict[str, Any]]:
        """The mentions of listed parties in ``text`` as `Mention.to_dict()`, exactly
        ``scan(text).to_dict()["mentions"]`` without what a payment field does not
        use (jurisdictions, which payment screening finds itself, statistics, list
        versions): a 30-character remittance line should cost its words, not the
        fixed costs of a document result. Short texts (`SHORT_TEXT_CHARS`) are
        remembered whole: "/INS/COBADEFF", "SALARY MAY 2024" come back in payment
        after payment. The dicts returned are shared: read them, do not change them."""
        cut = self._cut(threshold)
        key = (text, cut)
        short = isinstance(text, str) and len(text) <= SHORT_TEXT_CHARS
        found = self._short_texts.get(key) if short else None
        if found is None:
            found = tuple(m.to_dict() for m in self._find(text, cut, ScanStats()))
            if short:
                with self._lock:
                    if len(self._short_texts) >= SHORT_TEXT_CACHE_SIZE:
                        del self._short_texts[next(iter(self._short_texts))]
                    self._short_texts[key] = found
        return list(found)

    def warm_up(self) -> float:
        """Build the lazily made tables a scan may need (the gazetteer is built with
        the scanner; the territory names `_is_place` consults and the jurisdiction
        terms are built on first use), so that a server's first request or a
        benchmark's first message does not pay for them; returns the seconds taken."""
        started = time.perf_counter()
        _is_place("Atlantis")  # builds the territory table behind clean_country
        find_jurisdictions("North Korea")
        for text in _WARM_UP_TEXTS:
            self._find(text, self._cut(None), ScanStats())
        return time.perf_counter() - started

    def _cut(self, threshold: float | None) -> float:
        cut = self.screener.config.threshold if threshold is None else float(threshold)
        if not 0.0 < cut <= 1.0:
            raise QueryError(f"threshold must be in (0, 1], got {cut}")
        return cut

    def _find(self, text: str, cut: float, stats: ScanStats) -> list[Mention]:
        """Passes 1 to 4 (see the module docstring): the mentions, in text order."""
        if not isinstance(text, str):
            raise QueryError("scan_text needs a str")
        doc = self._read(text)
        stats.tokens = len(doc.tokens)
        stats.runs = len(doc.runs)
        candidates: list[_Candidate] = []
        for run in doc.runs:
            parts = self._parts(doc, run)
            candidates.extend(self._run_candidates(doc, parts, cut, stats))
        candidates.extend(self._hangul_candidates(doc, cut, stats))
        candidates.extend(self._native_candidates(text, cut, stats))
        accepted = _resolve(candidates)
        mentions = [m for c in accepted for m in self._mentions(text, c)]
        mentions.extend(self._coreferences(doc, accepted))
        mentions.sort(key=lambda m: (m.start, -m.score, m.id))
        return mentions

    # -- pass 1: words and runs ---------------------------------------------------------

    def _word(self, surface: str, script: Script) -> _Word:
        word = self._words.get(surface)
        if word is None:
            word = self._make_word(surface, script)
            if len(self._words) > WORD_CACHE_SIZE:
                self._words.clear()
                self._run_memo.clear()  # keyed by word objects
            self._words[surface] = word
        return word

    def _make_word(self, surface: str, script: Script) -> _Word:
        low = surface.lower()
        desc = descriptor_class(surface)
        if script in UNSPACED:
            return _Word(_BREAK, (), (), None, None)
        if script is Script.HANGUL:
            surname = korean_surname_alone(surface)
            keys = _romanized(surname) if surname else ()
            return _Word(_HANGUL, keys, keys, None, None)
        upper = False
        if script in CASED:
            upper = surface[0].isupper()
            if desc is not None:
                cls = _DESC
            elif low in PARTICLES:
                if not upper:
                    return _Word(_PARTICLE, (), (), None, None)
                cls = _CAP
            elif low in TITLES:
                return _Word(_BREAK, (), (), None, None, upper=upper)
            elif low in STOPWORDS:
                if not self._person_part(low):
                    return _Word(_BREAK, (), (), None, None, upper=upper)
                cls = _STOPNAME if upper else _STOPNAME_LOWER
            elif upper:
                cls = _CAP
            elif script is Script.LATIN:
                keys = (low,) if low.isascii() else _romanized(surface)
                return _Word(self._lower_class(keys), keys, keys, None, None)
            else:  # lower-case Cyrillic/Greek words are not looked up (see docs)
                return _Word(_LOWER, (), (), None, None)
        elif low in STOPWORDS or low in TITLES:
            return _Word(_BREAK, (), (), None, None)
        else:
            cls = _UNCASED
        literal = _romanized(surface)
        found = list(literal)
        lemma: str | None = None
        token_id = self.gazetteer.index.token_id
        literal_listed = any(token_id(k) is not None for k in literal)
        if script is Script.CYRILLIC:
            for stem in cyrillic_stems(surface):
                roman_stems = _romanized(stem)
                for tail, tail_romans in CYRILLIC_TAILS:
                    for rs in roman_stems:
                        for rt in tail_romans:
                            key = rs + rt
                            if key not in found and token_id(key) is not None:
                                found.append(key)
                                if lemma is None and not literal_listed:
                                    lemma = stem + (tail.upper() if surface.isupper() else tail)
        elif script is Script.ARABIC:
            for base in arabic_bases(surface):
                listed = [k for k in _romanized(base) if token_id(k) is not None]
                found.extend(k for k in listed if k not in found)
                if listed and lemma is None and not literal_listed:
                    lemma = base
        if desc is not None and desc not in found:
            found.append(desc)
        return _Word(
            cls, tuple(found), literal, lemma, desc, upper=upper, particle_cap=low in PARTICLES
        )

    def _person_part(self, key: str) -> bool:
        """A function word that is also a listed person-name part ("Un", "Le"), not
        one that names share with organisations' function words ("of", "the")."""
        if key in ORG_STOPWORDS:
            return False
        vid = self.gazetteer.index.token_id(key)
        return vid is not None and self.gazetteer.is_person_part(vid)

    def _lower_class(self, keys: tuple[str, ...]) -> int:
        token_id = self.gazetteer.index.token_id
        best: int | None = None
        for key in keys:
            vid = token_id(key)
            if vid is not None:
                df = self.gazetteer.doc_freq_of(vid)
                best = df if best is None else min(best, df)
        if best is None:
            return _LOWER
        if best <= self.lower_seed_df and len(keys[0]) >= 4:
            return _LOWER_SEED
        return _LOWER_PART

    def _read(self, text: str) -> _Document:
        tokens, capitalised = tokenize_names(text)
        word_of = self._word
        words = [word_of(t.text, t.script) for t in tokens]
        classes = [w.cls for w in words]
        if capitalised:
            # prose with capitals: names are capitalised, lower-case words are not names
            classes = [_LOWER if c in (_LOWER_SEED, _LOWER_PART) else c for c in classes]
            # a capitalised particle opening a sentence ("El Madrid venció…") is a word
            for i, word in enumerate(words):
                if word.particle_cap and sentence_initial(text, tokens[i].start):
                    classes[i] = _PARTICLE
        doc = _Document(text, tokens, words, classes)
        cur: list[int] = []
        cur_kind = 0  # 0 undecided, _CAP / _UNCASED / _LOWER_SEED (lower-case run)
        closed = False
        for i, tok in enumerate(tokens):
            cls = classes[i]
            if cur:
                prev = tokens[cur[-1]]
                ok = not closed and cls not in (_BREAK, _HANGUL) and tok.script is prev.script
                if ok:
                    gap = text[prev.end : tok.start]
                    ok = joins(gap) and ("." not in gap or len(prev.text) == 1)
                    if ok:
                        ok, cur_kind = _extends(cur_kind, cls, gap)
                if ok:
                    cur.append(i)
                    closed = is_possessive(text, tok.end) > 0
                    continue
                _flush(doc, cur, cur_kind)
                cur = []
            closed = False
            if cls in (_CAP, _UNCASED, _PARTICLE, _DESC, _LOWER_SEED, _LOWER_PART):
                cur = [i]
                cur_kind = _kind_of(cls)
                closed = is_possessive(text, tok.end) > 0
        if cur:
            _flush(doc, cur, cur_kind)
        return doc

    def _parts(self, doc: _Document, run: list[int]) -> list[_Part]:
        tokens = doc.tokens
        words = doc.words
        return [_Part(tokens[i].start, tokens[i].end, i, words[i], words[i].keys) for i in run]

    # -- pass 2 and 3: gazetteer filter and scoring ---------------------------------------

    def _hits(self, part: _Part) -> tuple[tuple[int, float], ...]:
        word = part.word
        if word.hits is None:
            fuzzy = word.cls in (_CAP, _UNCASED) and word.desc is None
            word.hits = self.gazetteer.lookup(word.keys, fuzzy) if word.keys else ()
        return word.hits

    def _word_entities(self, word: _Word, part: _Part) -> tuple[frozenset[int], frozenset[int]]:
        """Entities whose names hold this word (through any seed part), and those
        holding it as a *distinctive* part. A word is distinctive when the listed
        part it is closest to is rare: "Garcia" is not made distinctive by a rare
        one-edit neighbour ("Garcias")."""
        if word.entities is None or word.distinct is None:
            gaz = self.gazetteer
            hits = self._hits(part)
            every: set[int] = set()
            rare: set[int] = set()
            best = hits[0][1] if hits else 0.0
            closest = [vid for vid, sim in hits if sim >= best]
            distinctive = bool(closest) and all(
                gaz.doc_freq_of(vid) <= self.distinct_df for vid in closest
            )
            for vid, _ in hits:
                if not gaz.is_seed(vid):
                    continue
                ents = gaz.entities(vid)
                every |= ents
                if distinctive and gaz.doc_freq_of(vid) <= self.distinct_df:
                    rare |= ents
            word.entities, word.distinct = frozenset(every), frozenset(rare)
        return word.entities, word.distinct

    def _run_spans(self, parts: list[_Part]) -> _RunSpans:
        """Candidate sub-spans ``(first part, last part)`` of a run, with the query
        schemata to screen them as (see module docstring, pass 2)."""
        key = tuple(p.word for p in parts)
        found = self._run_memo.get(key)
        if found is not None:
            return found
        gaz = self.gazetteer
        spans: dict[tuple[int, int], set[str]] = {}
        if len(parts) >= 2:
            sets = [self._word_entities(p.word, p) for p in parts]
            strong = [p.word.cls not in (_PARTICLE, _DESC) for p in parts]
            seeds: set[int] = set()
            for pi, (_, rare) in enumerate(sets):
                if strong[pi]:
                    seeds |= rare
            for entity in seeds:
                positions = [pi for pi, (every, _) in enumerate(sets) if entity in every]
                if len(positions) < 2:
                    continue
                kind = query_schema(gaz.schema(entity))
                for a, b in _spans_of(positions):
                    inside = range(a, b + 1)
                    if any(strong[i] and entity in sets[i][1] for i in inside):
                        spans.setdefault((a, b), set()).add(kind)
        only = self._single_word_spans(parts, spans)
        if len(self._run_memo) > SPAN_CACHE_SIZE:
            self._run_memo.clear()
        found = _RunSpans(spans, only)
        self._run_memo[key] = found
        return found

    def _run_candidates(
        self, doc: _Document, parts: list[_Part], cut: float, stats: ScanStats
    ) -> list[_Candidate]:
        run = self._run_spans(parts)
        spans = run.spans
        out: list[_Candidate] = []
        if not spans or _is_place(doc.text[parts[0].start : parts[-1].end]):
            return out  # "Central African Republic", "North Korea": see jurisdictions
        matched: list[tuple[int, int]] = []
        # longest first: a sub-span of a span that already matched is not scored
        for (a, b), kinds in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0])):
            if any(x <= a and b <= y for x, y in matched):
                continue
            stats.spans += 1
            names = _query_names(doc.text, parts[a : b + 1])
            if _is_place(names[0]):
                continue
            start, end = parts[a].start, _close_quote(doc.text, parts[a].start, parts[b].end)
            keys = frozenset(k for p in parts[a : b + 1] for k in p.keys)
            for kind in _query_kinds(kinds):
                hits = self._screen(kind, names, stats)
                if run.only is not None and (a, b) == (0, len(parts) - 1):
                    # a lone word names only the organisations listed under it; a
                    # listed name identical to the whole run ("Wagner Group", an alias)
                    # is that party whatever the word alone would allow
                    hits = [h for h in hits if h.id in run.only or h.score >= IDENTICAL_SCORE]
                cand = _candidate(start, end, hits, cut, keys)
                if cand is not None:
                    out.append(cand)
                    matched.append((a, b))
        return out

    def _single_word_spans(
        self, parts: list[_Part], spans: dict[tuple[int, int], set[str]]
    ) -> frozenset[str] | None:
        """An organisation listed under one word, named alone (``Hamas``,
        ``Hezbollah``): the run must be that word, possibly with descriptors; the
        word must spell the listed one closely (``Series`` sounds like ``SYRISS`` but
        is spelled far from it) and not be a place ("London"). Returns the ids of the
        organisations the word may name: only they are reported for it (a lone word is
        not evidence for the longer names it partly matches, "AL-AQSA TV" for "Hamas")."""
        core = [pi for pi, p in enumerate(parts) if p.word.cls != _DESC]
        if len(core) != 1:
            return None
        word = parts[core[0]].word
        if word.cls not in (_CAP, _UNCASED) or not word.literal or _is_place(word.literal[0]):
            return None
        gaz = self.gazetteer
        allowed: set[str] = set()
        for vid, spelled in gaz.single_org_near(word.keys):
            if spelled < SINGLE_WORD_SPELLING or gaz.doc_freq_of(vid) > self.distinct_df:
                continue
            allowed.update(gaz.index.entity_id(e) for e in gaz.single_org(vid))
        if not allowed:
            return None
        spans.setdefault((0, len(parts) - 1), set()).add(ORGANIZATION)
        return frozenset(allowed)

    def _screen(self, kind: str, names: tuple[str, ...], stats: ScanStats) -> list[Hit]:
        key = (kind, names)
        cached = self._spans.get(key)
        if cached is not None:
            return cached
        stats.spans_scored += 1
        result = self.screener.screen(
            Query(schema=kind, names=list(names)), threshold=1.0, limit=HIT_LIMIT
        )
        hits = result.results
        with self._lock:
            self._spans[key] = hits
            if len(self._spans) > SPAN_CACHE_SIZE:
                self._spans.popitem(last=False)
        return hits

    def _hangul_candidates(self, doc: _Document, cut: float, stats: ScanStats) -> list[_Candidate]:
        """Korean names: a family name and a given name, as one word (``김정은은``)
        or two (``김 정은``), every syllable a part of one listed name."""
        tokens = doc.tokens
        text = doc.text
        out: list[_Candidate] = []
        for i, tok in enumerate(tokens):
            if doc.classes[i] != _HANGUL:
                continue
            found: list[tuple[int, int, str]] = [
                (tok.start, tok.start + size, tok.text[:size])
                for size in self._korean_names(tok.text)
            ]
            if tok.text in KOREAN_SURNAMES and i + 1 < len(tokens):
                nxt = tokens[i + 1]
                if nxt.script is Script.HANGUL and text[tok.end : nxt.start] == " ":
                    for size in korean_name_prefixes(tok.text + nxt.text):
                        given = size - len(tok.text)
                        if given >= 2:
                            name = tok.text + " " + nxt.text[:given]
                            found.append((tok.start, nxt.start + given, name))
            for start, end, name in found:
                if " " in name and not self._korean_name_listed(name.replace(" ", "")):
                    continue
                stats.spans += 1
                hits = self._screen(PERSON, (name,), stats)
                syllables = _syllables(name.replace(" ", "")) or []
                keys = frozenset(k for keys in syllables for k in keys)
                cand = _candidate(start, end, hits, cut, keys)
                if cand is not None:
                    out.append(cand)
        return out

    def _korean_names(self, word: str) -> tuple[int, ...]:
        """Lengths of the prefixes of a Korean word that are listed full names (memoized)."""
        found = self._korean_memo.get(word)
        if found is None:
            found = tuple(
                size for size in korean_name_prefixes(word) if self._korean_name_listed(word[:size])
            )
            if len(self._korean_memo) > WORD_CACHE_SIZE:
                self._korean_memo.clear()
            self._korean_memo[word] = found
        return found

    def _korean_name_listed(self, name: str) -> bool:
        """True when every syllable of ``name`` is, exactly, a part of one listed name."""
        syllables = _syllables(name)
        if syllables is None:
            return False
        gaz = self.gazetteer
        common: set[int] | None = None
        for keys in syllables:
            ents: set[int] = set()
            for vid, _ in gaz.lookup(keys, False):
                if gaz.is_seed(vid):
                    ents |= gaz.entities(vid)
            common = ents if common is None else common & ents
            if not common:
                return False
        return bool(common)

    def _native_candidates(self, text: str, cut: float, stats: ScanStats) -> list[_Candidate]:
        gaz = self.gazetteer
        out: list[_Candidate] = []
        if not _UNSPACED_CHAR.search(text):
            return out
        for found in gaz.native_matches(text):
            if not _native_boundary(text, found.start, found.end):
                continue
            kinds = {query_schema(gaz.schema(e)) for e in found.entities}
            stats.spans += 1
            for kind in _query_kinds(kinds):
                hits = self._screen(kind, (found.text,), stats)
                cand = _candidate(
                    found.start, found.end, hits, cut, frozenset(_romanized(found.text))
                )
                if cand is not None:
                    out.append(cand)
        return out

    # -- output and pass 4: coreference ----------------------------------------------------

    def _mentions(self, text: str, cand: _Candidate) -> list[Mention]:
        surface = text[cand.start : cand.end]
        return [
            Mention(
                text=surface,
                start=cand.start,
                end=cand.end,
                id=h.id,
                caption=h.caption,
                schema=h.schema,
                score=h.score,
                match=True,
                datasets=list(h.datasets),
                how=cand.how,
                explanation=h.explanation,
            )
            for h in cand.hits
        ]

    def _surnames(self, hit: Hit, entity: int | None) -> frozenset[str]:
        names: set[str] = set()
        if entity is not None:
            names |= self.gazetteer.surnames(entity)
        props = (self.entities or {}).get(hit.id, {}).get("properties", {})
        for value in props.get("lastName", []) if isinstance(props, dict) else []:
            for variant in latinize_variants(str(value)):
                names.update(tokenize(variant))
        return frozenset(names)

    def _coreferences(self, doc: _Document, accepted: list[_Candidate]) -> list[Mention]:
        """Family names (organisation words) used alone after a full mention."""
        if not accepted:
            return []
        entity_of = self._entity_index
        antecedents: dict[str, list[int]] = {}
        for n, cand in enumerate(accepted):
            eligible: set[str] = set()
            for hit in cand.hits:
                eligible |= self._surnames(hit, entity_of.get(hit.id)) & cand.keys
            for key in eligible:
                antecedents.setdefault(key, []).append(n)
        if not antecedents:
            return []
        taken = sorted((c.start, c.end) for c in accepted)
        out: list[Mention] = []
        text = doc.text
        classes = doc.classes
        for i, word in enumerate(doc.words):
            if not any(key in antecedents for key in word.keys):
                continue
            if classes[i] not in (_CAP, _UNCASED, _HANGUL):
                continue
            tok = doc.tokens[i]
            if _overlaps(taken, tok.start, tok.end):
                continue
            earlier = [
                n
                for key in word.keys
                for n in antecedents.get(key, ())
                if accepted[n].end <= tok.start
            ]
            # one party (possibly on several lists) named earlier, maybe several times
            if len({frozenset(h.id for h in accepted[n].hits) for n in earlier}) != 1:
                continue
            ante = accepted[max(earlier)]
            end = tok.end
            if tok.script is Script.HANGUL:
                surname = korean_surname_alone(tok.text) or tok.text
                end = tok.start + len(surname)
            antecedent = {"text": text[ante.start : ante.end], "start": ante.start, "end": ante.end}
            for hit in ante.hits:
                summary = (
                    f"{text[tok.start : end]!r} refers back to {antecedent['text']!r} "
                    f"at {ante.start}-{ante.end}, which met {hit.caption!r} "
                    f"(score {hit.score:.2f})"
                )
                out.append(
                    Mention(
                        text=text[tok.start : end],
                        start=tok.start,
                        end=end,
                        id=hit.id,
                        caption=hit.caption,
                        schema=hit.schema,
                        score=hit.score,
                        match=True,
                        datasets=list(hit.datasets),
                        how="coreference",
                        explanation={
                            "summary": summary,
                            "coreference": {"antecedent": antecedent},
                            "antecedent": hit.explanation,
                        },
                    )
                )
        return out


# -- helpers ---------------------------------------------------------------------------------


def _kind_of(cls: int) -> int:
    if cls in (_CAP, _UNCASED):
        return cls
    if cls in (_LOWER_SEED, _LOWER_PART):
        return _LOWER_SEED
    return 0


def _extends(kind: int, cls: int, gap: str) -> tuple[bool, int]:
    """May a word of class ``cls`` continue a run of ``kind``? Returns the run's kind."""
    if cls in (_PARTICLE, _DESC):
        return True, kind
    attached = gap in ("-", "\u2010", "\u2011")
    if cls == _STOPNAME:  # "Kim Jong Un": only after a name word
        return kind == _CAP and (gap == " " or attached), kind
    if cls == _STOPNAME_LOWER:  # "Kim Jong-un"
        return kind == _CAP and attached, kind
    if cls == _CAP:
        if kind in (0, _CAP):
            return True, _CAP
        return False, kind
    if cls == _UNCASED:
        return kind in (0, _UNCASED), _UNCASED
    if cls in (_LOWER_SEED, _LOWER_PART):
        if kind in (0, _LOWER_SEED):
            return True, _LOWER_SEED
        return kind == _CAP and attached, kind
    if cls == _LOWER:
        return kind == _CAP and attached, kind
    return False, kind


def _flush(doc: _Document, run: list[int], kind: int) -> None:
    """Trim a run's loose particles and keep it if it holds a name-like word."""
    classes = doc.classes
    tokens = doc.tokens
    text = doc.text
    lo, hi = 0, len(run) - 1
    while lo <= hi and classes[run[lo]] == _PARTICLE:
        if lo < hi and text[tokens[run[lo]].end : tokens[run[lo + 1]].start] in (
            "-",
            "'",
            "\u2019",
        ):
            break
        lo += 1
    while hi >= lo and classes[run[hi]] == _PARTICLE:
        hi -= 1
    if lo > hi:
        return
    kept = run[lo : hi + 1]
    present = {classes[i] for i in kept}
    if kind == _LOWER_SEED and _LOWER_SEED not in present:
        return
    if not present.intersection(_STRONG) and _LOWER_PART not in present:
        return
    if len(kept) <= MAX_RUN_WORDS:
        doc.runs.append(kept)
        return
    # an all-capitals table or a list of names without punctuation: overlapping
    # windows, so that every span of up to MAX_SPAN_PARTS words lies in one window
    step = MAX_RUN_WORDS - MAX_SPAN_PARTS
    for first in range(0, len(kept) - MAX_SPAN_PARTS, step):
        doc.runs.append(kept[first : first + MAX_RUN_WORDS])


def _spans_of(positions: list[int]) -> list[tuple[int, int]]:
    """Sub-spans (first, last part) worth scoring for one entity's matched parts:
    every pair of matched parts in one cluster (gaps of at most `MAX_GAP_PARTS`),
    at most `MAX_SPAN_PARTS` long."""
    out: list[tuple[int, int]] = []
    cluster: list[int] = [positions[0]]
    for pos in [*positions[1:], None]:
        if pos is not None and pos - cluster[-1] <= MAX_GAP_PARTS + 1:
            cluster.append(pos)
            continue
        if len(cluster) >= 2:
            for i, a in enumerate(cluster):
                for b in cluster[i + 1 :]:
                    if b - a < MAX_SPAN_PARTS:
                        out.append((a, b))
        if pos is not None:
            cluster = [pos]
    return out


def _query_kinds(kinds: set[str]) -> list[str]:
    """Query schemata for a span resembling listed parties of these schemata."""
    out = [k for k in (PERSON, ORGANIZATION, "Vessel", "Airplane") if k in kinds]
    if not out and kinds:
        out = [LEGAL_ENTITY]
    return out


def _query_names(text: str, parts: Sequence[_Part]) -> tuple[str, ...]:
    """The span as written, with base forms for inflected words, and with its
    organisation descriptors in English."""
    pieces: list[str] = []
    base: list[str] = []
    english: list[str] = []
    prev_end = parts[0].start
    for part in parts:
        gap = text[prev_end : part.start] if pieces else ""
        gap = " " if "\n" in gap else gap
        surface = text[part.start : part.end]
        word = part.word
        pieces.append(gap + surface)
        base.append(gap + (word.lemma or surface))
        english.append(gap + (DESCRIPTOR_WORD.get(word.desc, surface) if word.desc else surface))
        prev_end = part.end
    names: list[str] = []
    for variant in ("".join(pieces), "".join(base), "".join(english)):
        variant = " ".join(variant.split())
        if variant and variant not in names:
            names.append(variant)
    return tuple(names)


def _candidate(
    start: int, end: int, hits: list[Hit], cut: float, keys: frozenset[str]
) -> _Candidate | None:
    """A scored span, if any hit matches. Every matching hit is kept: one party is
    often listed on several lists, whose entries score a little differently (0.86 to
    1.0 for "Сергей Шойгу" across OFAC, OFSI, DFAT, SEMA and MOF), and the threshold
    is the configured boundary of an alert."""
    seen: set[str] = set()
    matches: list[Hit] = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if hit.score >= cut and hit.id not in seen:
            seen.add(hit.id)
            matches.append(hit)
    if not matches:
        return None
    return _Candidate(start, end, matches, matches[0].score, keys)


#: Score of a span that is, word for word, a listed name (and nothing speaks against it).
IDENTICAL_SCORE = 0.99


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """One reading per stretch of text: best score first (then longer, then
    earlier), overlapping ones dropped. A span inside a longer matching span that
    scores almost as well (`CONTAINED_MARGIN`) gives way to it: "Kim Jong" does
    not win over "Kim Jong Un" by a rounding error. Candidates are resolved per
    cluster of overlapping spans, so a document with thousands of mentions costs
    no more than the sum of its clusters."""
    out: list[_Candidate] = []
    cluster: list[_Candidate] = []
    cluster_end = -1
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if cluster and cand.start >= cluster_end:
            out.extend(_resolve_cluster(cluster))
            cluster = []
        if not cluster:
            cluster_end = cand.end
        cluster.append(cand)
        cluster_end = max(cluster_end, cand.end)
    if cluster:
        out.extend(_resolve_cluster(cluster))
    return out


def _resolve_cluster(candidates: list[_Candidate]) -> list[_Candidate]:
    if len(candidates) == 1:
        return candidates
    kept = [
        c
        for c in candidates
        if not any(
            o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            and o.best >= c.best - CONTAINED_MARGIN
            for o in candidates
        )
    ]
    ordered = sorted(kept, key=lambda c: (-c.best, -(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    out: list[_Candidate] = []
    for cand in ordered:
        if any(s < cand.end and cand.start < e for s, e in taken):
            continue
        taken.append((cand.start, cand.end))
        out.append(cand)
    out.sort(key=lambda c: c.start)
    return out


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap one of ``spans`` (sorted, not overlapping)?"""
    i = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)


#: Regions and institutions named in every news report, which listed names contain
#: ("EUROMOTO MIDDLE EAST FZE") but which alone name no listed party.
GENERIC_PHRASES: frozenset[str] = frozenset(
    phrase.strip()
    for phrase in """
    middle east|near east|far east|north africa|west africa|east africa|southern africa
    |sub-saharan africa|central asia|southeast asia|south east asia|latin america
    |south america|north america|central america|persian gulf|arabian gulf|red sea
    |black sea|caspian sea|european union|united nations|united states|united kingdom
    |white house|security council|general assembly|european commission|state department
    |foreign ministry|defence ministry|defense ministry|finance ministry|central bank
    """.replace("\n", "").split("|")
)


@lru_cache(maxsize=20_000)
def _is_place(text: str) -> bool:
    """True for the name of a country or region (or its adjective: "North
    Korean"), or a phrase of `GENERIC_PHRASES`: sanctioned territories are reported
    as jurisdictions, not as parties."""
    low = " ".join(text.lower().split())
    return low in GENERIC_PHRASES or clean_country(text) is not None


#: Texts `DocumentScanner.warm_up` scans: names in the scripts and shapes the scanner
#: handles differently (capitalised Latin, Cyrillic with inflection, Arabic, Korean,
#: Chinese, a lower-case chat line, a one-word organisation).
_WARM_UP_TEXTS = (
    "Payment for Sergei Shoigu via Grupo Wagner, ref. Hamas",
    "Переговоры с Евгением Пригожиным",
    "تحويل إلى أيمن الظواهري",
    "김정은 위원장",
    "习近平会见",
    "invoice for sergei shoigu",
)

_QUOTE_PAIRS = {"\u00ab": "\u00bb", "\u201c": "\u201d", "\u201e": "\u201c", '"': '"', "'": "'"}


def _close_quote(text: str, start: int, end: int) -> int:
    """Extend a span over the closing quote of a quote it opened (``ЧВК «Вагнер»``)."""
    if end < len(text):
        for opener, closer in _QUOTE_PAIRS.items():
            if opener in text[start:end] and text[end] == closer:
                if (
                    text[start:end].count(opener) > text[start:end].count(closer)
                    or opener == closer
                ):
                    return end + 1
    return end


def _native_boundary(text: str, start: int, end: int) -> bool:
    """A verbatim listed name in an unspaced script must not cut a Kana or Thai word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]

    def same_run(a: str, b: str) -> bool:
        return (_is_katakana(a) and _is_katakana(b)) or (_is_thai(a) and _is_thai(b))

    return not same_run(before, first) and not same_run(last, after)


_UNSPACED_CHAR = re.compile(
    "[\u0e01-\u0e4e\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]"
)


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30ff" and ch != "\u30fb"


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


# -- entry points -------------------------------------------------------------------------------

_SCANNERS: weakref.WeakKeyDictionary[Screener, DocumentScanner] = weakref.WeakKeyDictionary()
_SCANNERS_LOCK = threading.Lock()


def scanner_for(target: SnapshotLike | Screener) -> DocumentScanner:
    """The scanner of a snapshot or screener (one per screener, kept while it lives)."""
    screener = target if isinstance(target, Screener) else target.screener
    found = _SCANNERS.get(screener)
    if found is None:
        with _SCANNERS_LOCK:
            found = _SCANNERS.get(screener)
            if found is None:
                if isinstance(target, Screener):
                    found = DocumentScanner(screener)
                else:
                    found = DocumentScanner(
                        screener, list_versions=target.list_versions, entities=target.entities
                    )
                _SCANNERS[screener] = found
    return found


def text_scanner(
    target: SnapshotLike | Screener, *, threshold: float | None = None
) -> Callable[[str], list[dict[str, Any]]]:
    """The scanner of a snapshot (or screener) as payment screening takes it
    (`embargo.screen.payment.TextScanner`): text → mention dicts, as
    ``scan_text(text, target, threshold=threshold).to_dict()["mentions"]`` gives
    them, without the document result's fixed costs (`DocumentScanner.mention_dicts`).

    The one factory the CLI, the API and the benchmark use; it lives here, below the
    services, so that importing it never imports a CLI or a web app.
    """
    scanner = scanner_for(target)

    def scan(text: str) -> list[dict[str, Any]]:
        return scanner.mention_dicts(text, threshold=threshold)

    return scan


def scan_text(
    text: str,
    snapshot_or_screener: SnapshotLike | Screener,
    *,
    threshold: float | None = None,
    lang: str = "auto",
) -> ScanResult:
    """Listed parties and sanctioned territories mentioned in ``text``.

    Args:
        text: any language, any script; offsets in the result index into it.
        snapshot_or_screener: a `ScreeningSnapshot` (its list versions are
            stamped on the result) or a bare `Screener`.
        threshold: least score of a reported mention (default: the match
            configuration's threshold).
        lang: ``"auto"`` or a language code; detection is driven by script and
            works the same for every language (the code is recorded only).
    """
    return scanner_for(snapshot_or_screener).scan(text, threshold=threshold, lang=lang)


def scan_file(
    path: Path | str,
    snapshot_or_screener: SnapshotLike | Screener,
    *,
    threshold: float | None = None,
    lang: str = "auto",
) -> ScanResult:
    """Scan a plain-text, HTML, PDF or DOCX file (see `embargo.screen.text_extract`).

    Offsets refer to the extracted text, which `ScanResult.source` describes.
    """
    from embargo.screen.text_extract import extract_text

    extracted = extract_text(Path(path))
    result = scan_text(extracted.text, snapshot_or_screener, threshold=threshold, lang=lang)
    result.source = extracted.describe()
    return result
