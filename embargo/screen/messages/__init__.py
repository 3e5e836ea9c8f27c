"""Payment messages: SWIFT MT103/MT202(COV) and ISO 20022 pacs.008/pacs.009.

`parse_message` recognises the format and returns one `PaymentMessage` per
transaction; screening of its parties and free text lives in `embargo.screen.payment`.
"""

from __future__ import annotations

from embargo.exc import MessageError
from embargo.screen.messages.iso20022 import parse_iso20022
from embargo.screen.messages.model import (
    AGENT_ROLES,
    FreeText,
    MessageParty,
    PartyRole,
    PaymentMessage,
)
from embargo.screen.messages.swift_mt import parse_mt


def parse_message(data: bytes | str) -> list[PaymentMessage]:
    """Parse a payment message of any supported format."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    head = raw.lstrip()[:200]
    if head.startswith(b"<"):
        return parse_iso20022(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MessageError(
            f"MT message is not UTF-8/ASCII text (byte offset {exc.start})", format="MT"
        ) from exc
    return [parse_mt(text)]


__all__ = [
    "AGENT_ROLES",
    "FreeText",
    "MessageParty",
    "PartyRole",
    "PaymentMessage",
    "parse_iso20022",
    "parse_message",
    "parse_mt",
]
