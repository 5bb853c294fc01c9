from django.conf import settings
from django.urls import reverse

# (label, url name) of the main menu.
MAIN_MENU = [
    ("À traiter", "home"),
    ("Conventions", "conventions:list"),
    ("Statistiques", "statistiques"),
    ("Paramètres", "parametres"),
    ("API", "api-docs"),
]
# Shown to the national team only (support.perms.can_use_support_tools).
STAFF_MENU = [("Support", "support:index")]


def _main_menu(request):
    from support.perms import can_use_support_tools

    items = []
    entries = MAIN_MENU + (STAFF_MENU if can_use_support_tools(request.user) else [])
    for label, name in entries:
        url = reverse(name)
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
