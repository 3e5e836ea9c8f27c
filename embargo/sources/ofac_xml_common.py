"""What OFAC's three XML formats share: the field vocabulary and its mapping.

OFAC publishes the same designations as the legacy CSV (``sdn.csv`` + remarks), the
classic ``sdnList`` XML, the Sanctions List Service ENHANCED_XML and ADVANCED_XML. All
of them label identifiers and other facts with the same vocabulary ("Tax ID No.",
"Passport", "Vessel Call Sign", "Digital Currency Address - XBT", "Secondary
sanctions risk:"…): in the CSV it is the text before a value in the remarks, in
``sdnList`` the ``idType``, in ENHANCED_XML the feature or identity-document type, in
ADVANCED_XML the ``FeatureType`` / ``IDRegDocType`` reference value.

One table (`FIELDS`) maps that vocabulary to entity properties, so the same
designation read from any OFAC format yields the same properties and ``embargo diff``
between two formats shows designation changes rather than format artefacts. The
name and address helpers reproduce how the legacy CSV prints names
(``LASTNAME, Given Names``) and addresses (street parts, then ``City, State Postal``,
then the country), for the same reason.

OFAC's "Title" (sdnList ``<title>``, ENHANCED_XML ``generalInfo/title``, the ADVANCED_XML
"Title" feature, the CSV Title column) holds functions ("Former Minister of Defense"):
it maps to ``position``, and to ``title`` only when it is honorifics alone ("Dr",
"Maulawi; Mullah"), by the rule all parsers share (`embargo.sources.names`).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import IO, ClassVar

from lxml import etree

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.model.schema import PROPERTIES, PropType
from embargo.model.scripts import script_code
from embargo.model.values import clean_country, clean_date, collapse_spaces
from embargo.sources.base import SourceParser
from embargo.sources.identifiers import imo_number, is_lei
from embargo.sources.names import add_function, clean_gender
from embargo.sources.xmlutil import iter_records as xml_records
from embargo.sources.xmlutil import local_name


class Kind(StrEnum):
    """How a field's value is added to an entity."""

    VALUE = "value"  # add as is (dates and countries are cleaned by Entity.add)
    IDENTIFIER = "identifier"  # add with country= and note=<label as published>
    IMO = "imo"  # vessel registration: "IMO 1234567" (or 7 check-digit-valid digits) → imoNumber
    CRYPTO = "crypto"  # digital currency address: publicKey, note=<currency code>
    GENDER = "gender"  # Male/Female → male/female
    NOTE = "note"  # informational: notes "<label> <value>", as the legacy remarks print it
    FUNCTION = "function"  # OFAC's "Title": position, or title if only honorifics


@dataclass(frozen=True, slots=True)
class Field:
    """Where one OFAC field goes: a property and how to add the value."""

    prop: str
    kind: Kind = Kind.VALUE


_ID = Kind.IDENTIFIER

