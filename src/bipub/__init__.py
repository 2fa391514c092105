"""bipub: offline Chinese to English bilingual publishing."""

__version__ = "0.1.0"
