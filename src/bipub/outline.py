"""The annotated document as text: one readable outline for golden snapshots and debugging.

``outline(doc, findings)`` writes every block and segment in reading order,
with the English and where it came from, and the spans the annotate stage
found (what each must be in English, and the glossary entry or number rule
it came from), then the findings located in the document::

    document demo (source/demo.md) zh-Hans
    s1-b1 paragraph, line 3
      s1-b1-1 line 3: 湖南工业增长8.4%。
        term [0:2] 湖南 -> Hunan (entry 湖南)
        number [6:10] 8.4% -> 8.4 percent (rule percent)
        = Hunan's industry grew by 8.4 percent. [memory, reviewed]
    findings
      source/demo.md:3: warning qa.number-missing: s1-b1-1: …

A golden case compares this text with ``tests/golden/<case>/expected.outline``.
"""

from __future__ import annotations

from bipub.model import Document


def outline(doc: Document, findings=()) -> str:
    lines = [f"document {doc.name} ({doc.path}) {doc.variant}"]
    for block in doc.blocks():
        where = f", line {block.line}" if block.line else ""
        extra = f" level {block.level}" if block.level else ""
        lines.append(f"{block.id} {block.kind}{extra}{where}")
        for seg in block.segments:
            lines.append(f"  {seg.id} line {seg.line}: {seg.source}")
            for sp in seg.spans:
                how = "entry" if sp.kind == "term" else "rule"
                lines.append(f"    {sp.kind} [{sp.start}:{sp.end}] {seg.surface(sp)} -> {sp.target} ({how} {sp.ref})")
            if seg.target is None:
                lines.append("    = (untranslated)")
            else:
                state = f", {seg.state}" if seg.state else ""
                lines.append(f"    = {seg.target} [{seg.origin}{state}]")
    findings = list(findings)
    if findings:
        lines.append("findings")
        lines += [f"  {f.format()}" for f in findings]
    return "\n".join(lines) + "\n"