_PASSPORTS = (
    "Passport",
    "Diplomatic Passport",
    "British National Overseas Passport",
    "Stateless Person Passport",
)
_TAX_IDS = (
    "Tax ID No.",
    "R.F.C.",
    "RFC",
    "NIT #",
    "US FEIN",
    "RUC #",
    "C.I.F.",
    "RIF #",
    "V.A.T. Number",
    "Italian Fiscal Code",
    "Fiscal Code",
    "C.U.I.T.",
    "N.I.F.",
    "RTN",
    "Paraguayan tax identification number",
    "Romanian Tax Registration",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "RSIN",  # Dutch legal-entity tax number (trade.gov CSL)
)
_REGISTRATIONS = (
    "Registration ID",
    "Registration Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Commercial Registry Number",
    "C.R. No.",
    "Company Number",
    "UK Company Number",
    "Public Registration Number",
    "Certificate of Incorporation Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Chamber of Commerce Number",
    "Romanian C.R.",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Enterprise Number",
    "Business Number",
    "Registered Charity No.",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Registration Certificate Number (Dubai)",
    "Economic Register Number (CBLS)",
    "Central Registration System Number",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)",
    "Government Gazette Number",
    "Trade License No.",
    "Branch Unit Number",
    "Organization Code",
    "MSB Registration Number",
    "Aircraft Tail Number",
)
_SERIALS = (
    "Aircraft Serial Identification",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Serial No.",
)
#: Identifiers without a more specific property: idNumber with the type in note=.
#: The document types are OFAC's IDRegDocType reference values (ADVANCED_XML, 2026).
_OTHER_IDS = (
    "National ID No.",
    "Identification Number",
    "Personal ID Card",
    "Cedula No.",
    "D.N.I.",
    "Driver's License No.",
    "N.I.E.",
    "LE Number",
    "Bosnian Personal ID No.",
    "Credencial electoral",
    "C.U.I.",  # Guatemala's personal ID number (14 of the 26 in sdn.csv), not a tax id
    "Kenyan ID No.",
    "C.I.N.",
    "Moroccan Personal ID No.",
    "Public Security and Immigration No.",
    "C.U.R.P.",
    "Immigration No.",
    "Travel Document Number",
    "Electoral Registry No.",
    "National Foreign ID Number",
    "Tourism License No.",
    "Cartilla de Servicio Militar Nacional",
    "C.U.I.P.",
    "Federal ID Card",
    "VisaNumberID",
    "Residency Number",
    "CNP (Personal Numerical Code)",
    "Romanian Permanent Resident",
    "Pilot License Number",
    "Turkish Identification Number",
    "Stateless Person ID Card",
    "Refugee ID Card",
    "Afghan Money Service Provider License Number",
    "Numero de Identidad",
    "Tarjeta de Identidad",
    "SRE Permit No.",
    "Tazkira National ID Card",
    "License",
    "Chinese Commercial Code",
    "I.F.E.",
    "Citizen's Card Number",
    "UAE Identification",
    "Birth Certificate Number",
    "File Number",
    "Seafarer's Identification Document",
    "Trademark number",
    "Permit Number",
    "Military Registration Number",
    "Global Intermediary Identification Number",
    "Entity Code",
    "BIK (RU)",
    "D-U-N-S Number",
    "ISIN",
    "Aircraft Mode S Transponder Code",
    "MICEX Code",
)
#: Sanctions information the legacy remarks print as "<label> <value>"; kept in notes.
_NOTES = (
    "Executive Order 13662 Directive Determination -",
    "Executive Order 14024 Directive Information -",
    "Executive Order 14024 Directive Information",
    "Executive Order 14014 Directive Information:",
    "Executive Order 13846 information:",
    "Executive Order 14059 information:",
    "CAATSA Section 235 Information:",
    "IFCA Determination -",
    "PEESA Information:",
    "PAIPA Section 2 Information:",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Listing Date (EO 14024 Directive 1a):",
    "Effective Date (EO 14024 Directive 1a):",
    "Listing Date (EO 14024 Directive 2):",
    "Effective Date (EO 14024 Directive 2):",
    "Listing Date (EO 14024 Directive 3):",
    "Effective Date (EO 14024 Directive 3):",
    "Listing Date (EO 14014 Directive 1):",
    "Effective Date (EO 14014 Directive 1):",
    "Listing Date (CMIC)",
    "Effective Date (CMIC)",
    "Purchase/Sales For Divestment Date (CMIC)",
    "Equity Ticker",
    "Issuer Name",
    "Target Type",
    "Organization Type:",
    "Former Vessel Flag",
    "Previous Aircraft Tail Number",
    "UN/LOCODE",
)


def label_key(label: str) -> str:
    """Normalise an OFAC field label for look-up.

    Case, a trailing ``:``/``-`` and typographic apostrophes vary between formats
    and years ("Aircraft Manufacturer’s Serial Number (MSN)" in ENHANCED_XML,
    "Manufacturer's" in ADVANCED_XML), so they are folded.
    """
    text = collapse_spaces(label).replace("’", "'").casefold()
    return text.rstrip(" :-").strip()


