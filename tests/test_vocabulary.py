"""One vocabulary: figure kinds, roles, qualifiers and source kinds are defined once (models.py), and the
database views, metadata.yml and the other stages use the same words and the same groups of roles."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scraper import analyze, db, sources
from scraper.models import (
    DEAL_ROLES,
    INVESTMENT_ROLES,
    NOT_COMPARED_ROLES,
    NOT_DEAL_ROLES,
    FigureKind,
    Qualifier,
    Role,
    SourceKind,
    sql_list,
)

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]
# Words metadata.yml (the site engineer's file) does not list yet: remove one once it is described there.
NOT_IN_METADATA_YET = {"kind": {"price", "statement"}, "role": {"statement"}}


def _listed(description: str) -> set[str]:
    """The words of a description such as 'money, quantity, power or duration'."""
    return {w for w in re.split(r",\s*|\s+or\s+", description.split("(")[0].strip()) if w}


def test_members_equal_the_strings_stored() -> None:
    assert FigureKind.MONEY == "money" and f"{Role.DEAL_VALUE}" == "deal_value" and Qualifier.UP_TO in {"up_to"}
    assert SourceKind.NEWS_SITEMAP == "news-sitemap"
    assert tuple(sources.KINDS) == tuple(SourceKind)


def test_role_groups_partition_the_roles() -> None:
    assert set(DEAL_ROLES) | set(NOT_DEAL_ROLES) | {Role.STATEMENT} == set(Role)
    assert not set(DEAL_ROLES) & set(NOT_DEAL_ROLES)
    assert set(INVESTMENT_ROLES) <= set(DEAL_ROLES)
    assert set(NOT_COMPARED_ROLES) == set(NOT_DEAL_ROLES) - {Role.OTHER}


def test_the_stages_copies_of_the_groups_agree_until_they_import_them() -> None:
    from scraper import claims, deals

    assert set(getattr(claims, "NOT_DEAL_ROLES", NOT_DEAL_ROLES)) == set(NOT_DEAL_ROLES)
    assert set(getattr(deals, "FIGURE_ROLES", DEAL_ROLES)) == set(DEAL_ROLES)
    assert set(getattr(deals, "INVESTMENT_ROLES", INVESTMENT_ROLES)) == set(INVESTMENT_ROLES)
    assert set(getattr(db, "NOT_DEAL_FIGURES", NOT_DEAL_ROLES + (Role.STATEMENT,))) == {*NOT_DEAL_ROLES, Role.STATEMENT}


def test_sql_role_lists_in_metadata_and_views_are_the_not_compared_roles() -> None:
    sql = "\n".join(q["sql"] for q in METADATA["queries"].values())
    found = re.findall(r"role not in (\([^)]*\))", sql) + re.findall(r"role not in (\([^)]*\))",
                                                                      Path(db.__file__).read_text())
    assert found
    for literal in found:
        assert set(re.findall(r"'([^']+)'", literal)) == set(NOT_COMPARED_ROLES), literal
    assert set(re.findall(r"'([^']+)'", sql_list(NOT_COMPARED_ROLES))) == set(NOT_COMPARED_ROLES)


def test_metadata_lists_only_known_words_and_every_word() -> None:
    columns = METADATA["tables"]["claims"]["columns"]
    for column, vocabulary in (("kind", FigureKind), ("role", Role), ("qualifier", Qualifier)):
        listed = _listed(columns[column])
        assert listed <= set(vocabulary), (column, listed - set(vocabulary))
        assert set(vocabulary) - listed <= NOT_IN_METADATA_YET.get(column, set()), column
    listed = _listed(METADATA["tables"]["sources"]["columns"]["kind"])
    assert listed == set(SourceKind)


def test_analyze_speaks_the_vocabulary() -> None:
    result = analyze("Anthropic commits up to $100 billion over 10 years to AWS for 1 GW of Trainium2 capacity, "
                     "about 500,000 chips. Nvidia shares rose to $187.20 per share.")
    assert result["figures"]
    for figure in result["figures"]:
        assert figure["kind"] in set(FigureKind) and figure["qualifier"] in set(Qualifier)
        assert figure["role"] in set(Role)
