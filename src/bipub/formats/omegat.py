"""An OmegaT project folder as a review "format": export writes a folder, import reads one back.

Measured with OmegaT 3.6.0 (Debian ``omegat``), see docs/review.md "## OmegaT":

* the document goes out as ``source/NAME.po``, bipub's own PO export, with the Chinese as
  ``msgid``.  (OmegaT 3.x translates an XLIFF's ``<target>``, so XLIFF shows English as source.)
* a non-fuzzy ``msgstr`` (reviewed, approved English) is filled in as the segment's translation,
  with no author: it is stored in ``omegat/project_save.tmx`` without ``changeid``;
* a ``#, fuzzy`` ``msgstr`` (machine draft, needs review) stays untranslated and is offered as an
  80 % "fuzzy" match in the Fuzzy Matches pane, to insert and confirm;
* ``tm/auto/`` fills segments silently and ``project_save.tmx`` keeps no trace that it did, so
  bipub puts nothing there; ``tm/mt/`` is offered as a 100 % match — bipub does not use it either;
* a translation the editor types or inserts is saved with ``changeid``/``changedate`` (OmegaT's
  author name and the time).

So on import only ``project_save.tmx`` entries that carry ``changeid`` are the editor's work: a
changed English, or a confirmed draft/needs-review unit, becomes ``reviewed`` with OmegaT's author
and date.  Entries without an author (filled from bipub's export, ``tm/auto`` or ``tm/enforce``)
change nothing; one that differs from the export is reported, not imported.  ``target/NAME.po``
(written by "Create Translated Documents") is compared with the project memory and every
difference is reported.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from bipub import __version__
from bipub.atomic import file_mode, write_atomic
from bipub.findings import Finding, InputRefused
from bipub.formats.inline import codes_of, reconcile, untag
from bipub.formats.po import Po
from bipub.formats.unit import TranslationFile, TranslationUnit, iso_utc, tags
from bipub.formats.xmlsafe import children, fail, inline_text, local, parse_xml

PROJECT_FILE = "omegat.project"
SAVE_TMX = "omegat/project_save.tmx"
GLOSSARY = "glossary/bipub-approved.txt"  # read-only for the editor; OmegaT's own additions go to glossary.txt
FUZZY_PREFIX = "[fuzzy]"  # OmegaT's default mark before a best fuzzy match it inserts by itself (wf_explanatoryText)
SOURCE_TOKENIZER = "org.omegat.tokenizer.LuceneSmartChineseTokenizer"
TARGET_TOKENIZER = "org.omegat.tokenizer.LuceneEnglishTokenizer"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_PROJECT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes>
      <mask>**/.svn/**</mask>
      <mask>**/.git/**</mask>
    </source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>{source_tok}</source_tok>
    <target_tok>{target_tok}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
    <external_command></external_command>
  </project>
</omegat>
"""

# skipHeader: without it OmegaT offers the PO header as a segment to translate.
_FILTERS_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="true" ignoreFileContext="false">
    <filter className="org.omegat.filters2.po.PoFilter" enabled="true">
        <files sourceFilenameMask="*.po" targetFilenamePattern="${filename}"/>
        <option name="skipHeader" value="true"/>
        <option name="autoFillInPluralStatement" value="false"/>
    </filter>
</filters>
"""

_README = """Review project written by bipub {version} on {when} for {documents}.

Open this folder in OmegaT 3.6 or later (Project > Open).  One segment is one sentence of the
Chinese (sentence segmentation is off for this project: bipub has already split the text).

* Segments with English already filled in hold the reviewed English from the translation memory.
  Leave them as they are, or correct them.
* Segments without English have a machine draft or an English that needs review.  It is shown in
  the Fuzzy Matches pane, marked "fuzzy".  Insert it (Ctrl+I) or replace the segment with it
  (Ctrl+R), correct it, and move on: that confirms it.  Untranslated segments have no suggestion.
* The Glossary pane shows the approved English of the house glossary ({glossary}).  Renderings
  listed in a comment as FORBIDDEN must not be used.
* Set your name in Options > Team (author): bipub records it as the reviewer of every segment you
  edit or confirm.

When you are done: Project > Save (Ctrl+S), then send back the whole folder (or just {save_tmx}:
the publisher puts it into their copy of this folder).  The publisher imports it with:
    bipub review import FOLDER
