"""Norwegian text in addresses and file names: æ, ø and å written with ASCII letters."""

from __future__ import annotations

from django.utils.text import slugify

_ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_letters(text: str) -> str:
    """ "Bærum sjøvannsvarme" as "Baerum sjovannsvarme" (the usual spelling in addresses)."""
    return text.translate(_ASCII_LETTERS)


def norwegian_slug(text: str, max_length: int = 240) -> str:
    """A lower-case address part: "Fall i Bærum" gives "fall-i-baerum"."""
    return slugify(ascii_letters(text))[:max_length].strip("-")