def _table() -> dict[str, Field]:
    table: dict[str, Field] = {}

    def put(labels: Iterable[str], field: Field) -> None:
        for label in labels:
            table[label_key(label)] = field

    put(_PASSPORTS, Field("passportNumber", _ID))
    put(["SSN"], Field("socialSecurityNumber", _ID))
    put(_TAX_IDS, Field("taxNumber", _ID))
    put(_REGISTRATIONS, Field("registrationNumber", _ID))
    put(_SERIALS, Field("serialNumber", _ID))
    put(_OTHER_IDS, Field("idNumber", _ID))
    put(["Legal Entity Number"], Field("leiCode", _ID))
    put(["SWIFT/BIC"], Field("swiftBic", _ID))
    put(["MMSI"], Field("mmsi", _ID))
    put(["Vessel Registration Identification"], Field("imoNumber", Kind.IMO))
    put(["Website"], Field("website"))
    put(["Email Address"], Field("email"))
    put(["Phone Number"], Field("phone"))
    put(["Birthdate"], Field("birthDate"))
    put(["Place of Birth"], Field("birthPlace"))
    put(["Nationality Country"], Field("nationality"))
    put(["Citizenship Country"], Field("citizenship"))
    put(["Nationality of Registration", "Registration Country"], Field("country"))
    put(["Gender"], Field("gender", Kind.GENDER))
    put(["Title"], Field("position", Kind.FUNCTION))
    put(["Organization Established Date"], Field("incorporationDate"))
    put(["Vessel Call Sign", "Other Vessel Call Sign"], Field("callSign"))
    put(["VESSEL TYPE", "Other Vessel Type"], Field("type"))
    put(["Vessel Flag", "Other Vessel Flag"], Field("flag"))
    put(["Vessel Owner"], Field("owner"))
    put(["Vessel Tonnage"], Field("tonnage"))
    put(["Vessel Gross Registered Tonnage"], Field("grossRegisteredTonnage"))
    put(["Vessel Year of Build", "Aircraft Manufacture Date"], Field("buildDate"))
    put(["Aircraft Model"], Field("model"))
    put(["Aircraft Operator"], Field("operator"))
    put(
        ["Secondary sanctions risk:", "Additional Sanctions Information -"],
        Field("secondarySanctions"),
    )
    put(_NOTES, Field("notes", Kind.NOTE))
    return table


#: OFAC field label (normalised by `label_key`) → where its value goes.
FIELDS: dict[str, Field] = _table()

_CRYPTO = re.compile(r"^digital currency address\s*-\s*(\S+)$", re.IGNORECASE)


@lru_cache(maxsize=2048)
def lookup_field(label: str) -> Field | None:
    """The mapping of an OFAC field label, or None if the label is unknown.

    Cached: the labels are a vocabulary of a few hundred, looked up for every value
    (60,000 times per SDN file).
    """
    key = label_key(label)
    field = FIELDS.get(key)
    if field is None and _CRYPTO.match(key):
        return Field("publicKey", Kind.CRYPTO)
    return field


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'", '"': "'"})


def fold_quotes(text: str) -> str:
    """Quotes as the legacy CSV prints them: every quote mark becomes ``'``.

    The legacy CSV is ASCII and has no double quotes inside values: it prints
    "Sana'a" where ENHANCED_XML has "Sana’a" (us_ofac_sdn-30624) and "OIL TRUNK
    PIPELINES 'DRUZHBA''" where the XML formats have "OIL TRUNK PIPELINES 'DRUZHBA'\""
    (us_ofac_cons-22391). Folding the XML values the same way keeps the formats from
    differing on the same value; quote marks carry nothing for screening.
    """
    return text.translate(_QUOTES)


_COUNTRY_SUFFIX = re.compile(r"^(?P<number>.+?)\s*\((?P<country>[^()]+)\)$")


def split_country_suffix(number: str, country: str | None) -> tuple[str, str | None]:
    """Split "1026303117642 (Russia)" into the number and its issuing country.

    The legacy CSV prints every document as "<number> (<country>)"; the XML formats
    have a country element, but OFAC sometimes left the country inside the number
    instead (sdnList and ENHANCED_XML, us_ofac_cons-17064). The suffix is split off
    only when it is a known country, so the number reads the same in every format.
    """
    match = _COUNTRY_SUFFIX.match(number)
    if match is None or clean_country(match.group("country")) is None:
        return number, country
    return match.group("number"), country or match.group("country")


