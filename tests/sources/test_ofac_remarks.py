"""The OFAC remarks parser, on remark strings copied from the bundled OFAC files.

Every input below is a real remarks cell or item of ``data/lists/ofac_sdn.csv.gz`` or
``ofac_cons_prim.csv`` (the ent_num is given where it helps to find it).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter

import pytest
from lxml import etree

from embargo.model.entity import Entity
from embargo.sources.ofac_remarks import (
    RemarkItem,
    apply_remarks,
    guess_label,
    parse_item,
    parse_remarks,
    split_document,
    split_remarks,
)
from embargo.sources.ofac_xml_common import apply_field, ofac_date
from tests.conftest import LISTS


def pairs(item: RemarkItem) -> list[tuple[str, str]]:
    return [(v.prop, v.value) for v in item.values]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 May 1955", "1955-05-21"),
        ("Mar 1945", "1945-03"),
        ("1962", "1962"),
        ("circa 1960", "1960"),
        ("circa 01 Jan 1960", "1960-01-01"),
        ("1960 to 1965", "1960/1965"),
        ("01 Jan 1961 to 31 Dec 1962", "1961/1962"),  # 15962
        ("01 Jan 1960 to 31 Dec 1960", "1960"),
        ("01 Mar 1960 to 31 Mar 1962", "1960-03/1962-03"),
        ("10 Mar 1960 to 20 Mar 1960", "1960-03-10/1960-03-20"),
        ("05/21/1955", "1955-05-21"),  # month first, as US lists write it
        ("1965 to 1960", None),
        ("sometime", None),
    ],
)
def test_remarks_dates_read_by_ofac_date(text: str, expected: str | None) -> None:
    """The remarks parser reads dates with the XML parsers' `ofac_date` (it had its own
    wrapper, ``parse_ofac_date``, until both were shown to agree on 253,266 date texts
    of the bundled OFAC and CSL files); with and without the cell's final period."""
    assert ofac_date(text) == expected
    assert ofac_date(f"{text}.") == expected
    assert ofac_date(f"  {text} . ") == expected
    if expected is not None:
        assert pairs(parse_item(f"DOB {text}.")) == [("birthDate", expected)]


def test_every_dob_of_the_sdn_remarks_is_read() -> None:
    """All 7,534 DOB items of the bundled sdn.csv give one birthDate each."""
    raw = gzip.decompress((LISTS / "ofac_sdn.csv.gz").read_bytes()).decode("utf-8")
    items = re.findall(r"(?:alt\. )?DOB [^;\"]*", raw)
    assert len(items) == 7534
    for text in items:
        item = parse_item(text)
        assert not item.rejected, text
        [value] = item.values
        assert value.prop == "birthDate"
        assert value.value == ofac_date(text.removeprefix("alt. ").removeprefix("DOB ")), text


def test_split_remarks_drops_empty_cells() -> None:
    assert split_remarks("-0- ") == []
    assert split_remarks(None) == []
    assert split_remarks("DOB 1962; POB Shati.") == ["DOB 1962", "POB Shati."]


