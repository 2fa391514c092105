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
extracting.  :func:`install_file` (:mod:`bipub.translate.install`) checks the
archive and its sizes, extracts it into a hidden staging folder next to the
installed packages, checks the extracted model loads, and only then switches
it into place with one atomic rename — a bad file never touches what is
already installed, and a running build never sees no model.

Where packages go (:func:`packages_dir`): the ``BIPUB_PACKAGES_DIR`` environment
variable, else ``[translate] packages_dir`` in ``bipub.toml`` (relative to the
project), else Argos Translate's own folder (``ARGOS_PACKAGES_DIR`` or
``~/.local/share/argos-translate/packages``).
"""

from __future__ import annotations

import os
import logging
import socket
import tempfile
from pathlib import Path

from bipub.findings import BipubError, Finding
from bipub.translate.pkginfo import _TEMP_PREFIX, PackageInfo, _info, _is_zh  # noqa: F401 (PackageInfo: public here)

ENV_VAR = "BIPUB_PACKAGES_DIR"
#: the argospm name of the package bipub needs
ZH_EN_NAME = "translate-zh_en"
#: how long to wait for the package index or a download before calling it offline
NETWORK_TIMEOUT_S = 30.0

def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


def list_packages(directory: Path, skipped: list[Finding] | None = None) -> list[PackageInfo]:
    """Installed packages in ``directory``, sorted by name then version.

    Each folder holding a ``metadata.json`` is read with ``argostranslate.package.Package``
    (what ``get_installed_packages([directory])`` does; that function fails on the
    first folder without metadata, so stray folders and bipub's own hidden
    folders are skipped here instead).  A package whose metadata cannot be read
    is skipped with a finding appended to ``skipped``: the others still work.
    A missing folder lists nothing.  Staging left by an interrupted install is
    removed when no install is under way (:mod:`bipub.translate.install`).
    """
    from argostranslate.package import Package

    from bipub.translate.install import clean, install_lock

    directory = Path(directory)
    if not directory.is_dir():
        return []
    with install_lock(directory, wait=False) as free:
        if free:
            clean(directory, versions=False)
    out: list[PackageInfo] = []
    for sub in sorted(directory.iterdir()):
        if not sub.is_dir() or sub.name.startswith(".") or not (sub / "metadata.json").is_file():
            continue
        try:
            pkg = Package(sub)
            out.append(_info(pkg, sub))
        except (ValueError, OSError, AttributeError, TypeError) as exc:  # JSONDecodeError is a ValueError
            if skipped is not None:
                skipped.append(Finding("models.package-skipped", "warning",
                                       f"package {sub.name} skipped: metadata.json is not a readable package "
                                       f"description ({_first_line(exc)})", str(sub / "metadata.json")))
    out.sort(key=lambda p: (p.name, _version_key(p.version), str(p.path)))
    return out


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


def find_zh_en(directory: Path, skipped: list[Finding] | None = None) -> PackageInfo:
    """The installed zh→en package (the highest version if there are several); unreadable packages
    are skipped (a finding each in ``skipped``)."""
    problems: list[Finding] = []
    found = [p for p in list_packages(directory, problems) if _is_zh(p.from_code) and p.to_code == "en"]
    if skipped is not None:
        skipped += problems
    if not found:
        also = f" ({len(problems)} unreadable package(s) skipped: {problems[0].message})" if problems else ""
        raise BipubError(
            f"no zh→en translation model installed in {directory}{also}: run `bipub models install {ZH_EN_NAME}` "
            "(needs network) or `bipub models install --file PATH.argosmodel`"
        )
    return max(found, key=lambda p: (_version_key(p.version), p.name, str(p.path)))


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
    from bipub.translate.install import check_archive, clean, install_lock, install_locked

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with install_lock(directory):
        clean(directory, versions=True)
        fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".argosmodel", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            top, meta = check_archive(Path(tmp_name))
            return install_locked(Path(tmp_name), directory, top, meta)
        finally:
            Path(tmp_name).unlink(missing_ok=True)


def install_file(archive: Path, directory: Path) -> PackageInfo:
    """Install a ``.argosmodel`` file: see :func:`bipub.translate.install.install_file`."""
    from bipub.translate.install import install_file as install

    return install(archive, directory)
