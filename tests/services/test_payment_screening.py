"""Payment messages screened against the real UN + OFAC SDN lists."""

from __future__ import annotations

from pathlib import Path

from embargo.screen.messages import parse_message
from embargo.screen.payment import screen_payment
from embargo.services.screening import ScreeningSnapshot

MESSAGES = Path(__file__).resolve().parents[1] / "fixtures" / "messages"


def screen(snapshot: ScreeningSnapshot, name: str) -> list[dict[str, object]]:
    results = []
    for message in parse_message((MESSAGES / name).read_bytes()):
        results.append(screen_payment(message, snapshot.screener).to_dict())
    return results


def entity_alerts(result: dict[str, object]) -> dict[str, str]:
    alerts = result["alerts"]
    assert isinstance(alerts, list)
    return {a["location"]: a["entity_id"] for a in alerts if a["kind"] == "entity"}


def test_mt103_beneficiary_is_prigozhin(snapshot: ScreeningSnapshot) -> None:
    [result] = screen(snapshot, "mt103_prigozhin.txt")
    assert result["hit"] is True
    assert result["reference"] == "INV2023-0615"
    hits = entity_alerts(result)
    assert hits.get("59F") == "us_ofac_sdn-21171"
    assert "50K" not in hits  # the German machine builder is not listed


def test_mt202cov_kwangson_bank_and_north_korea(snapshot: ScreeningSnapshot) -> None:
    [result] = screen(snapshot, "mt202cov_kwangson.txt")
    hits = entity_alerts(result)
    assert hits["B/57D"] in {"un_sc-KPe.025", "us_ofac_sdn-11581"}
    assert hits["B/59"] in {"un_sc-KPe.001", "us_ofac_sdn-9345"}
    alerts = result["alerts"]
    assert isinstance(alerts, list)
    jurisdictions = {a["location"] for a in alerts if a["kind"] == "jurisdiction"}
    assert "B/50K" in jurisdictions  # ordering customer's address in Pyongyang, KP


def test_pacs008_shoigu_hit_and_clean_transaction(snapshot: ScreeningSnapshot) -> None:
    first, second = screen(snapshot, "pacs008_shoigu.xml")
    assert entity_alerts(first) == {"Dbtr": "us_ofac_sdn-35173"}
    assert first["reference"] == "E2E-SHOIGU-1"
    assert second["hit"] is False
    assert second["alerts"] == []


def test_clean_mt103_raises_nothing(snapshot: ScreeningSnapshot) -> None:
    [result] = screen(snapshot, "mt103_clean.txt")
    assert result["hit"] is False, result["alerts"]


def test_pacs009_cov_iran(snapshot: ScreeningSnapshot) -> None:
    [result] = screen(snapshot, "pacs009_cov.xml")
    alerts = result["alerts"]
    assert isinstance(alerts, list)
    codes = {a["entity_id"] for a in alerts if a["kind"] == "jurisdiction"}
    assert "jurisdiction-ir" in codes
