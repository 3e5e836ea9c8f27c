"""SWIFT MT103 and MT202/MT202COV: the fields that name parties, parsed for screening.

An MT message is a set of blocks; block 4 holds the fields as ``:TAG:value`` lines
(a value continues on the following lines until the next tag). The fields read here
are the ones a sanctions filter must see:

==========  ===============================  =========================================
field       meaning                          read as
==========  ===============================  =========================================
20 / 21     transaction / related reference  `PaymentMessage.reference`
32A         value date, currency, amount     `value_date`, `amount`
50A/F/K     ordering customer                debtor (50F: structured name, address,
                                             country, date of birth, identifiers)
52A/D       ordering institution             debtor agent (BIC or name and address)
53A/54A     sender's / receiver's            intermediary agent
            correspondent
56A/D       intermediary institution         intermediary agent
57A/D       account with institution         creditor agent
58A/D       beneficiary institution (MT202)  creditor
59/59A/F    beneficiary customer             creditor
70          remittance information           free text to scan
72          sender to receiver information   free text to scan
==========  ===============================  =========================================

In an MT202COV the fields after the first 50a form sequence B (the underlying customer
credit transfer); their `field` is prefixed ``B/`` so a hit names the right sequence.
Block 1 and 2 carry the sender and receiver BICs; block 3 field 121 the UETR.

Malformed input raises `MessageError` naming the field and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from embargo.exc import MessageError
from embargo.model.values import clean_country, collapse_spaces
from embargo.screen.messages.model import FreeText, MessageParty, PartyRole, PaymentMessage

MAX_MESSAGE_CHARS = 100_000
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_TAG_RE = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_BLOCK_RE = re.compile(r"\{([1-3]):")
_AMOUNT_RE = re.compile(r"^(\d{6})([A-Z]{3})(\d{1,14},\d{0,4})$")
_50F_LINE = re.compile(r"^([1-8])/(.*)$")

ROLE_BY_TAG: dict[str, PartyRole] = {
    "50": PartyRole.DEBTOR,
    "52": PartyRole.DEBTOR_AGENT,
    "53": PartyRole.INTERMEDIARY_AGENT,
    "54": PartyRole.INTERMEDIARY_AGENT,
    "56": PartyRole.INTERMEDIARY_AGENT,
    "57": PartyRole.CREDITOR_AGENT,
    "58": PartyRole.CREDITOR,
    "59": PartyRole.CREDITOR,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "MT103": ("20", "23B", "32A", "50", "59"),
    "MT202": ("20", "21", "32A", "58"),
    "MT202COV": ("20", "21", "32A", "58", "50", "59"),
}


@dataclass(slots=True)
class _Field:
    tag: str
    lines: list[str]
    line_no: int


def is_bic(text: str) -> bool:
    return bool(BIC_RE.match(text))


def _header_bics(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(sender BIC, receiver BIC, message type, UETR) from blocks 1–3."""
    sender = receiver = mtype = uetr = None
    m1 = re.search(r"\{1:F\d{2}([A-Z0-9]{12})", text)
    if m1:
        sender = m1.group(1)[:8] + m1.group(1)[9:12]
    m2 = re.search(r"\{2:([IO])(\d{3})([A-Z0-9]*)", text)
    if m2:
        mtype = m2.group(2)
        rest = m2.group(3)
        if m2.group(1) == "I" and len(rest) >= 12:
            receiver = rest[:8] + rest[9:12]
        elif m2.group(1) == "O" and len(rest) >= 26:
            # output: HHMM + YYMMDD + LT address (12) ...
            receiver = None
            sender = rest[10:18] + rest[19:22]
    m3 = re.search(r"\{121:([0-9a-fA-F-]{36})\}", text)
    if m3:
        uetr = m3.group(1).lower()
    if re.search(r"\{119:COV\}", text) and mtype == "202":
        mtype = "202COV"
    return sender, receiver, mtype, uetr


def _strip_bic(bic: str) -> str:
    bic = bic.strip().upper()
    return bic[:8] + bic[8:].removeprefix("XXX") if len(bic) == 11 else bic


