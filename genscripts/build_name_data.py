"""Build embargo/normalize/data/names.json from resources/names.yml.

The YAML is the hand-edited source; the JSON is what the package reads at run time
(no YAML parser needed in production, and the file ships inside the wheel).
Run after editing the YAML; tests/normalize/test_data.py checks that both agree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "names.yml"
TARGET = ROOT / "embargo" / "normalize" / "data" / "names.json"


def _check_strings(key: str, values: list[object]) -> None:
    """YAML 1.1 reads unquoted ``y``, ``on`` or ``no`` as booleans: refuse them."""
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise SystemExit(f"{SOURCE}: {key} has non-string entries {bad!r}; quote them")


def build() -> str:
    """The JSON text generated from the YAML source (sorted, de-duplicated)."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    for key, value in sorted(data.items()):
        if isinstance(value, list):
            _check_strings(key, value)
            out[key] = sorted({v.lower() for v in value})
        elif isinstance(value, dict):
            _check_strings(key, [*value.keys(), *value.values()])
            out[key] = {k.lower(): v.lower() for k, v in sorted(value.items())}
        else:
            raise SystemExit(f"{SOURCE}: {key} must be a list or a mapping")
    out.update(_countries())
    return json.dumps(out, indent=1, sort_keys=True) + "\n"


def _countries() -> dict[str, object]:
    """Country codes and names from rigour's territory database.

    ``country_codes``: ISO alpha-2 (and FtM) code → itself, alpha-3 → alpha-2;
    ``country_names``: lower-case names (short and full, dots removed) → code. Used to
    recognise a parenthesised country qualifier ("(U.K.)") and to read query
    countries without loading the full territory database at query time.
    """
    from rigour.territories import get_territories

    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for t in get_territories():
        if not (t.is_country or t.is_ftm):
            continue
        codes[t.code] = t.code
        if t.alpha3:
            codes[t.alpha3.lower()] = t.code
        for label in (t.name, t.full_name):
            if label:
                names[label.lower().replace(".", "")] = t.code
    for alias, code in (("usa", "us"), ("uk", "gb"), ("great britain", "gb"), ("uae", "ae")):
        names[alias] = code
    return {
        "country_codes": dict(sorted(codes.items())),
        "country_names": dict(sorted(names.items())),
    }


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(build(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
