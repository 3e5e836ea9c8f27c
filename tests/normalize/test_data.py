"""The packaged word lists are generated from resources/names.yml and must be fresh."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_names_json_is_generated_from_resources() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_name_data", ROOT / "genscripts" / "build_name_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    packaged = (ROOT / "embargo" / "normalize" / "data" / "names.json").read_text("utf-8")
    assert module.build() == packaged, "run genscripts/build_name_data.py and commit the result"
