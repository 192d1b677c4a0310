"""sitemap.xml: the public pages and every published case, in all three languages.

sitemap.xml is an index; each section lists at most LIMIT addresses per page, so the
sitemap stays within the 50,000-address limit however many cases there are.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import Case, Phase
from networks.models import LearningNetwork

LIMIT = 10_000


class CaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = LIMIT
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Case.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, case):
        return case.updated_at


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return [
            "home",
            "cases:list",
            "cases:submit",
            "networks:list",
            "statistics",
            "guide",
            "about",
            "privacy",
            "accessibility",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class NetworkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return LearningNetwork.objects.published().order_by("pk").only("slug")


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return [phase.value for phase in Phase]

    def location(self, phase: str) -> str:
        return reverse("guide_phase", args=[phase])


SITEMAPS = {
    "sider": PageSitemap,
    "anskaffelser": CaseSitemap,
    "nettverk": NetworkSitemap,
    "veiledning": GuideSitemap,
}