def test_shoigu_remarks() -> None:  # 35173
    remarks = parse_remarks("DOB 21 May 1955; POB Chadan, Republic of Tyva, Russia; "
                            "nationality Russia; Gender Male.")  # fmt: skip
    assert [(v.prop, v.value) for v in remarks.values] == [
        ("birthDate", "1955-05-21"),
        ("birthPlace", "Chadan, Republic of Tyva, Russia"),
        ("nationality", "ru"),
        ("gender", "male"),
    ]
    assert remarks.values[0].note == "21 May 1955"
    assert remarks.free_text is None


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("alt. DOB 21 Mar 1946", [("birthDate", "1946-03-21")]),
        ("DOB circa 1960", [("birthDate", "1960")]),
        ("DOB 01 Jan 1961 to 31 Dec 1962", [("birthDate", "1961/1962")]),
        ("alt. POB Sana'a, Yemen", [("birthPlace", "Sana'a, Yemen")]),
        ("citizen Iran", [("citizenship", "ir")]),
        ("nationality Korea, North", [("nationality", "kp")]),
        ("Gender Female.", [("gender", "female")]),
        ("Vessel Registration Identification IMO 9187629", [("imoNumber", "9187629")]),
        ("Identification Number IMO 4235151.", [("imoNumber", "4235151")]),
        ("alt. Identification Number IMO 5342883", [("imoNumber", "5342883")]),
        ("Company Number IMO 5405232", [("imoNumber", "5405232")]),
        ("MMSI 572469210", [("mmsi", "572469210")]),
        ("SWIFT/BIC HAVIGB2L", [("swiftBic", "HAVIGB2L")]),
        ("Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
         [("leiCode", "253400V1H6ART1UQ0N98")]),
        ("R.F.C. DIB-771110-HQ1 (Mexico).", [("taxNumber", "DIB-771110-HQ1")]),
        ("Cedula No. 6068015 (Colombia)", [("idNumber", "6068015")]),
        ("Website www.havanaintbank.co.uk", [("website", "www.havanaintbank.co.uk")]),
        ("Email Address info@arrai.tv.", [("email", "info@arrai.tv")]),
        ("Phone Number 982188526300", [("phone", "982188526300")]),
        ("Aircraft Model IL-76TD", [("model", "IL-76TD")]),
        ("Aircraft Operator YAS AIR", [("operator", "YAS AIR")]),
        ("Aircraft Manufacture Date 01 Dec 2000", [("buildDate", "2000-12-01")]),
        ("Aircraft Manufacturer's Serial Number (MSN) 1013409297",
         [("serialNumber", "1013409297")]),
        ("Aircraft Tail Number EP-MMH", [("registrationNumber", "EP-MMH")]),
        ("Organization Established Date 27 Feb 1998", [("incorporationDate", "1998-02-27")]),
        ("Vessel Year of Build 1999", [("buildDate", "1999")]),
        ("Nationality of Registration Russia", [("country", "ru")]),
        (
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by "
            "Executive Order 13886",
            [("secondarySanctions",
              "section 1(b) of Executive Order 13224, as amended by Executive Order 13886")],
        ),
        (
            "Additional Sanctions Information - Subject to Secondary Sanctions",
            [("secondarySanctions", "Subject to Secondary Sanctions")],
        ),
        (
            "Organization Type: Activities of holding companies",
            [("notes", "Organization Type: Activities of holding companies")],
        ),
        (
            "Executive Order 13662 Directive Determination - Subject to Directive 1",
            [("notes", "Executive Order 13662 Directive Determination - Subject to Directive 1")],
        ),
        ("Target Type Financial Institution", [("notes", "Target Type Financial Institution")]),
        ("Listing Date (CMIC) 03 Jun 2021", [("notes", "Listing Date (CMIC) 03 Jun 2021")]),
    ],
)  # fmt: skip
def test_item_values(item: str, expected: list[tuple[str, str]]) -> None:
    parsed = parse_item(item)
    assert parsed.known
    assert pairs(parsed) == expected


def test_alt_prefix_is_recorded() -> None:
    assert parse_item("alt. DOB 21 Mar 1946").alt
    assert not parse_item("DOB 21 Mar 1945").alt


def test_document_number_country_and_dates() -> None:  # 17387
    item = parse_item("Passport 00016161 (Yemen) issued 19 Jun 2012 expires 18 Jun 2018")
    assert item.label == "Passport"
    (value,) = item.values
    assert (value.prop, value.value, value.country, value.note) == (
        "passportNumber",
        "00016161",
        "ye",
        "Passport",
    )
    assert (item.country, item.issued, item.expires) == ("Yemen", "2012-06-19", "2018-06-18")


def test_document_value_with_spaces_and_no_country() -> None:
    (value,) = parse_item("Tax ID No. AABA 670850 Y.").values
    assert (value.prop, value.value, value.country) == ("taxNumber", "AABA 670850 Y", None)


@pytest.mark.parametrize(
    ("item", "number"),
    [
        ("Matricula Mercantil No 818178-2 (Cali).", "818178-2 (Cali)"),  # 16470: a city
        ("Registration Number IT022428/2014(G)", "IT022428/2014(G)"),  # part of the number
    ],
)
def test_parenthesis_that_is_not_a_country_stays_in_the_number(item: str, number: str) -> None:
    (value,) = parse_item(item).values
    assert value.value == number
    assert value.country is None


def test_split_document() -> None:
    assert split_document("1027700132195 (Russia)") == ("1027700132195", "Russia", None, None)
    assert split_document("L 191609 issued 28 Feb 1996 expires 27 Feb 2001") == (
        "L 191609",
        None,
        "1996-02-28",
        "2001-02-27",
    )


def test_crypto_address() -> None:
    item = parse_item("alt. Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo")
    (value,) = item.values
    assert (value.prop, value.value, value.note) == (
        "publicKey",
        "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
        "XBT",
    )
    assert item.alt


@pytest.mark.parametrize(
    ("item", "name", "note"),
    [
        ("a.k.a. 'BNC'.", "BNC", None),  # 306, last item of the cell
        ("a.k.a. 'ABU-'UMAR'", "ABU-'UMAR", None),  # 3754: apostrophe inside the name
        ("f.k.a. 'ALPHA'", "ALPHA", "f.k.a."),  # 15036
        ("n.k.a. 'LGOK'", "LGOK", "n.k.a."),  # 41920
    ],
)
def test_weak_aliases(item: str, name: str, note: str | None) -> None:
    (value,) = parse_item(item).values
    assert (value.prop, value.value, value.note) == ("weakAlias", name, note)


