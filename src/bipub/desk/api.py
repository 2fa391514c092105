"""The desk's JSON API and the pages it renders.  Each handler gets the project and its
checked documents from the app's `Watch` (read again when a file changed: a CLI build or
review import made meanwhile is seen) and calls `docs`, `suggest` and `edits`."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bipub.desk import docs, edits, suggest
from bipub.desk.body import Body
from bipub.findings import BipubError
from bipub.pipeline import build
from bipub.project import Project
from bipub.render import WRITERS, RenderOptions, convert_variant, output_stem
from bipub.terms.usage import usage


def project(request: Request) -> Project:
    return request.app.state.watch.project()


def _watch(request: Request):
    return request.app.state.watch


def _doc_name(request: Request, proj: Project) -> str:
    name = request.path_params["name"]
    docs.source_of(proj, name)  # KeyError: 404
    return name


def _err(status: int, message: str, **more) -> JSONResponse:
    return JSONResponse({"error": message, **more}, status_code=status)


async def documents(request: Request):
    proj = project(request)
    return JSONResponse({"project": proj.config.project.name,
                         "documents": docs.documents(proj, _watch(request)), "build": request.app.state.builds.status()})


async def segments(request: Request):
    proj = project(request)
    return JSONResponse(docs.segments(proj, _doc_name(request, proj), _watch(request)))


async def suggestions(request: Request):
    proj = project(request)
    _doc_name(request, proj)
    q = request.query_params
    return JSONResponse({"memory": suggest.memory_suggestions(proj, _watch(request), q.get("key", ""), q.get("zh", ""))})


async def mt_draft(request: Request):
    """The machine draft of segment ``?id=`` (its spans from the checked document), or why there is none."""
    proj = project(request)
    name = _doc_name(request, proj)
    doc, _, _ = docs.checked(proj, name, _watch(request))
    seg = next((s for s in doc.segments() if s.id == request.query_params.get("id")), None)
    if seg is None:
        return _err(404, "no such segment; reload")
    return JSONResponse(await request.app.state.drafter.draft(proj, seg))


async def _edit_request(request: Request):
    """(project, document name, JSON body, segment) of an edit, or the 409 to answer when the
    segment (``id`` with its ``key``) is no longer in the source."""
    proj = project(request)
    name = _doc_name(request, proj)
    body = await Body.read(request)
    seg = next((s for s in docs.segments(proj, name, _watch(request))["segments"] if s["id"] == body.text("id")), None)
    if seg is None or seg["key"] != body.text("key"):
        return _err(409, "this segment is no longer in the source (it was edited); reload", theirs=None, gone=True)
    return proj, name, body, seg


def _base(body: Body) -> dict | None:
    """The version an edit is based on (``None``: there was no unit)."""
    base = body.obj("base")
    return base.data if base else None


def _where(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def save_unit(request: Request):
    target = await _edit_request(request)
    if not isinstance(target, tuple):
        return target
    proj, name, body, seg = target
    try:
        unit = edits.save_unit(proj, name, seg, en=body.text("en"), state=body.text("state"), base=_base(body),
                               editor=body.text("editor"), where=_where(request), via=body.text("via"))
    except edits.Conflict as c:
        return _err(409, str(c), theirs=c.theirs, mine={"en": body.text("en"), "state": body.text("state")})
    except edits.Refused as r:
        return _err(422, str(r))
    return JSONResponse({"unit": docs.unit_json(unit)})


async def reuse(request: Request):
    """Apply a memory suggestion (``from_doc``, ``from_key``) as the build's fuzzy reuse does."""
    target = await _edit_request(request)
    if not isinstance(target, tuple):
        return target
    proj, name, body, seg = target
    found = suggest.find_reuse(proj, _watch(request), seg, body.text("from_doc"), body.text("from_key"))
    if found is None:
        return _err(422, "that unit is no suggestion for this segment (any more); reload")
    try:
        unit = edits.reuse_unit(proj, name, seg, found=found, base=_base(body),
                                editor=body.text("editor"), where=_where(request))
    except edits.Conflict as c:
        return _err(409, str(c), theirs=c.theirs, mine={"en": found[2].target, "state": "needs-review"})
    except edits.Refused as r:
        return _err(422, str(r))
    return JSONResponse({"unit": docs.unit_json(unit)})


