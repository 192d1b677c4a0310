"""Atom feeds: the newest published cases, and any search as a subscription."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.search import search_filterset
from cases.search.filters import SORT_NEWEST

FEED_SIZE = 50


class CaseFeed(Feed):
    """`/anskaffelser/feed/?q=…&sektor=…`: the same filters as the search page, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request):
        params = request.GET.copy()
        params["sorter"] = SORT_NEWEST
        params.pop("side", None)
        self.request = request
        return search_filterset(params)

    def title(self, filterset) -> str:
        q = filterset.cleaned.get("q")
        if q:
            return _("Anskaffelser om «%(q)s» – %(site)s") % {
                "q": Truncator(q).chars(80),
                "site": settings.SITE_NAME,
            }
        return _("Nyeste anskaffelser – %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self, filterset) -> str:
        return _("Nye innovative offentlige anskaffelser som passer søket, nyeste først.")

    def _with_search(self, url_name: str) -> str:
        params = self.request.GET.copy()
        params.pop("side", None)
        encoded = params.urlencode()
        return reverse(url_name) + (f"?{encoded}" if encoded else "")

    def link(self, filterset) -> str:
        return self._with_search("cases:list")

    def feed_url(self, filterset) -> str:
        """The feed's own address (rel="self"), with the search it follows."""
        return self._with_search("cases:feed")

    def items(self, filterset):
        return filterset.qs.for_cards()[:FEED_SIZE]

    def item_title(self, case) -> str:
        return case.title

    def item_description(self, case) -> str:
        return case.summary

    def item_pubdate(self, case):
        return case.published_at

    def item_updateddate(self, case):
        return case.updated_at

    def item_author_name(self, case) -> str | None:
        buyers = [link.organization.name for link in case.casebuyer_set.all()]
        return ", ".join(buyers) or None

    def item_categories(self, case) -> list[str]:
        return [sector.name for sector in case.sectors.all()]
