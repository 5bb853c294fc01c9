"""The SIAP contract, /api-siap/v0/ (reference §16.2): routes, keys, status codes and error bodies as the SIAP
expects them. Services raise domain exceptions; this module maps them to the contract's answers."""

import logging

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from api.docs_views import RedocView, SwaggerView
from api.siap import examples
from api.siap import serializers as s
from api.siap.authentication import SiapHabilitationAuthentication, SiapTokenAuthentication
from api.siap.services import (
    OperationCancelRefused,
    closing_state,
    convention_kpis,
    operation_cancel,
    operation_conventions,
    operation_create_from_siap,
    operation_latest,
)
from api.throttling import CountRefusedCalls
from siap.client import SiapError, SiapRefused
from siap.habilitations import SiapDataError

logger = logging.getLogger("apilos.siap")

NUMERO = "{NUMERO_OPERATION_SIAP}"
CONTRACT_VERSION = "0.0.1"  # x.y.z of the SIAP contract; config/ publishes x.y
SIAP_ERROR = (
    "Une erreur est survenue lors de la communication avec la plateforme SIAP. Veuillez réessayer ultérieurement."
)
ERREUR_401 = OpenApiResponse(description="Jeton absent, invalide, expiré, ou sans « habilitation-id ».")
ERREUR_500 = OpenApiResponse(s.ErrorSerializer, description="Le SIAP n'a pas pu fournir l'habilitation de l'agent.")


READONLY = (
    "Votre habilitation SIAP est en lecture seule : elle ne permet pas de modifier les conventions de l'opération."
)


def _readonly(request) -> bool:
    context = getattr(request.user, "siap_habilitation", None)
    return bool(context and context.readonly)


def siap_exception_handler(exc, context):
    """SIAP failures while reading the caller's habilitation (reference §16.2.1)."""
    if isinstance(exc, SiapRefused):
        return Response(
            {"detail": f"user doesn't have SIAP habilitation, SIAP error returned {exc.status_code}"},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, SiapDataError):
        return Response({"error": exc.message}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, SiapError):
        return Response({"error": SIAP_ERROR}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return exception_handler(exc, context)


class SiapView(CountRefusedCalls, APIView):
    """Every SIAP route but config/: the caller's habilitation, fetched from the SIAP, sets the scope."""

    authentication_classes = [SiapHabilitationAuthentication]

    def get_exception_handler(self):
        return siap_exception_handler


class ConfigView(SiapView):
    authentication_classes = [SiapTokenAuthentication]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        tags=["config-resource"],
        summary="Configuration de l'API",
        description="Adresses des pages web et des points d'accès d'APiLos que le SIAP utilise. Seul le jeton est "
        "vérifié (signature, expiration, type) : aucune habilitation n'est demandée.",
        responses={200: s.ConfigSerializer, 401: ERREUR_401},
        examples=[OpenApiExample("Configuration", value=examples.CONFIG, response_only=True)],
    )
    def get(self, request):
        scheme = "https" if request.is_secure() else "http"
        return Response(
            {
                "racine_url_acces_web": f"{scheme}://{request.get_host()}",
                "url_acces_api_cloture_operation": f"/api-siap/v0/close_operation/{NUMERO}/",
                "url_acces_api_annulation_operation": f"/api-siap/v0/cancel_operation/{NUMERO}/",
                "url_acces_api_conventions_operation": f"/api-siap/v0/operation/{NUMERO}",
                "url_acces_api_kpi": "/api-siap/v0/convention_kpi/",
                "url_acces_web_operation": f"/operations/{NUMERO}",
                "url_acces_web_recherche": "/conventions",
                "version": CONTRACT_VERSION.rsplit(".", 1)[0],
            }
        )


class ConventionKpiView(SiapView):
    @extend_schema(
        tags=["statistics"],
        summary="Indicateurs de l'habilitation",
        description="Conventions du périmètre de l'habilitation, comptées par statut : « en cours » pour "
        "l'administration centrale et les services régionaux ; « en instruction », « en correction », « à signer » "
        "pour les services instructeurs ; « en projet », « en correction », « à signer » pour les maîtres "
        "d'ouvrage ; rien pour les partenaires.",
        responses={200: s.KpiSerializer(many=True), 401: ERREUR_401, 500: ERREUR_500},
        examples=[OpenApiExample("Instructeur", value=examples.KPI, response_only=True)],
    )
    def get(self, request):
        return Response(convention_kpis(user=request.user))


def _operation_payload(numero_operation: str, serializer_class=s.OperationSerializer, **context) -> dict:
    programme = operation_latest(numero_operation=numero_operation)
    if programme is None:
        return dict(s.EMPTY_OPERATION)
    conventions = operation_conventions(numero_operation=numero_operation)
    if serializer_class is s.CloseOperationSerializer:
        state = closing_state(conventions)
        context.update(
            all_conventions_are_signed=state.all_conventions_are_signed,
            last_conventions_state=state.last_conventions_state,
        )
    return serializer_class(programme, context={"conventions": conventions, **context}).data


