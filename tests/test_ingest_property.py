"""Property: whatever text or bytes come in, the parser returns a Draft that keeps its invariants or raises
IngestError (never another exception, never its 'internal' fallback). Deterministic and modest in size."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.ingest import MAX_BYTES, IngestError, parse_abstract
from evidence.ingest.save import dump_record
from tests.conftest import FIXTURES
from tests.test_ingest import check_invariants

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "abstracts").glob("*.txt"))]
WORDS = [
    "Abstract Number: 12\n", "Meeting: ACR Convergence 2024\n", "Results:", "Methods:", "BACKGROUND:", "PMID: 1",
    "1. J Rheumatol. 2020 Mar;47(3):1-2.", "Disclosures:", "None;", "Pfizer, 2,", "Disclosure of Interests:",
    "patients", "children", "Twenty-three", "nine of ten", "9/10", "(n = 8)", "treated with", "failed", "despite",
    "tofacitinib", "JAK inhibitors", "(", ")", "anti-MDA5", "MDA5-positive", "aged 4 to 15 years", "ages 2, 3",
    "each patient", "improved", "p = .01", "at week 12", "from 2011 to 2020", "controls", "placebo", ".", ",", ";",
    ":", "\n", "\n\n", "é", "γ", "\u2028", "\u00a0", "\t", "0", "-", "/", "%", "Steroid-sparing", "CDASI",
]  # fmt: skip
SETTINGS = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw) -> str:
    """A fixture abstract cut, spliced and salted with random text."""
    text = draw(st.sampled_from(TEXTS))
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    filler = draw(st.text(max_size=80))
    return text[:a] + filler + text[b:]


abstract_soup = st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join)
HEADS = ["Methods: x\nResults: ", "Abstract Number: 1\n\nT\n\nMeeting: M\n\nResults: "]
inputs = st.one_of(
    st.text(max_size=2000),
    st.binary(max_size=2000),
    mutated(),
    abstract_soup,
    st.tuples(st.sampled_from(HEADS), abstract_soup).map("".join),
)


def _check(data: str | bytes) -> None:
    try:
        draft = parse_abstract(data)
    except IngestError as exc:
        assert exc.reason != "internal", exc
        return
    check_invariants(draft)
    dump_record(draft.record)  # always serialisable


@SETTINGS
@given(inputs)
def test_the_parser_raises_nothing_but_ingest_error(data):
    _check(data)


def test_a_large_hostile_text_is_parsed_in_reasonable_time():
    soup = " ".join(WORDS[i % len(WORDS)] for i in range(40_000))
    text = ("Methods: x\nResults: " + soup)[: MAX_BYTES // 2]
    start = time.perf_counter()
    _check(text)
    assert time.perf_counter() - start < 30
