"""Exchange formats at the edges: XLIFF, TMX, PO (review); TBX and CSV (glossary)."""
