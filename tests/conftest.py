"""Shared fixtures: the bundled sample site served on loopback, and a database crawled from it."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from scraper.crawl import crawl
from scraper.fetch import FetchConfig
from scraper.pipeline import Settings
from scraper.sample_site import SampleSite
from scraper.sources import SourcesConfig, feed_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class QuietHandler(BaseHTTPRequestHandler):
    """A loopback test server's request handler: no access log, and `send` for whole answers."""

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def record(self, status: int) -> None:
        """Called with the status of every answer `send` gives (override to keep a log)."""

    def send(self, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        """Answer with a whole body."""
        self.record(status)
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client went away (a test of timeouts or resets)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def content(path: Path, *, deals: bool = True) -> dict[str, list]:
    """The rows that must be the same whatever interruptions happened (ids included, times left out); with
    `deals=False` the claims' deals and the deals table are left out too."""
    import sqlite3

    conn = sqlite3.connect(path)
    deal_id = "deal_id, " if deals else ""
    out = {
        "articles": conn.execute("select id, url, title, outlet, published, text, is_deal from articles order by id").fetchall(),
        "claims": conn.execute(f"select id, article_id, {deal_id}kind, value, unit, usd, qualifier, role, text, start,"
                               " parties from claims order by id").fetchall(),
    }
    if deals:
        out["deals"] = conn.execute("select id, slug, title, parties, outlets, claims, usd, disputed from deals"
                                    " order by id").fetchall()
    assert conn.execute("select count(*) - count(distinct url) from articles").fetchone()[0] == 0
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    return out


def stored_articles(path: Path) -> int:
    """How many articles a database holds now (0 while it is not created yet); safe while a run writes."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def datasette_site(db_path: Path, public: bool = False) -> Any:
    """Datasette configured as `scraper serve` configures it: metadata, templates, the plugin and the settings."""
    from datasette.app import Datasette

    from scraper import publish

    def typed(value: str) -> Any:  # a `--setting` value as Datasette's settings dict holds it
        if value in ("on", "off"):
            return value == "on"
        return int(value) if value.isdigit() else value

    metadata = publish.load_metadata(ROOT / "metadata.yml", Path(db_path).stem, public=public)
    return Datasette([str(db_path)], metadata=metadata,
                     settings={k: typed(v) for k, v in publish.settings(public).items()},
                     template_dir=str(publish.TEMPLATES_DIR), plugins_dir=str(publish.PLUGINS_DIR))


def fast_settings(db_path: Path, archive_dir: Path) -> Settings:
    """Pipeline settings for loopback tests: polite, but without real-world delays."""
    return Settings(db_path=db_path, archive_dir=archive_dir,
                    fetch=FetchConfig(delay=0.0, timeout=5, retries=1, backoff_base=0.05, backoff_max=0.2))


@pytest.fixture
def sample_site():
    """The bundled sample site on 127.0.0.1 (a free port)."""
    with SampleSite(SAMPLE) as site:
        yield site


def crawl_sample(site: SampleSite, db_path: Path, archive_dir: Path, command: str = "crawl"):
    """Crawl the sample site's feed into a database, as `scraper demo` does."""
    return crawl(SourcesConfig(), fast_settings(db_path, archive_dir),
                 extra_feeds=[feed_source(f"{site.base}/feed.xml")], command=command)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """A database crawled once from the sample site (read-only for the tests that share it)."""
    base = tmp_path_factory.mktemp("sample")
    db_path = base / "deals.db"
    with SampleSite(SAMPLE) as site:
        crawl_sample(site, db_path, base / "archive")
    return db_path
