"""What an uploaded CV really is, decided by its content and never by its name.

Accepted: PDF, Word (DOCX), OpenDocument text (ODT), RTF and plain text. Everything else is
refused with a plain message, including an executable renamed "cv.pdf". DOCX and ODT are zip
files: they are opened only to read the list of members (and the 39-byte `mimetype` member of
an ODT), never extracted, and refused when the list looks like a zip bomb (too many members,
too much declared content, or content squeezed too hard). The name the person gave is kept
only for display, without any folder part; the file is stored under a name the server makes
up (see documents.save_cv).
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.errors import DomainError

PDF = "application/pdf"
RTF = "application/rtf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT_UTF8 = "text/plain; charset=utf-8"
TEXT_UTF16 = "text/plain; charset=utf-16"
EXTENSIONS = {PDF: ".pdf", RTF: ".rtf", DOCX: ".docx", ODT: ".odt", TEXT_UTF8: ".txt",
              TEXT_UTF16: ".txt"}

# Zip bombs: a real CV has a few dozen members and a few MB of XML, compressed perhaps 10 to
# 30 times. Anything far beyond that is refused without being unpacked.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL = 50 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024  # small members may compress very well; only big ones count

# Extensions replaced by the one the content calls for ("cv.doc" holding DOCX is "cv.docx").
DOCUMENT_EXTENSIONS = {".pdf", ".rtf", ".docx", ".doc", ".odt", ".txt", ".text"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}

NOT_ACCEPTED = _l("The selected file must be a PDF, a Word document (DOCX), an OpenDocument "
                  "text file (ODT), an RTF file or a plain text file")


@dataclass(frozen=True)
class Checked:
    media_type: str
    extension: str


def _refuse(message=NOT_ACCEPTED) -> DomainError:
    return DomainError(message, field="cv")


def check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise _refuse(_l("The selected file is empty. Choose a file with your CV in it"))
    if size > max_bytes:
        raise _refuse(_l("The selected file must be smaller than %(size)s MB",
                         size=max(1, max_bytes // (1024 * 1024))))


def _zip_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise _refuse()
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members)
            if total > ZIP_MAX_TOTAL or total > ZIP_MAX_RATIO * max(packed, 1) + ZIP_RATIO_FROM:
                raise _refuse()
            for member in members:
                if (member.file_size > ZIP_RATIO_FROM
                        and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)):
                    raise _refuse()
            names = {m.filename for m in members}
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                if "word/vbaProject.bin" in names:  # a document with macros (DOCM)
                    raise _refuse()
                return DOCX
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    with archive.open(info) as member:
                        if member.read(101).strip() == ODT.encode():
                            return ODT
    except DomainError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError,
            OSError, EOFError, KeyError, RuntimeError, zlib.error, struct.error):
        pass  # a damaged or unusual zip is simply not a document we accept
    raise _refuse()


def _text_type(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, media_type = "utf-16", TEXT_UTF16
    else:
        encoding, media_type = "utf-8-sig", TEXT_UTF8
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise _refuse() from None
    if any(unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS for c in text):
        raise _refuse()  # NULs and other control bytes: a binary file, not text
    if not text.strip():
        raise _refuse(_l("The selected file is empty. Choose a file with your CV in it"))
    return media_type


def identify(data: bytes) -> Checked:
    """The file's media type, from its first bytes (and, for zips, their list of members).
    Raises DomainError (field "cv") for anything that is not an accepted document."""
    if data.startswith(b"%PDF-"):
        media_type = PDF
    elif data.startswith(b"{\\rtf"):
        media_type = RTF
    elif data.startswith(b"PK\x03\x04"):
        media_type = _zip_type(data)
    else:
        media_type = _text_type(data)
    return Checked(media_type, EXTENSIONS[media_type])


def display_name(given: str | None, extension: str) -> str:
    """The name to show (and to download under): no folders (either slash), no control
    characters, no leading dots, at most 200 characters, and an extension that says what the
    content really is."""
    name = unicodedata.normalize("NFC", given or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = name.strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext.lower()}" not in DOCUMENT_EXTENSIONS:
        stem = name  # "cv.exe" stays visible as "cv.exe.txt", never as "cv.exe"
    stem = stem.strip() or "cv"
    return stem[:200 - len(extension)] + extension
