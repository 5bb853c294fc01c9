from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from dsfr.utils import list_pages

from conventions import perms, selectors
from conventions.forms.filters import ConventionFilterForm

PER_PAGE = 20

# Column headers of the list: (label, sort key or None).
COLUMNS = [
    ("Statut", "statut"),
    ("Opération", "operation"),
    ("Bailleur et administration", "bailleur"),
    ("Financement", "financement"),
    ("Ville", "ville"),
    ("Logements", "logements"),
    ("Date de livraison", "livraison"),
    ("Date de signature", "signature"),
]


def _user_role_for_labels(user) -> str | None:
    """The wording of status labels in the filter: the user's main side."""
    if user.is_instructeur() or (user.is_active and user.is_superuser):
        return perms.INSTRUCTEUR
    if user.is_bailleur():
        return perms.BAILLEUR
    return None


def _columns(tri: str):
    current, descending = tri.lstrip("-"), tri.startswith("-")
    columns = []
    for label, key in COLUMNS:
        active = key == current
        columns.append(
            {
                "label": label,
                "key": key,
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                # Clicking the active column flips its order; another column starts ascending.
                "next": (key if descending else f"-{key}") if active else key,
            }
        )
    return columns


@require_GET
def convention_list(request):
    user = request.user
    form = ConventionFilterForm(request.GET or None, role=_user_role_for_labels(user))
    filters = form.filters()
    tri = selectors.normalize_sort(request.GET.get("tri"))
    queryset = selectors.convention_list(user=user, tri=tri, **filters)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    list_pages(page)
    rows = []
    for c in page.object_list:
        role = perms.role_on(user, c)
        rows.append({"convention": c, "statut_label": c.statut_label_for(role), "statut": c.statut})
        if c.parent_id is None:  # its avenants, under it
            rows += [
                {"convention": a, "statut_label": a.statut_label_for(role), "statut": a.statut, "avenant": True}
                for a in c.avenants.all()
            ]
    return render(
        request,
        "conventions/list.html",
        {
            "page_title": "Conventions",
            "form": form,
            "filtered": bool(filters),
            "page_obj": page,
            "rows": rows,
            "columns": _columns(tri),
            "tri": tri,
            "sorts": selectors.LIST_SORTS,
            "can_create": perms.can_create_convention(user),
        },
    )
