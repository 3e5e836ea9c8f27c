"""Screening a payment message before the money moves.

Each party of a parsed `PaymentMessage` is screened with what the message says about
it: a named party by name (with its address country and date of birth), an agent by
BIC (exact identifier look-up) and, when given, by name. The address country of
every party and the country of every BIC are checked against the sanctioned
jurisdictions. Free-text fields (MT 70/72, ISO remittance information) are scanned
for names with the document scanner, when one is given (`text_scanner` of
`embargo.screen.documents` makes one for a snapshot).

Every finding is an `Alert` (see `embargo.screen.alerts`), the same shape as party
and document screening produce, with the message's transaction reference and the
field it came from, so one review workflow handles all of them.

Cost: almost all of it is the matching engine, one query per distinct party. A party
named in several fields of one message (the debtor also as ultimate debtor, one BIC
as sender and as debtor agent) is screened once. Across messages, a `PartyMemo`
remembers the findings of queries already screened against the same snapshot: the
same correspondent banks and recurring counterparties appear in payment after
payment, and screening is deterministic for one snapshot, query, threshold and limit,
so a remembered finding is the finding the engine would give again.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from embargo.screen.alerts import Alert, alert_from_hit
from embargo.screen.batch import SupportsScreen
from embargo.screen.jurisdictions import find_jurisdictions, jurisdiction_for_country
from embargo.screen.messages.model import MessageParty, PaymentMessage
from embargo.screen.party import Query

#: A text scanner: text → mentions (dicts with id, caption, score, match, text,
#: start, end, explanation), e.g. `embargo.screen.documents.text_scanner` of a
#: snapshot.
TextScanner = Callable[[str], Sequence[dict[str, Any]]]

#: Party queries one `PartyMemo` remembers; beyond that the oldest are forgotten.
MEMO_SIZE = 100_000

#: What makes two party queries the same screening: threshold, limit, schema,
#: names, identifiers, countries, birth dates.
QueryKey = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class PartyFindings:
    """What screening one party query found: the matching hits (`Hit.to_dict()`
    shape, best first), the threshold applied and the configuration that scored."""

    hits: tuple[dict[str, Any], ...]
    threshold: float
    config: str


@dataclass(slots=True)
class PaymentScreenResult:
    """Findings for one payment message."""

    message: PaymentMessage
    alerts: list[Alert] = field(default_factory=list)
    parties_screened: int = 0
    texts_scanned: int = 0
    duration_ms: float = 0.0

    @property
    def hit(self) -> bool:
        return any(a.match for a in self.alerts)

    def to_dict(self) -> dict[str, Any]:
        msg = self.message
        return {
            "format": msg.format,
            "reference": msg.reference,
            "uetr": msg.uetr,
            "amount": msg.amount,
            "value_date": msg.value_date,
            "hit": self.hit,
            "alerts": [a.to_dict() for a in self.alerts],
            "parties_screened": self.parties_screened,
            "texts_scanned": self.texts_scanned,
            "duration_ms": round(self.duration_ms, 3),
        }


class PartyMemo:
    """Findings of party queries already screened against ONE screening target.

    The memo is bound to the snapshot or screener it was made for (weakly: it does
    not keep a replaced snapshot alive) and refuses any other, because findings of
    one list state are not findings of the next. Safe to share between threads:
    entries are written whole, under a lock. Counts ``hits`` (queries answered from
    memory) and ``misses`` (queries screened) for the benchmark and for tuning.
    """

    def __init__(self, target: SupportsScreen, *, size: int = MEMO_SIZE) -> None:
        self._target: Callable[[], SupportsScreen | None]
        try:
            self._target = weakref.ref(target)
        except TypeError:  # not weakly referenceable: the caller owns both
            self._target = lambda: target
        self.size = size
        self.hits = 0
        self.misses = 0
        self._found: dict[QueryKey, PartyFindings] = {}
        self._lock = threading.Lock()

    @property
    def target(self) -> SupportsScreen | None:
        """The snapshot or screener the findings belong to (None once it is gone)."""
        return self._target()

    def __len__(self) -> int:
        return len(self._found)

    def get(self, key: QueryKey) -> PartyFindings | None:
        found = self._found.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: QueryKey, findings: PartyFindings) -> None:
        with self._lock:
            if len(self._found) >= self.size:  # forget the oldest (insertion order)
                del self._found[next(iter(self._found))]
            self._found[key] = findings


_MEMOS: dict[int, PartyMemo] = {}
_MEMOS_LOCK = threading.Lock()


def memo_for(target: SupportsScreen) -> PartyMemo:
    """The memo of a snapshot or screener, shared by every caller while it lives
    (the API keeps one per served snapshot; a refreshed snapshot gets a new one)."""
    key = id(target)
    with _MEMOS_LOCK:
        memo = _MEMOS.get(key)
        if memo is not None and memo.target is target:
            return memo
        memo = PartyMemo(target)
        try:
            weakref.finalize(target, _MEMOS.pop, key, None)
        except TypeError:  # cannot tell when it dies: not shared
            return memo
        _MEMOS[key] = memo
        return memo


def party_query(party: MessageParty) -> Query | None:
    """The screening query for a party, or None when it has nothing to screen."""
    names = [party.name] if party.name else []
    identifiers: list[str | tuple[str, str]] = []
    if party.bic:
        identifiers.append(("swiftBic", party.bic))
    if party.lei:
        identifiers.append(("leiCode", party.lei))
    identifiers.extend(party.identifiers)
    if not names and not identifiers:
        return None
    return Query(
        schema=party.schema,
        names=names,
        birth_dates=[party.birth_date] if party.birth_date else [],
        countries=[party.country] if party.country else [],
        identifiers=identifiers,
    )


def query_key(query: Query, threshold: float | None, limit: int) -> QueryKey:
    """Everything the result of screening ``query`` depends on, besides the target."""
    return (threshold, limit, query.schema, tuple(query.names), tuple(query.identifiers),
            tuple(query.countries), tuple(query.birth_dates))  # fmt: skip


def party_key(party: MessageParty, threshold: float | None, limit: int) -> QueryKey | None:
    """``query_key(party_query(party), …)`` read off the party without building and
    validating a `Query`, which a party answered from the memo does not need."""
    ids: list[tuple[str, str]] = []
    if party.bic:
        ids.append(("swiftBic", party.bic))
    if party.lei:
        ids.append(("leiCode", party.lei))
    ids.extend(("idNumber", value) for value in party.identifiers)
    if not party.name and not ids:
        return None
    name = party.name.strip() if party.name else ""
    return (threshold, limit, party.schema, (name,) if name else (), tuple(ids),
            (party.country,) if party.country else (),
            (party.birth_date,) if party.birth_date else ())  # fmt: skip


def key_query(key: QueryKey) -> Query:
    """The query a `party_key` stands for (the same as `party_query` builds)."""
    _, _, schema, names, identifiers, countries, birth_dates = key
    return Query(
        schema=schema,
        names=names,
        birth_dates=birth_dates,
        countries=countries,
        identifiers=identifiers,
    )


def screen_party(
    query: Query, screener: SupportsScreen, *, threshold: float | None, limit: int
) -> PartyFindings:
    """Screen one party query; keep the matching hits only (they become alerts)."""
    screened = screener.screen(query, threshold=threshold, limit=limit)
    return PartyFindings(
        hits=tuple(hit.to_dict() for hit in screened.results if hit.match),
        threshold=screened.threshold,
        config=f"{screened.config_name}@{screened.config_version}",
    )


def screen_payment(
    message: PaymentMessage,
    screener: SupportsScreen,
    *,
    threshold: float | None = None,
    scanner: TextScanner | None = None,
    limit: int = 5,
    memo: PartyMemo | None = None,
) -> PaymentScreenResult:
    """Screen every party, country and free-text field of one payment message.

    Args:
        memo: findings of parties screened earlier against the same ``screener``
            (see `memo_for`); without one, each distinct party of the message is
            screened. The result is the same either way.
    """
    started = time.perf_counter()
    if memo is not None and memo.target is not screener:
        raise ValueError("the party memo belongs to another snapshot or screener")
    result = PaymentScreenResult(message)
    context = {"reference": message.reference, "format": message.format}
    seen: dict[QueryKey, PartyFindings] = {}
    for party in message.parties:
        key = party_key(party, threshold, limit)
        if key is not None:
            findings = seen.get(key)
            if findings is None:
                findings = memo.get(key) if memo is not None else None
                if findings is None:
                    findings = screen_party(
                        key_query(key), screener, threshold=threshold, limit=limit
                    )
                    if memo is not None:
                        memo.put(key, findings)
                seen[key] = findings
                result.parties_screened += 1
            role = str(party.role)
            subject = party.name or party.bic or ""
            for hit in findings.hits:
                result.alerts.append(
                    alert_from_hit(
                        hit,
                        source="payment",
                        subject=subject,
                        location=party.field,
                        context={**context, "role": role},
                        threshold=findings.threshold,
                        config=findings.config,
                    )
                )
        for code, why in ((party.country, "address country"), (party.bic_country, "BIC country")):
            jurisdiction = jurisdiction_for_country(code)
            if jurisdiction is not None:
                result.alerts.append(
                    Alert.jurisdiction(
                        jurisdiction.code,
                        jurisdiction.name,
                        source="payment",
                        subject=f"{party.name or party.bic or party.field}: {why} {code}",
                        location=party.field,
                        context={**context, "role": str(party.role), "status": jurisdiction.status},
                    )
                )
    for text in message.free_texts:
        result.texts_scanned += 1
        for mention in find_jurisdictions(text.text):
            result.alerts.append(
                Alert.jurisdiction(
                    mention.jurisdiction.code,
                    mention.jurisdiction.name,
                    source="payment",
                    subject=mention.text,
                    location=text.field,
                    context={**context, "start": mention.start, "end": mention.end},
                )
            )
        if scanner is None:
            continue
        for found in scanner(text.text):
            if not found.get("match"):
                continue
            result.alerts.append(
                alert_from_hit(
                    found,
                    source="payment",
                    subject=str(found.get("text", "")),
                    location=text.field,
                    context={**context, "start": found.get("start"), "end": found.get("end")},
                    threshold=threshold,
                    config=None,
                )
            )
    result.duration_ms = (time.perf_counter() - started) * 1000
    return result