@lru_cache(maxsize=2048)
def _clean_label(label: str) -> str:
    """A label as it is noted on values: spaces collapsed, quotes folded (cached)."""
    return fold_quotes(collapse_spaces(label))


def apply_field(
    entity: Entity,
    label: str,
    value: str | None,
    skipped: Counter[str],
    *,
    country: str | None = None,
    document: bool = False,
) -> bool:
    """Add one labelled OFAC value to ``entity``, as the shared vocabulary says.

    ``document`` marks identity documents / registrations (ENHANCED_XML
    ``identityDocument``, ADVANCED_XML ``IDRegDocument``, ``sdnList`` ``id`` of a
    document type): an unknown document type still is an identifier, so it becomes
    ``idNumber`` with the type in ``note``. An unknown *feature* is kept in ``notes``
    as "<label> <value>" and counted, so a new OFAC field is never silently lost.
    An identifier printed ``IMO`` + seven digits is an ``imoNumber`` whatever its label
    (company IMO numbers come as "Identification Number IMO 4235151"), see
    `embargo.sources.identifiers.imo_number`; a "Legal Entity Number" is a ``leiCode``
    only when it is a valid LEI (else a ``registrationNumber``, counted).
    Returns False (and counts the reason) when the value is rejected.
    """
    text = fold_quotes(collapse_spaces(value or ""))
    if not text:
        return False
    label = _clean_label(label)
    field = lookup_field(label)
    if field is None:
        if document:
            field = Field("idNumber", _ID)
        else:
            skipped[f"unmapped field kept in notes: {label}"] += 1
            field = Field("notes", Kind.NOTE)
    if field.kind in (Kind.IDENTIFIER, Kind.IMO):
        text, country = split_country_suffix(text, country)
        if country is not None and clean_country(country) is None:  # the value is kept
            skipped[f"unknown issuing country of {field.prop}"] += 1
        # "Identification Number IMO 4235151", "Company Number IMO 5405232": company
        # IMO numbers are imoNumber too (FtM keeps them there); a vessel registration
        # is the ship's IMO number also when printed without the prefix.
        imo = imo_number(text, bare=field.kind is Kind.IMO)
        if imo is not None:
            field = Field("imoNumber", Kind.IMO)
            ok = entity.add("imoNumber", imo, country=country, note=label)
        elif field.kind is Kind.IMO:  # "RS 150443", "15411": a national registration
            ok = entity.add("registrationNumber", text, country=country, note=label)
        elif field.prop == "leiCode" and not is_lei(text):
            # "Legal Entity Number 852496527 (Netherlands)": a national number, not an
            # LEI; kept as a (weak) registration number rather than a strong LEI.
            skipped["Legal Entity Number that is no LEI, kept as registrationNumber"] += 1
            ok = entity.add("registrationNumber", text, country=country, note=label)
        else:
            ok = entity.add(field.prop, text, country=country, note=label)
    elif field.kind is Kind.CRYPTO:
        match = _CRYPTO.match(label)
        currency = match.group(1).upper() if match else None
        ok = entity.add("publicKey", text, note=currency)
    elif field.kind is Kind.GENDER:
        ok = entity.add("gender", clean_gender(text))
    elif field.kind is Kind.NOTE:
        ok = entity.add("notes", f"{label} {text}")
    elif field.kind is Kind.FUNCTION:
        ok = add_function(entity, text)
    elif PROPERTIES.get(field.prop) is PropType.DATE:
        ok = add_date(entity, field.prop, text)
    else:
        ok = entity.add(field.prop, text)
    if not ok:
        skipped[f"unreadable {field.prop}"] += 1
    return ok


_DATE_RANGE = re.compile(r"^(.+?)\s+to\s+(.+)$", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:circa|ca\.|approximately|approx\.)\s*", re.IGNORECASE)