def test_linked_to_period_belongs_to_the_name_only_when_the_list_says_so() -> None:
    target = "FUJIAN PROVINCIAL PINGTAN COUNTY OCEAN FISHING GROUP CO., LTD."
    item = f"Linked To: {target}"  # 33681, last item: one period for name and cell
    assert pairs(parse_item(item, known_names={target})) == [("linkedTo", target)]
    hizballah = parse_item("Linked To: HIZBALLAH.", known_names={"HIZBALLAH"})
    assert pairs(hizballah) == [("linkedTo", "HIZBALLAH")]
    # Unknown to the list (e.g. on the non-SDN list): item period dropped, except
    # after an abbreviation.
    rosneft = parse_item("Linked To: OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY.")
    assert pairs(rosneft) == [("linkedTo", "OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY")]
    assert pairs(parse_item("Linked To: NEW AHMADI LTD.")) == [("linkedTo", "NEW AHMADI LTD.")]


def test_free_text_is_one_note_and_counted_by_label() -> None:  # 11911
    remarks = parse_remarks(
        "Website www.aqsatv.ps; Email Address info@aqsatv.ps; "
        "Telephone: 0097282851500; Fax: 0097282858208."
    )
    assert [(v.prop, v.value) for v in remarks.values] == [
        ("website", "www.aqsatv.ps"),
        ("email", "info@aqsatv.ps"),
        ("notes", "Telephone: 0097282851500; Fax: 0097282858208"),
    ]
    assert remarks.unknown_labels == Counter({"Telephone": 1, "Fax": 1})


def test_free_text_ending_in_a_link_keeps_its_period() -> None:  # cons 17022
    text = (
        "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR "
        "589.201 and/or 589.209; For more information on directives, please visit the "
        "following link: http://www.treasury.gov/resource-center/sanctions/Programs/Pages/"
        "ukraine.aspx#directives."
    )
    assert parse_remarks(text).free_text == (
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives."
    )
    assert parse_remarks("DOB 1984; Houthi military commander.").free_text == (
        "Houthi military commander"
    )


def test_title_repeated_in_remarks_is_dropped() -> None:  # 15962
    text = (
        "DOB 01 Jan 1961 to 31 Dec 1962; nationality Iran; Additional Sanctions Information "
        "- Subject to Secondary Sanctions; Passport U14624657 (Iran); Finance Director, "
        "National Iranian Oil Company; Director, Hong Kong Intertrade Company; Director, "
        "Petro Suisse Intertrade Company."
    )
    title = (
        "Finance Director, National Iranian Oil Company; Director, Hong Kong Intertrade "
        "Company; Director, Petro Suisse Intertrade Company"
    )
    assert parse_remarks(text, title=title).free_text is None
    assert parse_remarks(text).free_text is not None
    assert [v.prop for v in parse_remarks(text, title=title).values] == [
        "birthDate",
        "nationality",
        "secondarySanctions",
        "passportNumber",
    ]


def test_rejected_values_are_reported() -> None:
    remarks = parse_remarks("nationality possibly Palestinian; DOB 1962")
    assert remarks.rejected == Counter({"unknown nationality: possibly Palestinian": 1})
    assert [v.prop for v in remarks.values] == ["birthDate"]


def test_apply_remarks_skips_weak_aliases_listed_as_strong() -> None:
    entity = Entity("us_ofac_sdn", "306", "Organization")
    entity.add("alias", "BNC")
    apply_remarks(entity, parse_remarks("a.k.a. 'BNC'; a.k.a. 'NBC'."), skip_names=["bnc"])
    assert entity.get("weakAlias") == ["NBC"]
    assert entity.get("alias") == ["BNC"]


def test_guess_label() -> None:
    assert guess_label("Telephone: 0097282851500") == "Telephone"
    assert guess_label("arrested 23 Apr 2002") == "arrested"
    assert guess_label("Member of the State Duma of the Federal Assembly") == "free text"


def _consolidated_ids() -> list[tuple[str, str, str]]:
    ns = "{https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML}"
    with gzip.open(LISTS / "ofac_consolidated.xml.gz") as fh:
        root = etree.parse(fh).getroot()
    out = []
    for el in root.iter(f"{ns}id"):
        label, number = el.findtext(f"{ns}idType"), el.findtext(f"{ns}idNumber")
        country = el.findtext(f"{ns}idCountry")
        if label and number and country:
            out.append((label.strip(), number.strip(), country.strip()))
    return out


def test_csv_items_read_like_the_xml_id_elements() -> None:
    """The CSV prints an sdnList ``<id>`` as ``<idType> <idNumber> (<idCountry>)``.

    For every such ``<id>`` of the bundled non-SDN sdnList XML, the remarks parser
    must yield exactly what the XML parsers' shared vocabulary yields: that is what
    makes a CSV and an XML version of the list diff cleanly.
    """
    ids = _consolidated_ids()
    assert len(ids) > 300
    for label, number, country in ids:
        xml_entity = Entity("t", "1", "Thing")
        apply_field(xml_entity, label, number, Counter(), country=country)
        item = parse_item(f"{label} {number} ({country})")
        expected = [(v.prop, v.value, v.country) for v in xml_entity.values]
        got = [(v.prop, v.value, v.country) for v in item.values]
        assert got == expected, (label, number, country)
