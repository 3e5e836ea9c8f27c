"""Screening a payment message before the money moves.

Each party of a parsed `PaymentMessage` is screened with what the message says about
it: a named party by name (with its address country and date of birth), an agent by
BIC (exact identifier look-up) and, when given, by name. The address country of
every party and the country of every BIC are checked against the sanctioned
jurisdictions. Free-text fields (MT 70/72, ISO remittance information) are scanned
for names with the document scanner, when one is given.

Every finding is an `Alert` (see `embargo.screen.alerts`), the same shape as party
and document screening produce, with the message's transaction reference and the
field it came from, so one review workflow handles all of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from embargo.screen.alerts import Alert, alert_from_hit
from embargo.screen.batch import SupportsScreen
from embargo.screen.jurisdictions import find_jurisdictions, jurisdiction_for_country
from embargo.screen.messages.model import MessageParty, PaymentMessage
from embargo.screen.party import Query

#: A text scanner: text → mentions (dicts with id, caption, score, match, text,
#: start, end, explanation), e.g. `embargo.screen.documents.scan_text` bound to a
#: snapshot.
TextScanner = Callable[[str], Sequence[dict[str, Any]]]


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


def screen_payment(
    message: PaymentMessage,
    screener: SupportsScreen,
    *,
    threshold: float | None = None,
    scanner: TextScanner | None = None,
    limit: int = 5,
) -> PaymentScreenResult:
    """Screen every party, country and free-text field of one payment message."""
    started = time.perf_counter()
    result = PaymentScreenResult(message)
    context = {"reference": message.reference, "format": message.format}
    seen: dict[tuple[Any, ...], list[Alert]] = {}
    for party in message.parties:
        query = party_query(party)
        if query is not None:
            key = (query.schema, tuple(query.names), tuple(query.identifiers),
                   tuple(query.countries), tuple(query.birth_dates))  # fmt: skip
            if key not in seen:
                screened = screener.screen(query, threshold=threshold, limit=limit)
                result.parties_screened += 1
                seen[key] = [
                    alert_from_hit(
                        hit.to_dict(),
                        source="payment",
                        subject=party.name or party.bic or "",
                        location=party.field,
                        context={**context, "role": str(party.role)},
                        threshold=screened.threshold,
                        config=f"{screened.config_name}@{screened.config_version}",
                    )
                    for hit in screened.results
                    if hit.match
                ]
            for alert in seen[key]:
                if alert.location == party.field:
                    result.alerts.append(alert)
                else:  # same party named in another field: same finding, own location
                    result.alerts.append(alert.relocated(party.field, str(party.role)))
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
