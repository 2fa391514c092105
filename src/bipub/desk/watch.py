"""What the desk keeps between requests, and when it reads its files again.

The desk answers from what it computed before as long as none of its inputs
changed: the project (``bipub.toml``), and for a document its source file, its
memory (``translations/NAME.jsonl``) and the glossary files.  An input is
compared by its *stamp* — inode, ``mtime_ns`` and size — so a file replaced
atomically (every write of bipub: memory saves, glossary edits, `bipub build`,
`bipub review import`) is a new inode and always seen, and a file written in
place is seen by its new time or size.  A change made outside the desk while it
is open (a CLI build, a review import, an editor's text editor) is therefore
seen at the next request; nothing is ever served from an input that changed.

Nothing kept here is changed by its users: the documents, reporters and
memories are read, never written (edits go through ``memory_transaction``).
"""

from __future__ import annotations

import threading
from pathlib import Path

from bipub.memory.store import Memory
from bipub.project import Project
from bipub.terms.glossary import Glossary, glossary_files, load_glossary


def stamp(paths) -> tuple:
    """``(path, inode, mtime_ns, size)`` of each path (``(path, None)`` for one that is missing)."""
    out = []
    for p in paths:
        try:
            st = Path(p).stat()
        except FileNotFoundError:
            out.append((str(p), None))
            continue
        out.append((str(p), st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(out)


class Watch:
    """The project, its glossary, memories and checked documents, each kept until its inputs change."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.RLock()
        self._project: tuple[tuple, Project] | None = None
        self._glossary: tuple[tuple, tuple[Glossary, list]] | None = None
        self._memories: dict[Path, tuple[tuple, Memory]] = {}
        self._docs: dict[str, tuple[tuple, object]] = {}

    def project(self) -> Project:
        """``Project.open(root)``, again only when ``bipub.toml`` changed."""
        with self._lock:
            now = stamp([self.root / "bipub.toml"])
            if self._project is None or self._project[0] != now:
                self._project = (now, Project.open(self.root))
            return self._project[1]

    def _glossary_stamp(self, project: Project) -> tuple:
        folder = project.glossary_dir
        return stamp([folder, *glossary_files(folder)]) if folder.is_dir() else stamp([folder])

    def glossary(self, project: Project) -> tuple[Glossary, list]:
        """``load_glossary`` of the project's glossary folder (its findings too)."""
        with self._lock:
            now = (self._glossary_stamp(project), project.glossary_dir)
            if self._glossary is None or self._glossary[0] != now:
                self._glossary = (now, load_glossary(project.glossary_dir))
            return self._glossary[1]

    def memory(self, path: Path) -> Memory:
        """``Memory.load(path)``, kept while the file is unchanged (read only: never ``put`` into it)."""
        with self._lock:
            now = stamp([path])
            kept = self._memories.get(path)
            if kept is None or kept[0] != now:
                kept = self._memories[path] = (now, Memory.load(path))
            return kept[1]

    def document(self, project: Project, src: Path, make):
        """``make()`` (the checked document of ``src``), again only when the project, the source,
        its memory or the glossary changed."""
        with self._lock:
            now = (stamp([project.config_path, src, project.memory_path(src.stem)]), self._glossary_stamp(project))
            kept = self._docs.get(src.stem)
            if kept is None or kept[0] != now:
                kept = self._docs[src.stem] = (now, make())
            return kept[1]
