from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

# Each language named in itself, as a reader of that language looks for it.
ENDONYMS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def without_empty_parameters(path: str) -> str:
    """``path`` without the query's empty parameters (``fra_aar=&til_aar=``).

    Every other parameter is kept exactly as written, in its order and encoding.
    """
    base, separator, query = path.partition("?")
    if not separator:
        return path
    kept = [part for part in query.split("&") if part.partition("=")[2]]
    return f"{base}?{'&'.join(kept)}" if kept else base


def site(request):
    """Site name and links to the current page in every language."""
    current = get_language()
    path = without_empty_parameters(request.get_full_path()) if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": ENDONYMS.get(code, code),
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    if len({link["url"] for link in links}) == 1:
        # A page outside the language prefixes (the API's documentation) has no other
        # language to go to: offering links that come back to it would mislead.
        links = []
    return {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": links,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
