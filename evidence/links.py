"""Outbound links, built one way: DOI and PubMed addresses from validated identifiers, and the one test of an
address that may become a link (plain http(s), no character that could end a Markdown or HTML link)."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters never allowed in an address used as a link (they could close or extend Markdown or HTML markup).
URL_FORBIDDEN = frozenset(" \t\r\n\"'<>()[]{}`\\|^")
_SAFE_URL = re.compile(r"^https?://[^" + re.escape("".join(sorted(URL_FORBIDDEN))) + r"]+$")


def is_safe_url(url: object) -> bool:
    """True for an http(s) address with a host and no markup character: the only addresses shown as links."""
    return isinstance(url, str) and bool(_SAFE_URL.match(url))


def doi_url(doi: str) -> str:
    """The DOI resolver's address for a DOI (validated by the schema's DOI pattern)."""
    return f"https://doi.org/{quote(doi, safe='/')}"


def pubmed_url(pmid: str) -> str:
    """PubMed's address for a PMID (digits only)."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{int(pmid)}/"


def pmc_url(pmcid: str) -> str:
    """PubMed Central's address for a PMCID such as PMC1234567."""
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{quote(pmcid)}/"