class OperationView(SiapView):
    @extend_schema(
        tags=["operation"],
        summary="Une opération et ses conventions",
        description="L'opération de ce numéro (sa version la plus récente), son bailleur, son administration et "
        "toutes ses conventions. Numéro inconnu : 200 avec un objet vide (sans bailleur ni administration).",
        responses={200: s.OperationSerializer, 401: ERREUR_401, 500: ERREUR_500},
        examples=[OpenApiExample("Opération", value=examples.OPERATION, response_only=True)],
    )
    def get(self, request, numero_operation):
        return Response(_operation_payload(numero_operation))

    @extend_schema(
        tags=["operation"],
        summary="Créer les conventions d'une opération",
        description="Sans corps de requête. APiLos lit l'opération dans le SIAP (au nom de l'agent et de son "
        "habilitation), crée au besoin le bailleur (par SIREN), l'administration (par code), l'opération, puis une "
        "convention en projet par aide à conventionner. Idempotent. Réponse : l'opération comme en lecture ; "
        "objet vide si le SIAP n'a pas pu fournir l'opération ; 500 avec un message si ses données ne suffisent pas.",
        request=None,
        responses={200: s.OperationSerializer, 401: ERREUR_401, 500: s.ErrorSerializer},
        examples=[OpenApiExample("Opération créée", value=examples.OPERATION, response_only=True)],
    )
    def post(self, request, numero_operation):
        if _readonly(request):
            return Response({"detail": READONLY}, status=status.HTTP_403_FORBIDDEN)
        try:
            operation_create_from_siap(numero_operation=numero_operation, user=request.user)
        except SiapDataError as exc:
            return Response({"error": exc.message}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        except SiapError as exc:
            # The contract swallows a failed pull (reference §16.2.6); it stays in the SIAP call journal.
            logger.warning("Opération %s non lue dans le SIAP : %s", numero_operation, exc.message)
            return Response(dict(s.EMPTY_OPERATION))
        return Response(_operation_payload(numero_operation))


class CloseOperationView(SiapView):
    schema_kwargs = {
        "tags": ["operation"],
        "summary": "État de clôture d'une opération",
        "description": "L'opération comme en lecture, avec « all_conventions_are_signed » (aucune convention encore "
        "dans le circuit d'instruction) et, par financement, la dernière convention sortie du circuit "
        "(« last_conventions_state »). GET et POST sont identiques ; rien n'est modifié.",
        "responses": {200: s.CloseOperationSerializer, 401: ERREUR_401, 500: ERREUR_500},
        "examples": [
            OpenApiExample(
                "Clôture",
                value={**examples.OPERATION, "all_conventions_are_signed": False, "last_conventions_state": []},
                response_only=True,
            )
        ],
    }

    @extend_schema(**schema_kwargs)
    def get(self, request, numero_operation):
        return Response(self._state(numero_operation))

    @extend_schema(**schema_kwargs, request=None)
    def post(self, request, numero_operation):
        return Response(self._state(numero_operation))

    @staticmethod
    def _state(numero_operation):
        payload = _operation_payload(numero_operation, s.CloseOperationSerializer)
        payload.setdefault("all_conventions_are_signed", True)
        payload.setdefault("last_conventions_state", [])
        return payload


class CancelOperationView(SiapView):
    @extend_schema(
        tags=["operation"],
        summary="Annuler une opération",
        description="Sans corps de requête. Annule toutes les conventions de l'opération, ou aucune : tant qu'une "
        "convention est signée (ou en publication, ou publiée), la réponse est 200 avec le statut « ERROR » et le "
        "motif. Numéro inconnu : « SUCCESS » (rien à annuler).",
        request=None,
        responses={200: s.OperationStatusSerializer, 401: ERREUR_401, 500: ERREUR_500},
        examples=[
            OpenApiExample("Annulée", value={"status": "SUCCESS"}, response_only=True),
            OpenApiExample("Refusée", value=examples.CANCEL_REFUSED, response_only=True),
        ],
    )
    def post(self, request, numero_operation):
        if _readonly(request):
            return Response({"status": "ERROR", "message": READONLY})
        try:
            operation_cancel(numero_operation=numero_operation, user=request.user)
        except OperationCancelRefused as exc:
            return Response({"status": "ERROR", "message": exc.message})
        return Response({"status": "SUCCESS"})


class DummyView(SiapView):
    """Documents ConventionInfoSIAP, the format of the convention export read by InfoSIAP (no data)."""

    @extend_schema(
        tags=["info_siap"],
        summary="Format ConventionInfoSIAP (documentation seulement)",
        description="Cette route ne sert qu'à documenter le format des conventions exportées vers InfoSIAP ; "
        "elle répond une liste vide.",
        responses={200: s.ConventionInfoSiapSerializer(many=True), 401: ERREUR_401},
        examples=[OpenApiExample("Aucune donnée", value=[], response_only=True)],
    )
    def get(self, request):
        return Response([])


SCHEMA_SETTINGS = {
    "TITLE": "API APiLos",
    "DESCRIPTION": "Documentation de l'API APiLos consommée par SIAP",
    "VERSION": CONTRACT_VERSION,
    "SCHEMA_PATH_PREFIX": r"/api-siap/v[0-9]+",
    "TAGS": [
        {"name": "config-resource", "description": "Configuration."},
        {"name": "statistics", "description": "Indicateurs de l'habilitation."},
        {"name": "operation", "description": "Une opération, ses conventions, clôture et annulation."},
        {"name": "info_siap", "description": "Format des conventions exportées vers InfoSIAP."},
    ],
}


class SiapSchemaView(CountRefusedCalls, SpectacularAPIView):
    urlconf = "api.siap.schema_urls"
    custom_settings = SCHEMA_SETTINGS
    permission_classes = [AllowAny]
    authentication_classes = []


class SiapSwaggerView(CountRefusedCalls, SwaggerView):
    title = "API APiLos consommée par le SIAP – documentation interactive"
    permission_classes = [AllowAny]
    authentication_classes = []


class SiapRedocView(CountRefusedCalls, RedocView):
    title = "API APiLos consommée par le SIAP – documentation"
    permission_classes = [AllowAny]
    authentication_classes = []
