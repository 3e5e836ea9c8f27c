"""The shared OFAC vocabulary and formatting helpers (values taken from bundled files)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from embargo.model.entity import Entity
from embargo.sources.ofac_xml_common import (
    Kind,
    add_date,
    address_line,
    alias_note,
    alias_prop,
    apply_field,
    fold_quotes,
    label_key,
    lookup_field,
    ofac_date,
    person_name,
    reduce_period,
    schema_for,
    script_lang,
    split_linked_to,
    strip_bidi,
)


def _entity(schema: str = "Organization") -> Entity:
    return Entity("test", "1", schema)


@pytest.mark.parametrize(
    ("label", "prop", "kind"),
    [
        ("Tax ID No.", "taxNumber", Kind.IDENTIFIER),
        ("Passport", "passportNumber", Kind.IDENTIFIER),
        ("Secondary sanctions risk:", "secondarySanctions", Kind.VALUE),
        ("secondary sanctions risk", "secondarySanctions", Kind.VALUE),
        # ENHANCED_XML spells it with a typographic apostrophe, ADVANCED_XML without.
        ("Aircraft Manufacturer’s Serial Number (MSN)", "serialNumber", Kind.IDENTIFIER),
        ("Aircraft Manufacturer's Serial Number (MSN)", "serialNumber", Kind.IDENTIFIER),
        ("Vessel Registration Identification", "imoNumber", Kind.IMO),
        ("Digital Currency Address - XBT", "publicKey", Kind.CRYPTO),
        ("Digital Currency Address - USDT", "publicKey", Kind.CRYPTO),
        ("Executive Order 13662 Directive Determination -", "notes", Kind.NOTE),
        ("Legal Entity Number", "leiCode", Kind.IDENTIFIER),
    ],
)
def test_lookup_field(label: str, prop: str, kind: Kind) -> None:
    field = lookup_field(label)
    assert field is not None
    assert (field.prop, field.kind) == (prop, kind)


def test_unknown_label() -> None:
    assert lookup_field("Favourite Colour") is None
    assert label_key(" Secondary  sanctions risk: ") == "secondary sanctions risk"


def test_apply_identifier_keeps_country_and_type() -> None:
    entity, skipped = _entity(), Counter[str]()
    # GAZPROMBANK (us_ofac_cons-17016), sdnList idList.
    assert apply_field(entity, "Tax ID No.", "7744001497", skipped, country="Russia")
    value = entity.values[0]
    assert (value.prop, value.value, value.country, value.note) == (
        "taxNumber",
        "7744001497",
        "ru",
        "Tax ID No.",
    )
    assert not skipped


def test_apply_identifier_splits_country_suffix() -> None:
    # us_ofac_cons-17064 in sdnList and ENHANCED_XML: the country is inside the number,
    # as the legacy CSV prints it ("Registration ID 1026303117642 (Russia)").
    entity, skipped = _entity(), Counter[str]()
    apply_field(entity, "Registration ID", "1026303117642 (Russia)", skipped)
    apply_field(entity, "Registration ID", "12 (ABC)", skipped)
    first, second = entity.values
    assert (first.value, first.country) == ("1026303117642", "ru")
    assert (second.value, second.country) == ("12 (ABC)", None)


def test_apply_imo_keeps_digits_only() -> None:
    entity, skipped = _entity("Vessel"), Counter[str]()
    apply_field(entity, "Vessel Registration Identification", "IMO 9187629", skipped)
    apply_field(entity, "Vessel Registration Identification", "ABC-12", skipped)
    assert entity.get("imoNumber") == ["9187629"]
    assert entity.get("registrationNumber") == ["ABC-12"]


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        # Company IMO numbers under generic identifier labels (us_ofac_sdn-35376, -23510).
        ("Identification Number", "IMO 4235151", ("imoNumber", "4235151")),
        ("Company Number", "IMO 5405232", ("imoNumber", "5405232")),
        ("Vessel Registration Identification", "IMO  8730455", ("imoNumber", "8730455")),
        # A bare vessel registration with a valid ship check digit (us_ofac_sdn-17104).
        ("Vessel Registration Identification", "8606173", ("imoNumber", "8606173")),
        # Not IMO numbers: a national registry number, a failed check digit, six digits.
        ("Vessel Registration Identification", "15411 (Malta)", ("registrationNumber", "15411")),
        ("Vessel Registration Identification", "8606174", ("registrationNumber", "8606174")),
        ("Company Number", "IMO 543400", ("registrationNumber", "IMO 543400")),
        ("Identification Number", "5342883", ("idNumber", "5342883")),
    ],
)
def test_apply_imo_numbers_of_ships_and_companies(
    label: str, value: str, expected: tuple[str, str]
) -> None:
    entity, skipped = _entity("Organization"), Counter[str]()
    assert apply_field(entity, label, value, skipped)
    [added] = entity.values
    assert (added.prop, added.value, added.note) == (*expected, label)
    assert not skipped


def test_apply_crypto_gender_notes() -> None:
    entity, skipped = _entity("Person"), Counter[str]()
    apply_field(
        entity, "Digital Currency Address - XBT", "1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL", skipped
    )
    apply_field(entity, "Gender", "Male", skipped)
    apply_field(
        entity,
        "Executive Order 13662 Directive Determination -",
        "Subject to Directive 3",
        skipped,
    )
    key = entity.values[0]
    assert (key.prop, key.note) == ("publicKey", "XBT")
    assert entity.get("gender") == ["male"]
    assert entity.get("notes") == [
        "Executive Order 13662 Directive Determination - Subject to Directive 3"
    ]


def test_unknown_feature_kept_and_counted() -> None:
    entity, skipped = _entity(), Counter[str]()
    assert apply_field(entity, "Favourite Colour", "blue", skipped)
    assert entity.get("notes") == ["Favourite Colour blue"]
    assert skipped == Counter({"unmapped field kept in notes: Favourite Colour": 1})
    # An unknown *document* type is still an identifier.
    apply_field(entity, "Space Passport", "X1", skipped, document=True)
    assert entity.get("idNumber") == ["X1"]


def test_legal_entity_number_is_a_lei_only_when_valid() -> None:
    entity, skipped = _entity(), Counter[str]()
    apply_field(entity, "Legal Entity Number", "253400V1H6ART1UQ0N98 (Russia)", skipped)
    apply_field(entity, "Legal Entity Number", "852496527 (Netherlands)", skipped)  # 24668
    assert [(v.prop, v.value, v.country) for v in entity.values] == [
        ("leiCode", "253400V1H6ART1UQ0N98", "ru"),
        ("registrationNumber", "852496527", "nl"),
    ]
    assert skipped == Counter({"Legal Entity Number that is no LEI, kept as registrationNumber": 1})


@pytest.mark.parametrize(
    ("text", "prop"),
    [("C.U.I. 2891761150920 (Guatemala)", "idNumber"), ("RSIN 852496527", "taxNumber")],
)
def test_cui_and_rsin(text: str, prop: str) -> None:
    """C.U.I. is Guatemala's personal ID number (14 of 26 in sdn.csv); RSIN a Dutch tax
    number (trade.gov CSL)."""
    label, _, value = text.partition(" ")
    entity, skipped = _entity(), Counter[str]()
    assert apply_field(entity, label, value, skipped)
    assert [v.prop for v in entity.values] == [prop]


def test_unknown_issuing_country_counted_number_kept() -> None:
    entity, skipped = _entity("Person"), Counter[str]()
    assert apply_field(entity, "Passport", "A123456", skipped, country="Atlantis")
    assert [(v.prop, v.value, v.country) for v in entity.values] == [
        ("passportNumber", "A123456", None)
    ]
    assert skipped == Counter({"unknown issuing country of passportNumber": 1})


def test_unreadable_value_counted() -> None:
    entity, skipped = _entity("Person"), Counter[str]()
    assert not apply_field(entity, "Birthdate", "sometime", skipped)
    assert not apply_field(entity, "Gender", "unknown", skipped)
    assert skipped == Counter({"unreadable birthDate": 1, "unreadable gender": 1})


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("19 Apr 1947", "1947-04-19"),
        ("1962", "1962"),
        ("circa 1955", "1955"),
        ("1960 to 1965", "1960/1965"),
        # Texts from ofac_sdn_enhanced_program_IRGC.xml.gz (Iranian calendar years).
        ("21 Mar 1965 to 20 Mar 1966", "1965-03-21/1966-03-20"),
        ("Mar 1955 to Mar 1956", "1955-03/1956-03"),
        ("01 Mar 1962 to 31 Mar 1963", "1962-03/1963-03"),
        # From ofac_sdn.csv.gz remarks.
        ("01 Jan 1961 to 31 Dec 1962", "1961/1962"),
        ("01 Jan 1961 to 31 Dec 1961", "1961"),
        ("circa 01 Jan 1961", "1961-01-01"),
        ("circa 1979-1982", "1979/1982"),
        ("1965 to 1960", None),
        ("soon", None),
    ],
)
def test_ofac_date(text: str, iso: str | None) -> None:
    assert ofac_date(text) == iso


@pytest.mark.parametrize(
    ("start", "end", "iso"),
    [
        (date(1947, 4, 19), date(1947, 4, 19), "1947-04-19"),
        (date(1991, 1, 1), date(1991, 12, 31), "1991"),
        (date(1960, 1, 1), date(1965, 12, 31), "1960/1965"),
        (date(1955, 2, 1), date(1955, 2, 28), "1955-02"),
        (date(1962, 3, 1), date(1963, 3, 31), "1962-03/1963-03"),
        (date(1965, 3, 21), date(1966, 3, 20), "1965-03-21/1966-03-20"),
        (date(1966, 1, 1), date(1965, 1, 1), None),
    ],
)
def test_reduce_period(start: date, end: date, iso: str | None) -> None:
    assert reduce_period(start, end) == iso


def test_add_date_keeps_published_text() -> None:
    entity = _entity("Person")
    assert add_date(entity, "birthDate", "21 Mar 1965 to 20 Mar 1966")
    value = entity.values[0]
    assert (value.value, value.note) == ("1965-03-21/1966-03-20", "21 Mar 1965 to 20 Mar 1966")


def test_names() -> None:
    assert person_name("HANIYA", "Ismail Abdul Salah") == "HANIYA, Ismail Abdul Salah"
    assert person_name("GAZPROMBANK JOINT STOCK COMPANY", None) == (
        "GAZPROMBANK JOINT STOCK COMPANY"
    )
    assert person_name(None, "Raouf") == "Raouf"
    assert alias_prop("a.k.a.", False) == "alias"
    assert alias_prop("F.K.A.", False) == "previousName"
    assert alias_prop("f.k.a.", True) == "weakAlias"
    assert alias_note("f.k.a.", True) == "f.k.a."
    assert alias_note("a.k.a.", True) is None
    assert alias_note("F.K.A.", False) is None
    assert alias_note("N.K.A.", False) == "n.k.a."
    assert schema_for("Individual") == "Person"
    assert schema_for("Aircraft") == "Airplane"
    assert schema_for("Spaceship") is None
    assert script_lang("Latin", "ROSTEC") is None
    assert script_lang("Arabic", "محمد") == "Arab"
    assert script_lang("Chinese Simplified", "金铁三") == "zho"
    # A script OFAC has not used so far: read from the characters (was "Thai"[:4]).
    assert script_lang("Khmer", "សម្តេច") == "Khmr"
    assert script_lang(None, "Kim") is None
    assert strip_bidi("\u202bلواء فاطميون\u202c") == "لواء فاطميون"
    # As the legacy CSV prints them (us_ofac_sdn-30624, us_ofac_cons-22391).
    assert fold_quotes("Sana\u2019a") == "Sana'a"
    assert fold_quotes("PIPELINES 'DRUZHBA'\"") == "PIPELINES 'DRUZHBA''"


def test_address_line_matches_legacy_csv_layout() -> None:
    # us_ofac_cons-17145, address 26046: the legacy cons_add.csv row is
    # "ul. Grigoriya Kukuyevitskogo, 1, bld. 1, Khanty-Mansiysky Autonomous Okrug - Yugra",
    # "the city of Surgut, Tyumenskaya Oblast 628415", "Russia".
    line = address_line(
        street=(
            "ul. Grigoriya Kukuyevitskogo, 1",
            "bld. 1",
            "Khanty-Mansiysky Autonomous Okrug - Yugra",
        ),
        city="the city of Surgut",
        state="Tyumenskaya Oblast",
        postal_code="628415",
        country="Russia",
    )
    assert line == (
        "ul. Grigoriya Kukuyevitskogo, 1, bld. 1, Khanty-Mansiysky Autonomous Okrug - Yugra, "
        "the city of Surgut, Tyumenskaya Oblast 628415, Russia"
    )
    # us_ofac_cons-9659 (address 31130): OFAC names a region instead of a country.
    assert address_line(city="Jabaliya", region="Gaza") == "Jabaliya, Region: Gaza"
    # A bare country is the country property, not an address.
    assert address_line(country="Egypt") is None


def test_split_linked_to() -> None:
    text = (
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx"
        "#directives; (Linked To: STATE CORPORATION ROSTEC)"
    )
    rest, linked = split_linked_to(text)
    assert linked == ["STATE CORPORATION ROSTEC"]
    assert rest is not None and rest.endswith("#directives")
    assert split_linked_to("(Linked To: AL-QA'IDA (AQ))") == (None, ["AL-QA'IDA (AQ)"])
    assert split_linked_to(None) == (None, [])
    # Several in one parenthesis, nested parentheses (trade.gov CSL remarks).
    assert split_linked_to(
        "Member of X; (Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE; "
        "Linked To: LIU, Emily)"
    ) == ("Member of X", ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "LIU, Emily"])
    # A semicolon inside a name is not a separator; an unclosed parenthesis ends the text.
    assert split_linked_to("(Linked To: A & B; C CO.)") == (None, ["A & B; C CO."])
    assert split_linked_to("x (Linked To: CUT OFF") == ("x", ["CUT OFF"])
