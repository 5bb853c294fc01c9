from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from dsfr.utils import list_pages

from users import perms
from users.forms import SearchForm

PER_PAGE = 20
SEARCH_MAX = 100


def settings_menu(request) -> dict:
    """The side menu of the settings pages (DSFR sidemenu)."""
    user = request.user
    items = [{"label": "Votre profil", "link": reverse("profil")}]
    items.append({"label": "Utilisateurs", "link": reverse("parametres_utilisateurs")})
    if perms.is_national_team(user) or user.bailleur_ids():
        items.append({"label": "Bailleurs", "link": reverse("parametres_bailleurs")})
    if perms.is_national_team(user) or user.administration_ids():
        items.append({"label": "Administrations", "link": reverse("parametres_administrations")})
    items.append({"label": "Webhooks", "link": reverse("webhooks:liste")})
    return {"title": "Paramètres", "items": items, "button_label": "Menu des paramètres"}


def searched_sorted_page(request, queryset, *, search_fields, sorts: dict, default_sort: str, search_help: str = ""):
    """Search (`q`, contains on each field), sort (`tri` among `sorts`, "-" for descending) and paginate (20).
    Unknown sorts fall back to the default: a hand-edited URL never fails."""
    q = (request.GET.get("q") or "").strip()[:SEARCH_MAX]
    if q:
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": q})
        queryset = queryset.filter(condition)
    tri = request.GET.get("tri") or default_sort
    if tri.lstrip("-") not in sorts:
        tri = default_sort
    descending = tri.startswith("-")
    order = [f"-{f}" if descending else f for f in sorts[tri.lstrip("-")]]
    queryset = queryset.order_by(*order, "pk")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    list_pages(page)
    columns = []
    for key, _fields in sorts.items():
        active = key == tri.lstrip("-")
        columns.append(
            {
                "key": key,
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "next": (key if descending else f"-{key}") if active else key,
            }
        )
    search_form = SearchForm({"q": q, "tri": tri if tri != default_sort else ""}, help_text=search_help)
    search_form.is_valid()
    return {
        "page_obj": page,
        "q": q,
        "tri": tri,
        "sort_columns": {c["key"]: c for c in columns},
        "search_form": search_form,
    }
