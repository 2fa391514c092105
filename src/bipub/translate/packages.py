"""Argos translation packages: where they live, list, install (``bipub models``).

An Argos package (``*.argosmodel``) is a zip archive of one folder holding

* ``metadata.json`` – ``package_version``, ``from_code``, ``to_code``, … ;
* ``model/`` – a CTranslate2 model (``model.bin`` and its vocabulary);
* ``sentencepiece.model`` – the tokenizer;
* optionally ``stanza/`` (sentence splitting, which bipub does itself) and ``README.md``.

bipub reads what is installed through :mod:`argostranslate.package` but installs
package files itself: ``argostranslate.package.install_from_path`` extracts
straight into the packages folder and then imports ``argostranslate.translate``,
which needs stanza and torch; in bipub's lean environment it fails *after*
extracting.  :func:`install_file` checks the archive, extracts it into a hidden
temporary folder next to the installed packages, checks the extracted model
loads, and only then moves it into place — a bad file never touches what is
already installed.

Where packages go (:func:`packages_dir`): the ``BIPUB_PACKAGES_DIR`` environment
variable, else ``[translate] packages_dir`` in ``bipub.toml`` (relative to the
project), else Argos Translate's own folder (``ARGOS_PACKAGES_DIR`` or
``~/.local/share/argos-translate/packages``).
"""

from __future__ import annotations

import json
import os
import logging
import shutil
import socket
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bipub.findings import BipubError

ENV_VAR = "BIPUB_PACKAGES_DIR"
#: the argospm name of the package bipub needs
ZH_EN_NAME = "translate-zh_en"
#: how long to wait for the package index or a download before calling it offline
NETWORK_TIMEOUT_S = 30.0

_VOCABULARIES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)
# names of the temporary folders install_file uses inside the packages folder
_TEMP_PREFIX = ".bipub-install-"


