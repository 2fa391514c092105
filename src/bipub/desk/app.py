"""The desk's Starlette app: routes, static files, the guard (see `security`).

``create_app(root, host=..., port=..., token=...)`` is what ``bipub desk`` serves
with uvicorn and what the tests drive.  The page is ``static/index.html`` with the
CSRF token put in a ``<meta>`` (the only thing filled in on the server; every
datum is set by ``app.js`` through ``textContent``).
"""

from __future__ import annotations

import contextlib
import html
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bipub.desk import api
from bipub.desk.security import Guard, allowed_hosts, check_serving, new_token
from bipub.desk.suggest import Drafter
from bipub.desk.watch import Watch
from bipub.findings import BipubError

STATIC = Path(__file__).parent / "static"


async def index(request: Request):
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(page.replace("{{csrf}}", html.escape(request.app.state.csrf, quote=True)))


async def _missing(request: Request, exc):
    return JSONResponse({"error": f"no such document: {exc}"}, status_code=404)


async def _bipub_error(request: Request, exc: BipubError):  # a project file the build refuses too
    return JSONResponse({"error": str(exc)}, status_code=422)


async def _http(request: Request, exc: HTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


def _closing(drafter: Drafter):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        drafter.close()  # the engine the desk opened for drafts

    return lifespan


def create_app(root: Path, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None):
    """The desk for the project at ``root`` (opened here so a bad bipub.toml fails at start)."""
    check_serving(host, token)
    watch = Watch(Path(root).resolve())
    watch.project()
    routes = [
        Route("/", index),
        Route("/api/documents", api.documents),
        Route("/api/doc/{name}/segments", api.segments),
        Route("/api/doc/{name}/suggest", api.suggestions),
        Route("/api/doc/{name}/draft", api.mt_draft),
        Route("/api/doc/{name}/unit", api.save_unit, methods=["POST"]),
        Route("/api/doc/{name}/reuse", api.reuse, methods=["POST"]),
        Route("/api/glossary", api.glossary),
        Route("/api/glossary", api.save_term, methods=["POST"]),
        Route("/api/build", api.build_status),
        Route("/api/build", api.start_build, methods=["POST"]),
        Route("/doc/{name}/page", api.page),
        Route("/doc/{name}/pdf", api.pdf),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    drafter = Drafter()
    app = Starlette(routes=routes, exception_handlers={KeyError: _missing, BipubError: _bipub_error,
                                                       HTTPException: _http}, lifespan=_closing(drafter))
    app.state.root = watch.root
    app.state.watch = watch
    app.state.drafter = drafter
    app.state.csrf = new_token()
    app.state.builds = api.Builds()
    guarded = Guard(app, hosts=allowed_hosts(host, port), token=token, csrf=app.state.csrf)
    guarded.state = app.state  # tests and the CLI reach the CSRF token here
    return guarded
