"""Track AI-infrastructure deals in the news as claims.

The public Python API::

    from scraper import analyze
    result = analyze(text_or_html)   # article -> claims -> deals, no network, no database
"""

from __future__ import annotations

from typing import Any

from .errors import ScraperError

__version__ = "0.1.0"
__all__ = ["ScraperError", "__version__", "analyze"]


def analyze(text_or_html: str) -> dict[str, Any]:
    """Extract the article, companies, chips, figures and deals of one document (the contract: docs/design.md)."""
    from .pipeline import analyze as _analyze

    return _analyze(text_or_html)