async def glossary(request: Request):
    proj = project(request)
    q = request.query_params.get("q", "").strip().lower()
    glossary, findings = _watch(request).glossary(proj)
    use = usage(proj.root, glossary, proj.sources()).uses
    rows = []
    for t in glossary.terms:
        if q and not any(q in v.lower() for v in (t.zh, t.en, t.note, *t.variants)):
            continue
        row = edits.term_json(proj, t)
        u = use.get(t)
        row["uses"] = [f"{f}:{n}" for f, n in (u.locs if u else [])]
        row["inside"] = [f"{f}:{n}" for f, n in (u.inside_locs if u else [])]
        rows.append(row)
    return JSONResponse({"terms": rows, "files": [p.name for p in edits.house_files(proj)],
                         "findings": [f.to_json() for f in findings]})


async def save_term(request: Request):
    proj = project(request)
    body = await Body.read(request)
    fields = body.obj("term") or Body({})
    term = {k: fields.text(k).strip() for k in ("zh", "en", "variants", "forbidden", "status", "type", "note")}
    old_en = body.text("old_en")
    try:
        result = edits.edit_term(proj, file=body.text("file"), line=body.line("line"),
                                 base=body.text("base") if body.data.get("base") is not None else None, term=term)
    except edits.Conflict as c:
        return _err(409, str(c), theirs=c.theirs)
    except edits.Refused as r:
        return _err(422, str(r), findings=r.findings)
    result["old_renderings"] = edits.old_renderings(proj, term, old_en)
    return JSONResponse(result)


async def page(request: Request):
    """The parallel HTML page of the document, rendered into memory (anchors are segment ids)."""
    proj = project(request)
    return Response(_render(proj, _watch(request), _doc_name(request, proj), "html", ".html"), media_type="text/html")


async def pdf(request: Request):
    proj = project(request)
    name = _doc_name(request, proj)
    return Response(_render(proj, _watch(request), name, "pdf", ".pdf"), media_type="application/pdf",
                    headers={"content-disposition": _inline(f"{name}.pdf")})


def _inline(filename: str) -> str:
    """``Content-Disposition`` for ``filename`` (``政府工作报告.pdf``): an ASCII name for old clients and the
    UTF-8 one (RFC 6266); a header is Latin-1, so the name as it is failed (500) for a Chinese name."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _render(proj: Project, watch, name: str, writer: str, suffix: str) -> bytes:
    doc, _, _ = docs.checked(proj, name, watch)
    cfg = proj.config.build
    opts = RenderOptions(variant=cfg.variant, hant_config=cfg.hant_config, tagged_pdf=cfg.tagged_pdf,
                         page_size=cfg.page_size, base_dir=docs.source_of(proj, name).parent, root=proj.root)
    with tempfile.TemporaryDirectory() as tmp:
        WRITERS.get(writer).write(convert_variant(doc, opts), opts, Path(tmp))
        return (Path(tmp) / (output_stem(doc.name, opts) + suffix)).read_bytes()


async def start_build(request: Request):
    if not request.app.state.builds.start(request.app.state.root):
        return _err(409, "a build is running; wait for it")
    return JSONResponse(request.app.state.builds.status(), status_code=202)


async def build_status(request: Request):
    return JSONResponse(request.app.state.builds.status())


class Builds:
    """`bipub build` in a thread, one at a time; its outcome for the page to show."""

    def __init__(self):
        self._lock = threading.Lock()
        self.state = {"running": False, "started": None, "finished": None, "ok": None, "summary": ""}

    def status(self) -> dict:
        return dict(self.state)

    def start(self, root: Path) -> bool:
        if not self._lock.acquire(blocking=False):
            return False
        self.state = {"running": True, "started": time.time(), "finished": None, "ok": None, "summary": "building…"}
        threading.Thread(target=self._run, args=(root,), daemon=True).start()
        return True

    def _run(self, root: Path) -> None:
        try:
            result = build(Project.open(root), progress=False)
            findings = result.all_findings()
            errors = [f for f in findings if f.severity == "error"]
            counts = ", ".join(f"{k} {v}" for k, v in result.counts().items())
            self.state.update(ok=not errors, summary=f"{counts}; {len(errors)} errors, "
                              f"{sum(f.severity == 'warning' for f in findings)} warnings"
                              + "".join(f"\n{f.format()}" for f in errors[:10]))
        except (BipubError, OSError) as e:
            self.state.update(ok=False, summary=f"build failed: {e}")
        finally:
            self.state.update(running=False, finished=time.time())
            self._lock.release()
