"""Errors: one ScraperError base, and every command turns a bad database, file or setting into one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import scraper
from scraper.cli import cli
from scraper.config import ConfigError
from scraper.db import DatabaseError
from scraper.errors import BlockedAddress, FetcherClosed, FetchError, InputError, LockHeld
from scraper.sources import SourcesError

DEAL = ("Microsoft signed a $9 billion agreement with CoreWeave for Nvidia GB300 GPUs, the companies said. "
        "CoreWeave will deliver 100,000 GPUs over five years.")


def test_every_error_is_a_scraper_error_exported_by_the_package() -> None:
    for error in (SourcesError, ConfigError, DatabaseError, FetchError, FetcherClosed, BlockedAddress, InputError,
                  LockHeld):
        assert issubclass(error, scraper.ScraperError), error
    assert not issubclass(ConfigError, SourcesError)
    assert LockHeld.exit_code == 3 and ConfigError.exit_code == 2


def _one_clean_line(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    for word in words:
        assert word in errors[0], result.output


@pytest.fixture
def not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 200)
    return path


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"url": "https://wire.example/a", "title": "Deal", "text": DEAL}) + "\n")
    return path


@pytest.mark.parametrize("command", [["link"], ["digest"], ["check"], ["vacuum"], ["entities", "--unknown"],
                                     ["reprocess", "--archive", "."], ["import", "DOCS"], ["link", "--explain", "x"]])
def test_a_file_that_is_not_a_database_is_one_line_and_exit_2(command, not_a_database: Path, documents: Path,
                                                                tmp_path: Path) -> None:
    args = [str(documents) if a == "DOCS" else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--db", str(not_a_database)])
    _one_clean_line(result, str(not_a_database), "not a database")


def test_crawl_on_a_file_that_is_not_a_database(not_a_database: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(tmp_path / "none.toml"), "--db", str(not_a_database),
                                      "--archive", str(tmp_path / "a"), "--feed", "http://127.0.0.1:1/feed.xml"])
    _one_clean_line(result, "not a database")


@pytest.mark.parametrize("command", [["reprocess", "--archive", ".", "--db", "DB"], ["import", "DOCS", "--db", "DB"],
                                     ["config"], ["run", "--db", "DB"], ["crawl", "--db", "DB"]])
def test_a_bad_setting_is_one_line_naming_the_file_and_key(command, documents: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text("[settings]\nmax_claims = \"many\"\n")
    args = [{"DOCS": str(documents), "DB": str(tmp_path / "d.db")}.get(a, a) for a in command]
    result = CliRunner().invoke(cli, [*args, "--sources", str(sources)])
    _one_clean_line(result, "sources.toml", "max_claims")


@pytest.mark.parametrize("command", [["link"], ["digest"], ["check"], ["vacuum"], ["entities", "--unknown"],
                                     ["link", "--db", "DB"], ["digest", "--db", "DB"]])
@pytest.mark.parametrize("bad", ["[settings]\nmax_claims = \"many\"\n", "[settings\n"])
def test_database_commands_read_the_settings_file_and_a_bad_one_is_one_line(command, bad: str,
                                                                            tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(bad)
    args = [str(tmp_path / "d.db") if a == "DB" else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--sources", str(sources)])
    _one_clean_line(result, "sources.toml", "max_claims" if "many" in bad else "invalid TOML")


@pytest.mark.parametrize("command", [["reprocess", "--archive", "."], ["import", "DOCS"]])
def test_a_bad_sources_file_is_one_line(command, documents: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text("[settings\n")
    args = [str(documents) if a == "DOCS" else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--sources", str(sources), "--db", str(tmp_path / "d.db")])
    _one_clean_line(result, "sources.toml", "invalid TOML")


@pytest.mark.parametrize("make", ["missing", "folder", "empty", "binary"])
def test_a_bad_document_is_one_line(make: str, tmp_path: Path) -> None:
    path = tmp_path / "doc"
    if make == "folder":
        path.mkdir()
    elif make == "empty":
        path.write_text(" \n")
    elif make == "binary":
        path.write_bytes(bytes(range(256)) * 20)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    _one_clean_line(result, str(path))


def test_import_reads_the_settings_file(documents: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f"[settings]\ndb = \"{tmp_path / 'from-settings.db'}\"\nmax_claims = 1\n")
    result = CliRunner().invoke(cli, ["import", str(documents), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-settings.db").exists()
    assert "1 articles, 1 claims" in result.output  # max_claims = 1 of the file

    sources.write_text("[settings]\nrelevance_threshold = 1.0\n")
    result = CliRunner().invoke(cli, ["import", str(documents), "--sources", str(sources),
                                      "--db", str(tmp_path / "strict.db")])
    assert result.exit_code == 0 and "1 articles, 0 claims" in result.output, result.output
    result = CliRunner().invoke(cli, ["import", str(documents), "--sources", str(sources), "--threshold", "0.1",
                                      "--db", str(tmp_path / "option.db")])
    assert result.exit_code == 0 and "1 articles, 0 claims" not in result.output, result.output  # the option wins


def test_reprocess_takes_its_threshold_from_the_settings_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text("[settings]\nrelevance_threshold = 1.0\n")
    (tmp_path / "archive").mkdir()
    result = CliRunner().invoke(cli, ["reprocess", "--sources", str(sources), "--db", str(tmp_path / "d.db"),
                                      "--archive", str(tmp_path / "archive"), "--threshold", "2"])
    _one_clean_line(result, "--threshold", "out of range")


def test_database_commands_take_the_database_of_the_settings_file(documents: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f"[settings]\ndb = \"{tmp_path / 'from-settings.db'}\"\n")
    given = ["--sources", str(sources)]
    assert CliRunner().invoke(cli, ["import", str(documents), *given]).exit_code == 0
    result = CliRunner().invoke(cli, ["link", *given])
    assert result.exit_code == 0 and result.output == "link: 1 deals\n", result.output
    result = CliRunner().invoke(cli, ["digest", *given])
    assert result.exit_code == 0 and result.output.strip() not in ("", "none"), result.output
    for command in (["check"], ["vacuum"], ["entities", "--unknown"]):
        result = CliRunner().invoke(cli, [*command, *given])
        assert result.exit_code == 0, (command, result.output)
        assert "database not found" not in result.output
    # --db still wins over the file
    result = CliRunner().invoke(cli, ["digest", *given, "--db", str(tmp_path / "other.db")])
    assert result.exit_code == 0 and result.output == "none\n", result.output
    result = CliRunner().invoke(cli, ["link", *given, "--db", str(tmp_path / "other.db")])
    assert result.exit_code == 2 and "other.db: database not found" in result.output, result.output
