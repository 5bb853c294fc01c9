"""Scope of an agent's session (reference §16.4): on the first request after an SSO login, or with
`?habilitation_id=N`, the agent's habilitations are read from the SIAP and the chosen one becomes a role; every
request of the session is then restricted to that role. SIAP unreachable: a French page, within the timeout."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from siap.client import SiapError, get_client, siap_enabled
from siap.habilitations import HabilitationContext, context_for, fetch_habilitation, scope_user
from siap.sso import SSO_SESSION_KEY
from users.models import Role

SESSION_KEY = "siap_habilitation"
MENU_SESSION_KEY = "siap_menu"
EXEMPT_PREFIXES = ("/static/", "/healthz", "/comptes/deconnexion", "/comptes/sso/", "/pages/", "/admin/")


def store_context(session, context: HabilitationContext, habilitations: list[dict]) -> None:
    session[SESSION_KEY] = {
        "id": context.habilitation_id,
        "profil": context.profil,
        "code_role": context.code_role,
        "role_id": context.role.pk,
        "extra_bailleur_ids": list(context.extra_bailleur_ids),
        "libelle": context.libelle,
        "choix": [
            {
                "id": h.get("id"),
                "libelle": " — ".join(x for x in (h.get("titre"), h.get("sousTitre1")) if x) or str(h.get("id")),
            }
            for h in habilitations
        ],
    }


def siap_menu(login: str, habilitation_id: int) -> list[dict]:
    """The SIAP's navigation (first level), with absolute links back to the SIAP; [] when it cannot be had:
    the menu is a convenience, its absence never blocks a page."""
    if not settings.SIAP_MENU:
        return []
    client = get_client()
    try:
        racine = (client.config() or {}).get("racineUrlAccesWeb") or ""
        items = (client.menu(login=login, habilitation_id=habilitation_id) or {}).get("menuItems") or []
    except SiapError:
        return []
    menu = []
    for item in items:
        url = item.get("url") or next((i.get("url") for i in item.get("menuItems") or [] if i.get("url")), "")
        if item.get("libelle") and url:
            menu.append({"libelle": item["libelle"], "url": url if url.startswith("http") else f"{racine}{url}"})
    return menu


def _context_from_session(data: dict) -> HabilitationContext | None:
    role = Role.objects.select_related("group", "bailleur", "administration").filter(pk=data.get("role_id")).first()
    if role is None:
        return None
    return HabilitationContext(
        habilitation_id=data["id"],
        profil=data["profil"],
        code_role=data["code_role"],
        readonly=role.group.name.startswith("readonly_"),
        role=role,
        extra_bailleur_ids=tuple(data.get("extra_bailleur_ids") or ()),
    )


class HabilitationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.session.get(SSO_SESSION_KEY) or request.path.startswith(EXEMPT_PREFIXES) or not siap_enabled():
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated or not user.cerbere_login:
            return self.get_response(request)
        requested = request.GET.get("habilitation_id", "")
        data = request.session.get(SESSION_KEY)
        context = None
        if data and not requested.isdigit():
            context = _context_from_session(data)
        if context is None:
            wanted = int(requested) if requested.isdigit() else (data or {}).get("id")
            try:
                habilitation, valid = fetch_habilitation(login=user.cerbere_login, habilitation_id=wanted)
                context = context_for(user=user, habilitation=habilitation, login=user.cerbere_login, persist=True)
            except SiapError as exc:
                return render(
                    request,
                    "siap/indisponible.html",
                    {"message": exc.message, "deconnexion_url": reverse("sso_logout")},
                    status=503,
                )
            store_context(request.session, context, valid)
            request.session[MENU_SESSION_KEY] = siap_menu(user.cerbere_login, context.habilitation_id)
        scope_user(user, context)
        return self.get_response(request)
