"""Document screening on real lists: which listed parties does a text mention?

The screener is built once per session from the real bundled OFAC SDN CSV and UN
consolidated XML. The articles in ``tests/fixtures/documents/`` were written for
these tests in the way news agencies write (English, Spanish, Russian, Korean,
Arabic, one HTML page); each test states exactly which listed parties must be found,
where, and which namesakes and ordinary words must not be.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from embargo.catalog import Catalog
from embargo.exc import QueryError
from embargo.screen.documents import ScanResult, scan_file, scan_text
from embargo.screen.mentions import (
    Script,
    arabic_bases,
    cyrillic_stems,
    descriptor_class,
    joins,
    korean_name_prefixes,
    korean_surname_alone,
    tokenize_names,
)
from embargo.screen.party import Screener
from embargo.screen.text_extract import (
    ExtractionError,
    decode_text,
    extract_bytes,
    extract_text,
    html_to_text,
    sniff_format,
)
from embargo.services.cli import app
from embargo.sources import get_source
from tests.conftest import LISTS

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"

SHOIGU = "us_ofac_sdn-35173"  # SHOIGU, Sergei Kuzhugetovich
KIM_JONG_UN = "us_ofac_sdn-20157"  # KIM, Jong Un
KIM_YO_JONG = "us_ofac_sdn-21444"  # KIM, Yo Jong
PRIGOZHIN = "us_ofac_sdn-21171"  # PRIGOZHIN, Yevgeniy Viktorovich
WAGNER = "us_ofac_sdn-22543"  # PRIVATE MILITARY COMPANY 'WAGNER'
KHOVALYG = "us_ofac_sdn-41062"  # KHOVALYG, Vladislav Tovarishchtayovich (head of Tuva)
ZAWAHIRI_UN = "un_sc-QDi.006"  # AIMAN MUHAMMED RABI AL-ZAWAHIRI (أيمن محمد ربيع الظواهري)
ZAWAHIRI_OFAC = "us_ofac_sdn-2676"  # AL ZAWAHIRI, Dr. Ayman
BIN_LADIN = "us_ofac_sdn-6365"  # BIN LADIN, Usama bin Muhammad bin Awad
AL_QAIDA = {"un_sc-QDe.004", "us_ofac_sdn-6366"}  # AL-QAIDA / AL QA'IDA

Found = tuple[str, int, int, str, str]  # text, start, end, entity id, how


@pytest.fixture(scope="session")
def screener() -> Screener:
    """OFAC SDN + UN, parsed from the bundled files and indexed once (about 30 s)."""
    started = time.perf_counter()
    entities = list(get_source("us_ofac_sdn_csv").read(LISTS / "ofac_sdn.csv.gz").entities)
    entities += list(get_source("un_sc_xml").read(LISTS / "un_consolidated.xml.gz").entities)
    built = Screener.build(entities)
    took = time.perf_counter() - started
    print(f"document-screening index: {len(entities)} entities in {took:.1f} s")
    return built


def at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def found(result: ScanResult) -> set[Found]:
    return {(m.text, m.start, m.end, m.id, m.how) for m in result.mentions}


def expect(text: str, rows: Sequence[tuple[str, int, str | set[str], str]]) -> set[Found]:
    """Expected mentions: (needle, occurrence, entity id(s), how)."""
    out: set[Found] = set()
    for needle, nth, ids, how in rows:
        start, end = at(text, needle, nth)
        for eid in [ids] if isinstance(ids, str) else sorted(ids):
            out.add((needle, start, end, eid, how))
    return out


def read(name: str) -> str:
    return (DOCS / name).read_text("utf-8")


def check_offsets(text: str, result: ScanResult) -> None:
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        assert m.match and m.score >= result.threshold
    for j in result.jurisdictions:
        assert text[j.start : j.end] == j.text


# -- articles -------------------------------------------------------------------------------


def test_index_holds_both_lists(screener: Screener) -> None:
    ids = set(screener.index.entity_ids)
    assert {SHOIGU, KIM_JONG_UN, WAGNER, ZAWAHIRI_UN, ZAWAHIRI_OFAC} <= ids
    assert {i.split("-", 1)[0] for i in ids} == {"us_ofac_sdn", "un_sc"}


def test_english_article(screener: Screener) -> None:
    text = read("en_shoigu_pyongyang.txt")
    result = scan_text(text, screener)
    check_offsets(text, result)
    assert found(result) == expect(
        text,
        [
            ("Sergei Shoigu", 1, SHOIGU, "name"),  # headline
            ("Sergei Shoigu", 2, SHOIGU, "name"),
            ("Shoigu", 3, SHOIGU, "coreference"),  # "Shoigu's delegation": possessive cut
            ("Kim Jong Un", 1, KIM_JONG_UN, "name"),
            ("Kim", 2, KIM_JONG_UN, "coreference"),  # "Kim called the talks"
            ("Shoigu", 4, SHOIGU, "coreference"),  # "Shoigu told reporters"
            ("Wagner Group", 1, WAGNER, "name"),
            ("Yevgeny Prigozhin", 1, PRIGOZHIN, "name"),  # list: Yevgeniy
            ("Prigozhin", 2, PRIGOZHIN, "coreference"),
        ],
    )
    # "Defence Minister" (a title), "North Korean", "Moscow", "Washington", "Mali",
    # "Central African Republic": not parties. Sanctioned territories apart:
    assert [(j.text, j.jurisdiction.code) for j in result.jurisdictions] == [
        ("Pyongyang", "kp"),
        ("Pyongyang", "kp"),
        ("North Korea", "kp"),
    ]


def test_namesakes_and_common_words_are_not_mentions(screener: Screener) -> None:
    """A given name alone (Sergei, Mohammed), "Kim" alone, a surname with no earlier
    full mention ("Shoigu, a popular name for dogs"), Richard Wagner's operas, Kim
    Kardashian, cities, a country, sentence-initial capitals: none is a listed party."""
    text = read("en_namesakes.txt")
    result = scan_text(text, screener)
    assert result.mentions == []
    assert [(j.text, j.jurisdiction.code) for j in result.jurisdictions] == [("North Korea", "kp")]


def test_spanish_article(screener: Screener) -> None:
    text = read("es_shoigu_wagner.txt")
    result = scan_text(text, screener)
    check_offsets(text, result)
    assert found(result) == expect(
        text,
        [
            ("Serguéi Shoigú", 1, SHOIGU, "name"),  # Spanish transliteration, accents
            ("Kim Jong-un", 1, KIM_JONG_UN, "name"),
            ("Shoigú", 2, SHOIGU, "coreference"),
            ("Kim", 2, KIM_JONG_UN, "coreference"),
            ("Grupo Wagner", 1, WAGNER, "name"),  # "del Grupo Wagner": descriptor, no "del"
            ("Yevgueni Prigozhin", 1, PRIGOZHIN, "name"),
            ("Prigozhin", 2, PRIGOZHIN, "coreference"),
        ],
    )
    # "El jefe de defensa de Putin": Putin's surname alone, never named in full here
    assert not any(m.text == "Putin" for m in result.mentions)


def test_russian_article(screener: Screener) -> None:
    text = read("ru_shoigu_wagner.txt")
    result = scan_text(text, screener)
    check_offsets(text, result)
    assert found(result) == expect(
        text,
        [
            ("Сергей Шойгу", 1, SHOIGU, "name"),
            ("Шойгу", 3, SHOIGU, "coreference"),  # "во главе с Шойгу"
            # closing quote included; not the Wagner Centre (AKTSIONERNOE OBSHCHESTVO
            # CHVK VAGNER TSENTR), whose name has one distinctive word more: a near miss
            # for review since embargo-default@5, a match before
            ("ЧВК «Вагнер»", 1, WAGNER, "name"),
            ("Евгений Пригожин", 1, PRIGOZHIN, "name"),
            ("группы «Вагнер»", 1, WAGNER, "name"),  # genitive descriptor
            ("Пригожин", 2, PRIGOZHIN, "coreference"),
            ("Пригожина", 1, PRIGOZHIN, "coreference"),  # genitive: Слова Пригожина
            ("Владислав Ховалыг", 1, KHOVALYG, "name"),  # the head of Tuva is listed too
        ],
    )
    # the headline "Шойгу прибыл…" comes before any full mention: not a hit
    assert min(m.start for m in result.mentions) == at(text, "Сергей Шойгу")[0]
    assert [j.jurisdiction.code for j in result.jurisdictions] == ["kp", "kp"]


def test_korean_article(screener: Screener) -> None:
    text = read("ko_kim_jong_un.txt")
    result = scan_text(text, screener)
    check_offsets(text, result)
    # 김정은, 김정은 국무위원장이, 김정은은 (particle 은 not part of the name)
    assert found(result) == expect(
        text,
        [("김정은", n, KIM_JONG_UN, "name") for n in (1, 2, 3)],
    )
    # 김민지 (a citizen named Kim Min-ji) is nobody listed
    assert not any(m.text.startswith("김민") for m in result.mentions)
    assert [(j.text, j.jurisdiction.code) for j in result.jurisdictions] == [
        ("북한", "kp"),
        ("평양", "kp"),
    ]


def test_arabic_article(screener: Screener) -> None:
    text = read("ar_zawahiri.txt")
    result = scan_text(text, screener)
    check_offsets(text, result)
    rows = found(result)
    zawahiri = {ZAWAHIRI_UN, ZAWAHIRI_OFAC}  # the same man on both lists
    assert (
        expect(
            text,
            [
                ("أيمن الظواهري", 1, zawahiri, "name"),  # as the UN list writes his name
                ("الظواهري", 2, zawahiri, "coreference"),  # وكان الظواهري
                ("أسامة بن لادن", 1, BIN_LADIN, "name"),
            ],
        )
        <= rows
    )
    # "وقال محمد" (and Mohammed said): a given name alone
    assert not any("محمد" in m.text for m in result.mentions)


@pytest.mark.xfail(
    strict=True,
    reason="scorer: 'تنظيم القاعدة' (the al-Qaida organisation) scores 0.79 for "
    "us_ofac_sdn-6897 (AQIM, alias TANZIM AL-QA'IDA FI BILAD AL-MAGHRIB) above AL-QAIDA, "
    "and 'قيادة التنظيم' (the leadership of the organisation) 0.77 for un_sc-QDe.014",
)
def test_arabic_al_qaida(screener: Screener) -> None:
    text = read("ar_zawahiri.txt")
    result = scan_text(text, screener)
    qaida = {m.id for m in result.mentions if m.text == "تنظيم القاعدة"}
    assert qaida and qaida <= AL_QAIDA
    assert not any(m.text == "قيادة التنظيم" for m in result.mentions)


def test_html_page(screener: Screener) -> None:
    result = scan_file(DOCS / "news_page.html", screener)
    text = extract_text(DOCS / "news_page.html").text  # offsets refer to this text
    check_offsets(text, result)
    assert found(result) == expect(
        text,
        [("Kim Jong Un", n, KIM_JONG_UN, "name") for n in (1, 2, 3)]  # title, h1, paragraph
        + [("Wagner Group", 1, WAGNER, "name")],
    )
    # the page's <script> mentions Sergei Shoigu: scripts are not text
    assert "Shoigu" not in text
    assert result.source == {
        "format": "html",
        "characters": len(text),
        "path": str(DOCS / "news_page.html"),
    }


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, one line per string)."""
    body = " ".join(
        "(" + line.replace("(", r"\(").replace(")", r"\)") + ") Tj T*" for line in lines
    )
    stream = f"BT /F1 11 Tf 14 TL 72 720 Td {body} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_pdf_file(screener: Screener, tmp_path: Path) -> None:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(
        _pdf(["Briefing note", "Yevgeny Prigozhin met officials in Bangui.", "Prigozhin left."])
    )
    result = scan_file(path, screener)
    text = extract_text(path).text
    check_offsets(text, result)
    assert found(result) == expect(
        text,
        [("Yevgeny Prigozhin", 1, PRIGOZHIN, "name"), ("Prigozhin", 2, PRIGOZHIN, "coreference")],
    )
    assert result.source is not None and result.source["format"] == "pdf"
    assert result.source["pages"] == 1


