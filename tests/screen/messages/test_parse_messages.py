"""Payment message parsing on realistic MT and ISO 20022 messages written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo.exc import MessageError
from embargo.screen.messages import PartyRole, parse_message

MESSAGES = Path(__file__).resolve().parents[2] / "fixtures" / "messages"


def read(name: str) -> bytes:
    return (MESSAGES / name).read_bytes()


def test_mt103_parties_and_free_text() -> None:
    [msg] = parse_message(read("mt103_prigozhin.txt"))
    assert msg.format == "MT103"
    assert msg.reference == "INV2023-0615"
    assert msg.uetr == "3f2e7d1a-9c4b-4e8f-b2a1-6d5c4b3a2f10"
    assert msg.amount == "EUR 48500.00"
    assert msg.value_date == "2023-06-15"
    by_field = {p.field: p for p in msg.parties}
    debtor = by_field["50K"]
    assert debtor.role is PartyRole.DEBTOR
    assert debtor.name == "MUELLER MASCHINENBAU GMBH"
    assert debtor.account == "DE89370400440532013000"
    assert debtor.country == "de"
    creditor = by_field["59F"]
    assert creditor.role is PartyRole.CREDITOR
    assert creditor.name == "EVGENIY VIKTOROVICH PRIGOZHIN"
    assert creditor.country == "ru"
    assert by_field["52A"].bic == "DEUTDEFF"
    assert by_field["57A"].bic == "RZBAATWW"
    assert by_field["57A"].bic_country == "at"
    assert {p.role for p in msg.parties} >= {PartyRole.SENDER, PartyRole.RECEIVER}
    texts = {t.field: t.text for t in msg.free_texts}
    assert "CONCORD MANAGEMENT" in texts["70"]
    assert texts["72"] == "/INS/RZBAATWW"


def test_mt103_structured_50f_date_of_birth() -> None:
    [msg] = parse_message(read("mt103_clean.txt"))
    debtor = next(p for p in msg.parties if p.field == "50F")
    assert debtor.name == "JEANNE MARIE DUPONT"
    assert debtor.birth_date == "1970-04-12"
    assert debtor.schema == "Person"
    assert debtor.country == "fr"
    creditor = next(p for p in msg.parties if p.field == "59")
    assert creditor.name == "KLAUS WEBER"
    assert creditor.address == ["HAUPTSTRASSE 5", "10115 BERLIN"]


def test_mt202cov_sequence_b_is_labelled() -> None:
    [msg] = parse_message(read("mt202cov_kwangson.txt"))
    assert msg.format == "MT202COV"
    fields = {p.field: p for p in msg.parties}
    assert fields["58A"].role is PartyRole.CREDITOR
    assert fields["B/50K"].name == "DAEDONG TRADING LTD"
    assert fields["B/50K"].country == "kp"
    assert fields["B/57D"].name == "KOREA KWANGSON BANKING CORPORATION"
    assert fields["B/59"].name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert msg.amount == "USD 250000."


def test_pacs008_one_message_per_transaction() -> None:
    msgs = parse_message(read("pacs008_shoigu.xml"))
    assert [m.reference for m in msgs] == ["E2E-SHOIGU-1", "E2E-CLEAN-2"]
    first = msgs[0]
    assert first.format == "pacs.008"
    assert first.amount == "CHF 120000.00"
    debtor = next(p for p in first.parties if p.role is PartyRole.DEBTOR)
    assert debtor.name == "Sergei Kuzhugetovich Shoigu"
    assert debtor.birth_date == "1955-05-21"
    assert debtor.schema == "Person"
    assert debtor.country == "ru"
    creditor = next(p for p in first.parties if p.role is PartyRole.CREDITOR)
    assert creditor.country == "ch"
    assert "Zermatt" in creditor.address
    assert [t.text for t in first.free_texts] == ["Chalet rental winter season"]
    agents = {p.field: p.bic for p in first.parties if p.bic}
    assert agents["DbtrAgt"] == "UBSWCHZH80A"
    assert agents["GrpHdr/InstdAgt"] == "RZBAATWW"


def test_pacs008_in_a_business_message_envelope_reads_alike() -> None:
    """AppHdr (head.001) + Document (pacs.008) in one envelope, with comments and
    no default namespace prefix on the envelope: parties are found by local name."""
    document = read("pacs008_shoigu.xml").decode("utf-8").split("?>", 1)[1]
    document = document.replace("<Dbtr>", "<!-- debtor --><Dbtr>", 1)
    wrapped = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<env:BizMsgEnvlp xmlns:env="urn:example:envelope">'
        '<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">'
        "<Fr><FIId><FinInstnId><BICFI>UBSWCHZH80A</BICFI></FinInstnId></FIId></Fr>"
        "<BizMsgIdr>MSG-20240507-0001</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>"
        f"</AppHdr>{document}</env:BizMsgEnvlp>"
    )
    plain = parse_message(read("pacs008_shoigu.xml"))
    enveloped = parse_message(wrapped.encode("utf-8"))
    assert [m.reference for m in enveloped] == ["E2E-SHOIGU-1", "E2E-CLEAN-2"]
    for a, b in zip(plain, enveloped, strict=True):
        assert a.parties == b.parties
        assert a.free_texts == b.free_texts
        assert (a.amount, a.value_date, a.uetr) == (b.amount, b.value_date, b.uetr)


def test_pacs009_cov_underlying_customer_transfer() -> None:
    [msg] = parse_message(read("pacs009_cov.xml"))
    assert msg.format == "pacs.009COV"
    fields = {p.field: p for p in msg.parties}
    assert fields["Dbtr"].bic == "CITIUS33"
    assert fields["UndrlygCstmrCdtTrf/Cdtr"].name == (
        "Islamic Revolutionary Guard Corps Cooperative Foundation"
    )
    assert fields["UndrlygCstmrCdtTrf/Cdtr"].country == "ir"
    assert msg.free_texts[0].field == "UndrlygCstmrCdtTrf/RmtInf/Ustrd"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello world", "not an MT message"),
        ("{1:F01DEUTDEFFAXXX0000000000}{4:\n:20:X\n:23B:CRED\n", "truncated"),
        (
            "{4:\n:20:REF1\n:23B:CRED\n:32A:231340EUR1,00\n:50K:A\n:59:B\n:71A:SHA\n-}",
            "invalid value date",
        ),
        ("{4:\n:20:REF1\n:23B:CRED\n:32A:230101EUR1,00\n:50K:A\n-}", "missing: 59"),
        (
            "{4:\n:20:REF1\n:23B:CRED\n:32A:230101EUR1,00\n:50A:NOTABIC\n:59:B\n-}",
            "option A needs a BIC",
        ),
        ("<Document><Foo/></Document>", "no FIToFICstmrCdtTrf"),
        ("<Document><FIToFICstmrCdtTrf>", "not well-formed XML"),
    ],
)
def test_malformed_messages_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(MessageError, match=message):
        parse_message(text)


def test_error_names_field_and_line() -> None:
    text = "{4:\n:20:REF1\n:23B:CRED\n:32A:2301EUR1,00\n:50K:A\n:59:B\n-}"
    with pytest.raises(MessageError) as info:
        parse_message(text)
    assert info.value.field == "32A"
    assert info.value.line == 4
    assert "field 32A, line 4" in str(info.value)
