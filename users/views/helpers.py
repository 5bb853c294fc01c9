from django.urls import reverse

from users import perms


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
