"""``bipub import``: what a newsroom receives → clean Markdown source + findings.

    result = import_text(data, name="raw.txt")      # pure: bytes in, result out
    result = import_file(Path("report.docx"))       # writes source/report.md and source/report.import.json

One reader per input format, in the registry ``READERS`` (see ``intake.py`` for
the interface): Word/WPS ``.docx``, text PDFs, saved web pages, Markdown (bipub's
own sources and scraped copies), and loose text in any common encoding.  Every
reader gives the same pieces, findings and front matter; ``run.py`` holds the
stages after it.  Figures are sacred: every import ends with the number check
(``figures.py``) and states its result.
"""

from __future__ import annotations

import importlib

from bipub.findings import Finding

#: the package's names, imported when first used: a build imports only ``importer.handled`` (the
#: publish gate reads the handled marks), not the readers and their compiled patterns (~0.1 s)
_LAZY = {"ImportRefused": "bipub.importer.decode", "default_output": "bipub.importer.files",
         "import_file": "bipub.importer.files", "READERS": "bipub.importer.readers",
         "ImportResult": "bipub.importer.run", "import_text": "bipub.importer.run"}

__all__ = ["READERS", "ImportResult", "ImportRefused", "import_text", "import_file", "default_output", "exit_code"]


def exit_code(findings: list[Finding]) -> int:
    """0 when the source was written, 1 when there are also findings of severity ``error``."""
    findings = getattr(findings, "findings", findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