"""


# ----------------------------------------------------------------------------- export
class OmegaT:
    """The ``formats.FORMATS`` entry: a project folder, not a file, so ``write``/``read`` instead of dumps/loads."""

    name = "omegat"
    extensions = ("omegat.project",)  # the file that makes a folder an OmegaT project
    folder = True

    @staticmethod
    def sniff(head: bytes) -> bool:
        return False  # a folder is recognised by its omegat.project (is_project), never by a file's start

    @staticmethod
    def is_project(path: Path) -> bool:
        return is_project(path)

    @staticmethod
    def write(docs, out: Path, *, terms=(), pair=None) -> list[Path]:
        return write_project(docs, out, terms=terms, pair=pair)

    @staticmethod
    def read(folder: Path, shown: str) -> tuple[list[TranslationFile], list[Finding]]:
        return read_project(folder, shown)


def write_project(docs: list[tuple[str, str, list[TranslationUnit]]], out: Path, *, terms=(), pair=None) -> list[Path]:
    """Write an OmegaT project for ``docs`` (document path, name, units) into the new folder ``out``.

    ``terms`` are glossary terms (``zh``, ``en``, ``variants``, ``forbidden``, ``status``, ``note``);
    only approved ones go into the glossary.  An existing non-empty ``out`` is refused: it may hold an
    editor's work.  Returns the files written.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputRefused(f"{out}: exists and is not an empty folder; an OmegaT project is written into a new folder "
                           "(an existing one may hold an editor's work): give one with -o")
    source_lang, target_lang = tags(pair)
    files: dict[str, bytes] = {
        PROJECT_FILE: _PROJECT_XML.format(source=source_lang, target=target_lang, source_tok=SOURCE_TOKENIZER,
                                          target_tok=TARGET_TOKENIZER).encode(),
        "omegat/filters.xml": _FILTERS_XML.encode(),
        GLOSSARY: glossary_txt(terms).encode("utf-8"),
    }
    now = datetime.now(timezone.utc)
    exported_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")  # the import's three-way merge: what changed in the memory since
    for document, name, units in docs:
        files[f"source/{name}.po"] = Po.dumps(units, document=document, name=name, pair=pair, exported_at=exported_at)
    when = now.strftime("%Y-%m-%d %H:%M UTC")
    files["README.txt"] = _README.format(version=__version__, when=when, glossary=GLOSSARY, save_tmx=SAVE_TMX,
                                         documents=", ".join(d for d, _, _ in docs)).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    # written beside it, then moved into place whole: a failure half-way leaves no half project to open
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial"))
    try:
        for sub in ("target", "tm", "dictionary"):
            (tmp / sub).mkdir()
        for rel, data in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(tmp / rel, data)
        mode = file_mode(tmp / PROJECT_FILE)  # a new file's mode (umask); mkdtemp made the folder 0700
        os.chmod(tmp, mode | (mode & 0o444) >> 2)  # searchable wherever readable: 0644 -> 0755
        os.replace(tmp, out)  # out is missing or an empty folder
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / rel for rel in files]



def glossary_txt(terms) -> str:
    """OmegaT's tab-separated glossary: ``Chinese<TAB>English<TAB>comment``, approved terms only.

    OmegaT 3.6 offers every line as a suggestion, so forbidden renderings never get a line of their own;
    they are named in the comment after ``FORBIDDEN:``.  Chinese variants get a line each.
    """
    lines = ["# Approved renderings of the bipub house glossary, written by bipub. Do not edit: changes are not read back."]
    for t in terms:
        if t.status != "approved":
            continue
        comment = [t.note] if t.note else []
        if t.forbidden:
            comment.append("FORBIDDEN: " + "; ".join(t.forbidden))
        for zh in (t.zh, *t.variants):
            lines.append("\t".join(_cell(x) for x in (zh, t.en, " — ".join(comment))).rstrip("\t"))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- import
def is_project(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / PROJECT_FILE).is_file()


