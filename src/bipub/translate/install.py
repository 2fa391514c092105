"""Installing an Argos package file safely (``bipub models install``).

A package file is checked before anything is written: a zip of one folder with
safe names, the required files, zh→en metadata, and within the limits below
(the archive, the number of entries, the unpacked size and how far it
decompresses: a 2 MB file that unpacks to 2 GB is refused before it is
unpacked, and the sizes are enforced again while unpacking).

Layout of the packages folder (``PKGS``)::

    PKGS/translate-zh_en            a symlink, the name the metadata gives (never the archive's folder name)
    PKGS/.bipub-pkg-translate-zh_en-1.9-XXXX/   the package it points to
    PKGS/.bipub-install.lock        held while installing: concurrent installs wait their turn
    PKGS/.bipub-install-XXXX/       staging of an install under way

The package is unpacked into staging, loaded once (tokenizer and model), moved
to its hidden version folder, and the visible name is switched to it with ONE
atomic rename of a symlink: a build running meanwhile sees the old package or
the new one, never none.  The next install removes staging left by an
interrupted one and version folders no name points to (the previous version
stays until then, so a build that opened it keeps working); any run that lists
packages removes staging when no install is under way.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from bipub.findings import BipubError
from bipub.translate.pkginfo import _TEMP_PREFIX, PackageInfo, _info, _is_zh

#: a package file larger than this is refused (the zh→en model is about 100 MB)
MAX_ARCHIVE_BYTES = 1 << 30
#: everything a package unpacks to, at most
MAX_UNPACKED_BYTES = 2 << 30
#: entries in the archive, at most
MAX_ENTRIES = 10_000
#: how much larger than the archive its content may be (model weights barely compress; bombs do)
MAX_RATIO = 20
_RATIO_FLOOR = 64 << 20  # below this unpacked size the ratio is not checked (small text files)
_VERSION_DIR = ".bipub-pkg-"
_LOCK = ".bipub-install.lock"
_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*")
_VOCABULARIES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)


def folder_name(meta: dict, where: str) -> str:
    """``translate-FROM_TO`` from the checked metadata: the only name a package is installed under."""
    codes = [meta.get("from_code"), meta.get("to_code")]
    if not all(isinstance(c, str) and _CODE.fullmatch(c) for c in codes):
        raise BipubError(f"{where}: metadata.json language codes {codes!r} are not language codes")
    return f"translate-{codes[0]}_{codes[1]}"


def _version(meta: dict) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(meta.get("package_version") or "0"))[:40] or "0"


def _limits(where: str, archive: Path, infos: list[zipfile.ZipInfo]) -> None:
    size = archive.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise BipubError(f"{where}: {size / 2**20:.0f} MB; a package file may be at most {MAX_ARCHIVE_BYTES >> 20} MB")
    if len(infos) > MAX_ENTRIES:
        raise BipubError(f"{where}: {len(infos)} files in the archive; at most {MAX_ENTRIES}")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BipubError(f"{where}: unpacks to {unpacked / 2**20:.0f} MB; at most {MAX_UNPACKED_BYTES >> 20} MB")
    if unpacked > _RATIO_FLOOR and unpacked > MAX_RATIO * max(size, 1):
        raise BipubError(f"{where}: unpacks to {unpacked / 2**20:.0f} MB from {size / 2**20:.1f} MB "
                         f"({unpacked // max(size, 1)} times; a model package is at most {MAX_RATIO} times): refused")


def check_archive(archive: Path) -> tuple[str, dict]:
    """Check the zip without extracting: limits, one top folder, safe names, the required files, zh→en metadata.

    Returns the top folder name and the parsed metadata.
    """
    where = str(archive)
    if not archive.is_file():
        raise BipubError(f"{where}: no such file")
    if not zipfile.is_zipfile(archive):
        raise BipubError(f"{where}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            _limits(where, archive, infos)
            names = [i.filename for i in infos]
            tops: set[str] = set()
            for name in names:
                p = PurePosixPath(name.replace("\\", "/"))
                if p.is_absolute() or ".." in p.parts or not p.parts or "\x00" in name:
                    raise BipubError(f"{where}: unsafe path {name!r} in the archive")
                tops.add(p.parts[0])
            if len(tops) != 1:
                raise BipubError(f"{where}: an Argos package holds exactly one top folder, found {len(tops)} "
                                 f"({', '.join(sorted(tops)[:4])})")
            top = tops.pop()
            files = {str(PurePosixPath(n.replace('\\', '/'))) for n in names if not n.endswith("/")}
            meta_name = f"{top}/metadata.json"
            if meta_name not in files:
                raise BipubError(f"{where}: no {meta_name} in the archive")
            if zf.getinfo(meta_name).file_size > 1 << 20:
                raise BipubError(f"{where}: {meta_name} is larger than 1 MB")
            try:
                meta = json.loads(zf.read(meta_name).decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise BipubError(f"{where}: {meta_name} is not valid JSON ({exc})") from exc
    except zipfile.BadZipFile as exc:
        raise BipubError(f"{where}: corrupt archive ({exc})") from exc
    if not isinstance(meta, dict):
        raise BipubError(f"{where}: {meta_name} must hold a JSON object")
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not (_is_zh(from_code) and to_code == "en"):
        raise BipubError(f"{where}: this package translates {from_code}→{to_code}; bipub needs a zh→en package")
    folder_name(meta, where)
    if f"{top}/model/model.bin" not in files:
        raise BipubError(f"{where}: no CTranslate2 model ({top}/model/model.bin) in the archive")
    if not any(all(f"{top}/model/{v}" in files for v in group) for group in _VOCABULARIES):
        raise BipubError(f"{where}: the CTranslate2 model in {top}/model/ has no vocabulary file")
    if f"{top}/sentencepiece.model" not in files:
        hint = " (BPE packages are not supported)" if f"{top}/bpe.model" in files else ""
        raise BipubError(f"{where}: no tokenizer ({top}/sentencepiece.model) in the archive{hint}")
    return top, meta


def _extract(archive: Path, dest: Path) -> None:
    """Unpack with the sizes enforced as bytes arrive (a header may lie about them); CRCs are checked."""
    total = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                target = dest.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        total += len(chunk)
                        if written > info.file_size or total > MAX_UNPACKED_BYTES:
                            raise BipubError(f"{archive}: {info.filename} unpacks to more than the archive "
                                             "declares: refused")
                        out.write(chunk)
    except (OSError, zipfile.BadZipFile) as exc:  # a bad CRC is a BadZipFile
        raise BipubError(f"{archive}: cannot extract ({exc})") from exc


def _check_extracted(archive: Path, folder: Path) -> None:
    """Load the tokenizer and the model once: catches files that unzip but are not what they claim."""
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except Exception as exc:  # sentencepiece raises OSError/RuntimeError depending on the damage
        raise BipubError(f"{archive}: sentencepiece.model is not a SentencePiece model ({_first_line(exc)})") from exc
    import bipub.translate.ct2  # noqa: F401  (sets CT2_USE_MKL=0 before ctranslate2 runs anything)
    import ctranslate2

    model_dir = folder / "model"
    if not ctranslate2.contains_model(str(model_dir)):
        raise BipubError(f"{archive}: model/ is not a CTranslate2 model")
    try:
        translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="default",
                                            inter_threads=1, intra_threads=1)
        del translator
    except Exception as exc:
        raise BipubError(f"{archive}: the CTranslate2 model does not load ({_first_line(exc)})") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def install_lock(directory: Path, *, wait: bool = True):
    """Hold the packages folder's install lock; yields False (without waiting) when ``wait`` is off and it is taken."""
    try:
        fd = os.open(directory / _LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if not wait:  # a read-only shared folder: nothing to clean, nothing to install
            yield False
            return
        raise BipubError(f"{directory}: cannot lock the packages folder ({exc.strerror})") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def clean(directory: Path, *, versions: bool) -> None:
    """Remove staging (``.bipub-install-*``) and, with ``versions``, version folders no name points to.
    Call with the install lock held."""
    try:
        entries = list(Path(directory).iterdir())
    except OSError:
        return
    used = {os.readlink(p) for p in entries if p.is_symlink()}
    for p in entries:
        stale = p.name.startswith(_TEMP_PREFIX) or (versions and p.name.startswith(_VERSION_DIR) and p.name not in used)
        if not stale:
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def install_file(archive: Path, directory: Path) -> PackageInfo:
    """Install a ``.argosmodel`` file into ``directory`` and describe the installed package.

    Checked first (:func:`check_archive`), unpacked into staging and loaded once,
    then switched into place by one rename (see the module docstring).  Any
    problem raises :class:`BipubError` with a one-line message and leaves the
    installed packages as they were.
    """
    archive = Path(archive)
    directory = Path(directory)
    top, meta = check_archive(archive)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BipubError(f"{directory}: cannot create the packages folder ({exc.strerror})") from exc
    with install_lock(directory):
        clean(directory, versions=True)
        return install_locked(archive, directory, top, meta)


def install_locked(archive: Path, directory: Path, top: str, meta: dict) -> PackageInfo:
    """:func:`install_file` once the archive is checked and the install lock is held."""
    name = folder_name(meta, str(archive))
    tmp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=directory))
    try:
        _extract(archive, tmp)
        _check_extracted(archive, tmp / top)
        version_dir = directory / f"{_VERSION_DIR}{name}-{_version(meta)}-{secrets.token_hex(4)}"
        os.rename(tmp / top, version_dir)
        link = tmp / "link"
        os.symlink(version_dir.name, link)
        _switch(link, directory / name, directory)
    except OSError as exc:
        raise BipubError(f"{directory / name}: cannot move the package into place ({exc.strerror})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from argostranslate.package import Package

    return _info(Package(directory / name), directory / name)


def _switch(link: Path, target: Path, directory: Path) -> None:
    """Make ``target`` the symlink ``link``: one atomic rename.  A real folder of that name (installed by
    Argos Translate or an older bipub) is first moved aside as an unused version (removed next time)."""
    if target.is_dir() and not target.is_symlink():
        os.rename(target, directory / f"{_VERSION_DIR}{target.name}-replaced-{secrets.token_hex(4)}")
    os.replace(link, target)
