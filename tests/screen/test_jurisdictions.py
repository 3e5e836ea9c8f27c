from __future__ import annotations

from embargo.screen.jurisdictions import find_jurisdictions, jurisdiction_for_country


def codes(text: str) -> list[str]:
    return [m.jurisdiction.code for m in find_jurisdictions(text)]


def test_country_codes() -> None:
    kp = jurisdiction_for_country("KP")
    assert kp is not None and kp.name == "North Korea"
    assert jurisdiction_for_country("ua-cri") is not None
    assert jurisdiction_for_country("de") is None
    assert jurisdiction_for_country(None) is None


def test_mentions_in_several_languages() -> None:
    text = "El jefe de defensa de Putin viajó a Pyongyang; later he flew to Tehran."
    mentions = find_jurisdictions(text)
    assert [m.jurisdiction.code for m in mentions] == ["kp", "ir"]
    first = mentions[0]
    assert text[first.start : first.end] == "Pyongyang"
    assert codes("Шойгу прибыл в КНДР") == ["kp"]
    assert codes("북한의 미사일 발사") == ["kp"]
    assert codes("شحنة إلى إيران") == ["ir"]
    assert codes("Грузы из Севастополя") == []  # inflected form is not a listed term
    assert codes("ships called at Sevastopol in Crimea") == ["ua-cri", "ua-cri"]


def test_no_false_alarms_inside_words_or_lower_case_acronyms() -> None:
    assert codes("The Iranian-born author") == []
    assert codes("a cubano sandwich") == []
    assert codes("the dpr value was high") == []
    assert codes("Tim Cuban") == []
