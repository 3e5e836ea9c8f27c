"""The alert: one finding to review, whatever was screened.

Party screening, batch files, documents and payment messages all produce `Alert`s
of the same shape, so the review workflow (decisions, allow-lists, audit trail)
consumes them without knowing where they came from:

- ``source``: ``party``, ``batch``, ``document`` or ``payment``;
- ``subject``: what was screened (the name as written, a BIC, a text span);
- ``location``: where in the input (payment field ``59F``, document offsets, row);
- ``kind``: ``entity`` (a listed party) or ``jurisdiction`` (a sanctioned territory);
- ``entity_id``/``caption``/``score``/``match``/``explanation``: the hit;
- ``context``: the transaction reference, role, list versions, … as known.

The alert id is a hash of what makes the finding the same finding (source, subject,
location, entity), so the same alert raised twice is recognisably one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Alert:
    """A finding to review."""

    kind: str
    source: str
    subject: str
    location: str
    entity_id: str
    caption: str
    score: float
    match: bool
    explanation: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    threshold: float | None = None
    config: str | None = None

    @property
    def id(self) -> str:
        key = json.dumps(
            [
                self.kind,
                self.source,
                self.subject,
                self.location,
                self.entity_id,
                self.context.get("reference"),
            ],  # fmt: skip
            ensure_ascii=False,
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def relocated(self, location: str, role: str) -> Alert:
        return replace(self, location=location, context={**self.context, "role": role})

    def to_dict(self) -> dict[str, Any]:
        return {
            "alert_id": self.id,
            "kind": self.kind,
            "source": self.source,
            "subject": self.subject,
            "location": self.location,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "score": round(self.score, 4),
            "match": self.match,
            "threshold": self.threshold,
            "config": self.config,
            "explanation": self.explanation,
            "context": self.context,
        }

    @classmethod
    def jurisdiction(
        cls,
        code: str,
        name: str,
        *,
        source: str,
        subject: str,
        location: str,
        context: dict[str, Any],
    ) -> Alert:
        """An alert for a sanctioned territory (no listed entity involved)."""
        return cls(
            kind="jurisdiction",
            source=source,
            subject=subject,
            location=location,
            entity_id=f"jurisdiction-{code}",
            caption=name,
            score=1.0,
            match=True,
            explanation={"summary": f"{name} is under comprehensive sanctions"},
            context=context,
        )


def alert_from_hit(
    hit: dict[str, Any],
    *,
    source: str,
    subject: str,
    location: str,
    context: dict[str, Any],
    threshold: float | None,
    config: str | None,
) -> Alert:
    """An alert for a screening hit (a `Hit.to_dict()` or a document mention)."""
    explanation = hit.get("explanation")
    return Alert(
        kind="entity",
        source=source,
        subject=subject,
        location=location,
        entity_id=str(hit["id"]),
        caption=str(hit.get("caption", "")),
        score=float(hit.get("score", 0.0)),
        match=bool(hit.get("match")),
        explanation=explanation if isinstance(explanation, dict) else {},
        context=context,
        threshold=threshold,
        config=config,
    )
