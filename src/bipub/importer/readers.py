"""``READERS``: input format → reader (``bipub import``); see ``intake.py`` for the interface.

Content sniffing picks the reader first, then the file's extension.  To add a
format, write a reader module and register it here with one line.
"""

from bipub.registry import Registry

READERS: Registry = Registry("import reader")
READERS.register("pdf", "bipub.importer.read_pdf:reader")
READERS.register("docx", "bipub.importer.read_docx:reader")
READERS.register("html", "bipub.importer.read_html:reader")
READERS.register("markdown", "bipub.importer.read_markdown:reader")
READERS.register("text", "bipub.importer.read_text:reader")