def _block4(text: str) -> tuple[str, int]:
    """The text of block 4 and the line number it starts on."""
    start = text.find("{4:")
    if start == -1:
        stripped = text.lstrip()
        if stripped.startswith(":20:"):
            return stripped, text[: len(text) - len(stripped)].count("\n") + 1
        raise MessageError("no block 4 ({4:…-}) and no :20: field: not an MT message", format="MT")
    end = text.find("-}", start)
    if end == -1:
        raise MessageError(
            "block 4 is not terminated by '-}': message truncated?",
            format="MT",
            line=text[:start].count("\n") + 1,
        )
    body = text[start + 3 : end]
    return body, text[:start].count("\n") + 1


def _fields(body: str, first_line: int, fmt: str) -> list[_Field]:
    fields: list[_Field] = []
    for offset, raw in enumerate(body.splitlines()):
        line_no = first_line + offset
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        m = _TAG_RE.match(line)
        if m:
            fields.append(_Field(m.group(1), [m.group(2)] if m.group(2) else [], line_no))
        elif fields:
            fields[-1].lines.append(line)
        else:
            raise MessageError(
                f"text before the first field: {line[:40]!r}", format=fmt, line=line_no
            )
    return fields


def _parse_32a(f: _Field, msg: PaymentMessage, fmt: str) -> None:
    value = "".join(f.lines).strip()
    m = _AMOUNT_RE.match(value)
    if not m:
        raise MessageError(
            f"expected YYMMDD + currency + amount like 230615EUR1000,00, got {value!r}",
            format=fmt,
            field=f.tag,
            line=f.line_no,
        )
    ymd = m.group(1)
    try:
        day = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:6]))
    except ValueError as exc:
        raise MessageError(
            f"invalid value date {ymd!r}", format=fmt, field=f.tag, line=f.line_no
        ) from exc
    msg.value_date = day.isoformat()
    msg.amount = f"{m.group(2)} {m.group(3).replace(',', '.')}"


def _country_of_lines(lines: list[str]) -> str | None:
    """Best effort: the country named at the end of a free-format address."""
    if not lines:
        return None
    last = lines[-1].strip().rstrip(".,")
    tail = last.split()[-1] if last.split() else ""
    if len(tail) == 2 and tail.isalpha() and tail.isupper():
        code = clean_country(tail)
        if code:
            return code
    return clean_country(last)


def _party_option_a(f: _Field, role: PartyRole, label: str, fmt: str) -> MessageParty:
    lines = [line.strip() for line in f.lines if line.strip()]
    account = None
    if lines and lines[0].startswith("/"):
        account = lines.pop(0).lstrip("/")
    if not lines or not is_bic(_strip_bic(lines[0])):
        got = lines[0] if lines else ""
        raise MessageError(
            f"option A needs a BIC, got {got!r}", format=fmt, field=f.tag, line=f.line_no
        )
    return MessageParty(
        role=role,
        field=label,
        bic=_strip_bic(lines[0]),
        account=account,
        schema="Organization",
    )


def _party_free(f: _Field, role: PartyRole, label: str) -> MessageParty:
    """Options D/K and plain 59: [/account] then name and address lines."""
    lines = [collapse_spaces(line) for line in f.lines if line.strip()]
    account = None
    if lines and lines[0].startswith("/"):
        account = lines.pop(0).lstrip("/")
    name = lines[0] if lines else None
    address = lines[1:]
    return MessageParty(
        role=role,
        field=label,
        name=name,
        address=address,
        country=_country_of_lines(address),
        account=account,
    )


