"""Build ``embargo/data/translit/`` from ``resources/translit/`` and ICU.

* ``names.json``: the hand-edited name tables (Arabic-script name elements, Hebrew
  names, Korean surnames), keys folded with the same functions the romanizers use,
  values validated (lower-case ASCII, the right number of styles).
* ``hanja.json``: Han character → Sino-Korean reading in Hangul, read from the
  Korean collation tailoring that ICU ships (CLDR ``ko`` standard collation, which
  orders each Hanja right after the Hangul syllable of its reading:
  ``&가<<*伽佳假...``). This is the only offline Hanja table among the installed
  packages; it holds one reading per character, the original one (李 → 리), which is
  the North Korean form.

Run ``.venv/bin/python genscripts/build_translit.py`` after editing a resource file;
``--check`` exits non-zero when the committed files are stale (for CI).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import icu
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.normalize._translit import arabic, hebrew  # noqa: E402
from embargo.normalize._translit.data import HANJA_FILE, NAMES_FILE  # noqa: E402

RESOURCES = ROOT / "resources" / "translit"
ASCII_SPELLING = re.compile(r"^[a-z]+(?:[ -][a-z]+)*$")


def _spellings(key: str, value: object, size: int | None, maximum: int) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise SystemExit(f"{key}: expected a spelling or a list of spellings")
    for spelling in values:
        if not isinstance(spelling, str) or not ASCII_SPELLING.match(spelling):
            raise SystemExit(f"{key}: {spelling!r} is not lower-case ASCII words")
    if len(values) > maximum:
        raise SystemExit(f"{key}: at most {maximum} spellings")
    if size is not None:
        fill = values[1] if len(values) > 1 else values[0]
        values = values + [fill] * (size - len(values))
    return list(values)


def _load(name: str) -> dict[str, object]:
    with open(RESOURCES / name, encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    if not isinstance(loaded, dict):
        raise SystemExit(f"{name}: expected a mapping")
    return {str(key): value for key, value in loaded.items()}


def build_names() -> dict[str, dict[str, list[str]]]:
    tables: dict[str, dict[str, list[str]]] = {"arabic": {}, "hebrew": {}, "korean_surnames": {}}
    for key, value in _load("arabic_names.yaml").items():
        folded = arabic.fold_key(key)
        if folded in tables["arabic"]:
            raise SystemExit(f"arabic_names.yaml: {key} duplicates another key once folded")
        tables["arabic"][folded] = _spellings(key, value, size=len(arabic.STYLES), maximum=5)
    for key, value in _load("hebrew_names.yaml").items():
        folded = hebrew.fold_key(key)
        if folded in tables["hebrew"]:
            raise SystemExit(f"hebrew_names.yaml: {key} duplicates another key once folded")
        tables["hebrew"][folded] = _spellings(key, value, size=None, maximum=4)
    for key, value in _load("korean_surnames.yaml").items():
        spellings = _spellings(key, value, size=None, maximum=7)
        if len(spellings) < 4:
            raise SystemExit(f"korean_surnames.yaml: {key} needs dprk, south, mr, rr")
        tables["korean_surnames"][key] = spellings
    return {name: dict(sorted(table.items())) for name, table in tables.items()}


def build_hanja() -> dict[str, str]:
    rules = str(icu.Collator.createInstance(icu.Locale("ko")).getRules())
    readings: dict[str, str] = {}
    for match in re.finditer(r"&([\uac00-\ud7a3])<<\*?([^&]+)", rules):
        reading, chars = match.group(1), match.group(2)
        for char in chars.replace("<", ""):
            if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
                readings.setdefault(char, reading)
    if len(readings) < 4000:
        raise SystemExit(f"only {len(readings)} Hanja readings found in ICU's ko collation")
    return dict(sorted(readings.items()))


def _dump(payload: dict[str, object]) -> str:
    """JSON with one entry per line, so reviewers read diffs entry by entry."""
    lines = []
    for key, value in sorted(payload.items()):
        if isinstance(value, dict):
            inner = ",\n".join(
                f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                for k, v in sorted(value.items())
            )
            lines.append(f"{json.dumps(key, ensure_ascii=False)}: {{\n{inner}\n}}")
        else:
            lines.append(
                f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
            )
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if the files are stale")
    args = parser.parse_args()
    names: dict[str, object] = dict(build_names())
    hanja: dict[str, object] = dict(build_hanja())
    outputs = {NAMES_FILE: _dump(names), HANJA_FILE: _dump(hanja)}
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
