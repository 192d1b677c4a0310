"""What the search tests share besides the library: the search address and reading its results."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

SEARCH = reverse("cases:list")


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def titles(response) -> list[str]:
    """Titles of the result cards, in order, without highlight markup."""
    html = response.content.decode()
    results = html.split('class="results"', 1)[1].split('class="facets"', 1)[0]
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h3><a href="[^"]*">(.*?)</a></h3>', results)
    ]


def found(client, **params) -> set[str]:
    return set(titles(client.get(SEARCH, params)))


def names(library, *keys) -> set[str]:
    return {library[key].title for key in keys}
