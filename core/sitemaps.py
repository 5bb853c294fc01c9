from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.views import PUBLIC_PAGES


class PublicPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", *PUBLIC_PAGES]

    def location(self, item):
        return reverse("home") if item == "home" else reverse("page", args=[item])
