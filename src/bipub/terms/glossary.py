"""The project glossary: ``glossary/*.tsv`` loaded into one ``Glossary`` and matched.

Precedence is a rule, not the order of file names: the **house** files (every
``*.tsv`` of the folder not named ``imported-*.tsv``) come first, in name order,
then the files ``bipub glossary import`` wrote.  Where a house row and an
imported row give the same Chinese, the house row is the one used, and the
imported row is reported (``checks.cross_findings``).

Matching (``Glossary.match``) compares ``normalize.fold`` forms (full-width →
half-width, Traditional → Simplified, lower case; the length never changes), so
``首臺（套）`` finds ``首台(套)``; listed variants match as their term.  The
longest term wins and matches never overlap; offsets point into the original
text (see ``bipub.terms.matcher``).
"""

from __future__ import annotations

from pathlib import Path

from bipub.findings import Finding
from bipub.paths import shown
from bipub.terms.checks import cross_findings, row_findings
from bipub.terms.matcher import Matcher
from bipub.terms.model import IMPORTED_PREFIX, MAX_TERM_LENGTH, Term, TermMatch, precedence
from bipub.terms.tsv import read_rows
from bipub.terms.keys import GAP, fold_term, squeeze, term_key


def term_keys(term: Term) -> list[str]:
    """The folded forms a term is matched by (its Chinese, then its variants), each once."""
    keys = dict.fromkeys(term_key(s) for s in (term.zh, *term.variants))
    return [k for k in keys if k and len(k) <= MAX_TERM_LENGTH]


class Glossary:
    """The loaded glossary.  ``match`` is the one entry point stages need.

    The matcher is built once, when the Glossary is made.
    """

    def __init__(self, terms: tuple[Term, ...] | list[Term] = ()):
        self.terms: tuple[Term, ...] = tuple(terms)
        index: dict[str, Term] = {}  # folded surface (term or variant) → term; by ``precedence``
        for t in sorted(self.terms, key=precedence):
            for key in term_keys(t):
                index.setdefault(key, t)
        self._index = index
        self._matcher = Matcher(index.items())

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self):
        return iter(self.terms)

    def lookup(self, text: str) -> Term | None:
        """The term whose Chinese (or a variant) is ``text`` after folding."""
        return self._index.get(term_key(text))

    def match(self, text: str) -> list[TermMatch]:
        """Every glossary term in ``text``: longest first, non-overlapping, in text order.

        Of all places where a term (or a variant) occurs after folding, the longest
        is taken first, then the longest that does not overlap it, and so on; of
        two equally long ones the leftmost wins.  ``start``/``end`` index ``text``
        itself (folding keeps the length) and ``surface`` is the text as written there.
        """
        folded = fold_term(text)
        if GAP.search(folded) is None:
            return [TermMatch(s, e, text[s:e], term) for s, e, term in self._matcher.spans(folded)]
        # spaces next to Chinese characters are layout (李　强, 首台 (套)): matched without them,
        # reported at the text as written
        squeezed, where = squeeze(folded)
        return [TermMatch(where[s], where[e - 1] + 1, text[where[s]:where[e - 1] + 1], term)
                for s, e, term in self._matcher.spans(squeezed)]


def glossary_files(directory: Path) -> list[Path]:
    """The ``*.tsv`` files of ``directory`` in precedence order: house files, then imported ones."""
    return sorted(Path(directory).glob("*.tsv"), key=lambda p: (p.name.startswith(IMPORTED_PREFIX), p.name))


def load_glossary(directory: Path, *, label: str | None = None,
                  root: Path | None = None) -> tuple[Glossary, list[Finding]]:
    """Read every ``*.tsv`` in ``directory`` (``glossary_files`` order) into one Glossary.

    A missing directory gives an empty glossary.  Findings name files as
    ``<label>/NAME.tsv`` (``label`` defaults to the directory's own name, so a
    project's ``glossary/`` reports ``glossary/NAME.tsv:LINE``).  A file that resolves outside
    ``root`` (default: the directory itself), a symbolic link leading out of the project, is not
    read: an error finding.
    """
    directory = Path(directory)
    label = directory.name if label is None else label
    terms: list[Term] = []
    findings: list[Finding] = []
    if not directory.is_dir():
        return Glossary(()), findings
    base = Path(root if root is not None else directory).resolve()
    for path in glossary_files(directory):
        name = f"{label}/{path.name}" if label else path.name
        if not path.resolve().is_relative_to(base):
            findings.append(Finding("glossary.outside", "error", "a link to a file outside the project: not read "
                                    "(only project files are read; replace the link with the file itself)", name))
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            findings.append(Finding("glossary.encoding", "error", f"not UTF-8 (byte {raw[exc.start]:#04x}); save the file as UTF-8", name, line))
            continue
        rows, found = read_rows(text, name)
        terms.extend(rows)
        findings.extend(found)
    findings.extend(row_findings(terms))
    findings.extend(cross_findings(terms))
    findings.sort(key=lambda f: (f.file or "", f.line or 0))
    return Glossary(tuple(terms)), findings


def glossary_dir(project: Path, folder: Path | None = None) -> Path:
    """The glossary folder: ``folder`` (the CLI passes ``Project.glossary_dir``, which honours
    ``[project] glossary``), else ``PROJECT/glossary`` (a glossary-only folder without bipub.toml)."""
    return Path(folder) if folder is not None else Path(project) / "glossary"


def load_project_glossary(project: Path, folder: Path | None = None) -> tuple[Glossary, list[Finding]]:
    """``load_glossary`` on the project's glossary folder (see `glossary_dir`), findings named
    relative to the project."""
    folder = glossary_dir(project, folder)
    return load_glossary(folder, label=shown(folder, project), root=project)
