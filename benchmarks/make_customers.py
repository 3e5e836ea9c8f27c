"""Write the batch benchmark's customer file: 100,000 rows of real names.

The file is a LOAD test input, not a quality test: no row carries an expected answer.
What matters is that it costs what a real customer base costs, so every name is real
or recombined from real names:

- every name of the screening benchmark's queries (``queries.jsonl``: listed targets'
  aliases and misspellings, removed listings, US Congress members, recombined family
  names — positives and negatives alike; only the names and schema are read);
- persons recombined from real given names and surnames: 60 % from the innocent
  (negative) queries' given names and surnames (US Congress members and the like),
  40 % from the ``firstName``/``lastName`` parts of every person in the bundled lists
  and the other queries' name words (same-script pairs only, so no "Иван Smith");
- companies made of a real surname or organisation word and a real legal form.

Columns: ``customer_id``, ``name``, ``type`` (individual/company), ``birth_date``
(ISO, sometimes year only, about 40 % of persons), ``country`` (ISO code or English
name, about half the rows). About 0.2 % of rows are malformed the way real exports
are: empty name, punctuation-only name, an impossible date, an unknown country, a
600-character name. `embargo batch` must report those rows and go on.

Deterministic: the same seed and the same inputs give the same file.

    .venv/bin/python benchmarks/make_customers.py              # var/bench/customers_100k.csv
    .venv/bin/python benchmarks/make_customers.py --rows 20000 --output /tmp/c.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from common import CUSTOMERS, benchmark_queries, ensure_catalog, say

COLUMNS = ("customer_id", "name", "type", "birth_date", "country")

#: Real country spellings a customer system exports (codes and English names);
#: checked against `clean_country` when the file is written.
COUNTRIES = (
    "DE", "FR", "GB", "US", "IT", "ES", "NL", "BE", "AT", "CH", "PL", "SE", "IE", "PT", "GR",
    "RU", "UA", "BY", "TR", "AE", "SA", "IR", "IQ", "SY", "LB", "EG", "CN", "HK", "KR", "KP",
    "JP", "IN", "PK", "AF", "NG", "KE", "ZA", "BR", "MX", "VE", "CU", "CA", "AU",
    "Germany", "France", "United Kingdom", "United States", "Russia", "China", "Iran",
    "Turkey", "Syria", "Lebanon", "Netherlands", "Switzerland",
)  # fmt: skip
LEGAL_FORMS = (
    "GmbH", "AG", "Ltd", "Limited", "LLC", "Inc.", "S.A.", "SARL", "B.V.", "S.p.A.",
    "Trading LLC", "Holding AG", "& Co. KG", "OOO", "JSC", "Co., Ltd.", "FZE", "Pte Ltd",
)  # fmt: skip
MALFORMED = (
    {"name": "", "type": "individual"},
    {"name": "   ", "type": "individual"},
    {"name": "---", "type": "company"},
    {"name": "?!", "type": "individual"},
    {"birth_date": "31/31/1999"},
    {"birth_date": "unknown"},
    {"country": "Atlantis"},
    {"country": "XX-99"},
    {"name": "A" * 600},
)


def _script(text: str) -> str:
    """A coarse script label (first letter's Unicode script word), for pairing."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.split(" ", 1)[0] if name else "?"
    return "?"


def _clean_part(text: str) -> str | None:
    text = " ".join(text.replace(",", " ").split())
    if not text or len(text) > 40 or not any(ch.isalpha() for ch in text):
        return None
    return text


def query_parts() -> tuple[list[tuple[str, str]], list[str], list[str], list[str], list[str]]:
    """(schema, name) of every query; given names and surnames of the innocent
    (negative) person queries; name words of the other person queries; org words."""
    names: list[tuple[str, str]] = []
    innocent_given: list[str] = []
    innocent_surnames: list[str] = []
    listed_words: list[str] = []
    org_words: list[str] = []
    for query in benchmark_queries(with_kind=True):
        innocent = str(query["kind"]).startswith("negative")
        for name in query["properties"].get("name", []):
            names.append((query["schema"], name))
            words = [w.title() if w.isupper() else w for w in name.replace(",", " ").split()]
            if query["schema"] == "Person" and len(words) >= 2:
                if innocent and name.isascii():
                    innocent_given.append(words[0])
                    innocent_surnames.append(words[-1])
                else:
                    listed_words += [words[0], words[-1]]
            elif query["schema"] == "Organization" and words:
                org_words.append(words[0])
    return names, innocent_given, innocent_surnames, listed_words, org_words


def list_parts() -> tuple[list[str], list[str]]:
    """Given names and surnames of every person in the bundled lists (name parts)."""
    from embargo.catalog import Catalog

    given: list[str] = []
    surnames: list[str] = []
    with Catalog(ensure_catalog(), read_only=True) as catalog:
        for entity in catalog.iter_entities():
            if entity.schema != "Person":
                continue
            for value in entity.get("firstName"):
                part = _clean_part(value)
                if part:
                    given.append(part.split()[0].title() if part.isupper() else part.split()[0])
            for value in entity.get("lastName"):
                part = _clean_part(value)
                if part:
                    surnames.append(part.title() if part.isupper() else part)
    return given, surnames


def _by_script(words: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        out.setdefault(_script(word), []).append(word)
    return out


def build_rows(rows: int, seed: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    from embargo.model.values import clean_country

    countries = [c for c in COUNTRIES if clean_country(c)]
    rng = random.Random(seed)
    names, q_given, q_surnames, listed_words, org_words = query_parts()
    l_given, l_surnames = list_parts()
    q_given, q_surnames = sorted(set(q_given)), sorted(set(q_surnames))
    given = _by_script(listed_words[::2] + l_given)
    surnames = _by_script(listed_words[1::2] + l_surnames)
    scripts = [s for s in given if s in surnames]
    weights = [len(given[s]) for s in scripts]
    stats = {
        "query_names": 0,
        "recombined_persons": 0,
        "companies": 0,
        "malformed": 0,
        "innocent_given_names": len(q_given),
        "innocent_surnames": len(q_surnames),
        "list_given_names": sum(len(v) for v in given.values()),
        "list_surnames": sum(len(v) for v in surnames.values()),
    }
    out: list[dict[str, str]] = []

    def person(name: str) -> dict[str, str]:
        row = {"name": name, "type": "individual", "birth_date": "", "country": ""}
        if rng.random() < 0.4:
            year = rng.randint(1935, 2004)
            row["birth_date"] = (
                str(year)
                if rng.random() < 0.15
                else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            )
        if rng.random() < 0.5:
            row["country"] = rng.choice(countries)
        return row

    # every benchmark query name, repeated to about 10 % of the file
    repeats = max(1, rows // 10 // max(1, len(names)))
    for _ in range(repeats):
        for schema, name in names:
            if schema == "Person":
                out.append(person(name))
            else:
                kind = "vessel" if schema == "Vessel" else "company"
                out.append({"name": name, "type": kind, "birth_date": "", "country": ""})
            stats["query_names"] += 1
    companies = rows // 10
    for _ in range(companies):
        stem = rng.choice(q_surnames if rng.random() < 0.8 else org_words)
        name = f"{stem} {rng.choice(LEGAL_FORMS)}"
        row = {"name": name, "type": "company", "birth_date": "", "country": ""}
        if rng.random() < 0.6:
            row["country"] = rng.choice(countries)
        out.append(row)
        stats["companies"] += 1
    n_malformed = max(len(MALFORMED), rows // 500)
    while len(out) < rows - n_malformed:
        if rng.random() < 0.6:
            out.append(person(f"{rng.choice(q_given)} {rng.choice(q_surnames)}"))
            stats["recombined_persons"] += 1
            continue
        script = rng.choices(scripts, weights)[0]
        first, last = rng.choice(given[script]), rng.choice(surnames[script])
        if script in ("CJK", "HANGUL"):  # surname first, no space in East Asian order
            name = f"{last}{first}" if rng.random() < 0.8 else f"{last} {first}"
        elif rng.random() < 0.15:
            name = f"{last.upper()}, {first}"  # the LASTNAME, Given style of many exports
        else:
            name = f"{first} {last}"
        out.append(person(name))
        stats["recombined_persons"] += 1
    for i in range(n_malformed):
        row = person(f"{rng.choice(q_given)} {rng.choice(q_surnames)}")
        row.update(MALFORMED[i % len(MALFORMED)])
        out.append(row)
        stats["malformed"] += 1
    out = out[:rows]
    rng.shuffle(out)
    for number, row in enumerate(out, start=1):
        row["customer_id"] = f"C{number:07d}"
    return out, stats


def write(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def ensure_customers(path: Path = CUSTOMERS, rows: int = 100_000, seed: int = 20240501) -> Path:
    """The customer file, written when missing (the benchmarks call this)."""
    if not path.exists():
        main(["--rows", str(rows), "--seed", str(seed), "--output", str(path)])
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--output", type=Path, default=CUSTOMERS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows, stats = build_rows(args.rows, args.seed)
    write(rows, args.output)
    say(
        f"wrote {len(rows):,} rows to {args.output} in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in stats.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
