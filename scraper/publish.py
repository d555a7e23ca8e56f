"""Publishing: the Datasette configuration the project serves its database with (`scraper serve`)."""

from __future__ import annotations

from pathlib import Path


def metadata_path(metadata: Path | None) -> Path | None:
    """The metadata file to serve with: the one given, ./metadata.yml, or the project's."""
    if metadata is not None:
        return metadata
    for candidate in (Path("metadata.yml"), Path(__file__).resolve().parent.parent / "metadata.yml"):
        if candidate.exists():
            return candidate
    return None


def datasette_args(db_path: Path, host: str, port: int, metadata: Path | None, *, public: bool = False) -> list[str]:
    """The `datasette serve` arguments for the project's database and configuration."""
    args = ["serve", str(db_path), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "3000", "--setting", "max_returned_rows", "1000",
            "--setting", "suggest_facets", "off", "--setting", "allow_download", "off"]
    meta = metadata_path(metadata)
    if meta is not None:
        args += ["--metadata", str(_metadata_for(db_path, meta))]
    return args


def _metadata_for(db_path: Path, meta: Path) -> Path:
    """metadata.yml describes the database `deals`; serve another file name under the same settings."""
    name = db_path.stem
    if name == "deals":
        return meta
    import tempfile

    import yaml

    data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    if "deals" in databases:
        databases[name] = databases.pop("deals")
    out = Path(tempfile.mkdtemp(prefix="scraper-serve-")) / "metadata.yml"
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out