def reduce_period(start: date, end: date) -> str | None:
    """The ISO value of the period ``start``–``end`` at the precision OFAC means.

    OFAC stores "DOB 1962" as 1 Jan–31 Dec 1962 and "DOB Mar 1955" as 1–31 Mar 1955
    (ADVANCED_XML ``DatePeriod``, ENHANCED_XML ``valueDate``). This turns such periods
    back into ``1962`` and ``1955-03``; ranges of whole years into ``1960/1965``, of
    whole months into ``1955-03/1956-03``, and any other range into full ISO dates
    (``1965-03-21/1966-03-20``). `ofac_date` reduces published ranges ("01 Jan 1960
    to 31 Dec 1965") the same way, so every OFAC format yields the same value for the
    same published date.
    """
    if end < start:
        return None
    if start == end:
        return start.isoformat()
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        if start.year == end.year:
            return f"{start.year:04d}"
        return f"{start.year:04d}/{end.year:04d}"
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        first, last = f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
        return first if first == last else f"{first}/{last}"
    return f"{start.isoformat()}/{end.isoformat()}"


def _bounds(iso: str) -> tuple[date, date]:
    """First and last day of an ISO partial date (``1955``, ``1955-03``, ``1955-03-21``)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = date(parts[0], parts[1], parts[2])
        return day, day
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def ofac_date(text: str | None) -> str | None:
    """An OFAC date (US month-first) as ISO, including ranges between two dates.

    OFAC writes uncertain dates as ranges: "1960 to 1965", but also "21 Mar 1965 to
    20 Mar 1966" and "Mar 1955 to Mar 1956" (Iranian calendar years). The model's
    `clean_date` reads the first; the others go through `reduce_period`, so they are
    kept (``1965-03-21/1966-03-20``, ``1955-03/1956-03``) and agree with the
    structured dates of ADVANCED_XML. "circa"/"approximately" are dropped (the value
    keeps the precision published) and a final period (the end of a legacy CSV
    remarks cell) is ignored, so the CSV remarks parser (`embargo.sources.ofac_remarks`)
    and the XML parsers read dates with this one function.
    """
    if text is None:
        return None
    cleaned = clean_date(text, dayfirst=False)
    if cleaned is not None:
        return cleaned
    # "circa 01 Jan 1961", "circa 1979-1982": the date without the qualifier.
    text = _CIRCA.sub("", collapse_spaces(text))
    cleaned = clean_date(text, dayfirst=False)
    if cleaned is not None:
        return cleaned
    match = _DATE_RANGE.match(text)
    if match is None:
        return None
    first = clean_date(match.group(1), dayfirst=False)
    last = clean_date(match.group(2), dayfirst=False)
    if first is None or last is None or "/" in first or "/" in last:
        return None
    return reduce_period(_bounds(first)[0], _bounds(last)[1])


def add_date(entity: Entity, prop: str, text: str | None) -> bool:
    """Add an OFAC date (see `ofac_date`), keeping the published text in ``note``."""
    text = collapse_spaces(text or "")
    cleaned = ofac_date(text)
    if cleaned is None:
        return False
    return entity.add(prop, cleaned, note=text if text != cleaned else None)


# --- list keys --------------------------------------------------------------------


class OfacXmlParser(SourceParser):
    """What the OFAC XML parsers share: one format for the SDN and the non-SDN list.

    ``sdn.xml`` and ``consolidated.xml`` (and the ENHANCED/ADVANCED exports of both)
    are the same format; without a list key passed explicitly, or a better hint inside
    the file (the parsers check the export's filter or sanctions lists), the file name
    tells them apart: ``us_ofac_cons`` when it contains "cons".
    """

    LIST_KEY: ClassVar[str] = "us_ofac_sdn"
    CONS_LIST_KEY: ClassVar[str] = "us_ofac_cons"

    def list_key_for(self, path: Path) -> str:
        if self.list_key_override:
            return self.list_key_override
        return self.CONS_LIST_KEY if "cons" in path.name.lower() else self.LIST_KEY

    def _wrong_root(self, path: Path, expected: str) -> Callable[[str, int | None], ParseError]:
        """The ``wrong_root`` of `iter_records`: the error for a file whose root element
        is not ``expected`` (``ENHANCED_XML <sanctionsData>``), naming the one found.

        The three OFAC XML formats look alike from afar; the message says which one
        the parser expected, so an operator who picked the wrong format sees it.
        """

        def build(found: str, line: int | None) -> ParseError:
            return self.error(
                f"expected an OFAC {expected} root element, found <{found}>", path, line=line
            )

        return build


# --- entity types -----------------------------------------------------------------

#: OFAC entity / party types → schema. OFAC's "Entity" is an organisation in
#: general (companies, groups, government bodies), hence Organization.
SCHEMATA: dict[str, str] = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}


def schema_for(ofac_type: str | None) -> str | None:
    """The schema of an OFAC entity type ("Individual", "Entity", …), or None."""
    return SCHEMATA.get(collapse_spaces(ofac_type or "").casefold())


def record_schema(ofac_type: str | None, field: str, skipped: Counter[str]) -> str:
    """The schema of a record whose type (in ``field``) is ``ofac_type``.

    A type OFAC has not used so far is read as LegalEntity (the record still is a
    designation) and counted as ``unknown <field> <type> read as LegalEntity``.
    """
    schema = schema_for(ofac_type)
    if schema is None:
        skipped[f"unknown {field} {ofac_type!r} read as LegalEntity"] += 1
        schema = "LegalEntity"
    return schema


# --- names ------------------------------------------------------------------------

#: OFAC alias types → name property (weak / low-quality names go to weakAlias).
ALIAS_PROPS: dict[str, str] = {
    "a.k.a.": "alias",
    "n.k.a.": "alias",
    "f.k.a.": "previousName",
    "name": "name",
}


def alias_prop(alias_type: str | None, weak: bool) -> str:
    """The property of a name: ``weakAlias`` for low quality, else by alias type."""
    if weak:
        return "weakAlias"
    key = collapse_spaces(alias_type or "").casefold()
    return ALIAS_PROPS.get(key, "alias")


def alias_note(alias_type: str | None, weak: bool) -> str | None:
    """The ``note`` of a name whose property does not tell its alias type.

    ``n.k.a.`` (an ``alias``) and a weak ``f.k.a.``/``n.k.a.`` (a ``weakAlias``) keep
    their type, as the legacy CSV parser notes them; a.k.a. and strong f.k.a. need
    no note.
    """
    key = collapse_spaces(alias_type or "").casefold()
    if key == "n.k.a." or (weak and key and key != "a.k.a."):
        return key
    return None


#: OFAC script names → ``lang`` of a name: the language when the script name says
#: it (Chinese, Japanese, Korean), else the ISO 15924 script code.
SCRIPT_LANGS: dict[str, str | None] = {
    "latin": None,
    "arabic": "Arab",
    "cyrillic": "Cyrl",
    "chinese simplified": "zho",
    "chinese traditional": "zho",
    "japanese": "jpn",
    "korean": "kor",
    "hangul": "kor",
    "hebrew": "Hebr",
    "greek": "Grek",
    "armenian": "Armn",
    "georgian": "Geor",
}

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_RTL_SCRIPTS = frozenset({"arabic", "hebrew"})


def script_lang(script: str | None, text: str) -> str | None:
    """``lang`` for the name ``text`` that OFAC says is in script ``script``.

    None for Latin. A script OFAC has not used so far gets the ISO 15924 code read
    from the name's characters (`embargo.model.scripts.script_code`), as the other
    parsers do for names whose script the list does not name.
    """
    key = collapse_spaces(script or "").casefold()
    if key in SCRIPT_LANGS:
        return SCRIPT_LANGS[key]
    return script_code(text)


def strip_bidi(text: str) -> str:
    """Remove the bidi embedding marks OFAC wraps right-to-left names in."""
    return _BIDI_CONTROLS.sub("", text)


def person_name(last: str | None, given: str | None) -> str:
    """A name as the legacy CSV prints it: ``LAST, Given`` or just the one present."""
    last = fold_quotes(collapse_spaces(last or ""))
    given = fold_quotes(collapse_spaces(given or ""))
    if last and given:
        return f"{last}, {given}"
    return last or given


def is_rtl_script(script: str | None) -> bool:
    return collapse_spaces(script or "").casefold() in _RTL_SCRIPTS


def add_spelling(
    entity: Entity,
    prop: str,
    full: str,
    *,
    lang: str | None,
    note: str | None,
    primary: bool,
    last: str | None,
    first: str | None,
) -> None:
    """Add one spelling (translation) of a name, as the SLS formats give them.

    ENHANCED_XML and ADVANCED_XML give every name in one or more scripts. The Latin
    spelling is the name itself (``prop``, with ``last``/``first`` as the person's
    ``lastName``/``firstName`` when it is the primary name); a spelling in another
    script is an ``alias`` in that ``lang``, also for the primary name: the caption
    and the name parts stay Latin, as in the legacy CSV.
    """
    if lang is None:
        entity.add(prop, full, note=note)
        if primary and entity.schema == "Person":
            entity.add("lastName", last)
            entity.add("firstName", first)
    else:
        entity.add("alias" if prop == "name" else prop, full, lang=lang, note=note)


# --- addresses --------------------------------------------------------------------


def address_line(
    *,
    street: Iterable[str | None] = (),
    city: str | None = None,
    state: str | None = None,
    postal_code: str | None = None,
    region: str | None = None,
    country: str | None = None,
) -> str | None:
    """One address line as the legacy ``add.csv`` prints it, parts joined by ", ".

    The legacy CSV has three columns: the street lines joined by ", "; ``City,
    State/Province Postal``; the country, or ``Region: <region>`` when OFAC names a
    region instead (Gaza, Kurdistan). None when there is nothing but a country: a
    bare country is the ``country`` property, not an address.
    """
    parts = [collapse_spaces(s) for s in street if s and collapse_spaces(s)]
    locality = ", ".join(collapse_spaces(p) for p in (city, state) if p and collapse_spaces(p))
    postal = collapse_spaces(postal_code or "")
    locality = f"{locality} {postal}".strip()
    if locality:
        parts.append(locality)
    if not parts:
        return None
    area = address_country(country, region)
    if area:
        parts.append(area)
    return fold_quotes(", ".join(parts))


def add_address(
    entity: Entity,
    skipped: Counter[str],
    *,
    street: Iterable[str | None] = (),
    city: str | None = None,
    state: str | None = None,
    postal_code: str | None = None,
    country: str | None = None,
    region: str | None = None,
) -> None:
    """Add an OFAC address (see `address_line`) and its country to ``entity``.

    The country, or ``Region: <region>`` when OFAC names a region instead, is also
    added as ``country``; one that is no known country is counted as ``unknown
    address country`` (a region always is: it is kept in the address line).
    """
    area = address_country(country, region)
    entity.add(
        "address",
        address_line(street=street, city=city, state=state, postal_code=postal_code, country=area),
    )
    if area is not None and not entity.add("country", area):
        skipped["unknown address country"] += 1


def add_address_parts(
    entity: Entity, skipped: Counter[str], part: Callable[[str], str | None], country: str | None
) -> None:
    """`add_address` for an address given as typed parts (the Sanctions List Service
    formats): ``part(type)`` is the value of the part of that type (``ADDRESS1``,
    ``CITY``, ``STATE/PROVINCE``, ``POSTAL CODE``, ``REGION``…), or None."""
    add_address(
        entity,
        skipped,
        street=(part("ADDRESS1"), part("ADDRESS2"), part("ADDRESS3")),
        city=part("CITY"),
        state=part("STATE/PROVINCE"),
        postal_code=part("POSTAL CODE"),
        country=country,
        region=part("REGION"),
    )


def address_country(country: str | None, region: str | None) -> str | None:
    """The country column of the legacy CSV: the country, else ``Region: <region>``."""
    country = collapse_spaces(country or "")
    if country:
        return country
    region = collapse_spaces(region or "")
    return f"Region: {region}" if region else None


# --- remarks ----------------------------------------------------------------------

_LINKED_TO = re.compile(r"\(\s*Linked To:\s*", re.IGNORECASE)
_NEXT_LINKED_TO = re.compile(r"\s*;\s*Linked To:\s*", re.IGNORECASE)


def _closing_paren(text: str, start: int) -> int:
    """Index of the ``)`` closing the parenthesis opened before ``start`` (or the end)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(text)


