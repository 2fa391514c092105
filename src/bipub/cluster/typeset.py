"""Typesetting on a cluster worker: the output stages of one document, written into a folder of
the worker's own; the files come back to the driver as bytes and the driver writes them.

A worker reads the project at the path the driver sends (the images a figure
shows, the import record the publish gate reads: a shared, read-only folder
on other machines) and writes nothing in it.  A worker killed while
typesetting leaves nothing behind in the project; Dask runs the task again on
another worker.
"""

from __future__ import annotations

import dataclasses
import hashlib
import socket
import tempfile
from pathlib import Path

from bipub.atomic import write_atomic
from bipub.findings import BipubError, Finding, Reporter
from bipub.model import Document
from bipub import paths
from bipub.pipeline import STAGES, OutputPart, Stage
from bipub.project import Project
from bipub.render.options import RenderOptions


def output_stages() -> list[Stage]:
    """The stages that write the outputs (``render``): the workers run them, the driver the others."""
    return [s for s in STAGES if s.part == "output"]


def driver_stages() -> list[Stage]:
    return [s for s in STAGES if s.part != "output"]


@dataclasses.dataclass(frozen=True)
class Typeset:
    """What a worker sends back: the outputs (``output/`` relative name → bytes, in the order
    written) and the findings of the output stages, located as a serial build locates them."""

    files: dict[str, bytes]
    findings: list[Finding]


def seen(project: Project, shown: str) -> dict[str, str | None]:
    """What of the project the output stages read besides the images, as this machine sees it: the
    source ``shown`` and its import record (the publish gate counts its open findings), by content."""
    src = project.root / shown
    return {project.show(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
            for p in (src, src.with_suffix(".import.json"))}


def typeset(project: Project, doc: Document, options: RenderOptions, shown: str,
            driver_sees: dict[str, str | None]) -> Typeset:
    """On a worker: the output stages of ``doc`` (its source shown as ``shown``), once the worker is
    seen to read the project the driver reads (``driver_sees``: `seen` on the driver)."""
    if seen(project, shown) != driver_sees:  # not mounted there, or another copy: the edition could differ
        raise BipubError(f"the worker on {socket.gethostname()} does not see the project at {project.root} as "
                         "this machine does (mount or copy it at the same path: docs/scale.md)", file=shown)
    with tempfile.TemporaryDirectory(prefix="bipub-typeset-") as tmp:
        out = Path(tmp)
        table = dataclasses.replace(project.config.project, output=str(out))
        here = dataclasses.replace(project, config=dataclasses.replace(project.config, project=table))
        part, report = OutputPart(here, options, progress=False), Reporter(shown)
        for stage in output_stages():
            doc = stage.run(doc, part, report)
        files = {paths.shown(w, out): Path(w).read_bytes() for w in part.written}

        def located(f: Finding) -> Finding:  # a file the worker wrote: shown where the driver writes it
            if f.file and Path(f.file).is_absolute() and Path(f.file).is_relative_to(out):
                return dataclasses.replace(f, file=project.show(project.output_dir / paths.shown(f.file, out)))
            return f

        return Typeset(files, [located(f) for f in report.findings])


def write_back(project: Project, typeset: Typeset, part: OutputPart, report: Reporter) -> None:
    """On the driver: the worker's files into ``output/`` (atomically) and its findings into ``report``."""
    project.output_dir.mkdir(parents=True, exist_ok=True)
    for name, data in typeset.files.items():
        path = project.output_dir / name
        write_atomic(path, data)
        part.written.append(project.show(path))
    report.extend(typeset.findings)
