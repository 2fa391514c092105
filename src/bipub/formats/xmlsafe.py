"""The one XML stack of the exchange formats (XLIFF, TMX, TBX): hardened lxml.

Every file is parsed by `parse_xml`:

* **linear time**: libxml2 builds the tree in one pass; nothing here appends
  to strings in a loop;
* **no entity expansion, no network, no DTD loading** (``resolve_entities=False,
  no_network=True, load_dtd=False``).  A document that declares entities (the
  "billion laughs" attack, or an editor's own ``<!ENTITY>``) is refused, and so
  is a reference to an entity that is not one of XML's five (``&nbsp;``): its
  text would otherwise be dropped silently.  ``&amp; &lt; &gt; &quot; &apos;``
  and numeric references (``&#x4e2d;``) are ordinary text and kept;
* **limits**: `MAX_BYTES` per file, `MAX_DEPTH` levels of nesting (libxml2's own
  limit without ``huge_tree``), 10 MB per text node; each refused with one line;
* **encodings**: UTF-8, UTF-16 (byte-order mark or ``encoding="UTF-16"``) and any
  encoding the XML declaration names that libxml2 knows.

Errors are `FormatError` (exit 2, nothing written) with ``FILE:LINE: message``.
"""

from __future__ import annotations

import re

from lxml import etree

from bipub.findings import InputRefused

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 256  # libxml2's limit without XML_PARSE_HUGE; deeper documents are refused

#: characters XML 1.0 cannot carry at all, not even as &#...; references
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class FormatError(InputRefused, ValueError):
    """A file bipub will not read: ``FILE:LINE: message`` (exit 2).

    It is a ``ValueError`` too, for callers written against the older TBX reader.
    """


#: libxml2 messages a user cannot act on, in plain words
_XML_HINTS = {
    "xmlParseEntityRef: no name": "a bare & (write &amp; in text)",
    "StartTag: invalid element name": "a bare < or a broken tag (write &lt; in text)",
    "Premature end of data": "the file ends in the middle of an element (cut off?)",
    "EntityRef: expecting ';'": "an & that does not start an entity (write &amp;)",
    "Excessive depth in document": f"elements nested deeper than {MAX_DEPTH} levels; refused",
    "xmlSAX2Characters: huge text node": "a text longer than 10 MB in one element; refused",
    "Document is empty": "the file is empty or not XML",
    "Maximum entity amplification": "entities expand without limit; refused",
    "Detected an entity reference loop": "entities refer to each other in a loop; refused",
}


def fail(shown: str, line: int | None, message: str) -> FormatError:
    return FormatError(f"{shown}:{line or 1}: {message}")


def parse_xml(data: bytes, shown: str, *, max_bytes: int = MAX_BYTES) -> etree._Element:
    """The root element of ``data``; anything unsafe or malformed → `FormatError` naming ``shown`` and a line."""
    if len(data) > max_bytes:
        raise fail(shown, None, f"{len(data) / 1048576:.1f} MB is over the {max_bytes // 1048576} MB limit for one file; split it")
    _refuse_entity_declarations(data, shown)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        line, column = getattr(e, "position", None) or (e.lineno, None)
        msg = (e.msg or str(e)).split(", line ")[0].strip()
        if msg.startswith("Entity '") and msg.endswith("' not defined"):
            name = msg.split("'")[1]
            raise fail(shown, line, f"entity &{name}; is not defined; bipub expands no entities "
                                    "(write the character itself)") from None
        for raw, plain in _XML_HINTS.items():
            if msg.startswith(raw):
                msg = plain
        where = f" (column {column})" if column else ""
        raise fail(shown, line, f"not well-formed XML{where}: {msg}") from None
    except ValueError as e:  # e.g. an unknown encoding in the declaration
        raise fail(shown, 1, f"cannot be read as XML: {e}") from None
    for node in root.iter(etree.Entity):
        raise fail(shown, node.sourceline, f"entity {node.text} is not expanded; bipub expands no entities "
                                           "(write the character itself)")
    return root


_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S)


