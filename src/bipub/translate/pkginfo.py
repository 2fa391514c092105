"""What bipub knows of one installed Argos package (``PackageInfo``), shared by listing
(`bipub.translate.packages`) and installing (`bipub.translate.install`), which both import it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# names of the staging folders and downloads of an install inside the packages folder
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
