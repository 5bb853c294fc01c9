"""Scope of an agent's session (reference §16.4): on the first request after an SSO login, or with
`?habilitation_id=N`, the agent's habilitations are read from the SIAP and the chosen one becomes a role; every
request of the session is then restricted to that role. SIAP unreachable: a French page, within the timeout."""

from django.shortcuts import render
from django.urls import reverse

from siap.client import SiapError, siap_enabled
from siap.habilitations import HabilitationContext, context_for, fetch_habilitation, scope_user
from siap.sso import SSO_SESSION_KEY
from users.models import Role

SESSION_KEY = "siap_habilitation"
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
        scope_user(user, context)
        return self.get_response(request)
