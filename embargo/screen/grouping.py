"""One target, several designations: grouping hits across lists.

With every list loaded, one person is designated by OFAC, the UK, Canada, Australia,
Japan… and re-published by aggregators (the US Consolidated Screening List copies the
SDN list row by row). Showing the same target five times, in an order decided by tiny
spelling differences between the lists, buries the second-best target and ranks an
aggregator's copy above the designation it copies. `group_hits` folds the hits that
describe the same target into one result:

- **derived copies**: a CSL row from the SDN sub-list *is* OFAC designation
  ``us_ofac_sdn-<ent_num>`` (its record id carries the ent_num);
- **same target across lists**: two persons whose hits both reach the threshold and
  who share a full date of birth (``YYYY-MM-DD``); two organisations, vessels or
  aircraft whose hits both score the same as the best and share a listed name
  exactly (after case folding) — cautious rules, because folding two different
  people would hide one of them.

The group is shown under its most authoritative designation (`LIST_PRIORITY`: the
issuing authorities before aggregators, OFAC SDN first as the most widely screened
list), carrying the group's best score; the explanation says which designation's
name produced that score, and every other member is listed under ``same_target``
with its own id, list and score. Nothing is dropped: every member stays visible.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from embargo.screen.party import Hit, ScreenResult

#: Designating authorities first, then lists that re-publish others' designations.
LIST_PRIORITY: tuple[str, ...] = (
    "us_ofac_sdn", "un_sc", "eu_fsf", "gb_fcdo", "gb_ofsi", "ca_sema", "au_dfat", "jp_mof",
    "us_ofac_cons", "us_bis_dpl", "jp_meti_eul", "us_csl", "opensanctions",
)  # fmt: skip

#: CSL sub-list codes whose rows copy another list's designations, by record id prefix.
DERIVED_PREFIXES: dict[str, str] = {"us_csl-SDN-": "us_ofac_sdn-"}

PropsLookup = Callable[[str], Mapping[str, Any] | None]


def list_rank(list_key: str) -> int:
    try:
        return LIST_PRIORITY.index(list_key)
    except ValueError:
        return len(LIST_PRIORITY)


def derived_original(entity_id: str) -> str | None:
    """The designation an aggregator's row copies (``us_csl-SDN-35173`` → OFAC 35173)."""
    for prefix, target in DERIVED_PREFIXES.items():
        if entity_id.startswith(prefix):
            return target + entity_id[len(prefix) :]
    return None


def _full_dates(props: Mapping[str, Any] | None) -> frozenset[str]:
    if not props:
        return frozenset()
    values = props.get("properties", {}).get("birthDate", [])
    return frozenset(v for v in values if isinstance(v, str) and len(v) == 10)


def _names(props: Mapping[str, Any] | None) -> frozenset[str]:
    if not props:
        return frozenset()
    p = props.get("properties", {})
    out = set()
    for key in ("name", "alias"):
        for value in p.get(key, []):
            if isinstance(value, str):
                out.add(" ".join(value.casefold().replace(",", " ").split()))
    return frozenset(out)


def _same_target(a: Hit, b: Hit, lookup: PropsLookup, threshold: float) -> bool:
    if derived_original(a.id) == b.id or derived_original(b.id) == a.id:
        return True
    if a.schema != b.schema:
        return False
    if a.schema == "Person":
        if a.score < threshold or b.score < threshold:
            return False
        return bool(_full_dates(lookup(a.id)) & _full_dates(lookup(b.id)))
    if abs(a.score - b.score) > 1e-9 or a.score < threshold:
        return False
    return bool(_names(lookup(a.id)) & _names(lookup(b.id)))


def group_hits(result: ScreenResult, lookup: PropsLookup, limit: int | None = None) -> ScreenResult:
    """Fold hits on the same target into one result each (see module docstring)."""
    hits = list(result.results)
    groups: list[list[Hit]] = []
    for hit in hits:
        for group in groups:
            if any(_same_target(hit, member, lookup, result.threshold) for member in group):
                group.append(hit)
                break
        else:
            groups.append([hit])
    folded: list[Hit] = []
    for group in groups:
        best = max(group, key=lambda h: h.score)
        head = min(group, key=lambda h: (list_rank(h.datasets[0] if h.datasets else ""), -h.score))
        if len(group) == 1:
            folded.append(head)
            continue
        explanation = dict(head.explanation)
        explanation["same_target"] = [
            {"id": m.id, "datasets": m.datasets, "caption": m.caption, "score": round(m.score, 4),
             "reason": "copy" if derived_original(m.id) or derived_original(head.id) else
             "same date of birth" if m.schema == "Person" else "same name"}
            for m in group if m is not head
        ]  # fmt: skip
        if best is not head:
            explanation["score_from"] = best.id
            if best.explanation.get("summary"):
                explanation["summary"] = (
                    f"{best.explanation['summary']} [via {best.id}, same target as {head.id}]"
                )
        folded.append(replace(head, score=best.score, match=best.match, explanation=explanation))
    folded.sort(
        key=lambda h: (-round(h.score, 6), list_rank(h.datasets[0] if h.datasets else ""), h.id)
    )
    if limit is not None:
        folded = folded[:limit]
    return replace(result, results=folded)


def same_target_ids(hit: Hit) -> Sequence[str]:
    return [m["id"] for m in hit.explanation.get("same_target", [])]
