from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Administration d'APiLos"
admin.site.site_title = "APiLos"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("siap.urls")),
    path("comptes/", include("users.urls")),
    path("parametres/", include("users.urls_parametres")),
    path("parametres/", include("api.urls_profil")),
    path("parametres/webhooks/", include("webhooks.urls")),
    path("", include("dialogue.urls")),
    path("conventions/", include("conventions.urls")),
    path("statistiques/", include("conventions.stats.urls")),
    path("loyers/", include("loyers.urls")),
    path("support/", include("support.urls")),
    path("support/hijack/", include("hijack.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.error_404"
handler403 = "core.views.error_403"
handler500 = "core.views.error_500"
