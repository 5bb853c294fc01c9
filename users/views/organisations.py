from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from core.filters import filtered_page
from users import perms, services
from users.filters import AdministrationFilterSet, BailleurFilterSet, MembreFilterSet
from users.forms import AdministrationForm, BailleurForm
from users.models import Administration, Bailleur, User
from users.views.helpers import settings_menu
from users.views.profil import add_errors

KINDS = {
    "bailleur": {
        "visible": Bailleur.objects.visible_to,
        "form": BailleurForm,
        "filterset": BailleurFilterSet,
        "list_template": "users/organisations.html",
        "list_title": "Bailleurs",
        "edit_url": "parametres_bailleur",
        "list_url": "parametres_bailleurs",
        "role_filter": "roles__bailleur",
    },
    "administration": {
        "visible": Administration.objects.visible_to,
        "form": AdministrationForm,
        "filterset": AdministrationFilterSet,
        "list_template": "users/organisations.html",
        "list_title": "Administrations",
        "edit_url": "parametres_administration",
        "list_url": "parametres_administrations",
        "role_filter": "roles__administration",
    },
}


def _organisation_list(request, kind: str):
    conf = KINDS[kind]
    queryset = conf["visible"](request.user).annotate(nb_utilisateurs=Count("roles", distinct=True))
    context = filtered_page(request, conf["filterset"](request.GET, queryset=queryset))
    return render(
        request,
        conf["list_template"],
        {**context, "page_title": conf["list_title"], "menu": settings_menu(request), "kind": kind},
    )


def _organisation_edit(request, kind: str, uuid):
    conf = KINDS[kind]
    viewer = request.user
    # Scope on GET and POST alike: an organisation the viewer may not see does not exist for them.
    organisation = get_object_or_404(conf["visible"](viewer), uuid=uuid)
    can_edit = perms.can_edit_organisation(viewer, organisation)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Vous ne pouvez pas modifier cette organisation.")
    form_kwargs = {"can_edit_reserved": perms.can_edit_reserved_fields(viewer), "read_only": not can_edit}
    status = 200
    if request.method == "POST":
        form = conf["form"](request.POST, instance=organisation, **form_kwargs)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.organisation_update(by=viewer, organisation=organisation, **changes)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"« {organisation.nom} » est enregistré.")
                return redirect(conf["edit_url"], uuid=organisation.uuid)
        status = 400
        organisation.refresh_from_db()
    else:
        form = conf["form"](instance=organisation, **form_kwargs)
    users = (
        User.objects.filter(**{conf["role_filter"]: organisation})
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    context = filtered_page(request, MembreFilterSet(request.GET, queryset=users))
    visible_user_ids = set(
        User.objects.visible_to(viewer).filter(pk__in=[u.pk for u in context["page_obj"]]).values_list("pk", flat=True)
    )
    return render(
        request,
        "users/organisation.html",
        {
            **context,
            "page_title": organisation.nom,
            "menu": settings_menu(request),
            "kind": kind,
            "organisation": organisation,
            "form": form,
            "can_edit": can_edit,
            "list_url": conf["list_url"],
            "visible_user_ids": visible_user_ids,
        },
        status=status,
    )


def bailleur_list(request):
    return _organisation_list(request, "bailleur")


def bailleur_edit(request, uuid):
    return _organisation_edit(request, "bailleur", uuid)


def administration_list(request):
    return _organisation_list(request, "administration")


def administration_edit(request, uuid):
    return _organisation_edit(request, "administration", uuid)
