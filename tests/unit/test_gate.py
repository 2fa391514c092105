"""The publish gate on small documents: what blocks an edition, and what never does."""

from __future__ import annotations

from bipub.findings import Finding
from bipub.gate import assess, count_states
from bipub.model import Block, Document, Section, Segment


def doc(*segs: Segment) -> Document:
    return Document("d", "source/d.md", {}, sections=(Section("s1", None, (Block("paragraph", "s1-b1", segs),)),))


def seg(n: int, origin: str = "memory", state: str | None = "reviewed", target: str | None = "English.") -> Segment:
    return Segment(f"s1-b1-{n}", f"k{n}", "中文。", target, origin, state if origin == "memory" else None, n)


def codes(verdict) -> list[str]:
    return [r.code for r in verdict.reasons]


def test_reviewed_and_approved_english_is_publishable_with_no_mark():
    v = assess(doc(seg(1), seg(2, state="approved")), [])
    assert v.publishable and v.mark == "" and v.reasons == ()
    assert v.states == {"approved": 1, "reviewed": 1, "needs-review": 0, "draft": 0, "untranslated": 0}


def test_each_kind_of_unfinished_english_is_a_reason():
    d = doc(seg(1, state="needs-review"), seg(2, origin="untranslated", target=None),
            seg(3, origin="pseudo", target="[PSEUDO]"), seg(4, origin="mt"), seg(5, origin="cache"))
    v = assess(d, [])
    assert codes(v) == ["untranslated", "pseudo", "needs-review", "machine"]
    assert [r.count for r in v.reasons] == [1, 1, 1, 2]
    assert not v.publishable and v.mark == "draft"
    assert count_states(d) == {"approved": 0, "reviewed": 0, "needs-review": 1, "draft": 2, "untranslated": 2}


def test_machine_translation_the_project_allows_is_publishable_and_marked():
    v = assess(doc(seg(1), seg(2, origin="mt")), [], allow_machine=True)
    assert v.publishable and v.mark == "machine" and v.machine == 1


def test_allowed_machine_translation_still_needs_its_figures():
    lost = Finding("mt.number-lost", "warning", "8.6% was lost and put back", "source/d.md", 2, "s1-b1-2")
    v = assess(doc(seg(1, origin="mt")), [lost], allow_machine=True)
    assert codes(v) == ["checks"] and "mt.number-lost" in v.reasons[0].message


def test_failed_number_and_term_checks_block_but_advice_does_not():
    advice = [Finding("qa.length-ratio", "warning", "long"), Finding("glossary.unused-term", "info", "unused"),
              Finding("qa.term-proposed", "info", "proposed"), Finding("memory.number-repair", "warning", "x")]
    assert assess(doc(seg(1)), advice).publishable
    failed = [Finding("qa.number-missing", "warning", "8.6%"), Finding("qa.term-forbidden", "warning", "x"),
              Finding("qa.number-extra", "warning", "37")]
    v = assess(doc(seg(1)), advice + failed)
    assert codes(v) == ["checks"] and v.reasons[0].count == 3


def test_errors_fonts_and_open_import_findings_block():
    found = [Finding("render.fonts-missing", "error", "no font covers 䶮"), Finding("build.write-error", "error", "x")]
    v = assess(doc(seg(1)), found, import_open=[{"code": "import.digit-break", "severity": "error", "line": 57}])
    assert codes(v) == ["fonts", "errors", "import"]
    assert "bipub import --handled" in v.reasons[-1].message


def test_the_verdict_in_the_report():
    out = assess(doc(seg(1, state="needs-review")), []).to_json()
    assert out["publishable"] is False and out["reasons"][0]["code"] == "needs-review"
    assert out["states"]["needs-review"] == 1
