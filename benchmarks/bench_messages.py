"""Payment messages screened per second on one core: parse + `screen_payment`.

Generates realistic SWIFT MT103 / MT202COV and ISO 20022 pacs.008 messages (the
shapes of ``tests/fixtures/messages/``) whose parties carry REAL names: innocent
people (US Congress members, recombined given names and surnames of the screening
benchmark), innocent companies (a real surname and a legal form), and, for about 3 %
of named parties, a listed person's or organisation's name as the benchmark's
positive queries give it (aliases, typos, other scripts in pacs.008). Agents are
real bank BICs, now and then a listed bank's BIC from the catalog. Then, in one
process (one core), every message is parsed (`parse_message`) and screened
(`screen_payment`) against the full bundled catalog.

Measured as ``embargo screen-message`` and ``POST /screen-message`` run: the
snapshot's screener, a party memo across the messages of the run (`PartyMemo`), and
the free-text scanner on every MT 70/72 and remittance field (``--no-scan`` leaves
it out, ``--no-memo`` screens each message's parties afresh).

Reported: messages (transactions) per second of wall time and per CPU second, parse
and screen time separately, the CPU time spent scanning free text, parties screened
per message and alerts. What a process pays once (the scanner's gazetteer, the
territory and jurisdiction tables) is measured before the messages and reported
apart, and in a second per-CPU-second figure. Target: at least 500 messages/s per
core. ``--profile`` adds a cProfile breakdown (matcher vs message handling);
``--dump PATH`` writes every message's result (alerts with scores and explanations,
no timings) as JSON lines, to compare runs; ``--check`` screens the messages again
the plain way (no memo, the full document scanner per text) and counts the messages
whose results are identical.

    .venv/bin/python benchmarks/bench_messages.py                 # table
    .venv/bin/python benchmarks/bench_messages.py --json --messages 5000 --profile
    .venv/bin/python benchmarks/bench_messages.py --check --dump /tmp/messages.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from common import (
    CpuClock,
    area_shares,
    benchmark_queries,
    catalog_summary,
    cumulative_share,
    emit_json,
    ensure_snapshot,
    load_row,
    loadavg,
    machine,
    print_profile,
    print_table,
    profile_call,
    say,
    timed_run,
    top_functions,
    verdict,
)

# imported here, not in `run`, so that importing this module exercises the whole
# import path (tests/screen/test_payment_memo.py imports it in a fresh interpreter)
from embargo.screen.documents import scan_text, scanner_for, text_scanner
from embargo.screen.jurisdictions import find_jurisdictions
from embargo.screen.messages import PaymentMessage, parse_message
from embargo.screen.payment import PartyMemo, PaymentScreenResult, TextScanner, screen_payment

TARGET_PER_CORE = 500.0

#: Real BICs of large correspondent banks (the agents most payments pass through).
BANK_BICS = (
    "DEUTDEFF", "COBADEFF", "BNPAFRPP", "SOGEFRPP", "RZBAATWW", "UBSWCHZH80A", "CITIUS33",
    "CHASUS33", "BOFAUS3N", "BARCGB22", "HSBCGB2L", "NWBKGB2L", "INGBNL2A", "ABNANL2A",
    "UNCRITMM", "BCITITMM", "BSCHESMM", "BBVAESMM", "NDEAFIHH", "ESSESESS", "DABADKKK",
    "HSBCHKHH", "BKCHCNBJ", "ICBKCNBJ", "MHCBJPJT", "BOTKJPJT", "SCBLSGSG", "ANZBAU3M",
)  # fmt: skip
STREETS = (
    ("HAUPTSTRASSE 5", "10115", "BERLIN", "DE"),
    ("12 RUE DE LA PAIX", "75002", "PARIS", "FR"),
    ("VIA ROMA 18", "00184", "ROMA", "IT"),
    ("KERKSTRAAT 40", "1017", "AMSTERDAM", "NL"),
    ("221 BAKER STREET", "NW1 6XE", "LONDON", "GB"),
    ("350 FIFTH AVENUE", "10118", "NEW YORK", "US"),
    ("BAHNHOFSTRASSE 9", "8001", "ZUERICH", "CH"),
    ("CALLE MAYOR 3", "28013", "MADRID", "ES"),
    ("ULICA MARSZALKOWSKA 1", "00-624", "WARSZAWA", "PL"),
    ("TVERSKAYA 7", "125009", "MOSKVA", "RU"),
    ("ISTIKLAL CADDESI 55", "34433", "ISTANBUL", "TR"),
    ("SHEIKH ZAYED ROAD 1", "00000", "DUBAI", "AE"),
    ("NATHAN ROAD 88", "000000", "HONG KONG", "HK"),
    ("1 RAFFLES PLACE", "048616", "SINGAPORE", "SG"),
)
LEGAL_FORMS = ("GMBH", "AG", "LTD", "LLC", "INC", "SA", "SARL", "BV", "SPA", "PLC")
REMITTANCE = (
    "INVOICE {n}", "RENT {month} {year}", "SALARY {month} {year}", "ORDER {n} SPARE PARTS",
    "CONTRACT {n}/{year} CONSULTING", "LOAN REPAYMENT {n}", "TUITION FEES {year}",
    "SHIPMENT {n} MACHINERY PARTS", "REFUND ORDER {n}", "INSURANCE PREMIUM {n}",
)  # fmt: skip
MONTHS = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST")


class NamePools:
    """Innocent and listed names from the screening benchmark (names and kinds only).

    Innocent people are the US Congress members and the recombined family names the
    benchmark verified to be on no list (``negative_congress``, ``negative_family``);
    ``negative_removed`` names are real designations left out of the benchmark's
    reference only, and the full bundled catalog lists them, so they are not innocent
    here. Recombined names and company names use the Congress members' words only, so
    a listed person's surname never becomes an "innocent" company.
    """

    def __init__(self, listed_bics: list[str]) -> None:
        self.innocent_persons: list[str] = []
        self.listed_persons: list[str] = []
        self.listed_orgs: list[str] = []
        given: list[str] = []
        surnames: list[str] = []
        for query in benchmark_queries(with_kind=True):
            kind = str(query["kind"])
            innocent = kind in ("negative_congress", "negative_family")
            for name in query["properties"].get("name", []):
                if query["schema"] == "Person":
                    (self.innocent_persons if innocent else self.listed_persons).append(name)
                    words = name.replace(",", " ").split()
                    if kind == "negative_congress" and len(words) >= 2 and name.isascii():
                        given.append(words[0])
                        surnames.append(words[-1])
                elif query["schema"] == "Organization":
                    self.listed_orgs.append(name)
        self.given = sorted(set(given))
        self.surnames = sorted(set(surnames))
        self.listed_bics = listed_bics

    def innocent_person(self, rng: random.Random) -> str:
        if rng.random() < 0.3:
            return rng.choice(self.innocent_persons)
        return f"{rng.choice(self.given)} {rng.choice(self.surnames)}"

    def company(self, rng: random.Random) -> str:
        return f"{rng.choice(self.surnames)} {rng.choice(LEGAL_FORMS)}"

    def party(self, rng: random.Random, listed_share: float) -> tuple[str, str]:
        """(schema, name) of one named party."""
        if rng.random() < listed_share:
            if rng.random() < 0.7:
                return "Person", rng.choice(self.listed_persons)
            return "Organization", rng.choice(self.listed_orgs)
        if rng.random() < 0.6:
            return "Person", self.innocent_person(rng)
        return "Organization", self.company(rng)

    def bic(self, rng: random.Random) -> str:
        if self.listed_bics and rng.random() < 0.02:
            return rng.choice(self.listed_bics)
        return rng.choice(BANK_BICS)


def listed_bics(snapshot: Any) -> list[str]:
    """BICs of listed banks in the catalog (``swiftBic``), valid in shape."""
    from embargo.screen.messages.swift_mt import is_bic

    out = set()
    for data in snapshot.entities.values():
        for bic in data.get("properties", {}).get("swiftBic", []):
            bic = bic.strip().upper()
            if is_bic(bic):
                out.add(bic)
    return sorted(out)


def _block_bic(bic: str) -> str:
    """A BIC as a 12-character logical terminal address (BIC8 + 'A' + branch)."""
    branch = bic[8:11] if len(bic) == 11 else "XXX"
    return f"{bic[:8]}A{branch}"


def _mt_name_lines(name: str, structured: bool) -> list[str]:
    name = name.upper()
    if not structured:
        return [name[:35]]  # free format: a name longer than a line is cut, as banks do
    return [f"1/{name[i : i + 33]}" for i in range(0, min(len(name), 99), 33)]


def _remittance(rng: random.Random) -> str:
    return rng.choice(REMITTANCE).format(
        n=rng.randint(1000, 99999), month=rng.choice(MONTHS), year=rng.randint(2022, 2025)
    )


def _iban(rng: random.Random, country: str) -> str:
    return f"{country}{rng.randint(10, 99)}{rng.randint(10**15, 10**16 - 1)}"


def make_mt103(rng: random.Random, pools: NamePools, listed_share: float, number: int) -> str:
    sender, receiver = pools.bic(rng), pools.bic(rng)
    lines = [
        f"{{1:F01{_block_bic(sender)}0000000000}}{{2:I103{_block_bic(receiver)}N}}"
        f"{{3:{{121:{uuid.UUID(int=rng.getrandbits(128), version=4)}}}}}{{4:",
        f":20:REF{number:010d}",
        ":23B:CRED",
        f":32A:{rng.randint(22, 25)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{rng.choice(('EUR', 'USD', 'GBP', 'CHF'))}"
        f"{rng.randint(10, 999999)},{rng.randint(0, 99):02d}",
    ]
    for tag in ("50", "59"):
        schema, name = pools.party(rng, listed_share)
        while not name.isascii():  # the SWIFT MT character set is Latin only
            schema, name = pools.party(rng, listed_share)
        street, post, city, cc = rng.choice(STREETS)
        structured = rng.random() < 0.4
        if structured:
            lines.append(f":{tag}F:/{_iban(rng, cc)}")
            lines += _mt_name_lines(name, True)
            lines += [f"2/{street}", f"3/{cc}/{city}"]
            if schema == "Person" and rng.random() < 0.5:
                lines.append(
                    f"4/{rng.randint(1940, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                )
        else:
            lines.append(f":{tag}{'K' if tag == '50' else ''}:/{_iban(rng, cc)}")
            lines += _mt_name_lines(name, False)
            lines += [street, f"{post} {city} {cc}"]
        if tag == "50":
            if rng.random() < 0.6:
                lines.append(f":52A:{pools.bic(rng)}")
            if rng.random() < 0.2:
                lines.append(f":56A:{pools.bic(rng)}")
            lines.append(f":57A:{pools.bic(rng)}")
    lines.append(f":70:{_remittance(rng)}")
    lines.append(":71A:SHA")
    if rng.random() < 0.2:
        lines.append(f":72:/INS/{pools.bic(rng)}")
    lines.append("-}")
    return "\n".join(lines)


def _iso_party(tag: str, schema: str, name: str, rng: random.Random) -> str:
    street, post, city, cc = rng.choice(STREETS)
    ident = ""
    if schema == "Person" and rng.random() < 0.4:
        ident = (
            "<Id><PrvtId><DtAndPlcOfBirth><BirthDt>"
            f"{rng.randint(1940, 2003)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"</BirthDt><CityOfBirth>{city.title()}</CityOfBirth><CtryOfBirth>{cc}</CtryOfBirth>"
            "</DtAndPlcOfBirth></PrvtId></Id>"
        )
    return (
        f"<{tag}><Nm>{escape(name)}</Nm><PstlAdr><StrtNm>{escape(street.title())}</StrtNm>"
        f"<PstCd>{post}</PstCd><TwnNm>{city.title()}</TwnNm><Ctry>{cc}</Ctry></PstlAdr>"
        f"{ident}</{tag}>"
    )


def make_pacs008(rng: random.Random, pools: NamePools, listed_share: float, number: int) -> str:
    transactions = []
    count = 2 if rng.random() < 0.2 else 1
    for tx in range(count):
        debtor = _iso_party("Dbtr", *pools.party(rng, listed_share), rng)
        creditor = _iso_party("Cdtr", *pools.party(rng, listed_share), rng)
        intermediary = (
            f"<IntrmyAgt1><FinInstnId><BICFI>{pools.bic(rng)}</BICFI></FinInstnId></IntrmyAgt1>"
            if rng.random() < 0.2
            else ""
        )
        transactions.append(
            "<CdtTrfTxInf>"
            f"<PmtId><InstrId>I{number}-{tx}</InstrId><EndToEndId>E2E-{number}-{tx}</EndToEndId>"
            f"<UETR>{uuid.UUID(int=rng.getrandbits(128), version=4)}</UETR></PmtId>"
            f'<IntrBkSttlmAmt Ccy="EUR">{rng.randint(10, 999999)}.{rng.randint(0, 99):02d}'
            "</IntrBkSttlmAmt><IntrBkSttlmDt>2024-05-07</IntrBkSttlmDt><ChrgBr>SHAR</ChrgBr>"
            f"{debtor}<DbtrAgt><FinInstnId><BICFI>{pools.bic(rng)}</BICFI></FinInstnId></DbtrAgt>"
            f"{intermediary}"
            f"<CdtrAgt><FinInstnId><BICFI>{pools.bic(rng)}</BICFI></FinInstnId></CdtrAgt>"
            f"{creditor}<RmtInf><Ustrd>{_remittance(rng).title()}</Ustrd></RmtInf>"
            "</CdtTrfTxInf>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
        f"<GrpHdr><MsgId>MSG-{number:08d}</MsgId><CreDtTm>2024-05-07T10:15:00</CreDtTm>"
        f"<NbOfTxs>{count}</NbOfTxs><SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>"
        f"<InstgAgt><FinInstnId><BICFI>{pools.bic(rng)}</BICFI></FinInstnId></InstgAgt>"
        f"<InstdAgt><FinInstnId><BICFI>{pools.bic(rng)}</BICFI></FinInstnId></InstdAgt>"
        f"</GrpHdr>{''.join(transactions)}</FIToFICstmrCdtTrf></Document>"
    )


def generate(n: int, seed: int, pools: NamePools, listed_share: float) -> list[bytes]:
    """``n`` message documents: 65 % MT103, 35 % pacs.008 (one or two transactions)."""
    rng = random.Random(seed)
    out = []
    for number in range(n):
        if rng.random() < 0.65:
            out.append(make_mt103(rng, pools, listed_share, number).encode("ascii"))
        else:
            out.append(make_pacs008(rng, pools, listed_share, number).encode("utf-8"))
    return out


class TimedScanner:
    """The free-text scanner, with the CPU seconds spent in it (reported apart)."""

    def __init__(self, scan: TextScanner) -> None:
        self.scan = scan
        self.cpu = 0.0
        self.texts = 0

    def __call__(self, text: str) -> Sequence[dict[str, Any]]:
        started = time.process_time()
        try:
            return self.scan(text)
        finally:
            self.cpu += time.process_time() - started
            self.texts += 1


def result_rows(results: Sequence[PaymentScreenResult]) -> list[dict[str, Any]]:
    """Per-message results without timings: what must not change when screening
    gets faster (the ``--dump`` file, the ``--check`` comparison)."""
    rows = []
    for result in results:
        row = result.to_dict()
        del row["duration_ms"]
        rows.append(row)
    return rows


def check_parity(
    messages: Sequence[PaymentMessage], snapshot: Any, rows: Sequence[dict[str, Any]], scan: bool
) -> dict[str, Any]:
    """Screen the messages again the plain way (no memo across messages, the full
    document scanner per text) and compare with the measured run, message by message."""

    def full_scan(text: str) -> list[dict[str, Any]]:
        mentions: list[dict[str, Any]] = scan_text(text, snapshot).to_dict()["mentions"]
        return mentions

    reference = result_rows(
        [
            screen_payment(m, snapshot.screener, scanner=full_scan if scan else None)
            for m in messages
        ]
    )
    differing = [i for i, (a, b) in enumerate(zip(rows, reference, strict=True)) if a != b]
    return {
        "messages": len(reference),
        "identical": len(reference) - len(differing),
        "differing_references": [reference[i]["reference"] for i in differing[:10]],
    }


#: A snapshot that took longer than this was built (not loaded) in this process.
BUILT_AFTER_S = 20.0


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    snapshot = ensure_snapshot()
    snapshot_s = time.perf_counter() - started
    if snapshot_s > BUILT_AFTER_S:
        say(
            "the screening index was built in this process: what building leaves behind "
            "slows screening here (measured: up to a third); run again for the figure of "
            "a process that loads it, as a server or a CLI run does"
        )
    snapshot.warm_up()
    pools = NamePools(listed_bics(snapshot))
    documents = generate(args.messages, args.seed, pools, args.listed_share)
    say(f"generated {len(documents):,} message documents")

    # once per process, as a server or a CLI run pays it: the scanner's gazetteer,
    # territory and jurisdiction tables (measured, reported apart from the messages)
    clock = CpuClock()
    find_jurisdictions("")
    scanner: TimedScanner | None = None
    if args.scan:
        scanner_for(snapshot).warm_up()
        scanner = TimedScanner(text_scanner(snapshot))
    setup_wall, setup_cpu = clock.elapsed()

    clock = CpuClock()
    messages = [m for doc in documents for m in parse_message(doc)]
    parse_wall, parse_cpu = clock.elapsed()

    # as `embargo screen-message` and POST /screen-message do: the snapshot's
    # screener, its party memo, the free-text scanner
    screener = snapshot.screener
    memo = PartyMemo(screener) if args.memo else None

    clock = CpuClock()
    results = [screen_payment(m, screener, scanner=scanner, memo=memo) for m in messages]
    screen_wall, screen_cpu = clock.elapsed()
    wall, cpu = parse_wall + screen_wall, parse_cpu + screen_cpu
    scan_cpu = scanner.cpu if scanner is not None else 0.0
    alerts = [a for r in results for a in r.alerts]
    rows = result_rows(results)
    out: dict[str, Any] = {
        "benchmark": "messages",
        "machine": machine(),
        "catalog": catalog_summary(snapshot),
        "snapshot_s": round(snapshot_s, 1),
        "index_built_in_process": snapshot_s > BUILT_AFTER_S,
        "documents": len(documents),
        "messages": len(messages),
        "formats": dict(sorted(Counter(m.format for m in messages).items())),
        "parties_screened_per_message": round(
            sum(r.parties_screened for r in results) / max(1, len(results)), 2
        ),
        "party_memo": (
            {"answered": memo.hits, "screened": memo.misses, "entries": len(memo)}
            if memo is not None
            else None
        ),
        "messages_with_hits": sum(r.hit for r in results),
        "entity_alerts": sum(a.kind != "jurisdiction" for a in alerts),
        "free_text_entity_alerts": sum(
            a.kind != "jurisdiction" and "start" in a.context for a in alerts
        ),
        "jurisdiction_alerts": sum(a.kind == "jurisdiction" for a in alerts),
        "free_text_scanner": scanner is not None,
        "free_texts_scanned": scanner.texts if scanner is not None else 0,
        "setup_s": round(setup_wall, 3),
        "setup_cpu_s": round(setup_cpu, 3),
        "parse_s": round(parse_wall, 3),
        "screen_s": round(screen_wall, 3),
        "cpu_s": round(cpu, 3),
        "scan_cpu_s": round(scan_cpu, 3),
        "scan_share_pct": round(100 * scan_cpu / cpu, 1) if cpu else 0.0,
        "messages_per_s_wall": round(len(messages) / wall, 1),
        "messages_per_cpu_s": round(len(messages) / cpu, 1),
        "messages_per_cpu_s_with_setup": round(len(messages) / (cpu + setup_cpu), 1),
        "parse_messages_per_cpu_s": round(len(messages) / max(parse_cpu, 1e-9), 1),
        "target_per_core": TARGET_PER_CORE,
    }
    out["verdict"] = verdict(out["messages_per_cpu_s"], TARGET_PER_CORE)
    out["loadavg_1m_at_end"] = loadavg()
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        out["dump"] = args.dump
    if args.check:
        out["parity"] = check_parity(messages, snapshot, rows, scanner is not None)
    if args.profile:
        subset = messages[: max(1, len(messages) // 4)]
        fresh = PartyMemo(screener) if args.memo else None  # the memo as a new run finds it
        stats, total = profile_call(
            lambda: [screen_payment(m, screener, scanner=scanner, memo=fresh) for m in subset]
        )
        out["profile"] = {
            "messages": len(subset),
            "matcher_share_pct": min(
                100.0, cumulative_share(stats, total, "embargo/screen/party.py", "screen")
            ),
            "areas": area_shares(stats, total),
            "top": top_functions(stats),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=2000, help="message documents")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--listed-share", type=float, default=0.03)
    parser.add_argument(
        "--no-scan",
        dest="scan",
        action="store_false",
        help="leave the free-text scanner out (the CLI and the API always scan)",
    )
    parser.add_argument(
        "--no-memo",
        dest="memo",
        action="store_false",
        help="screen every message's parties afresh (no party memo across messages)",
    )
    parser.add_argument("--dump", metavar="PATH", help="write per-message results (JSON lines)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="screen again the plain way (no memo, full document scanner) and compare",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = timed_run(run, args)
    if args.json:
        emit_json(data)
        return 0
    rows = [
        ("catalog entities", data["catalog"]["entities"]),
        ("snapshot s (index built here: figures low)" if data["index_built_in_process"]
         else "snapshot s (index loaded)", data["snapshot_s"]),
        load_row(data),
        ("documents", data["documents"]),
        ("messages (transactions)", data["messages"]),
        ("formats", ", ".join(f"{k} {v}" for k, v in data["formats"].items())),
        ("parties screened / message", data["parties_screened_per_message"]),
        ("messages with hits", data["messages_with_hits"]),
        (
            "entity / jurisdiction alerts",
            f"{data['entity_alerts']} / {data['jurisdiction_alerts']}",
        ),
        ("free-text scanner", data["free_text_scanner"]),
        ("free texts scanned / entity alerts in them",
         f"{data['free_texts_scanned']} / {data['free_text_entity_alerts']}"),
        ("party memo (answered / screened)",
         "off" if data["party_memo"] is None
         else f"{data['party_memo']['answered']} / {data['party_memo']['screened']}"),
        ("setup once per process: s wall / CPU s", f"{data['setup_s']} / {data['setup_cpu_s']}"),
        ("parse s / screen s (wall)", f"{data['parse_s']} / {data['screen_s']}"),
        ("CPU s (parse + screen) / of it scanning",
         f"{data['cpu_s']} / {data['scan_cpu_s']} ({data['scan_share_pct']} %)"),
        ("messages/s (wall, 1 process)", data["messages_per_s_wall"]),
        ("messages/s per CPU second", data["messages_per_cpu_s"]),
        ("… counting the setup too", data["messages_per_cpu_s_with_setup"]),
        ("parse only: messages/CPU s", data["parse_messages_per_cpu_s"]),
        ("target per core", f"≥ {TARGET_PER_CORE:.0f}: {data['verdict']}"),
    ]  # fmt: skip
    if "parity" in data:
        parity = data["parity"]
        rows.append(
            ("same results as the plain way", f"{parity['identical']} / {parity['messages']}")
        )
    if "profile" in data:
        share = data["profile"]["matcher_share_pct"]
        rows.append(("matcher share (Screener.screen)", f"{share} %"))
    print_table("Payment messages: parse + screen_payment, one core", rows)
    if "profile" in data:
        print_profile("screen_payment", data["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
