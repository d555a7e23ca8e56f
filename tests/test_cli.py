"""The command line: analyze, bad input, bad sources files, help."""

from __future__ import annotations

import json
import subprocess
import sys

import sqlite_utils
from click.testing import CliRunner

from conftest import ROOT
from scraper.cli import cli

SEED_002 = """Meta and AWS Announce Multi-Billion Dollar Expansion for Graviton-Powered AI.
Meta and Amazon Web Services (AWS) have announced a massive, multi-year, multi-billion dollar partnership. Under this agreement, Meta will integrate AWS's custom-built Graviton CPU chips into its global AI infrastructure at a scale of tens of millions of cores, marking a significant expansion in the collaboration between the two tech giants.
Graviton 5 is specifically engineered to handle these complex, real-time "inference" and "post-training" workloads more efficiently than traditional setups.
3nm Architecture: Built on the latest 3-nanometer process node.
Performance Boost: Delivers 25% better performance compared to its predecessor.
Google Injects $40B into Anthropic to Supercharge AI Infrastructure.
Source: Amazon
"""


def test_analyze_prints_the_contract(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(SEED_002)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"article", "is_deal", "companies", "chips", "figures", "deals"}
    assert set(data["article"]) >= {"title", "text", "published", "modified", "author", "outlet", "language",
                                    "canonical_url"}
    assert data["article"]["text"] == SEED_002
    assert data["is_deal"] is True
    assert data["chips"] == ["Graviton5"]
    for fig in data["figures"]:
        assert SEED_002[fig["start"]:fig["end"]] == fig["text"]
    cores = [f for f in data["figures"] if f["unit"] == "cores"]
    assert cores[0]["value"] == 1e7 and cores[0]["qualifier"] == "order_of_magnitude"
    # The trailing "Google Injects $40B into Anthropic" headline is a teaser for another story.
    assert not any(f["usd"] == 4e10 for f in data["figures"])
    assert [sorted(d["parties"]) for d in data["deals"]] == [["Amazon", "Meta"]]


def test_analyze_reads_standard_input():
    result = CliRunner().invoke(cli, ["analyze", "-"], input="Microsoft is investing $10 billion in OpenAI.")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["figures"][0]["usd"] == 1e10 and data["figures"][0]["role"] == "investment"


def test_analyze_refuses_bad_input(tmp_path):
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 50)
    for args, message in ((["analyze", str(empty)], "empty input"),
                          (["analyze", str(binary)], "binary"),
                          (["analyze", str(tmp_path / "missing.txt")], "no such file")):
        result = runner.invoke(cli, args)
        assert result.exit_code != 0
        assert message in result.output, result.output


def test_malformed_sources_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nurl = "https://example.com/feed"\nkind = rss\n')
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(bad), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2
    assert str(bad) in result.output and "line 4" in result.output


def test_missing_sources_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--sources", str(tmp_path / "nope.toml"), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2
    assert "nope.toml: file not found" in result.output


def test_invalid_source_entry_names_the_key(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nurl = "ftp://example.com/feed"\n')
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(bad), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "source 'x': url must start with http" in result.output


def test_bundled_sources_file_is_valid():
    from scraper.sources import load_sources

    config = load_sources(ROOT / "data" / "sources.toml")
    assert len(config.sources) >= 20
    assert len({s.url for s in config.sources}) == len(config.sources)


def test_python_dash_m_and_every_command_has_help():
    out = subprocess.run([sys.executable, "-m", "scraper", "--help"], capture_output=True, text=True, check=True)
    for command in ("run", "crawl", "reprocess", "import", "analyze", "serve", "demo", "link"):
        assert command in out.stdout
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_demo_no_serve_builds_the_database(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--db", str(tmp_path / "demo.db"),
                                      "--archive", str(tmp_path / "archive"),
                                      "--sample", str(ROOT / "data" / "sample")])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "demo.db")
    assert db["deals"].count >= 3 and db["articles"].count == 2
    assert list((tmp_path / "archive").glob("*.warc.gz"))