@dataclass(frozen=True)
class PackageInfo:
    """One installed translation package."""

    name: str  # argospm name, e.g. "translate-zh_en"
    version: str  # metadata package_version, e.g. "1.9"
    from_code: str
    to_code: str
    size_bytes: int  # all files in the package folder
    path: Path  # the package folder (holds metadata.json, model/, sentencepiece.model)

    @property
    def languages(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def packages_dir(configured: str | None, project: Path) -> Path:
    """The packages folder: ``$BIPUB_PACKAGES_DIR`` > config value (relative to ``project``) > Argos default."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    if configured:
        p = Path(configured).expanduser()
        return p if p.is_absolute() else Path(project) / p
    # importing argostranslate.settings reads ARGOS_PACKAGES_DIR and creates Argos's folders under $HOME
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _is_zh(code: str | None) -> bool:
    return bool(code) and (code == "zh" or code.startswith(("zh-", "zh_")))


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _info(pkg, path: Path) -> PackageInfo:
    from argostranslate.package import argospm_package_name

    return PackageInfo(
        name=argospm_package_name(pkg),
        version=str(pkg.package_version or ""),
        from_code=str(pkg.from_code or ""),
        to_code=str(pkg.to_code or ""),
        size_bytes=_dir_size(path),
        path=path,
    )


def list_packages(directory: Path) -> list[PackageInfo]:
    """Installed packages in ``directory``, sorted by name then version.

    Each folder holding a ``metadata.json`` is read with ``argostranslate.package.Package``
    (what ``get_installed_packages([directory])`` does; that function fails on the
    first folder without metadata, so stray folders and bipub's own hidden temporary
    folders are skipped here instead).  A missing folder lists nothing.
    """
    from argostranslate.package import Package

    directory = Path(directory)
    if not directory.is_dir():
        return []
    out: list[PackageInfo] = []
    for sub in sorted(directory.iterdir()):
        if not sub.is_dir() or sub.name.startswith(".") or not (sub / "metadata.json").is_file():
            continue
        try:
            pkg = Package(sub)
        except (ValueError, OSError, AttributeError) as exc:  # JSONDecodeError is a ValueError
            raise BipubError(f"{sub / 'metadata.json'}: not a readable package description ({exc})") from exc
        out.append(_info(pkg, sub))
    out.sort(key=lambda p: (p.name, _version_key(p.version), str(p.path)))
    return out


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


def find_zh_en(directory: Path) -> PackageInfo:
    """The installed zh→en package (the highest version if there are several)."""
    found = [p for p in list_packages(directory) if _is_zh(p.from_code) and p.to_code == "en"]
    if not found:
        raise BipubError(
            f"no zh→en translation model installed in {directory}: run `bipub models install {ZH_EN_NAME}` "
            "(needs network) or `bipub models install --file PATH.argosmodel`"
        )
    return max(found, key=lambda p: (_version_key(p.version), p.name, str(p.path)))


# ---------------------------------------------------------------- install a file


def _check_archive(archive: Path) -> tuple[str, dict]:
    """Check the zip without extracting: one top folder, safe names, the required files, zh→en metadata.

    Returns the top folder name and the parsed metadata.
    """
    where = str(archive)
    if not archive.is_file():
        raise BipubError(f"{where}: no such file")
    if not zipfile.is_zipfile(archive):
        raise BipubError(f"{where}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [i.filename for i in zf.infolist()]
            bad = zf.testzip()
            if bad is not None:
                raise BipubError(f"{where}: corrupt archive (bad checksum in {bad})")
            tops: set[str] = set()
            for name in names:
                p = PurePosixPath(name.replace("\\", "/"))
                if p.is_absolute() or ".." in p.parts or not p.parts:
                    raise BipubError(f"{where}: unsafe path {name!r} in the archive")
                tops.add(p.parts[0])
            if len(tops) != 1:
                raise BipubError(
                    f"{where}: an Argos package holds exactly one top folder, found {len(tops)} ({', '.join(sorted(tops)[:4])})"
                )
            top = tops.pop()
            if top.startswith("."):
                raise BipubError(f"{where}: the package folder name {top!r} must not start with '.'")
            files = {str(PurePosixPath(n.replace('\\', '/'))) for n in names if not n.endswith("/")}
            meta_name = f"{top}/metadata.json"
            if meta_name not in files:
                raise BipubError(f"{where}: no {meta_name} in the archive")
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
    if f"{top}/model/model.bin" not in files:
        raise BipubError(f"{where}: no CTranslate2 model ({top}/model/model.bin) in the archive")
    if not any(all(f"{top}/model/{v}" in files for v in group) for group in _VOCABULARIES):
        raise BipubError(f"{where}: the CTranslate2 model in {top}/model/ has no vocabulary file")
    if f"{top}/sentencepiece.model" not in files:
        hint = " (BPE packages are not supported)" if f"{top}/bpe.model" in files else ""
        raise BipubError(f"{where}: no tokenizer ({top}/sentencepiece.model) in the archive{hint}")
    return top, meta


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


def install_file(archive: Path, directory: Path) -> PackageInfo:
    """Install a ``.argosmodel`` file into ``directory`` and describe the installed package.

    The archive is checked first (see the module docstring), extracted into a
    hidden temporary folder inside ``directory`` and loaded once; only then is it
    moved into place, replacing an installed folder of the same name.  Any
    problem raises :class:`BipubError` with a one-line message and leaves the
    installed packages as they were.
    """
    archive = Path(archive)
    directory = Path(directory)
    top, _meta = _check_archive(archive)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BipubError(f"{directory}: cannot create the packages folder ({exc.strerror})") from exc
    tmp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=directory))
    try:
        try:
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(tmp)
        except (OSError, zipfile.BadZipFile) as exc:
            raise BipubError(f"{archive}: cannot extract ({exc})") from exc
        staged = tmp / top
        _check_extracted(archive, staged)
        target = directory / top
        backup = None
        if target.exists():
            backup = tmp / (top + ".previous")
            os.replace(target, backup)
        try:
            os.replace(staged, target)
        except OSError as exc:
            if backup is not None:
                os.replace(backup, target)
            raise BipubError(f"{target}: cannot move the package into place ({exc.strerror})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from argostranslate.package import Package

    return _info(Package(target), target)


# ---------------------------------------------------------------- install from the index


def _offline(what: str) -> BipubError:
    return BipubError(
        f"cannot reach the Argos package index ({what}); without network install a package file with "
        "`bipub models install --file PATH.argosmodel`"
    )


def available_packages() -> list:
    """The Argos package index (``argostranslate.package.AvailablePackage`` objects), refreshed if the network allows.

    Raises :class:`BipubError` when the index can neither be downloaded nor read from Argos's local copy.
    """
    from argostranslate import package, settings

    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT_S)
    argos_log = logging.getLogger("argostranslate.utils")
    level = argos_log.level
    argos_log.setLevel(logging.CRITICAL)  # its raw "(URLError(...),)" lines; bipub says it in one line below
    try:
        package.update_package_index()  # logs and returns on network errors
    finally:
        socket.setdefaulttimeout(old)
        argos_log.setLevel(level)
    index = Path(settings.local_package_index)
    if not index.is_file():
        raise _offline(settings.remote_package_index)
    try:
        return package.get_available_packages()
    except (ValueError, OSError) as exc:
        raise BipubError(f"{index}: unreadable Argos package index ({exc}); delete it and retry") from exc


def install_from_index(name: str, directory: Path) -> PackageInfo:
    """Download the package called ``name`` (e.g. ``translate-zh_en``) from the Argos index and install it.

    The download goes to a temporary file and is installed with :func:`install_file`.
    """
    from argostranslate import networking
    from argostranslate.package import argospm_package_name

    matches = [p for p in available_packages() if argospm_package_name(p) == name]
    if not matches:
        raise BipubError(f"no package named {name!r} in the Argos package index; the zh→en one is {ZH_EN_NAME!r}")
    pkg = max(matches, key=lambda p: _version_key(str(p.package_version)))
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT_S)
    try:
        data = networking.get_from(pkg.links)
    finally:
        socket.setdefaulttimeout(old)
    if data is None:
        raise _offline(f"download of {name} {pkg.package_version} failed")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".argosmodel", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return install_file(Path(tmp_name), directory)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
