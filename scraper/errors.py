"""The errors of the project: one `ScraperError` base, so a caller can catch them all in one place.

Every message names what is wrong (the file and line, the key, the database); the command line prints it
as one line, with the exit code of the error (2: a bad file, database or setting; 3: another run holds the
lock), and no traceback. Results of the network are returned as `Fetched.error`, never raised.
"""

from __future__ import annotations


class ScraperError(Exception):
    """Base of every error this project raises on purpose."""

    exit_code = 2  # what the command line exits with


class SourcesError(ScraperError, ValueError):
    """The sources file is missing or invalid, or a feed cannot be read; the message names the file, line or key."""


class ConfigError(ScraperError, ValueError):
    """A setting has a bad value; the message names the file (or the option) and the key."""


class DatabaseError(ScraperError, RuntimeError):
    """The database cannot be opened or written (read-only, full disk, not a database)."""


class InputError(ScraperError, ValueError):
    """A document or input file cannot be read (missing, empty, binary, a folder)."""


class FetchError(ScraperError):
    """Base of the errors fetch.py raises (fetch results are returned, not raised)."""


class FetcherClosed(FetchError):
    """The Fetcher was used outside its `async with` block."""


class BlockedAddress(FetchError):
    """A host resolves to an address the address policy forbids (no request is sent)."""


class LockHeld(ScraperError, RuntimeError):
    """Another run holds the lock of this database."""

    exit_code = 3
