"""Re-screening on list updates: the customers against what changed since last time.

The day a list changes, a compliance team must know which existing customers now
match a new or amended designation. `rescreen_file` screens every customer against
the current snapshot and keeps only hits on designations that were added or changed
since the version screened last (`Catalog.changed_since`). Scores are therefore
exactly those a full screening would give today, and hits on designations that did
not change (already reviewed) are not raised again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from embargo.exc import QueryError
from embargo.screen.alerts import Alert, alert_from_hit
from embargo.screen.batch import ColumnMap, SupportsScreen, iter_rows, read_header, row_query

#: Hits fetched per customer before keeping the changed designations only; larger than
#: the usual limit so a changed designation ranked below unchanged ones is not lost.
RESCREEN_LIMIT = 50


@dataclass(slots=True)
class RescreenReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    changed: int = 0
    since: str | None = None
    list_versions: dict[str, str] = field(default_factory=dict)

    def alert_dicts(self) -> list[dict[str, Any]]:
        return [a.to_dict() for a in self.alerts]

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "changed_designations": self.changed,
            "rows": self.rows,
            "errors": [{"row": r, "error": m} for r, m in self.errors],
            "alerts": self.alert_dicts(),
            "list_versions": self.list_versions,
        }


def rescreen_file(
    screener: SupportsScreen,
    path: Path,
    changed_ids: Collection[str],
    *,
    columns: str | None = None,
    threshold: float | None = None,
) -> RescreenReport:
    """New alerts for the customers in ``path`` on the designations ``changed_ids``."""
    report = RescreenReport(changed=len(changed_ids))
    if not changed_ids:
        return report
    column_map = ColumnMap.parse(columns, read_header(path))
    for number, row in iter_rows(path):
        report.rows += 1
        if "__error__" in row:
            report.errors.append((number, str(row["__error__"])))
            continue
        try:
            query, _warnings = row_query(row, column_map)
        except QueryError as exc:
            report.errors.append((number, str(exc)))
            continue
        result = screener.screen(query, threshold=threshold, limit=RESCREEN_LIMIT)
        row_id = str(row.get(column_map.id) or number) if column_map.id else str(number)
        for hit in result.results:
            if hit.match and hit.id in changed_ids:
                report.alerts.append(
                    alert_from_hit(
                        hit.to_dict(),
                        source="rescreen",
                        subject=query.names[0],
                        location=f"row {number}",
                        context={"row": number, "customer_id": row_id},
                        threshold=result.threshold,
                        config=f"{result.config_name}@{result.config_version}",
                    )
                )
    return report