def test_docx_file(screener: Screener, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Due diligence memo")
    document.add_paragraph("The counterparty's owner was photographed with Kim Jong Un.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Related party"
    table.rows[0].cells[1].text = "Wagner Group"
    path = tmp_path / "memo.docx"
    document.save(str(path))
    result = scan_file(path, screener)
    text = extract_text(path).text
    check_offsets(text, result)
    assert found(result) == expect(
        text, [("Kim Jong Un", 1, KIM_JONG_UN, "name"), ("Wagner Group", 1, WAGNER, "name")]
    )


# -- how names are written --------------------------------------------------------------------


def test_lower_case_and_all_capitals(screener: Screener) -> None:
    chat = "fyi sergei shoigu was seen at the airport yesterday"
    assert found(scan_text(chat, screener)) == expect(chat, [("sergei shoigu", 1, SHOIGU, "name")])
    telex = "URGENT: SERGEI SHOIGU AND KIM JONG UN MET IN PYONGYANG TODAY"
    assert found(scan_text(telex, screener)) == expect(
        telex,
        [("SERGEI SHOIGU", 1, SHOIGU, "name"), ("KIM JONG UN", 1, KIM_JONG_UN, "name")],
    )


def test_spellings_word_order_and_inflection(screener: Screener) -> None:
    text = (
        "Defence minister Sergei Shoygu met PMC Wagner commanders. "
        "Шойгу Сергей Кужугетович прибыл. Бойцы ЧВК «Вагнер» ушли, но бойцы Вагнера остались."
    )
    # "PMC Wagner" is the group, not the Wagner Centre ("PMC WAGNER CENTER")
    wagner = WAGNER
    assert found(scan_text(text, screener)) == expect(
        text,
        [
            ("Sergei Shoygu", 1, SHOIGU, "name"),  # OFAC: SHOIGU
            ("PMC Wagner", 1, wagner, "name"),
            ("Шойгу Сергей Кужугетович", 1, SHOIGU, "name"),  # family name first
            ("ЧВК «Вагнер»", 1, wagner, "name"),
            ("Вагнера", 1, wagner, "coreference"),  # genitive, after the full name
        ],
    )


def test_surname_alone_needs_an_earlier_full_mention(screener: Screener) -> None:
    assert (
        scan_text("Shoigu said on Monday that the exercises would go on.", screener).mentions == []
    )
    text = "Shoigu arrived first. Later, Sergei Shoigu spoke, and Shoigu left."
    assert found(scan_text(text, screener)) == expect(
        text,
        [("Sergei Shoigu", 1, SHOIGU, "name"), ("Shoigu", 3, SHOIGU, "coreference")],
    )


def test_korean_family_name_after_full_name(screener: Screener) -> None:
    text = (
        "북한 김정은 국무위원장이 연설했다. 김 위원장은 협력을 강조했다. "
        "김씨 성을 가진 시민도 있다."  # 김씨: "Mr Kim", a private person
    )
    assert found(scan_text(text, screener)) == expect(
        text,
        [
            ("김정은", 1, KIM_JONG_UN, "name"),
            ("김", 2, KIM_JONG_UN, "coreference"),  # 김 위원장 (Chairman Kim)
        ],
    )


def test_organisations_named_by_one_word(screener: Screener) -> None:
    """A lone word names an organisation listed under that one word, and only that
    organisation; a word that merely sounds like one ("Series" / SYRISS) or is a
    place is not a mention."""
    text = "Hamas and the Taliban issued statements. A series of talks in London followed. SERIES."
    assert found(scan_text(text, screener)) == expect(
        text,
        [
            ("Hamas", 1, "us_ofac_sdn-4695", "name"),  # and not AL-AQSA TV, HASM…
            ("Taliban", 1, "us_ofac_sdn-6636", "name"),
        ],
    )


def test_hezbollah_spelling(screener: Screener) -> None:
    text = "Hezbollah fired rockets overnight."
    assert found(scan_text(text, screener)) == expect(
        text, [("Hezbollah", 1, "us_ofac_sdn-4697", "name")]
    )


def test_hezbollah_span_is_proposed(screener: Screener) -> None:
    """The detector's part: the lone word is screened, and only HIZBALLAH is kept —
    not ANSAR-E HEZBOLLAH or KATA'IB HIZBALLAH, which the engine scores about as
    high for one word (a low threshold lets them through the engine)."""
    result = scan_text("Hezbollah fired rockets overnight.", screener, threshold=0.5)
    assert [(m.text, m.id) for m in result.mentions] == [("Hezbollah", "us_ofac_sdn-4697")]


def test_ambiguous_surname_is_not_linked(screener: Screener) -> None:
    text = "Kim Jong Un and his sister Kim Yo Jong inspected a factory. Kim said it was modern."
    assert found(scan_text(text, screener)) == expect(
        text,
        [("Kim Jong Un", 1, KIM_JONG_UN, "name"), ("Kim Yo Jong", 1, KIM_YO_JONG, "name")],
    )


def test_coreference_explanation_names_the_antecedent(screener: Screener) -> None:
    text = "Yevgeny Prigozhin spoke. Prigozhin's men left."
    coref = [m for m in scan_text(text, screener).mentions if m.how == "coreference"]
    assert [(m.text, m.id) for m in coref] == [("Prigozhin", PRIGOZHIN)]
    assert coref[0].explanation["coreference"]["antecedent"] == {
        "text": "Yevgeny Prigozhin",
        "start": 0,
        "end": 17,
    }
    assert "refers back to" in coref[0].explanation["summary"]


def test_threshold(screener: Screener) -> None:
    text = read("en_shoigu_pyongyang.txt")
    low = scan_text(text, screener, threshold=0.5)
    high = scan_text(text, screener, threshold=0.99)
    assert found(high) <= found(low)
    assert all(m.score >= 0.99 for m in high.mentions)
    assert all(m.score >= 0.5 for m in low.mentions)
    with pytest.raises(QueryError):
        scan_text(text, screener, threshold=1.5)
    with pytest.raises(QueryError):
        scan_text(text, screener, threshold=0.0)


def test_result_shape_and_cache(screener: Screener) -> None:
    text = read("es_shoigu_wagner.txt")
    first = scan_text(text, screener, lang="es")
    again = scan_text(text, screener, lang="es")
    assert found(again) == found(first)
    assert again.stats.spans_scored == 0  # every span came from the scanner's cache
    data = first.to_dict()
    assert set(data) >= {"mentions", "jurisdictions", "threshold", "config", "list_versions"}
    assert data["lang"] == "es"
    assert data["config"] == {
        "name": screener.config.name,
        "version": screener.config.version,
    }
    mention = data["mentions"][0]
    assert set(mention) >= {
        "text",
        "start",
        "end",
        "id",
        "caption",
        "score",
        "match",
        "explanation",
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {"code", "name", "text", "start", "end"} <= set(data["jurisdictions"][0])


# -- words and morphology -----------------------------------------------------------------------


def test_tokenizer_keeps_name_words_only_in_capitalised_text() -> None:
    text = "the leader of the Wagner group, al-Zawahiri and Kim Jong-un. Лидер группы «Вагнер»."
    tokens, capitalised = tokenize_names(text)
    assert capitalised
    assert [t.text for t in tokens] == [
        "Wagner", "group", "al", "Zawahiri", "Kim", "Jong", "un", "Лидер", "группы", "Вагнер",
    ]  # fmt: skip
    assert {t.script for t in tokens} == {Script.LATIN, Script.CYRILLIC}
    tokens, capitalised = tokenize_names("sergei shoigu met kim jong un in pyongyang")
    assert not capitalised and len(tokens) == 8


def test_morphology_helpers() -> None:
    assert "Пригожин" in cyrillic_stems("Пригожина")
    assert "Вагнер" in cyrillic_stems("Вагнера")
    assert arabic_bases("والظواهري") == ("الظواهري",)
    assert arabic_bases("للظواهري") == ("الظواهري",)
    assert korean_name_prefixes("김정은은") == [3]
    assert korean_name_prefixes("시민") == []  # "citizen": not a family name + given name
    assert korean_surname_alone("김") == "김"
    assert descriptor_class("группы") == "group"
    assert descriptor_class("ЧВК") == "mil" and descriptor_class("PMC") == "mil"
    assert descriptor_class("Grupo") == "group" and descriptor_class("Wagner") is None
    assert joins(" ") and joins(" «") and joins("-") and not joins(", ") and not joins("\n\n")


# -- text extraction ----------------------------------------------------------------------------


def test_text_extraction_formats(tmp_path: Path) -> None:
    assert sniff_format(b"%PDF-1.7\n...") == "pdf"
    assert sniff_format(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff_format(b"Kim Jong Un <b>said</b>") == "text"
    assert decode_text("Shoigú\r\n".encode("cp1252")) == "Shoigú\n"
    assert decode_text("Шойгу".encode("utf-16")) == "Шойгу"
    html = "<p>One&nbsp;<b>two</b></p><script>var x = 'Kim';</script><p>three</p>"
    assert html_to_text(html) == "One two\n\nthree\n"


def test_text_extraction_refuses_broken_files(tmp_path: Path) -> None:
    pdf = _pdf(["Kim Jong Un"])
    with pytest.raises(ExtractionError, match="broken.pdf"):
        extract_bytes(pdf[:40], name="broken.pdf")
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not a document")
    with pytest.raises(ExtractionError, match="not a DOCX"):
        extract_text(archive)
    with pytest.raises(ExtractionError, match="cannot read"):
        extract_text(tmp_path / "missing.txt")


# -- command line ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def un_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("scan-cli") / "catalog.duckdb"
    with Catalog(path) as catalog:
        catalog.load(LISTS / "un_consolidated.xml.gz", format="un_sc_xml")
    yield path


def test_cli_scan_json(un_catalog: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["--catalog", str(un_catalog), "scan", str(DOCS / "ar_zawahiri.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = read("ar_zawahiri.txt")
    ids = {(m["text"], m["start"], m["id"]) for m in data["mentions"]}
    assert ("أيمن الظواهري", at(text, "أيمن الظواهري")[0], ZAWAHIRI_UN) in ids
    assert ("الظواهري", at(text, "الظواهري", 2)[0], ZAWAHIRI_UN) in ids
    assert list(data["list_versions"]) == ["un_sc"]
    assert data["source"]["format"] == "text"


def test_cli_scan_stdin_and_table(un_catalog: Path) -> None:
    runner = CliRunner()
    article = "Officials said Aiman al-Zawahiri was killed in Kabul. Zawahiri led al-Qaida."
    result = runner.invoke(app, ["--catalog", str(un_catalog), "scan", "-"], input=article)
    assert result.exit_code == 0, result.output
    assert "Listed parties mentioned" in result.stdout
    assert ZAWAHIRI_UN in result.stdout
    missing = runner.invoke(app, ["--catalog", str(un_catalog), "scan", "nope.txt"])
    assert missing.exit_code == 1
    assert missing.stderr.strip().splitlines() == ["error: no such file: nope.txt"]


def test_findings_become_alerts_of_the_common_shape(screener: Screener) -> None:
    text = "Sergei Shoigu flew to Pyongyang on Tuesday."
    result = scan_text(text, screener)
    alerts = [a.to_dict() for a in result.alerts(reference="wire-0042")]
    entity = [a for a in alerts if a["kind"] == "entity"]
    place = [a for a in alerts if a["kind"] == "jurisdiction"]
    assert entity and entity[0]["entity_id"] == "us_ofac_sdn-35173"
    assert entity[0]["source"] == "document"
    assert entity[0]["location"] == "chars 0-13"
    assert entity[0]["context"]["reference"] == "wire-0042"
    assert place and place[0]["entity_id"] == "jurisdiction-kp"
    assert len({a["alert_id"] for a in alerts}) == len(alerts)


def test_a_listed_alias_beats_the_lone_word_rule() -> None:
    # Canada lists the group under the one word "Wagner", so "Wagner" + a descriptor
    # reads as that organisation named by one word; OFAC lists "WAGNER GROUP" word for
    # word as an alias of PRIVATE MILITARY COMPANY 'WAGNER': both are that party
    sdn = get_source("us_ofac_sdn_csv").read(LISTS / "ofac_sdn.csv.gz").entities
    canada = get_source("ca_sema_xml").read(LISTS / "ca_sema-lmes.xml.gz").entities
    lone = [e for e in canada if e.id == "ca_sema-russia-s1p2-88"]
    assert [e.first("name") for e in lone] == ["Wagner"]
    screener = Screener.build([*sdn, *lone])
    text = "Russian officials met fighters of the Wagner Group in Bakhmut."
    start, end = at(text, "Wagner Group", 1)
    ids = {m.id for m in scan_text(text, screener).mentions if (m.start, m.end) == (start, end)}
    assert {WAGNER, "ca_sema-russia-s1p2-88"} <= ids