def read_project(folder: Path, shown: str) -> tuple[list[TranslationFile], list[Finding]]:
    """The editor's work in an OmegaT project folder: one TranslationFile per ``source/*.po``.

    Units are only the ones the editor changed or confirmed (state ``reviewed``, ``by``/``at`` from
    OmegaT); malformed files are refused before anything is returned.
    """
    folder = Path(folder)
    sources = sorted((folder / "source").glob("*.po"))
    if not sources:
        raise InputRefused(f"{shown}/source: no PO file; not a project written by bipub review export --format omegat")
    tmx = folder / SAVE_TMX
    if not tmx.is_file():
        raise InputRefused(f"{shown}/{SAVE_TMX}: missing; open the project in OmegaT and save it (Ctrl+S)")
    save_shown = f"{shown}/{SAVE_TMX}"
    findings: list[Finding] = []
    files: list[TranslationFile] = []
    used: set[int] = set()  # the project memory's entries some exported unit looked up
    for src in sources:
        rel = src.relative_to(folder).as_posix()
        exported = Po.loads(src.read_bytes(), f"{shown}/{rel}")
        if not files:  # the source language as bipub wrote it tells the source <tuv> from the target one
            defaults, alternatives = read_save_tmx(tmx.read_bytes(), save_shown, exported.source_lang or tags()[0])
        rf = TranslationFile(document=exported.document, source_lang=exported.source_lang,
                             target_lang=exported.target_lang, tool="OmegaT", exported_at=exported.exported_at)
        current: dict[str, str | None] = {}  # unit id -> English OmegaT holds for it
        for u in exported.units:
            entry = alternatives.get((src.name, u.id))
            if entry is not None and entry.source.strip() != u.source.strip():  # the id points at another sentence
                findings.append(Finding("review.omegat-mismatch", "error", f"unit {u.id}: an alternative translation "
                                        f"for it holds the Chinese “{_short(entry.source)}”, not its “{_short(u.source)}”; "
                                        f"its English “{_short(entry.text, 60)}” is not imported", save_shown, entry.line))
                used.add(id(entry))  # reported here
                entry = None
            entry = entry or defaults.get(u.source)
            used.add(id(entry))
            if entry is not None and entry.others:  # two Englishes for one segment: no guess
                findings.append(Finding("review.omegat-duplicate", "error", f"unit {u.id}: saved with different "
                                        "English; none is imported: " + "; ".join(
                                            f"line {e.line}: “{_short(e.text, 60)}” by {e.by or 'no author'}"
                                            for e in [entry, *entry.others]), save_shown, entry.others[-1].line))
                used.add(id(entry))  # reported here
                continue
            current[u.id] = _effective(u, entry)
            unit, finding = _judge(u, entry, save_shown)
            if unit is not None:
                rf.units.append(unit)
            if finding is not None:
                findings.append(finding)
        findings += _compare_target(folder / "target" / src.name, f"{shown}/target/{src.name}", current)
        files.append(rf)
    unused = [e for e in [*defaults.values(), *alternatives.values()] if e.by and id(e) not in used]
    if unused:  # a person's work for no exported segment: never dropped in silence
        unused.sort(key=lambda e: e.line)
        findings.append(Finding("review.omegat-unused", "error", f"{len(unused)} translation(s) by a person match no "
                                "segment of the exported documents (a source PO replaced or removed, or another "
                                "project's memory); not imported: " + "; ".join(
                                    f"line {e.line}: “{_short(e.text, 60)}” by {e.by}" for e in unused[:5]),
                                save_shown, unused[0].line))
    return files, findings


class _Entry:
    """One translation in project_save.tmx."""

    def __init__(self, text: str, by: str | None, at: str | None, line: int, source: str = "") -> None:
        self.text, self.by, self.at, self.line, self.source = text, by, at, line, source
        self.others: list[_Entry] = []  # other English saved for the same segment (a merged or team file)

    def add(self, other: "_Entry") -> "_Entry":
        """This entry with ``other``, saved for the same segment: the same English once (with its author)."""
        if other.text == self.text:
            return self if self.by or not other.by else other
        self.others.append(other)
        return self


def read_save_tmx(data: bytes, shown: str, source_lang: str = "zh") -> tuple[dict[str, _Entry], dict[tuple[str, str], _Entry]]:
    """(default translations by source text, alternative translations by (file, msgctxt)) of project_save.tmx."""
    root = parse_xml(data, shown)  # the formats' hardened XML stack: malformed or hostile files are refused
    if local(root) != "tmx":
        raise fail(shown, 1, f"not a TMX file (root element <{local(root)}>)")
    defaults: dict[str, _Entry] = {}
    alternatives: dict[tuple[str, str], _Entry] = {}
    for tu in root.iter("{*}tu"):
        line = tu.sourceline
        src = tgt = None
        for tuv in children(tu, "tuv"):
            lang = (tuv.get("lang") or tuv.get(_XML_LANG) or "").lower()
            if lang.startswith(source_lang.split("-")[0].lower()):
                src = tuv
            else:
                tgt = tuv
        if src is None or tgt is None:
            raise fail(shown, line, f"a <tu> without both a {source_lang} and a target <tuv>")
        entry = _Entry(_seg(tgt), tgt.get("changeid"), _iso(tgt.get("changedate"), shown, line), line,
                       untag(_seg(src))[0])
        props = {p.get("type"): (p.text or "") for p in children(tu, "prop")}
        if "file" in props and ("path" in props or "id" in props):
            where, key = alternatives, (Path(props["file"]).name, props.get("path") or props["id"])
        else:
            where, key = defaults, untag(_seg(src))[0]  # keyed like the exported units: the words without PO tags
        where[key] = where[key].add(entry) if key in where else entry
    return defaults, alternatives


