"""CTranslate2 with MKL off: import this module before ``ctranslate2`` is imported.

With MKL, int8 decoding is about 40× slower on AMD CPUs, so importing this module
sets ``CT2_USE_MKL=0`` for bipub's process (before CTranslate2 picks its CPU
backend).  Both the Argos engine and the package installer import it; neither
imports the other for it.
"""

import os

os.environ["CT2_USE_MKL"] = "0"
