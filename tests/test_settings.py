"""Deployment settings: defaults, overrides, and every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo.exc import ConfigError
from embargo.settings import (
    DEFAULT_HTTP_TIMEOUT,
    DEFAULT_SANITY_MAX_DROP,
    Settings,
    env_name_for_list,
    load_settings,
)


def test_defaults_without_environment() -> None:
    settings = load_settings({})
    assert settings.home == Path("var")
    assert settings.catalog_path == Path("var") / "catalog.duckdb"
    assert settings.sanity_max_drop == DEFAULT_SANITY_MAX_DROP == 0.5
    assert settings.http_timeout == DEFAULT_HTTP_TIMEOUT == 60.0
    assert settings.list_urls == {}
    assert settings.user_agent.startswith("embargo/")


def test_home_moves_the_catalog_unless_catalog_is_set(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert load_settings({"EMBARGO_HOME": str(home)}).catalog_path == home / "catalog.duckdb"
    other = tmp_path / "other.duckdb"
    settings = load_settings({"EMBARGO_HOME": str(home), "EMBARGO_CATALOG": str(other)})
    assert settings.home == home
    assert settings.catalog_path == other


def test_process_environment_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EMBARGO_SANITY_MAX_DROP", "0.2")
    monkeypatch.setenv("EMBARGO_HTTP_TIMEOUT", "5")
    settings = Settings.from_env()
    assert settings.sanity_max_drop == 0.2
    assert settings.http_timeout == 5.0
    # the autouse fixture points EMBARGO_HOME at the test's temporary directory
    assert settings.home == tmp_path / "embargo-home"


def test_list_urls_split_on_whitespace_and_commas() -> None:
    env = {
        "EMBARGO_URL_UN_SC": " https://mirror.example/un.xml ",
        "EMBARGO_URL_US_OFAC_SDN": (
            "https://m.example/sdn.csv, https://m.example/add.csv\nhttps://m.example/alt.csv"
        ),
    }
    urls = load_settings(env).list_urls
    assert urls == {
        "un_sc": ("https://mirror.example/un.xml",),
        "us_ofac_sdn": (
            "https://m.example/sdn.csv",
            "https://m.example/add.csv",
            "https://m.example/alt.csv",
        ),
    }
    assert env_name_for_list("us_ofac_sdn") == "EMBARGO_URL_US_OFAC_SDN"


def test_all_problems_reported_together() -> None:
    env = {
        "EMBARGO_SANITY_MAX_DROP": "1.5",
        "EMBARGO_HTTP_TIMEOUT": "soon",
        "EMBARGO_URL_UN_SC": "ftp://example.org/un.xml",
    }
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    problems = info.value.problems
    assert len(problems) == 3
    assert "EMBARGO_SANITY_MAX_DROP='1.5' must be between 0 and 1" in problems
    assert "EMBARGO_HTTP_TIMEOUT='soon' is not a number" in problems
    assert "EMBARGO_URL_UN_SC: not an http(s) address: ftp://example.org/un.xml" in problems
    assert "EMBARGO_HTTP_TIMEOUT" in str(info.value)


def test_empty_values_mean_default() -> None:
    settings = load_settings({"EMBARGO_HOME": "  ", "EMBARGO_HTTP_TIMEOUT": ""})
    assert settings.home == Path("var")
    assert settings.http_timeout == DEFAULT_HTTP_TIMEOUT