def _refuse_entity_declarations(data: bytes, shown: str) -> None:
    """Refuse a DOCTYPE whose internal subset declares entities, before libxml2 sees it."""
    prolog = xml_head(data[: 1 << 20])
    m = _SUBSET.search(prolog)
    if m is None or "<!ENTITY" not in m.group(1):
        return
    names = re.findall(r"<!ENTITY\s+(?:%\s*)?([^\s>]+)", m.group(1))
    raise fail(shown, prolog[: m.start()].count("\n") + 1,
               f"the DOCTYPE declares entities ({', '.join(names[:3])}); "
               "entity declarations are refused (they can expand without limit)")


def local(el) -> str:
    """Local name of an element (``{ns}tag`` → ``tag``); "" for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el, name: str) -> list:
    return [c for c in el if local(c) == name]


def all_text(el) -> str:
    """Every text inside ``el`` in reading order (comments and processing instructions left out)."""
    return "".join(el.itertext())


def xml_head(head: bytes) -> str:
    """The start of a file as text, whatever its UTF encoding (for sniffing, never for parsing)."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return head.decode("utf-16-le", "ignore").lstrip("\ufeff")
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return head.decode("utf-16-be", "ignore").lstrip("\ufeff")
    return head.decode("utf-8", "ignore").lstrip("\ufeff")


_ROOT = re.compile(r"<!--.*?-->|<[?!][^>]*>|<([A-Za-z_][\w.:-]*)", re.S)


def root_name(head: bytes) -> str | None:
    """Local name of the root element at the start of a file, lower-cased; None if it is not XML."""
    text = xml_head(head).lstrip()
    if not text.startswith("<"):
        return None
    for m in _ROOT.finditer(text):
        if m.group(1):
            return m.group(1).rsplit(":", 1)[-1].lower()
    return None


CONTROL = "x-bipub-control"


def put_text(el, text: str, code: str, attr: str) -> int:
    """Set the text of ``el``; a character XML cannot carry becomes ``<code attr="x-bipub-control">U+0001</code>``.

    Returns how many were substituted (the writer reports them).  `inline_text`
    turns the placeholders back into the characters, so bipub's round trip is exact.
    """
    pieces = XML_FORBIDDEN.split(text)
    if len(pieces) == 1:
        el.text = text
        return 0
    chars = XML_FORBIDDEN.findall(text)
    el.text = pieces[0]
    for n, (ch, tail) in enumerate(zip(chars, pieces[1:]), 1):
        ph = etree.SubElement(el, code, {attr: CONTROL})
        if code.endswith("ph") and attr == "ctype":
            ph.set("id", f"bipub-c{n}")
        ph.text = f"U+{ord(ch):04X}"
        ph.tail = tail
    return len(chars)


def plain(text: str) -> str:
    """Text for a note or attribute: characters XML cannot carry written as ``U+0001``."""
    return XML_FORBIDDEN.sub(lambda m: f"U+{ord(m.group()):04X}", text)


# inline codes whose text is markup, not words (XLIFF 1.2 and 2.x, TMX)
CODES = {"ph", "bpt", "ept", "it", "x", "bx", "ex", "sub", "sc", "ec", "cp", "ut"}


def inline_text(el) -> str:
    """The words of a source/target/seg element.

    Text of ``<g>``/``<mrk>``/``<hi>``/``<pc>`` is kept; inline codes (``<ph>``,
    ``<x/>``, ``<bpt>`` …) are markup and left out, except bipub's control
    placeholders and XLIFF 2's ``<cp hex="0001"/>``, which are the characters.
    Iterative, so nesting depth costs no recursion.
    """
    parts: list[str] = []
    stack = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append(node.tail or "")
            continue
        name = local(node)
        if node is not el:
            stack.append((node, True))
        if name in CODES:
            parts.append(code_char(node, name))
            continue
        if not isinstance(node.tag, str):  # comment or processing instruction
            continue
        parts.append(node.text or "")
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def code_char(node, name: str) -> str:
    if name == "cp":
        try:
            return chr(int(node.get("hex", ""), 16))
        except (ValueError, OverflowError):
            return ""
    if CONTROL in (node.get("ctype"), node.get("type")):
        m = re.fullmatch(r"U\+([0-9A-Fa-f]{1,6})", (node.text or "").strip())
        if m:
            return chr(int(m.group(1), 16))
    return ""
