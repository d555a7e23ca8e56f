"""Configuration: the `[settings]` table of the sources file, with documented defaults.

`Config` is the one source of defaults: the pipeline's `Settings` and the fetcher's `FetchConfig` take
theirs from it. Command-line options override the file; the file overrides the defaults below. Every bad
value is an error that names the file and the key.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .fetch import FetchConfig


def default_workers() -> int:
    """Extraction processes by default: one beside the crawl when there are two CPUs or more, else none."""
    return 1 if (os.cpu_count() or 1) > 1 else 0


@dataclass
class Config:
    """Every setting of a run, with its default."""

    db: str = "data/deals.db"  # SQLite database
    archive: str = "data/archive"  # folder of WARC files
    contact: str = "https://github.com/ai-deals/scraper"  # where site owners reach us (in the User-Agent)
    concurrency: int = 8  # requests in flight over all hosts
    per_host: int = 2  # requests in flight to one host
    delay: float = 1.0  # minimum seconds between requests to one host
    timeout: float = 20.0  # seconds for one request, body included
    retries: int = 3  # extra attempts on timeouts, connection errors, 429 and 5xx
    max_bytes: int = 10 * 1024 * 1024  # largest body kept
    relevance_threshold: float = 0.3  # articles scoring below yield no claims
    max_age_days: float = 7.0  # sitemap entries older than this are not fetched
    recheck_days: float = 7.0  # articles younger than this are re-checked for corrections
    failing_runs: int = 3  # a source failing this many runs in a row is reported
    workers: int = field(default_factory=default_workers)  # extraction processes
    max_claims: int = 500  # claims kept per article; the rest are counted, not stored
    max_run_minutes: float = 25.0  # a run stops (as on SIGTERM) after this long, so a 30-minute cron never overlaps
    allow_private_addresses: bool = False  # fetch loopback/private addresses on any host, not only the sources' own
    source_path: str | None = field(default=None, repr=False)

    def fetch_config(self) -> FetchConfig:
        """The fetcher's settings."""
        from .fetch import FetchConfig

        return FetchConfig(contact=self.contact, concurrency=self.concurrency, per_host=self.per_host,
                           delay=self.delay, timeout=self.timeout, retries=self.retries, max_bytes=self.max_bytes,
                           allow_private_addresses=self.allow_private_addresses)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("source_path")
        return data


LIMITS: dict[str, tuple[float, float]] = {
    "concurrency": (1, 1000), "per_host": (1, 100), "delay": (0, 3600), "timeout": (0.1, 3600),
    "retries": (0, 20), "max_bytes": (1024, 2**34), "relevance_threshold": (0, 1), "max_age_days": (0, 36500),
    "recheck_days": (0, 3650), "failing_runs": (1, 10000), "workers": (0, 64), "max_claims": (1, 100_000),
    "max_run_minutes": (0.1, 10_080),
}


OPTION_NAMES = {"relevance_threshold": "--threshold"}  # settings whose command-line option has another name


def load_config(path: str | Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """The effective configuration: defaults, then the file's [settings], then command-line overrides."""
    config = Config()
    values: dict[str, Any] = {}
    where = "settings"
    if path is not None and Path(path).exists():
        where = f"{path}: [settings]"
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        values = data.get("settings", {})
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: 'settings' must be a table ([settings])")
        config.source_path = str(path)
    for key, value in values.items():
        _set(config, key, value, f"{where}: {key}")
    for key, value in (overrides or {}).items():
        if value is not None:
            _set(config, key, value, f"option {OPTION_NAMES.get(key, '--' + key.replace('_', '-'))}")
    return config


def _set(config: Config, key: str, value: Any, where: str) -> None:
    known = {f.name: f for f in fields(Config) if f.name != "source_path"}
    if key not in known:
        raise ConfigError(f"{where}: unknown setting (known: {', '.join(sorted(known))})")
    default = getattr(Config(), key)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
    elif isinstance(value, bool):
        raise ConfigError(f"{where}: expected a {type(default).__name__}, got {value!r}")
    elif isinstance(default, int):
        if not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    elif isinstance(default, float):
        if not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise ConfigError(f"{where}: expected a finite number, got {value!r}")
    elif isinstance(default, str):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: expected a non-empty string, got {value!r}")
    if key in LIMITS:
        low, high = LIMITS[key]
        if not low <= value <= high:
            raise ConfigError(f"{where}: {value!r} is out of range ({low:g} to {high:g})")
    setattr(config, key, value)


def render(config: Config) -> str:
    """The effective configuration as a TOML [settings] table, with the comment of each key."""
    lines = ["[settings]"]
    for key, value in config.as_dict().items():
        if isinstance(value, str):
            shown = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        else:
            shown = repr(value)
        lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"