def _party_structured(f: _Field, role: PartyRole, label: str, fmt: str) -> MessageParty:
    """Option F (50F/59F): numbered lines 1/ name, 2/ address, 3/ country+town, …"""
    lines = [line.strip() for line in f.lines if line.strip()]
    party = MessageParty(role=role, field=label)
    if lines and not _50F_LINE.match(lines[0]):
        ident = lines.pop(0)
        if ident.startswith("/"):
            party.account = ident.lstrip("/")
        else:
            party.identifiers.append(ident)
    names: list[str] = []
    for offset, line in enumerate(lines):
        m = _50F_LINE.match(line)
        if not m:
            raise MessageError(
                f"option F lines must start with 1/ to 8/, got {line[:40]!r}",
                format=fmt,
                field=f.tag,
                line=f.line_no + 1 + offset,
            )
        code, value = m.group(1), m.group(2).strip()
        if code == "1":
            names.append(value)
        elif code == "2":
            party.address.append(value)
        elif code == "3":
            cc, _, town = value.partition("/")
            party.country = clean_country(cc) or party.country
            if town:
                party.address.append(town)
        elif code == "4":
            if re.fullmatch(r"\d{8}", value):
                try:
                    party.birth_date = date(
                        int(value[:4]), int(value[4:6]), int(value[6:8])
                    ).isoformat()
                except ValueError as exc:
                    raise MessageError(
                        f"invalid date of birth {value!r}", format=fmt, field=f.tag
                    ) from exc
            party.schema = "Person"
        elif code in ("5",):
            party.schema = "Person"
        elif code in ("6", "7", "8"):
            party.identifiers.append(value)
    if names:
        party.name = collapse_spaces(" ".join(names))
    return party


def parse_mt(text: str) -> PaymentMessage:
    """Parse an MT103, MT202 or MT202COV message."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageError(
            f"message is {len(text)} characters, more than {MAX_MESSAGE_CHARS}", format="MT"
        )
    sender, receiver, mtype, uetr = _header_bics(text)
    body, first_line = _block4(text)
    fields = _fields(body, first_line, "MT")
    tags = {f.tag[:2] if f.tag[:2] in ROLE_BY_TAG else f.tag for f in fields}
    if mtype is None:
        mtype = "103" if "23B" in tags else "202COV" if {"50", "59"} <= tags else "202"
    fmt = f"MT{mtype}"
    if fmt not in REQUIRED:
        raise MessageError(
            f"message type {fmt} is not supported (MT103, MT202, MT202COV)", format=fmt
        )
    missing = [tag for tag in REQUIRED[fmt] if tag not in tags]
    if missing:
        raise MessageError(f"mandatory field(s) missing: {', '.join(missing)}", format=fmt)
    reference = ""
    msg = PaymentMessage(format=fmt, reference="", uetr=uetr)
    in_seq_b = False
    for f in fields:
        base, option = f.tag[:2], f.tag[2:]
        if fmt == "MT202COV" and base == "50":
            in_seq_b = True
        label = f"B/{f.tag}" if in_seq_b else f.tag
        if base == "20":
            reference = "".join(f.lines).strip()
            if not reference or len(reference) > 16 or reference.startswith("/"):
                raise MessageError(
                    f"reference must be 1–16 characters not starting with '/', got {reference!r}",
                    format=fmt,
                    field="20",
                    line=f.line_no,
                )
        elif f.tag == "32A":
            _parse_32a(f, msg, fmt)
        elif base in ROLE_BY_TAG:
            role = ROLE_BY_TAG[base]
            if fmt.startswith("MT202") and base == "58":
                role = PartyRole.CREDITOR
            if option == "A":
                msg.parties.append(_party_option_a(f, role, label, fmt))
            elif option == "F":
                msg.parties.append(_party_structured(f, role, label, fmt))
            elif option in ("", "D", "K", "B"):
                party = _party_free(f, role, label)
                if role not in (PartyRole.DEBTOR, PartyRole.CREDITOR) or base == "58":
                    party.schema = "Organization"
                msg.parties.append(party)
            elif option == "C":
                continue  # 50C/59C carry an account or party identifier only
            else:
                raise MessageError(
                    f"unknown option {option!r} for field {base}",
                    format=fmt,
                    field=f.tag,
                    line=f.line_no,
                )
        elif base in ("70", "72", "77"):
            text_value = collapse_spaces(" ".join(f.lines))
            if text_value:
                msg.free_texts.append(FreeText(label, text_value))
    msg.reference = reference
    for bic, role in ((sender, PartyRole.SENDER), (receiver, PartyRole.RECEIVER)):
        if bic and is_bic(_strip_bic(bic)):
            msg.parties.append(
                MessageParty(role=role, field="header", bic=_strip_bic(bic), schema="Organization")
            )
    return msg
