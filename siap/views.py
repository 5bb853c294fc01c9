"""Web pages reached from the SIAP (config/ publishes their addresses) and the SSO routes."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from api.siap.statuts import from_siap
from conventions.models import Convention
from programmes.models import Programme
from siap.client import SiapError, SiapNotFound, get_client
from siap.habilitations import SiapDataError
from siap.operations import operation_import
from siap.sso import SSO_SESSION_KEY, cerbere_enabled, proconnect_enabled


@require_GET
def conventions_recherche(request):
    """/conventions/recherche?cstatut=<libellés SIAP séparés par des virgules> (liens des indicateurs du SIAP)
    → la liste des conventions filtrée par ces statuts."""
    statuts = []
    for label in request.GET.get("cstatut", "").split(","):
        try:
            statuts.append(from_siap(label.strip()))
        except KeyError:
            continue
    query = urlencode([("statut", s) for s in statuts])
    return redirect(f"/conventions/{'?' + query if query else ''}")


@require_GET
def operation(request, numero_operation: str):
    """/operations/<numéro> (lien du SIAP vers une opération): ses conventions dans APiLos. Une opération encore
    inconnue d'APiLos est lue dans le SIAP et créée, si l'agent y a une habilitation."""
    visible = Convention.objects.visible_to(request.user).filter(programme__numero_operation=numero_operation)
    if visible.exists():
        return redirect(f"/conventions/?{urlencode({'q': numero_operation})}")
    context = getattr(request.user, "siap_habilitation", None)
    if context is None or Programme.objects.filter(numero_operation=numero_operation).exists():
        raise Http404("Aucune opération de ce numéro dans votre périmètre.")
    try:
        dto = get_client().operation(
            login=request.user.cerbere_login, habilitation_id=context.habilitation_id, numero_operation=numero_operation
        )
        operation_import(dto=dto or {}, numero_operation=numero_operation, user=request.user)
    except SiapNotFound:
        raise Http404(f"Le SIAP ne connaît pas d'opération numéro {numero_operation}.") from None
    except SiapDataError as exc:
        titre = "Cette opération ne peut pas être créée dans APiLos"
        return render(request, "siap/indisponible.html", {"message": exc.message, "titre": titre}, status=422)
    except SiapError as exc:
        return render(request, "siap/indisponible.html", {"message": exc.message}, status=503)
    if not visible.exists():
        raise Http404("Cette opération ne relève pas de votre habilitation.")
    return redirect(f"/conventions/?{urlencode({'q': numero_operation})}")


@require_GET
def habilitations(request):
    """The agent's SIAP habilitations (read at login), to change the one in use."""
    current = request.session.get("siap_habilitation")
    if not current:
        raise Http404("Cette page concerne les agents connectés par le SIAP.")
    return render(request, "siap/habilitations.html", {"habilitation": current})


# --- SSO routes: each one 404 while its method is off -------------------------------------------------------


def _only_if(enabled):
    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not enabled():
                raise Http404("Cette méthode de connexion n'est pas activée.")
            return view(request, *args, **kwargs)

        return login_not_required(wrapped)

    return decorator


cerbere_login = _only_if(cerbere_enabled)(cas_views.LoginView.as_view())
proconnect_login = _only_if(proconnect_enabled)(oidc_views.OIDCAuthenticationRequestView.as_view())
proconnect_callback = _only_if(proconnect_enabled)(oidc_views.OIDCAuthenticationCallbackView.as_view())


@login_not_required
def sso_logout(request):
    """Local logout, then the SSO provider's own logout when the session came from it."""
    method = request.session.get(SSO_SESSION_KEY)
    if method == "cerbere" and cerbere_enabled():
        return cas_views.LogoutView.as_view()(request)
    if method == "proconnect" and proconnect_enabled():
        from siap.sso import proconnect_logout_url

        url = proconnect_logout_url(request)
        logout(request)
        return redirect(url)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
