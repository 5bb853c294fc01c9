from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (label, url name): entries whose route is not installed yet are simply not shown.
MAIN_MENU = [
    ("À traiter", "home"),
    ("Conventions", "conventions:list"),
    ("Statistiques", "statistiques"),
    ("Paramètres", "parametres"),
    ("API", "api-docs"),
]


def _main_menu(request):
    items = []
    for label, name in MAIN_MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items


def site(request):
    """What every page needs to know about the platform (no database query)."""
    context = {
        "SITE_NAME": "APiLos",
        "SITE_TAGLINE": "Conventionnement APL des logements sociaux",
        "ENVIRONMENT": settings.ENVIRONMENT,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["main_menu"] = _main_menu(request)
    return context
