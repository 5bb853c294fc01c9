from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core import views
from core.sitemaps import PublicPagesSitemap

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        login_not_required(sitemap),
        {"sitemaps": {"pages": PublicPagesSitemap}},
        name="sitemap",
    ),
    path("pages/<slug:slug>/", views.page, name="page"),
]
