"""Where the real inputs are: the project's shared/ folder sits beside the repository
(../shared in a developer's checkout and in CI's fresh clone)."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.is_dir()), REPO.parent / "shared")
CORPUS = SHARED / "corpus"
SEED_RAW = SHARED / "seed" / "000_ede3e3c070a6d229.txt"
