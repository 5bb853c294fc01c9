from django.conf import settings

from siap.sso import SSO_SESSION_KEY, cerbere_enabled, proconnect_enabled


def sso(request):
    """The login methods on offer, and the agent's current SIAP habilitation (no database query)."""
    session = getattr(request, "session", None)
    return {
        "sso_cerbere": cerbere_enabled(),
        "sso_proconnect": proconnect_enabled(),
        "sso_session": bool(session and session.get(SSO_SESSION_KEY)),
        "siap_habilitation": session.get("siap_habilitation") if session else None,
        "siap_assistance_url": settings.SIAP_ASSISTANCE_URL,
        "siap_menu": session.get("siap_menu") if session else None,
    }
