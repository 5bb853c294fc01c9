from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from users.views.helpers import settings_menu
from webhooks import perms, services
from webhooks.forms import AbonnementForm
from webhooks.models import Abonnement, nouveau_secret


def _abonnement(user, uuid) -> Abonnement:
    return get_object_or_404(perms.abonnements_visible_to(user).select_related("bailleur", "administration"), uuid=uuid)


@require_http_methods(["GET", "POST"])
def liste(request):
    organisations = perms.organisations_manageable(request.user)
    form = AbonnementForm(request.POST or None, organisations=organisations) if organisations else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Vous ne gérez aucune organisation.")
        if form.is_valid():
            data = form.cleaned_data
            organisation = data["organisation"]
            abonnement = Abonnement(**{organisation._meta.model_name: organisation})
            try:
                with transaction.atomic():
                    services.save_abonnement(
                        abonnement=abonnement,
                        user=request.user,
                        url=data["url"],
                        nom=data["nom"],
                        evenements=data["evenements"],
                        actif=data["actif"],
                    )
            except services.AbonnementRefuse as exc:
                form.add_error("url" if "adresse" in str(exc).lower() else None, str(exc))
            else:
                messages.success(request, "Abonnement créé. Configurez le secret de signature dans votre logiciel.")
                return redirect("webhooks:detail", uuid=abonnement.uuid)
    abonnements = perms.abonnements_visible_to(request.user).select_related("bailleur", "administration")
    return render(
        request,
        "webhooks/liste.html",
        {"page_title": "Webhooks", "abonnements": abonnements, "form": form, "menu": settings_menu(request)},
    )


@require_http_methods(["GET", "POST"])
def detail(request, uuid):
    abonnement = _abonnement(request.user, uuid)
    can_manage = perms.can_manage(request.user, abonnement)
    initial = {
        "nom": abonnement.nom,
        "url": abonnement.url,
        "evenements": abonnement.evenements,
        "actif": abonnement.actif,
    }
    form = AbonnementForm(request.POST or None, initial=initial) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Vous ne pouvez pas modifier cet abonnement.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.save_abonnement(
                        abonnement=abonnement,
                        user=request.user,
                        url=data["url"],
                        nom=data["nom"],
                        evenements=data["evenements"],
                        actif=data["actif"],
                    )
            except services.AbonnementRefuse as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Abonnement enregistré.")
                return redirect("webhooks:detail", uuid=abonnement.uuid)
    page = Paginator(abonnement.livraisons.all(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/detail.html",
        {
            "page_title": f"Webhook {abonnement.nom}",
            "menu": settings_menu(request),
            "abonnement": abonnement,
            "form": form,
            "can_manage": can_manage,
            "page_obj": page,
        },
    )


@require_POST
def secret(request, uuid):
    abonnement = _abonnement(request.user, uuid)
    if not perms.can_manage(request.user, abonnement):
        raise PermissionDenied("Vous ne pouvez pas modifier cet abonnement.")
    abonnement.secret = nouveau_secret()
    abonnement.save(update_fields=["secret", "mis_a_jour_le"])
    messages.success(request, "Nouveau secret créé : l'ancien ne signe plus rien. Mettez à jour votre logiciel.")
    return redirect("webhooks:detail", uuid=abonnement.uuid)


@require_POST
def supprimer(request, uuid):
    abonnement = _abonnement(request.user, uuid)
    if not perms.can_manage(request.user, abonnement):
        raise PermissionDenied("Vous ne pouvez pas supprimer cet abonnement.")
    abonnement.delete()
    messages.success(request, "Abonnement supprimé, avec l'historique de ses livraisons.")
    return redirect("webhooks:liste")


@require_GET
def livraison(request, uuid, livraison_uuid):
    abonnement = _abonnement(request.user, uuid)
    objet = get_object_or_404(abonnement.livraisons.all(), uuid=livraison_uuid)
    return render(
        request,
        "webhooks/livraison.html",
        {
            "page_title": "Livraison de webhook",
            "menu": settings_menu(request),
            "abonnement": abonnement,
            "livraison": objet,
            "essais": objet.essais.all(),
            "can_manage": perms.can_manage(request.user, abonnement),
        },
    )


@require_POST
def rejouer(request, uuid, livraison_uuid):
    abonnement = _abonnement(request.user, uuid)
    objet = get_object_or_404(abonnement.livraisons.all(), uuid=livraison_uuid)
    if not perms.can_manage(request.user, abonnement):
        raise PermissionDenied("Vous ne pouvez pas rejouer cette livraison.")
    copie = services.replay(livraison=objet, user=request.user)
    messages.success(request, "Livraison rejouée : voir son résultat ci-dessous.")
    return redirect("webhooks:livraison", uuid=abonnement.uuid, livraison_uuid=copie.uuid)
