"""The list snapshots shipped in ``data/lists/`` and how to load them.

The repository bundles real official publications so embargo works offline out of
the box. This table says which file is loaded as which list, in which order: versions
of one list are loaded oldest first, so the newest becomes current and `embargo diff`
has real history to show (the OFAC non-SDN list exists in three real publications).

Files that are bundled but not loaded here, and why:

- ``excerpts/uk_sanctions_list_excerpt.xml``: hand-altered by whoever published it
  (see SOURCES.md); used for format tests only, never as data.
- ``excerpts/ofac_sdn_advanced_excerpt.xml``, ``ofac_sdn_enhanced_program_*.xml.gz``:
  subsets of the SDN list; loading them as ``us_ofac_sdn`` would replace the full list
  (the catalog's sanity check refuses that). Parser tests cover them.
- ``excerpts/un_consolidated_excerpt.xml``: a 7-record trim of a later UN file.
- ``us_congress_senzing.json.gz``: not a sanctions list (negative controls).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DIR = REPO_ROOT / "data" / "lists"


@dataclass(frozen=True, slots=True)
class BundledList:
    """One bundled publication: file (relative to data/lists), format, list key."""

    file: str
    format: str
    list_key: str


BUNDLED: tuple[BundledList, ...] = (
    BundledList("un_consolidated.xml.gz", "un_sc_xml", "un_sc"),
    BundledList("ofac_sdn.csv.gz", "us_ofac_sdn_csv", "us_ofac_sdn"),
    # Non-SDN list: three real publications, oldest first.
    BundledList("ofac_CONS_ENHANCED.ZIP", "us_ofac_enhanced_xml", "us_ofac_cons"),
    BundledList("ofac_consolidated.xml.gz", "us_ofac_xml", "us_ofac_cons"),
    BundledList("ofac_cons_prim.csv", "us_ofac_cons_csv", "us_ofac_cons"),
    BundledList("excerpts/eu_fsf_excerpt.xml", "eu_fsf_xml", "eu_fsf"),
    BundledList("uk_ofsi_ConList.xlsx", "gb_ofsi_xlsx", "gb_ofsi"),
    BundledList("us_csl_consolidated.csv.gz", "us_csl_csv", "us_csl"),
    BundledList("us_bis_dpl.txt", "us_bis_dpl_txt", "us_bis_dpl"),
    BundledList("ca_sema-lmes.xml.gz", "ca_sema_xml", "ca_sema"),
    BundledList("au_dfat_regulation8_consolidated.xlsx", "au_dfat_xlsx", "au_dfat"),
    BundledList("jp_mof_asset_freeze_list.xlsx", "jp_mof_xlsx", "jp_mof"),
    BundledList("jp_meti_end_user_list.xlsx", "jp_meti_eul_xlsx", "jp_meti_eul"),
    BundledList("opensanctions_sanctions_entities.delta.json.gz", "ftm_json", "opensanctions"),
)


def bundled_path(item: BundledList, base: Path = BUNDLED_DIR) -> Path:
    return base / item.file
