"""CITATION.cff follows CFF 1.2: required keys, the artifact as the citation, the four papers."""

import re

import yaml

from spinbridge import __version__, store
from tests.conftest import REPO

DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")  # CFF 1.2 doi pattern


def test_citation_file_is_cff_12_with_the_four_papers():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff[key], key
    assert cff["type"] == "software"
    assert cff["version"] == __version__
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", str(cff["date-released"]))
    refs = cff["references"]
    assert len(refs) == 4
    for ref in refs:
        assert ref["type"] == "article" and ref["title"] and ref["authors"]
        assert all(("family-names" in a) or ("name" in a) for a in ref["authors"])
        if "doi" in ref:
            assert DOI.match(ref["doi"]), ref["doi"]
    dois = {ref.get("doi") for ref in refs}
    assert {d for d in store.PAPERS.values() if d.startswith("10.")} <= dois
