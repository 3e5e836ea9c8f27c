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
    return json.dumps(out, indent=1, sort_keys=True) + "\n"


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(build(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
