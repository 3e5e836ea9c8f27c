"""Deployment settings, read from ``EMBARGO_*`` environment variables in one place.

Only the services layer (CLI, HTTP API, batch jobs) reads settings; library code gets
what it needs as explicit arguments (a catalog path, a sanity threshold, a download
address), so a test or an embedding application never depends on the environment.

Every variable is listed in ``docs/environment_variables.md``. Values are validated
when `load_settings` runs and every problem is reported at once, in one
`ConfigError`, so an operator fixes a broken deployment in one round.

Variables:

``EMBARGO_HOME``
    Directory for embargo's working data (default ``./var``).
``EMBARGO_CATALOG``
    The catalog database file (default ``$EMBARGO_HOME/catalog.duckdb``).
``EMBARGO_SANITY_MAX_DROP``
    Largest share of entities a new list version may lose against the current one
    before the load is refused (default ``0.5``; ``1`` disables the check).
``EMBARGO_HTTP_TIMEOUT``
    Seconds a download may wait for the server at any step (default ``60``).
``EMBARGO_USER_AGENT``
    The User-Agent header sent to the publishers' servers.
``EMBARGO_URL_<LIST_KEY>``
    Download addresses of one list, replacing the built-in ones; several addresses
    (a multi-file publication) are separated by whitespace or commas, the primary
    file first. Example: ``EMBARGO_URL_UN_SC=https://mirror.example/consolidated.xml``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from embargo import __version__
from embargo.exc import ConfigError

PREFIX = "EMBARGO_"
URL_PREFIX = "EMBARGO_URL_"

DEFAULT_HOME = Path("var")
DEFAULT_CATALOG_NAME = "catalog.duckdb"
DEFAULT_SANITY_MAX_DROP = 0.5
DEFAULT_HTTP_TIMEOUT = 60.0
DEFAULT_USER_AGENT = f"embargo/{__version__} (sanctions list update)"

_URL_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Settings:
    """Deployment settings of one process.

    Attributes:
        home: directory for embargo's working data.
        catalog_path: the catalog database file.
        sanity_max_drop: share (0–1) of entities a new version may lose before the
            load is refused.
        http_timeout: seconds a download waits for the server at any step.
        user_agent: User-Agent header for downloads.
        list_urls: per list key, download addresses that replace the built-in ones.
    """

    home: Path = DEFAULT_HOME
    catalog_path: Path = DEFAULT_HOME / DEFAULT_CATALOG_NAME
    sanity_max_drop: float = DEFAULT_SANITY_MAX_DROP
    http_timeout: float = DEFAULT_HTTP_TIMEOUT
    user_agent: str = DEFAULT_USER_AGENT
    list_urls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of this process (same as `load_settings`)."""
        return load_settings(environ)


def _env_str(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _env_float(
    environ: Mapping[str, str],
    name: str,
    default: float,
    errors: list[str],
    *,
    low: float,
    high: float | None = None,
) -> float:
    text = _env_str(environ, name)
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        errors.append(f"{name}={text!r} is not a number")
        return default
    if value < low or (high is not None and value > high):
        bounds = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        errors.append(f"{name}={text!r} must be {bounds}")
        return default
    return value


def list_key_from_env_name(name: str) -> str:
    """``EMBARGO_URL_US_OFAC_SDN`` → ``us_ofac_sdn``."""
    return name[len(URL_PREFIX) :].lower()


def env_name_for_list(list_key: str) -> str:
    """``us_ofac_sdn`` → ``EMBARGO_URL_US_OFAC_SDN``."""
    return URL_PREFIX + list_key.upper()


def _list_urls(environ: Mapping[str, str], errors: list[str]) -> dict[str, tuple[str, ...]]:
    urls: dict[str, tuple[str, ...]] = {}
    for name in sorted(environ):
        if not name.startswith(URL_PREFIX) or name == URL_PREFIX:
            continue
        text = _env_str(environ, name)
        if text is None:
            continue
        parts = tuple(p for p in _URL_SPLIT.split(text) if p)
        bad = [p for p in parts if not p.startswith(("http://", "https://"))]
        if bad:
            errors.append(f"{name}: not an http(s) address: {', '.join(bad)}")
            continue
        urls[list_key_from_env_name(name)] = parts
    return urls


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: the process environment).

    Raises:
        ConfigError: naming every invalid variable at once.
    """
    env = os.environ if environ is None else environ
    errors: list[str] = []
    home_text = _env_str(env, "EMBARGO_HOME")
    home = Path(home_text).expanduser() if home_text else DEFAULT_HOME
    catalog_text = _env_str(env, "EMBARGO_CATALOG")
    catalog_path = Path(catalog_text).expanduser() if catalog_text else home / DEFAULT_CATALOG_NAME
    max_drop = _env_float(
        env, "EMBARGO_SANITY_MAX_DROP", DEFAULT_SANITY_MAX_DROP, errors, low=0.0, high=1.0
    )
    timeout = _env_float(env, "EMBARGO_HTTP_TIMEOUT", DEFAULT_HTTP_TIMEOUT, errors, low=0.001)
    user_agent = _env_str(env, "EMBARGO_USER_AGENT") or DEFAULT_USER_AGENT
    list_urls = _list_urls(env, errors)
    if errors:
        raise ConfigError("invalid settings: " + "; ".join(errors), problems=errors)
    return Settings(
        home=home,
        catalog_path=catalog_path,
        sanity_max_drop=max_drop,
        http_timeout=timeout,
        user_agent=user_agent,
        list_urls=list_urls,
    )


__all__ = [
    "DEFAULT_HTTP_TIMEOUT",
    "DEFAULT_SANITY_MAX_DROP",
    "Settings",
    "env_name_for_list",
    "load_settings",
]
