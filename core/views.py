import logging
import sys
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import TemplateDoesNotExist, get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("apilos.health")

PUBLIC_PAGES = {
    "accessibilite": "Déclaration d'accessibilité",
    "mentions-legales": "Mentions légales",
    "cgu": "Conditions générales d'utilisation",
    "donnees-personnelles": "Données personnelles",
    "plan-du-site": "Plan du site",
}


# Never worth indexing: behind the login, or machine-facing.
PRIVATE_PATHS = ("/conventions/", "/parametres/", "/statistiques/", "/comptes/", "/api/", "/api-siap/", "/admin/")


@login_not_required
def home(request):
    if request.user.is_authenticated:
        from conventions.views.a_traiter import accueil  # the logged-in home: « À traiter »

        return accueil(request)
    return render(
        request, "core/accueil.html", {"page_title": "Accueil", "contact_email": settings.APILOS_CONTACT_EMAIL}
    )


@login_not_required
@require_GET
def page(request, slug):
    if slug not in PUBLIC_PAGES:
        raise Http404("Page inconnue")
    try:
        template = get_template(f"core/pages/{slug}.html")
    except TemplateDoesNotExist as exc:
        raise Http404("Page inconnue") from exc
    context = {
        "page_title": PUBLIC_PAGES[slug],
        "contact_email": settings.APILOS_CONTACT_EMAIL,
        "public_pages": [(key, title) for key, title in PUBLIC_PAGES.items() if key != slug],
    }
    return HttpResponse(template.render(context, request))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not answering"
        logger.exception("Healthcheck: la base de données ne répond pas")
        return False


def _cache_ok() -> bool:
    key = f"healthz-{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("Healthcheck: le cache ne répond pas")
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database = _database_ok()
    cache_ok = _cache_ok()
    payload = {
        "status": "ok" if database and cache_ok else ("degraded" if database else "error"),
        "database": "ok" if database else "error",
        "cache": "ok" if cache_ok else "error",
    }
    return JsonResponse(payload, status=200 if database else 503)


@login_not_required
@require_GET
def robots_txt(request):
    if settings.ENVIRONMENT == "production":
        lines = ["User-agent: *", "Allow: /$", "Allow: /pages/"]
        lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
        lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    else:
        lines = ["User-agent: *", "Disallow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def error_404(request, exception=None):
    return render(request, "404.html", {"page_title": "Page introuvable"}, status=404)


def error_403(request, exception=None):
    return render(request, "403.html", {"page_title": "Accès refusé"}, status=403)


# What PostgreSQL unreachable (stopped, restarting, network cut, connection lost) raises through Django.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE_MESSAGE = (
    "Le service est momentanément indisponible : la base de données ne répond pas. "
    "Vos données déjà enregistrées ne sont pas perdues. Réessayez dans quelques minutes."
)
RETRY_AFTER_SECONDS = "60"


def error_500(request):
    """Every uncaught exception ends here (DEBUG off). The database being unreachable is not a bug of the
    page: a French 503 that asks to retry (JSON under /api), never a traceback."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # No context processors that may touch the database: the error may come from there.
    return HttpResponse(get_template("500.html").render({}), status=500)


def database_unavailable(request):
    if request.path == "/healthz":  # reached here when a session had to be read first (logged-in caller)
        payload = {"status": "error", "database": "error", "detail": DATABASE_UNAVAILABLE_MESSAGE}
        response = JsonResponse(payload, status=503)
    elif request.path.startswith(("/api/", "/api-siap/")):
        response = JsonResponse({"detail": DATABASE_UNAVAILABLE_MESSAGE}, status=503)
    else:
        response = HttpResponse(get_template("503.html").render({"message": DATABASE_UNAVAILABLE_MESSAGE}), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