def _seg(tuv) -> str:
    segs = children(tuv, "seg")
    return inline_text(segs[0]) if segs else ""


def _iso(stamp: str | None, shown: str, line: int | None) -> str | None:
    """TMX ``20261130T042523Z`` → ``2026-11-30T04:25:23Z``."""
    at = iso_utc(stamp)
    if stamp and at is None:
        raise fail(shown, line, f"changedate {stamp!r} is not a TMX date (YYYYMMDDThhmmssZ)")
    return at


def _exported_english(u: TranslationUnit) -> str | None:
    """What OmegaT shows as the segment's translation right after export: non-fuzzy English only."""
    return u.target if u.state in ("reviewed", "approved") else None


def _effective(u: TranslationUnit, entry: _Entry | None) -> str | None:
    if entry is not None:
        return untag(entry.text)[0]  # as the translated PO reads back: its emphasis tags are codes
    return _exported_english(u)


def _judge(u: TranslationUnit, entry: _Entry | None, shown: str) -> tuple[TranslationUnit | None, Finding | None]:
    """The unit to import for one exported unit (None: nothing to import), and a finding if any."""
    if entry is None:
        return None, None
    text, codes, problems = untag(entry.text.strip())  # the PO's <b>…</b> tags, typed or kept by the editor
    exported = (u.target or "").strip()
    if not entry.by:
        if text and text != (_exported_english(u) or "").strip():
            return None, Finding(
                "review.omegat-unattributed", "warning",
                f"unit {u.id}: an English without author (OmegaT filled it from a TM such as tm/auto/): "
                f"not imported, as nobody confirmed it", shown, entry.line)
        return None, None  # OmegaT only filled what bipub exported
    if not text:
        return None, Finding("review.omegat-emptied", "info",
                             f"unit {u.id}: {entry.by} left the translation empty; the English in memory is kept",
                             shown, entry.line)
    state, finding = "reviewed", None
    if text.startswith(FUZZY_PREFIX):  # OmegaT's "insert the best fuzzy match" put it there, marked as unconfirmed
        rest = text[len(FUZZY_PREFIX):]
        shift = len(text) - len(rest.lstrip())
        text = rest.strip()
        codes = [replace(c, start=c.start - shift, end=min(len(text), c.end - shift)) for c in codes if c.start >= shift]
        if not text or text == exported:
            return None, Finding("review.omegat-unconfirmed", "info",
                                 f"unit {u.id}: OmegaT inserted the suggestion marked “{FUZZY_PREFIX}” and nobody "
                                 "confirmed it; nothing changes", shown, entry.line)
        state = "needs-review"
        finding = Finding("review.omegat-unconfirmed", "info",
                          f"unit {u.id}: edited but still marked “{FUZZY_PREFIX}” in OmegaT; imported as needs-review",
                          shown, entry.line)
    marks, rest = reconcile(codes_of(u.source, u.source_marks), codes, text)
    if text == exported and u.state in ("reviewed", "approved") and (marks is None or set(marks) == set(
            u.target_marks or ())):
        return None, None  # re-confirmed what was already reviewed: nothing to change
    unit = TranslationUnit(u.id, u.key, u.source, text, state, (), entry.line, u.location, entry.by, entry.at,
                           origin_target=u.origin_target if u.origin_target is not None else (u.target or ""),
                           source_marks=u.source_marks, target_marks=marks, origin_marks=u.origin_marks,
                           problems=tuple(problems + rest))
    return unit, finding


def _compare_target(path: Path, shown: str, current: dict[str, str | None]) -> list[Finding]:
    """Every unit where OmegaT's translated document disagrees with its project memory."""
    if not path.is_file():
        return [Finding("review.omegat-no-target", "info",
                        "no translated document (OmegaT: Project > Create Translated Documents); "
                        "the project memory is imported", shown, None)]
    out = []
    for u in Po.loads(path.read_bytes(), shown).units:
        if u.id in current and (u.target or "") != (current[u.id] or ""):
            out.append(Finding(
                "review.omegat-target-stale", "warning",
                f"unit {u.id}: the translated document says “{_short(u.target or '')}” but the project memory "
                f"says “{_short(current[u.id] or '')}”; the project memory is imported", shown, u.line))
    return out


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
