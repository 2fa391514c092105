"""Translation: engines, the MT cache, protection of terms and numbers, drafting.

* `engines.py`: the `ENGINES` registry, the `Engine` protocol and the build modes
  (``auto``, ``memory``);
* ``pseudo``: deterministic pseudo-translation for layout tests (`pseudo.py`);
* ``argos``: an installed Argos Translate zh→en package (`argos.py`; packages: `packages.py`);
* `draft.py`: protect → cache → engine → restore, for the segments the memory lacks.
"""

from bipub.translate.engines import ENGINES, Engine
from bipub.translate.pseudo import PseudoEngine

__all__ = ["ENGINES", "Engine", "PseudoEngine"]
