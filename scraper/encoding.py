"""Bytes to text: media types, charsets (a browser-like policy) and telling binary data from text.

No I/O: fetch.py (Content-Type of responses), archive.py (records read back), article.py (HTML given as
bytes) and the command line (`analyze` input) all decode through here, so they agree on every document.
"""

from __future__ import annotations

import codecs
import re
import unicodedata


def media_type(content_type: str | None) -> str | None:
    """The lower-cased media type of a Content-Type value, without parameters."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that browsers (WHATWG Encoding) map to a superset codec.
_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
_MULTIBYTE = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "big5", "big5hkscs", "cp949",
     "cp932", "euc_jp", "iso2022_jp", "cp950", "hz", "iso2022_kr", "johab"}
)
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:+-]+)["']""", re.I)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 200_000


def _codec(label: str | bytes | None) -> str | None:
    """Python codec name for a charset label, with browser superset mapping, or None."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "replacement"):
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _decodes_cleanly(body: bytes, codec: str) -> bool:
    """True if the body decodes without error (an incomplete final character is allowed)."""
    try:
        codecs.getincrementaldecoder(codec)().decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _declared_in_document(body: bytes) -> str | None:
    """Charset declared by an XML declaration or an HTML <meta> in the first bytes."""
    head = body[:_SNIFF_BYTES]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = _codec(match.group(1))
    if codec in ("utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return "utf-8"  # the declaration was readable as ASCII, so it cannot be UTF-16/32
    return codec


def _mostly_latin(text: str) -> bool:
    """True if the non-ASCII letters of the text are mostly Latin script."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= 0.8 * len(letters)


def _guess(body: bytes) -> str | None:
    """Statistical guess for an undeclared non-UTF-8 body, preferring cp1252 for Latin text."""
    sample = body[:_DETECT_BYTES]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # detection is best effort
        best = None
    cp1252_ok = _decodes_cleanly(sample, "cp1252")
    if best is None:
        return "cp1252" if cp1252_ok else None
    guess = _codec(best.encoding)
    if cp1252_ok and (guess is None or best.coherence < 0.1 or _mostly_latin(str(best))):
        # Single-byte Latin guesses are unreliable; browsers default to windows-1252.
        return "cp1252"
    return guess


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """Charset to decode the body with: BOM, clean header charset, document declaration, detection."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return bom_codec
    header = None
    if content_type:
        match = _CHARSET_PARAM.search(content_type.encode("latin-1", "ignore"))
        header = _codec(match.group(1)) if match else None
    declared = _declared_in_document(body)
    utf8_ok = _decodes_cleanly(body, "utf-8")
    for codec in (header, declared):
        if codec is None:
            continue
        if codec not in _MULTIBYTE and utf8_ok and not body.isascii():
            # Valid non-ASCII UTF-8 is almost never legacy single-byte text: a mislabel.
            return "utf-8"
        if _decodes_cleanly(body, codec):
            return codec
    if utf8_ok:
        return "utf-8"
    return _guess(body) or header or declared or "utf-8"



_TEXT_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
              (b"\xfe\xff", "utf-16"))


def looks_binary(data: bytes, encoding: str | None = None) -> bool:
    """Whether bytes are binary data (an image, a PDF) rather than text or HTML, whatever they are labelled.

    NUL bytes or more than 5% control characters in the first 8 KB; UTF-16/32 text (with a BOM, or the given
    `encoding`) is judged on its decoded characters. `analyze` and the crawl use this same check.
    """
    sample = data[:8192]
    codec = next((c for bom, c in _TEXT_BOMS if sample.startswith(bom)), None)
    if codec is None and encoding and encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        codec = encoding
    if codec is not None:
        text = sample[: len(sample) - len(sample) % 4].decode(codec, errors="replace")
        bad = sum(1 for c in text if c == "\x00" or c == "\ufffd" or ord(c) < 9 or 13 < ord(c) < 32)
        return bad > len(text) * 0.05
    if b"\x00" in sample:
        return True
    return sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05



def decode_document(data: bytes, name: str) -> str:
    """A document's text, refusing empty and binary input (InputError naming `name`)."""
    from .errors import InputError

    if not data.strip():
        raise InputError(f"{name}: empty input, nothing to analyze")
    if looks_binary(data):
        raise InputError(f"{name}: looks like binary data, not text or HTML")
    return data.decode(detect_encoding(data, None), errors="replace")