def split_linked_to(remarks: str | None) -> tuple[str | None, list[str]]:
    """Split OFAC remarks into the free text and their "(Linked To: X)" names.

    ``sdnList`` XML and the trade.gov CSL keep relations only inside the remarks:
    "For more information…; (Linked To: STATE CORPORATION ROSTEC)", several in one
    parenthesis as "(Linked To: X; Linked To: Y)". Names may contain parentheses
    themselves ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"), at any depth,
    and semicolons ("X; Y" stays one name unless "Linked To:" follows).
    """
    text = collapse_spaces(remarks or "")
    if not text:
        return None, []
    linked: list[str] = []
    rest: list[str] = []
    position = 0
    for match in _LINKED_TO.finditer(text):
        if match.start() < position:  # inside a parenthesis already read
            continue
        end = _closing_paren(text, match.end())
        linked.extend(_NEXT_LINKED_TO.split(text[match.end() : end]))
        rest.append(text[position : match.start()])
        position = end + 1
    rest.append(text[position:])
    free = collapse_spaces("".join(rest)).strip(" ;")
    return (free or None), [name for name in (n.strip() for n in linked) if name]


# --- namespaced XML ---------------------------------------------------------------


class NsReader:
    """Find children by local name inside one XML namespace.

    OFAC changed the namespace of every format over the years (``sdnList`` moved from
    ``http://tempuri.org/sdnList.xsd`` to the Sanctions List Service address), so the
    parsers read it from the root element instead of hard-coding it.
    """

    def __init__(self, namespace: str | None) -> None:
        self.prefix = f"{{{namespace}}}" if namespace else ""
        self._paths: dict[str, str] = {}

    def tag(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def path(self, path: str) -> str:
        found = self._paths.get(path)
        if found is None:
            found = "/".join(self.tag(part) if part != "." else part for part in path.split("/"))
            self._paths[path] = found
        return found

    def find(self, el: etree._Element, path: str) -> etree._Element | None:
        return el.find(self.path(path))

    def findall(self, el: etree._Element, path: str) -> list[etree._Element]:
        return el.findall(self.path(path))

    def text(self, el: etree._Element, path: str) -> str | None:
        """Collapsed text of the first match, or None when missing or blank."""
        found = el.find(self.path(path))
        if found is None or found.text is None:
            return None
        return collapse_spaces(found.text) or None

    def texts(self, el: etree._Element, path: str) -> list[str]:
        out: list[str] = []
        for found in el.findall(self.path(path)):
            if found.text is not None and collapse_spaces(found.text):
                out.append(collapse_spaces(found.text))
        return out


def source_line(el: etree._Element) -> int | None:
    """The line an element starts on, when lxml knows it."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def iter_records(
    source: IO[bytes],
    root: str,
    tags: Iterable[str],
    wrong_root: Callable[[str, int | None], Exception],
) -> Iterator[tuple[NsReader, str, etree._Element]]:
    """Stream the elements named ``tags`` (local names) of an XML file whose root is
    ``root``, each when it is complete, as ``(reader, local name, element)``.

    `embargo.sources.xmlutil.iter_records` does the streaming (only these elements
    produce parse events, each is freed when the next is asked for); this adds the
    namespace reader made from the root element. ``wrong_root(found, line)`` builds
    the exception raised when the root element is another one.
    """
    readers: list[NsReader] = []

    def check_root(element: etree._Element) -> None:
        name = local_name(element)
        if name != root:
            raise wrong_root(name, source_line(element))
        readers.append(NsReader(etree.QName(element).namespace))

    for element in xml_records(source, tags, check_root):
        yield readers[0], local_name(element), element
