"""Files chosen in the sharing form (/anskaffelser/del/), held on the server across an error.

A browser cannot keep a chosen file when a form comes back with errors. So a file that
passed the upload checks is stored here, under a random folder in the media storage (never
served directly), and the form carries a signed token naming it. When the form is sent
again, the token gives the file back and it is checked again as if uploaded anew. Held files
older than a day are deleted whenever a file is held or a submission is saved.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.forms import CONTENT_TYPES

logger = logging.getLogger(__name__)

HELD_DIR = "innsending-venter"
MAX_AGE = datetime.timedelta(days=1)
SALT = "cases.held_uploads"


@dataclass(frozen=True)
class HeldFile:
    token: str
    name: str
    size: int
    path: str


def _safe_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:80].strip("-")
    return (stem or "dokument") + ext.lower()[:10]


def hold(uploaded) -> HeldFile:
    """Store a checked upload for a day; the token names it and cannot be forged."""
    clean_up()
    name = _safe_name(uploaded.name)
    path = default_storage.save(f"{HELD_DIR}/{secrets.token_hex(16)}/{name}", uploaded)
    token = signing.dumps({"path": path, "name": uploaded.name}, salt=SALT, compress=True)
    return HeldFile(token, uploaded.name, uploaded.size, path)


def take(token: str):
    """The held file as a fresh upload, or None if the token is forged, old or its file gone."""
    try:
        held = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        path, name = held["path"], held["name"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not path.startswith(f"{HELD_DIR}/") or ".." in path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        content = stored.read()
    extension = os.path.splitext(name)[1].lower()
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    upload.held = HeldFile(token, name, len(content), path)
    return upload


def forget(held: HeldFile) -> None:
    """Delete a held file once it is saved with the case (or no longer wanted)."""
    try:
        default_storage.delete(held.path)
        os.rmdir(default_storage.path(os.path.dirname(held.path)))
    except (OSError, NotImplementedError):
        logger.debug("Held upload %s already gone", held.path)


def clean_up(now: datetime.datetime | None = None) -> int:
    """Delete held files older than a day; returns how many folders went."""
    limit = (now or timezone.now()) - MAX_AGE
    removed = 0
    try:
        folders, _files = default_storage.listdir(HELD_DIR)
    except FileNotFoundError:
        return 0
    for folder in folders:
        try:
            _dirs, files = default_storage.listdir(f"{HELD_DIR}/{folder}")
            paths = [f"{HELD_DIR}/{folder}/{name}" for name in files]
            if all(default_storage.get_modified_time(path) < limit for path in paths):
                for path in paths:
                    default_storage.delete(path)
                os.rmdir(default_storage.path(f"{HELD_DIR}/{folder}"))
                removed += 1
        except (OSError, NotImplementedError):  # another process removed it first
            logger.debug("Held upload folder %s already gone", folder)
    return removed
