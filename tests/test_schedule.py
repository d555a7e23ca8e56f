"""Scheduled operation: lock, exit codes, clean stops, kills, revisions, concurrent readers, bad disks, config."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from conftest import ROOT, SAMPLE, content, crawl_sample, free_port
from newsgen import build_site
from scraper.cli import cli
from scraper.sample_site import SampleSite
from scraper.schedule import LockHeld, RunLock, parse_interval


def scraper(*args: str, **kwargs) -> subprocess.Popen:
    """Start `python -m scraper ARGS` in the project folder."""
    return subprocess.Popen([sys.executable, "-m", "scraper", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)


def run_args(site: SampleSite, tmp: Path, *extra: str) -> list[str]:
    return ["run", "--sources", str(tmp / "none.toml"), "--feed", f"{site.base}/feed.xml", "--db", str(tmp / "d.db"),
            "--archive", str(tmp / "archive"), "--delay", "0", "--timeout", "5", *extra]


def test_parse_interval():
    assert parse_interval("30m") == 1800 and parse_interval("2h") == 7200 and parse_interval("45s") == 45
    assert parse_interval("1d") == 86400 and parse_interval("15") == 900
    for bad in ("", "soon", "-5m", "0m"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_lock_is_exclusive_and_a_stale_lock_is_taken_over(tmp_path):
    db = tmp_path / "deals.db"
    Path(f"{db}.lock").write_text("999999\n")  # left behind by a run that was killed: nobody holds it
    with RunLock(db):
        with pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
            RunLock(db).acquire()
    with RunLock(db):  # released: can be taken again
        pass


def test_two_runs_at_once_one_runs_one_exits_3(tmp_path):
    build_site(tmp_path / "site", articles=6)
    with SampleSite(tmp_path / "site", delay=0.3) as site:
        first = scraper(*run_args(site, tmp_path))
        deadline = time.time() + 20
        while not Path(f"{tmp_path / 'd.db'}.lock").exists() or not Path(f"{tmp_path / 'd.db'}.lock").read_text():
            assert time.time() < deadline, "first run never took the lock"
            time.sleep(0.05)
        second = scraper(*run_args(site, tmp_path))
        out2, _ = second.communicate(timeout=60)
        out1, _ = first.communicate(timeout=120)
    assert second.returncode == 3, out2
    assert "another run" in out2 and "holds" in out2
    assert first.returncode == 0, out1
    assert sqlite_utils.Database(tmp_path / "d.db")["articles"].count == 6


def test_exit_codes_partial_and_bad_config(tmp_path):
    with SampleSite(SAMPLE) as site:
        port = free_port()  # nothing listens there: connection refused, at once
        (tmp_path / "none.toml").write_text("[settings]\nretries = 0\n")  # no retries to wait for
        result = CliRunner().invoke(cli, run_args(site, tmp_path, "--feed", f"http://127.0.0.1:{port}/feed.xml"))
    assert result.exit_code == 1, result.output
    assert f"source failed: 127.0.0.1:{port}" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[settings]\ndelay = \"fast\"\n")
    result = CliRunner().invoke(cli, ["run", "--sources", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "[settings]: delay: expected a number" in result.output
    bad.write_text("[settings]\nper_hots = 2\n")
    result = CliRunner().invoke(cli, ["config", "--sources", str(bad)])
    assert result.exit_code == 2 and "per_hots: unknown setting" in result.output
    result = CliRunner().invoke(cli, ["run", "--every", "soon", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--every" in result.output


def test_config_prints_the_effective_configuration(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text("[settings]\ndelay = 2.5\nrecheck_days = 3\n")
    result = CliRunner().invoke(cli, ["config", "--sources", str(sources)])
    assert result.exit_code == 0
    assert "delay = 2.5" in result.output and "recheck_days = 3.0" in result.output
    assert 'db = "data/deals.db"' in result.output and "per_host = 2" in result.output


def test_every_keeps_running_and_sigterm_stops_cleanly(tmp_path):
    with SampleSite(SAMPLE) as site:
        proc = scraper(*run_args(site, tmp_path, "--every", "1h"))
        db_path = tmp_path / "d.db"
        deadline = time.time() + 60
        while True:
            assert time.time() < deadline and proc.poll() is None, "the first pass never finished"
            if db_path.exists():
                try:
                    done = sqlite3.connect(db_path).execute("select count(*) from runs where finished is not null").fetchone()[0]
                except sqlite3.OperationalError:
                    done = 0
                if done:
                    break
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0, output
    runs = list(sqlite_utils.Database(db_path).query("select status from runs"))
    assert [r["status"] for r in runs] == ["ok"]


def test_a_changed_figure_becomes_a_claim_change_and_the_deal_follows(tmp_path):
    site_dir = tmp_path / "site"
    shutil.copytree(SAMPLE, site_dir)
    db_path, archive = tmp_path / "d.db", tmp_path / "archive"
    with SampleSite(site_dir) as site:
        crawl_sample(site, db_path, archive)
        page = site_dir / "silicon-ledger" / "meta-aws-graviton-expansion.html"
        page.write_text(page.read_text(encoding="utf-8").replace("tens of millions of cores",
                                                                 "hundreds of millions of cores"), encoding="utf-8")
        summary = crawl_sample(site, db_path, archive)
    assert summary.revised == 1
    db = sqlite_utils.Database(db_path)
    changes = list(db.query("select * from claim_changes"))
    assert len(changes) == 1, changes
    change = changes[0]
    assert change["field"] == "quantity" and change["outlet"] == "Silicon Ledger"
    assert (change["before_value"], change["after_value"]) == (1e7, 1e8)
    assert change["before_text"] == "tens of millions of cores"
    assert change["after_text"] == "hundreds of millions of cores"
    assert change["deal_id"] and db["deals"].get(change["deal_id"])
    versions = list(db.query("select * from article_versions"))
    assert len(versions) == 1 and "tens of millions of cores" in versions[0]["text"]
    deal = db["deals"].get(change["deal_id"])
    assert "hundreds of millions of cores" in deal["dispute_reason"]
    assert "tens of millions" not in deal["dispute_reason"]
    assert not list(db.query("select * from claims where text = 'tens of millions of cores'"))


@pytest.mark.slow
def test_sigkill_at_chosen_points_then_a_fresh_run_gives_the_same_database(tmp_path):
    """SIGKILL once 1, 5 and 9 of the 12 articles were asked for (not at a random time, which could land before
    any work or after the end), then a fresh run: the same database as an uninterrupted run."""
    build_site(tmp_path / "site", articles=12)
    with SampleSite(tmp_path / "site", delay=0.05) as site:
        reference = tmp_path / "reference"
        reference.mkdir()
        done = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, reference)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        expected = content(reference / "d.db")
        assert len(expected["articles"]) == 12
        for seed in (1, 5, 9):
            work = tmp_path / f"killed-{seed}"
            work.mkdir()
            before = len(site.requests)
            proc = scraper(*run_args(site, work))
            deadline = time.monotonic() + 60

            def articles_asked() -> int:
                return sum(1 for p in site.requests[before:] if p not in ("/feed.xml", "/robots.txt"))

            while articles_asked() < seed and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            assert proc.poll() is None, "the run ended before the kill: nothing was tested"
            proc.kill()
            proc.communicate(timeout=10)
            again = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, work)], cwd=ROOT,
                                   capture_output=True, text=True, timeout=120)
            assert again.returncode == 0, again.stdout + again.stderr
            assert content(work / "d.db") == expected, f"seed {seed}"


def test_datasette_reads_while_a_run_writes(tmp_path):
    from datasette.app import Datasette

    build_site(tmp_path / "site", articles=12)
    db_path = tmp_path / "d.db"
    with SampleSite(tmp_path / "site", delay=0.02) as site:
        build_site(tmp_path / "site", articles=2)
        crawl_sample(site, db_path, tmp_path / "archive")  # the database exists before the reader starts
        build_site(tmp_path / "site", articles=12)  # ten new articles for the run that writes while Datasette reads
        errors: list[str] = []
        statuses: list[int] = []
        stop = threading.Event()

        def read() -> None:
            async def loop():
                ds = Datasette([str(db_path)])
                while not stop.is_set():
                    for path in ("/d/deals.json", "/d/claims.json?_search=deal", "/d/articles.json?_size=5"):
                        response = await ds.client.get(path)
                        statuses.append(response.status_code)
                        if response.status_code != 200 or "locked" in response.text:
                            errors.append(f"{path}: {response.status_code} {response.text[:200]}")

            asyncio.run(loop())

        reader = threading.Thread(target=read)
        reader.start()
        writer = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, tmp_path, "--threshold", "0")],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        for _ in range(3):
            subprocess.run([sys.executable, "-m", "scraper", "link", "--db", str(db_path)], cwd=ROOT, check=True,
                           capture_output=True, timeout=60)
        stop.set()
        reader.join(timeout=30)
    assert writer.returncode == 0, writer.stdout + writer.stderr
    assert "database is locked" not in writer.stdout + writer.stderr
    assert sqlite_utils.Database(db_path)["articles"].count == 12
    assert len(statuses) > 10 and not errors, errors[:3]


def test_schema_of_the_first_release_is_upgraded_in_place(tmp_path):
    from scraper import db as store

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript((ROOT / "tests" / "fixtures" / "schema_v0.1.0.sql").read_text(encoding="utf-8"))
    conn.close()
    before = {t: sqlite_utils.Database(old)[t].count for t in ("articles", "claims", "deals", "pages", "runs")}
    db = store.open_db(old)
    after = {t: db[t].count for t in before}
    assert before == after == {"articles": 1, "claims": 1, "deals": 1, "pages": 1, "runs": 1}
    assert {"roles", "in_passing"} <= set(db["claims"].columns_dict)
    assert {"roles", "expands"} <= set(db["deals"].columns_dict)
    assert db["claim_changes"].exists() and db["article_versions"].exists()
    assert "source_health" in db.view_names()
    claim = db["claims"].get("c1")
    assert claim["usd"] == 1e10 and claim["deal_id"] == "d1"
    # The upgraded database works with the current pipeline: link keeps the old claim's deal.
    from scraper.pipeline import link

    assert link(db) == 1
    assert db["claims"].get("c1")["deal_id"] == "d1"
    assert store.check(db) == []


def _make_read_only(path: Path) -> bool:
    """Make a file unwritable even for root (chattr +i); False where the filesystem cannot."""
    if os.geteuid() != 0:
        os.chmod(path, 0o444)
        return True
    return shutil.which("chattr") is not None and subprocess.run(["chattr", "+i", str(path)]).returncode == 0


def test_read_only_database_gives_a_clear_error_and_keeps_the_data(tmp_path):
    with SampleSite(SAMPLE) as site:
        crawl_sample(site, tmp_path / "d.db", tmp_path / "archive")
        sqlite3.connect(tmp_path / "d.db").execute("pragma wal_checkpoint(TRUNCATE)").close()
        expected = content(tmp_path / "d.db")
        if not _make_read_only(tmp_path / "d.db"):
            pytest.skip("cannot make a file read-only here (no chattr on this filesystem)")
        try:
            done = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, tmp_path)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=60)
        finally:
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(tmp_path / "d.db")])
    output = done.stdout + done.stderr
    assert done.returncode not in (0, 3) and "Traceback" not in output, output
    assert "readonly" in output.lower() or "read-only" in output.lower(), output
    assert content(tmp_path / "d.db") == expected


def _small_disk(limit: int):
    """A child-process set-up that caps the size of any file it writes: a full disk for that process."""

    def cap() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return cap


def test_full_disk_gives_a_clear_error_and_keeps_the_data(tmp_path):
    build_site(tmp_path / "site", articles=2)
    db_path = tmp_path / "d.db"
    with SampleSite(tmp_path / "site") as site:
        # A first, small crawl; then a run that needs more room than the "disk" (a file size cap) has.
        crawl_sample(site, db_path, tmp_path / "archive")
        sqlite3.connect(db_path).execute("pragma wal_checkpoint(TRUNCATE)").close()
        expected = content(db_path)
        build_site(tmp_path / "site", articles=40)
        cap = _small_disk(os.path.getsize(db_path) + 16384)
        done = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, tmp_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, preexec_fn=cap)
    output = done.stdout + done.stderr
    assert done.returncode not in (0, 3), output
    assert "Traceback" not in output, output
    assert any(w in output.lower() for w in ("full", "too large", "disk", "i/o")), output
    after = content(db_path)
    assert after["articles"][:2] == expected["articles"][:2] or set(expected["articles"]) <= set(after["articles"])
    assert set(expected["claims"]) <= set(after["claims"]) or len(after["claims"]) >= len(expected["claims"])


def test_log_formats(tmp_path):
    import json

    with SampleSite(SAMPLE) as site:
        as_json = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, tmp_path, "--log-format", "json")],
                                 cwd=ROOT, capture_output=True, text=True, timeout=60)
        plain = subprocess.run([sys.executable, "-m", "scraper", *run_args(site, tmp_path / "plain")],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert as_json.returncode == 0, as_json.stderr
    events = [json.loads(line) for line in as_json.stderr.splitlines()]
    names = [e["event"] for e in events]
    assert names[0] == "run" and names[-1] == "done" and names.count("article") == 2
    assert events[-1]["status"] == "ok" and events[-1]["articles"] == 2 and all("time" in e for e in events)
    assert as_json.stdout == ""
    assert plain.returncode == 0
    assert "feed 127.0.0.1" in plain.stderr and "fetching 2 articles" in plain.stderr
    assert plain.stdout.startswith("run: ") and "2 articles" in plain.stdout


def test_extraction_in_a_worker_process_gives_the_same_database(tmp_path):
    from dataclasses import replace

    from conftest import fast_settings
    from scraper.crawl import crawl
    from scraper.sources import SourcesConfig, feed_source

    build_site(tmp_path / "site", articles=12)
    with SampleSite(tmp_path / "site") as site:
        results = {}
        for workers in (0, 1):
            work = tmp_path / f"workers-{workers}"
            settings = replace(fast_settings(work / "d.db", work / "archive"), workers=workers)
            summary = crawl(SourcesConfig(), settings, extra_feeds=[feed_source(f"{site.base}/feed.xml")])
            assert summary.articles == 12
            results[workers] = content(work / "d.db")
    assert results[0] == results[1]
    assert results[1]["claims"]
