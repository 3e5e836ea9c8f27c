"""EU Financial Sanctions Files XML: golden excerpt, counts, bad input.

No full FSF file is bundled (every public copy is over 4 MiB, see SOURCES.md); the
bundled 5-entry excerpt is a genuine trimmed export and stands in for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.eu_fsf_xml import EuFsfXml
from tests.conftest import EXCERPTS, FIXTURES, LISTS, Golden

BUNDLED = EXCERPTS / "eu_fsf_excerpt.xml"
FIXTURE = FIXTURES / "eu_fsf_xml" / "eu_fsf_excerpt.xml"


@pytest.fixture(scope="module")
def bundled() -> ParseResult:
    return EuFsfXml().read(BUNDLED)


def test_golden_excerpt(golden: Golden) -> None:
    result = EuFsfXml().read(FIXTURE)
    golden.check_entities(EuFsfXml.NAME, result.entities)


def test_bundled_counts(bundled: ParseResult) -> None:
    # SOURCES.md: 5 sanctionEntity (4 person, 1 enterprise), 45 nameAlias.
    assert bundled.published == "2026-08-05"
    assert bundled.count_by_schema() == {"Organization": 1, "Person": 4}
    assert [e.record_id for e in bundled.entities] == ["191", "521", "3822", "6106", "6177"]
    names = [
        v for e in bundled.entities for v in e.values if v.prop in ("name", "alias", "weakAlias")
    ]
    assert len(names) == 45
    assert sum(1 for e in bundled.entities for _ in e.get("name")) == 5
    assert not bundled.skipped


def test_bundled_spot_checks(bundled: ParseResult) -> None:
    records = {e.record_id: e for e in bundled.entities}
    ksm = records["191"]
    assert ksm.id == "eu_fsf-191"
    assert ksm.get("authorityId") == ["EU.3579.2"]
    # The oldest strong Latin alias (logicalId 289) is the name the entry was listed under.
    assert ksm.get("name") == ["Khalid Sheikh MOHAMMED"]
    assert "Bin Khalid Fahd Bin Adballah" in ksm.get("alias")  # official typo kept
    assert ksm.get("birthDate") == ["1965-04-14", "1964-03-01"]
    assert ksm.get("passportNumber") == ["488555"]
    assert [v.country for v in ksm.values if v.prop == "passportNumber"] == [None]  # "00"

    pci = records["3822"]
    assert pci.schema == "Organization"
    assert pci.get("name") == ["Parchin Chemical Industries (PCI)"]
    assert ("صنایع شیمیایی پارچین", "fas") in [(v.value, v.lang) for v in pci.values]
    assert pci.get("registrationNumber") == ["892"]
    assert pci.get("program") == ["IRN"]

    dorda = records["6106"]
    assert dorda.get("unscId") == ["LYi.006"]
    assert dorda.get("passportNumber") == ["FK117RK0"]

    asiri = records["6177"]
    assert asiri.get("weakAlias") == ["Abu-Salaah", "Abosslah", "Abu Saleh"]  # remark says so
    assert asiri.get("birthDate") == ["1982-04-18", "1982-04-19"]
    assert asiri.get("idNumber") == ["1028745097"]

    taliban = records["521"]
    assert taliban.get("birthDate") == ["1953/1958"]
    assert taliban.get("nationality") == ["af"]


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    broken = tmp_path / "xmlFullSanctionsList_1_1.xml"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        EuFsfXml().read(broken)
    assert str(broken) in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = EXCERPTS / "uk_sanctions_list_excerpt.xml"
    with pytest.raises(ParseError) as info:
        EuFsfXml().read(other)
    assert str(other) in str(info.value)
    assert "http://eu.europa.ec/fpi/fsd/export" in str(info.value)

    page = tmp_path / "content.xml"
    page.write_text(
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>Your session has expired. Please log in again.</p></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        EuFsfXml().read(page)
    assert str(page) in str(info.value)

    csv_list = LISTS / "ofac_cons_prim.csv"
    with pytest.raises(ParseError) as info:
        EuFsfXml().read(csv_list)
    assert str(csv_list) in str(info.value)
