"""Checks of uploaded files that any app can use: the allowed types, and that a file's
bytes are what its extension says (not just a renamed file)."""

from __future__ import annotations

import os
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Allowed uploads: extension → (content type, check of the first bytes / the file itself).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **ODF_MIMETYPES,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
ALLOWED_EXTENSIONS = tuple(CONTENT_TYPES)
MAX_ZIP_ENTRIES = 5000


def _zip_names(uploaded) -> set[str] | None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            mimetype = next((i for i in infos if i.filename == "mimetype"), None)
            if mimetype is not None and mimetype.file_size < 200:
                names.add("mimetype:" + archive.read(mimetype).decode("ascii", "replace").strip())
            return names
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    finally:
        uploaded.seek(0)


def content_matches_extension(uploaded, extension: str) -> bool:
    """True when the file's bytes are what its extension says (not just a renamed file)."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in {".doc", ".xls", ".ppt"}:
        return head.startswith(OLE2)
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".gif":
        return head[:6] in {b"GIF87a", b"GIF89a"}
    if extension == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in OOXML_FOLDERS or extension in ODF_MIMETYPES:
        if not head.startswith(ZIP):
            return False
        names = _zip_names(uploaded)
        if names is None:
            return False
        if extension in OOXML_FOLDERS:
            folder = OOXML_FOLDERS[extension]
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        return f"mimetype:{ODF_MIMETYPES[extension]}" in names
    return False


def check_upload(uploaded, *, max_bytes: int) -> str:
    """The file's content type, or a ValidationError that says what is wrong with it."""
    extension = os.path.splitext(uploaded.name)[1].lower()
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Filtypen %(ext)s er ikke tillatt. Last opp PDF, kontordokumenter eller bilder."),
            code="file_type",
            params={"ext": extension or _("(uten filendelse)")},
        )
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Filen er %(size)s. Største tillatte størrelse er %(max)s."),
            code="file_size",
            params={"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("Filen er tom."), code="file_empty")
    if not content_matches_extension(uploaded, extension):
        raise ValidationError(
            _("Innholdet i filen stemmer ikke med filendelsen %(ext)s."),
            code="file_content",
            params={"ext": extension},
        )
    return CONTENT_TYPES[extension]