def test_import_jsonl_runs_the_pipeline(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join([
        json.dumps({"url": "https://example.com/a", "text": "Microsoft is investing $10 billion in OpenAI.",
                    "published": "2023-01-23", "outlet": "Example"}),
        "not json",
        json.dumps({"url": "https://example.org/b", "text": "Microsoft Corp is investing US$10 billion in OpenAI.",
                    "published": "2023-01-24", "outlet": "Other"}),
    ]) + "\n")
    result = CliRunner().invoke(cli, ["import", str(docs), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output and "1 bad lines" in result.output
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "d.db")
    deals = list(db.query("select * from deals"))
    assert len(deals) == 1 and deals[0]["outlets"] == 2 and deals[0]["usd"] == 1e10
    again = CliRunner().invoke(cli, ["import", str(docs), "--db", str(tmp_path / "d.db")])
    assert again.exit_code == 0
    assert db["claims"].count == 2 and db["deals"].count == 1


def test_the_stored_claims_grouping_reads_carry_each_rounds_valuation(tmp_path):
    from scraper import db as store
    from scraper.deals import _reports

    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"url": "https://example.com/a", "published": "2026-03-10", "outlet": "Wire",
                                "text": "Tallow AI raised $600 million from Accel. The round values the company at "
                                        "$7.4 billion."}) + "\n")
    result = CliRunner().invoke(cli, ["import", str(docs), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    claims = store.load_claims(store.open_db(tmp_path / "d.db"))
    assert [c.figure.value for c in claims if c.role == "valuation"] == [7.4e9]
    [report] = _reports(claims)
    assert [a.value for a in report.valuations] == [7.4e9]


def test_a_deal_told_in_megawatts_and_gigawatts_is_not_disputed(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(doc) for doc in [
        {"url": "https://example.com/a", "published": "2026-02-03", "outlet": "Grid Wire",
         "text": "Vistra signed a 20-year power purchase agreement to sell Meta 1,920 MW from its Ohio nuclear plants."},
        {"url": "https://example.org/b", "published": "2026-02-04", "outlet": "Power Weekly",
         "text": "Meta will buy 1.92 GW of nuclear power over 20 years from Vistra's Ohio plants through 2046, Vistra "
                 "said."},
    ]) + "\n")
    result = CliRunner().invoke(cli, ["import", str(docs), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(tmp_path / "d.db")
    deals = list(db.query("select * from deals"))
    assert len(deals) == 1 and deals[0]["outlets"] == 2 and not deals[0]["disputed"]
    # the capacity as the first outlet worded it
    assert (deals[0]["quantity"], deals[0]["quantity_unit"], deals[0]["quantity_text"]) == (1920, "MW", "1,920 MW")
    # each outlet's figures agree with the consensus in its units; the end year is no term to check
    outlets = {row["outlet"]: row for row in db.query("select * from outlets")}
    assert all(outlets[o]["figures_checked"] >= 1 and outlets[o]["percent_within_consensus"] == 100.0
               for o in ("Grid Wire", "Power Weekly"))
    assert not db["outlier_claims"].exists() or db["outlier_claims"].count == 0


def test_irrelevant_documents_keep_a_short_row_and_no_claims(tmp_path):
    import sqlite_utils

    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join([
        json.dumps({"url": "https://example.com/park", "title": "Council approves park budget",
                    "text": "The city council approved a budget of $2 million for the riverside park on Tuesday. "
                            "Work on the playground starts in spring, the mayor said."}),
        json.dumps({"url": "https://example.com/deal", "title": "Microsoft invests in OpenAI",
                    "text": "Microsoft is investing $10 billion in OpenAI, the companies said."}),
    ]) + "\n")
    result = CliRunner().invoke(cli, ["import", str(docs), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(tmp_path / "d.db")
    park = next(db.query("select * from articles where url = 'https://example.com/park'"))
    assert park["relevance"] < 0.3 and park["text"] == "" and park["title"] == "Council approves park budget"
    assert json.loads(park["relevance_reasons"]) is not None
    assert not list(db.query("select * from claims where article_id = ?", [park["id"]]))
    deal = next(db.query("select * from articles where url = 'https://example.com/deal'"))
    assert deal["relevance"] >= 0.3 and db["claims"].count == 1


def test_publish_prints_the_datasette_publish_command(tmp_path, sample_db):
    from click.testing import CliRunner

    from scraper.cli import cli

    result = CliRunner().invoke(cli, ["publish", "cloudrun", "--db", str(sample_db), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    command = result.output.strip()
    assert command.startswith("datasette publish cloudrun ")
    for part in ("--template-dir", "--plugins-dir", "--install datasette-atom", "sql_time_limit_ms"):
        assert part in command
    assert (tmp_path / "build" / "metadata-public.yml").exists()
