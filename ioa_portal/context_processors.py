from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

# Each language named in itself, as a reader of that language looks for it.
ENDONYMS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def site(request):
    """Site name and links to the current page in every language."""
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
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
    return {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": links,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
