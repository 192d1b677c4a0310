"""Where uploaded files of networks are stored. They are never served from MEDIA_URL: a view
checks who asks before it sends one (networks/views/participant.py, coordinator.py)."""

from __future__ import annotations

import secrets

from django.utils.text import get_valid_filename

MAX_NAME = 80


def _safe_name(filename: str) -> str:
    name = get_valid_filename(filename.rsplit("/", 1)[-1]) or "fil"
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: MAX_NAME - len(extension) - 1] + dot + extension) if dot else name[:MAX_NAME]
    return name


def material_upload_to(instance, filename: str) -> str:
    """A session's material; a random folder so that names cannot be guessed or collide."""
    return f"networks/materials/{instance.session_id}/{secrets.token_hex(8)}/{_safe_name(filename)}"


def report_upload_to(instance, filename: str) -> str:
    """A participant's work report file."""
    return f"networks/reports/{instance.session_id}/{secrets.token_hex(8)}/{_safe_name(filename)}"
