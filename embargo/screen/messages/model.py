"""What a payment message says about who pays whom, independent of its format.

SWIFT MT and ISO 20022 messages are parsed into a `PaymentMessage`: its transaction
references, the parties (debtor, creditor, ultimate parties, agents) each with the
field it came from, and the free-text fields that must be scanned for names. The
screening step works on this shape only, so a new format needs a parser and nothing
else.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from enum import StrEnum


class PartyRole(StrEnum):
    """The role a party plays in a payment (ISO 20022 names)."""

    DEBTOR = "debtor"
    CREDITOR = "creditor"
    ULTIMATE_DEBTOR = "ultimate_debtor"
    ULTIMATE_CREDITOR = "ultimate_creditor"
    DEBTOR_AGENT = "debtor_agent"
    CREDITOR_AGENT = "creditor_agent"
    INTERMEDIARY_AGENT = "intermediary_agent"
    INSTRUCTING_AGENT = "instructing_agent"
    INSTRUCTED_AGENT = "instructed_agent"
    SENDER = "sender"
    RECEIVER = "receiver"


#: Roles held by financial institutions (screened by BIC and name as organisations).
AGENT_ROLES: frozenset[PartyRole] = frozenset(
    {
        PartyRole.DEBTOR_AGENT,
        PartyRole.CREDITOR_AGENT,
        PartyRole.INTERMEDIARY_AGENT,
        PartyRole.INSTRUCTING_AGENT,
        PartyRole.INSTRUCTED_AGENT,
        PartyRole.SENDER,
        PartyRole.RECEIVER,
    }
)


@dataclass(slots=True)
class MessageParty:
    """One party of a payment as the message describes it.

    Attributes:
        role: what the party does in the payment.
        field: where it was read (``50K``, ``Dbtr``, ``CdtTrfTxInf/CdtrAgt``).
        name: the party's name, if the message gives one (agents often give a BIC only).
        address: address lines as written.
        country: ISO alpha-2 of the postal address (``Ctry``, ``3/CC/`` of MT 50F/59F).
        bic: BIC, validated for shape.
        lei: LEI, when given.
        account: account number or IBAN, as written.
        birth_date: ISO date, when the message gives one (MT 50F line 4, ISO PrvtId).
        identifiers: other identifiers (national ID, customer ID, registration).
        schema: ``Person``/``Organization``/``LegalEntity`` as far as the message tells.
    """

    role: PartyRole
    field: str
    name: str | None = None
    address: list[str] = _field(default_factory=list)
    country: str | None = None
    bic: str | None = None
    lei: str | None = None
    account: str | None = None
    birth_date: str | None = None
    identifiers: list[str] = _field(default_factory=list)
    schema: str = "LegalEntity"

    @property
    def bic_country(self) -> str | None:
        """Country of the BIC (its 5th and 6th characters), lower case."""
        if self.bic and len(self.bic) >= 6:
            return self.bic[4:6].lower()
        return None


@dataclass(slots=True)
class FreeText:
    """A free-text field to scan for names (MT 70/72, ISO RmtInf/Ustrd, InstrForCdtrAgt)."""

    field: str
    text: str


@dataclass(slots=True)
class PaymentMessage:
    """A parsed payment message.

    Attributes:
        format: ``MT103``, ``MT202``, ``MT202COV``, ``pacs.008``, ``pacs.009``.
        reference: the transaction reference (MT :20:, ISO EndToEndId/TxId/MsgId).
        uetr: the unique end-to-end transaction reference, when present.
        amount: amount as written, with currency (``EUR 1000.00``).
        value_date: ISO date, when present.
        parties, free_texts: what is screened.
    """

    format: str
    reference: str
    parties: list[MessageParty] = _field(default_factory=list)
    free_texts: list[FreeText] = _field(default_factory=list)
    uetr: str | None = None
    amount: str | None = None
    value_date: str | None = None
