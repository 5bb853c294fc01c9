"""The SIAP contract, /api-siap/v0/ (reference §5.1 and §5.3): paths, keys and status strings unchanged."""

from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from api.authentication import JWTAuthentication
from api.siap import serializers as s
from api.siap.services import (
    OperationConflict,
    OperationForbidden,
    OperationInvalid,
    OperationNotFound,
    OperationRefused,
    closing_state,
    convention_kpis,
    operation_cancel,
    operation_conventions,
    operation_create_from_siap,
    visible_operation,
)
from api.throttling import CountRefusedCalls, LoginLockedOut
from users.lockout import lockout_message, lockout_seconds_left

NUMERO = "{NUMERO_OPERATION_SIAP}"

# The HTTP status of each kind of refusal of the SIAP services.
REFUSAL_STATUS = {
    OperationInvalid: status.HTTP_400_BAD_REQUEST,
    OperationForbidden: status.HTTP_403_FORBIDDEN,
    OperationNotFound: status.HTTP_404_NOT_FOUND,
    OperationConflict: status.HTTP_409_CONFLICT,
}


def refusal_response(exc: OperationRefused) -> Response:
    code = next((code for kind, code in REFUSAL_STATUS.items() if isinstance(exc, kind)), status.HTTP_409_CONFLICT)
    return Response({"status": "ERROR", "message": exc.message}, status=code)


ERREUR_401 = OpenApiResponse(description="Jeton absent, invalide ou expiré.")
ERREUR_404 = OpenApiResponse(description="Aucune opération de ce numéro dans votre périmètre.")

EXEMPLE_OPERATION = {
    "uuid": "3f1c2b7e-8a4d-4c1e-9b0a-2d6e5f7a8b9c",
    "nom": "Résidence des Tilleuls",
    "numero_galion": "2026DD01300042",
    "numero_operation": "2026DD01300042",
    "bailleur": {
        "uuid": "0b6f5e1a-3c2d-4e8f-9a7b-1c2d3e4f5a6b",
        "nom": "Habitat Démo Méditerranée",
        "siren": "782000000",
        "siret": "78200000000016",
        "adresse": "12 boulevard des Dames",
        "code_postal": "13002",
        "ville": "Marseille",
        "capital_social": None,
        "type_bailleur": "OFFICE_PUBLIC_HLM",
        "sous_nature_bailleur": "OFFICE_PUBLIC_HLM",
        "nature_bailleur": "HLM",
    },
    "administration": {
        "uuid": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
        "nom": "DDTM des Bouches-du-Rhône",
        "code": "DD013",
        "ville_signature": "Marseille",
    },
    "conventions": [
        {
            "uuid": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
            "numero": None,
            "statut": "2. Instruction requise",
            "date_fin_conventionnement": None,
            "date_signature": None,
            "financement": "PLUS",
            "fond_propre": "150000.00",
            "lot": {"nb_logements": 12, "financement": "PLUS", "type_habitat": "COLLECTIF"},
            "lots": [
                {
                    "nb_logements": 12,
                    "financement": "PLUS",
                    "type_habitat": "COLLECTIF",
                    "logements": [],
                    "type_stationnements": [],
                    "prets": [],
                }
            ],
            "operation_numero": "2026DD01300042",
        }
    ],
    "adresse": "12 avenue des Tilleuls",
    "code_postal": "13001",
    "ville": "Marseille",
    "code_insee_commune": "13201",
    "code_insee_departement": "13",
    "code_insee_region": "93",
    "zone_123_bis": "2",
    "zone_abc_bis": "B1",
    "type_operation": "NEUF",
    "nature_logement": "LOGEMENTSORDINAIRES",
    "anru": False,
    "date_achevement_previsible": "2027-09-30",
    "date_achat": None,
    "date_achevement": None,
}

EXEMPLE_CHARGE_SIAP = {
    "donneesOperation": {
        "numeroOperation": "2026DD01300042",
        "nomOperation": "Résidence des Tilleuls",
        "natureLogement": "LOO",
        "sousNatureOperation": "CNE",
        "sansTravaux": False,
    },
    "donneesLocalisation": {
        "adresse": "12 avenue des Tilleuls",
        "commune": {"codeInsee": "13201", "codePostal": "13001", "libelle": "Marseille"},
        "departement": {"codeInsee": "13"},
        "region": {"codeInsee": "93"},
        "zonage123": "2",
        "zonageABC": "B1",
    },
    "donneesMo": {
        "siren": "782000000",
        "siret": "78200000000016",
        "nom": "Habitat Démo Méditerranée",
        "codeFamilleMO": "HLM",
        "adresseLigne4": "12 boulevard des Dames",
        "adresseLigne6": "13002 Marseille",
    },
    "gestionnaire": {"code": "DD013", "libelle": "DDTM des Bouches-du-Rhône"},
    "detailsOperation": [
        {"aide": {"code": "PLUS"}, "logement": {"nbLogementsIndividuels": 0, "nbLogementsCollectifs": 12}},
        {"aide": {"code": "PLAI"}, "logement": {"nbLogementsIndividuels": 2, "nbLogementsCollectifs": 3}},
    ],
    "plansFinancement": [{"codeAide": "PLUS", "fondsPropres": "150000.00"}],
}


class SiapView(CountRefusedCalls, APIView):
    """Every SIAP endpoint: JWT only (the SIAP never holds a session), authenticated callers."""

    authentication_classes = [JWTAuthentication]


class ConfigView(SiapView):
    @extend_schema(
        tags=["config-resource"],
        summary="Configuration de l'API",
        description="Adresses des pages web et des points d'accès d'APiLos que le SIAP utilise.",
        responses={200: s.ConfigSerializer, 401: ERREUR_401},
        examples=[
            OpenApiExample(
                "Configuration",
                value={
                    "racine_url_acces_web": "https://apilos.example.gouv.fr",
                    "url_acces_web_operation": "/conventions/?q={NUMERO_OPERATION_SIAP}",
                    "url_acces_web_recherche": "/conventions/",
                    "url_acces_api_kpi": "/api-siap/v0/convention_kpi/",
                    "url_acces_api_conventions_operation": "/api-siap/v0/operation/{NUMERO_OPERATION_SIAP}/",
                    "url_acces_api_cloture_operation": "/api-siap/v0/close_operation/{NUMERO_OPERATION_SIAP}/",
                    "url_acces_api_annulation_operation": "/api-siap/v0/cancel_operation/{NUMERO_OPERATION_SIAP}/",
                    "version": "1.0",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        version = settings.SPECTACULAR_SETTINGS["VERSION"].rsplit(".", 1)[0]
        return Response(
            {
                "racine_url_acces_web": request.build_absolute_uri("/").rstrip("/"),
                "url_acces_web_operation": f"/conventions/?q={NUMERO}",
                "url_acces_web_recherche": "/conventions/",
                "url_acces_api_kpi": "/api-siap/v0/convention_kpi/",
                "url_acces_api_conventions_operation": f"/api-siap/v0/operation/{NUMERO}/",
                "url_acces_api_cloture_operation": f"/api-siap/v0/close_operation/{NUMERO}/",
                "url_acces_api_annulation_operation": f"/api-siap/v0/cancel_operation/{NUMERO}/",
                "version": version,
            }
        )


class ConventionKpiView(SiapView):
    @extend_schema(
        tags=["statistics"],
        summary="Indicateurs de l'utilisateur",
        description="Nombre de conventions par étape, comptées dans le périmètre de l'appelant : un indicateur "
        "« En cours » pour un administrateur ; « En instruction », « En correction » et « À signer » pour un "
        "instructeur ; « En projet », « En correction » et « À signer » pour un bailleur. Chaque indicateur donne "
        "l'adresse de la liste filtrée correspondante.",
        responses={200: s.KpiSerializer(many=True), 401: ERREUR_401},
        examples=[
            OpenApiExample(
                "Instructeur",
                value=[
                    {
                        "indicateur_redirection_url": "/conventions/?statut=instruction",
                        "indicateur_valeur": 4,
                        "indicateur_label": "En instruction",
                    },
                    {
                        "indicateur_redirection_url": "/conventions/?statut=corrections",
                        "indicateur_valeur": 1,
                        "indicateur_label": "En correction",
                    },
                    {
                        "indicateur_redirection_url": "/conventions/?statut=a_signer",
                        "indicateur_valeur": 2,
                        "indicateur_label": "À signer",
                    },
                ],
                response_only=True,
            )
        ],
    )
    def get(self, request):
        return Response(convention_kpis(user=request.user))


def _operation_or_404(request, numero_operation):
    programme = visible_operation(user=request.user, numero_operation=numero_operation)
    if programme is None:
        raise Http404("Aucune opération de ce numéro dans votre périmètre.")
    return programme


def _operation_payload(request, programme, numero_operation):
    conventions = list(operation_conventions(user=request.user, numero_operation=numero_operation))
    return s.OperationSerializer(programme, context={"conventions": conventions, "request": request}).data


class OperationView(SiapView):
    @extend_schema(
        tags=["operation"],
        summary="Une opération et ses conventions",
        description="L'opération de ce numéro (la plus récente), son bailleur, son administration et toutes ses "
        "conventions visibles par l'appelant, avec leurs lots (logements, stationnements, prêts).",
        responses={200: s.OperationSerializer, 401: ERREUR_401, 404: ERREUR_404},
        examples=[OpenApiExample("Opération", value=EXEMPLE_OPERATION, response_only=True)],
    )
    def get(self, request, numero_operation):
        programme = _operation_or_404(request, numero_operation)
        return Response(_operation_payload(request, programme, numero_operation))

    @extend_schema(
        tags=["operation"],
        summary="Créer les conventions d'une opération",
        description="Crée, à partir de la description de l'opération par le SIAP, le bailleur (par SIRET, "
        "retrouvé par SIREN s'il existe), l'administration (par code), l'opération (par numéro), puis un lot et "
        "une convention en projet par aide (PLUS, PLUS CD, PLAI — PLAI ADP y est rattaché —, PLS ; les autres "
        "aides sont ignorées). Idempotent : un nouvel appel ne crée que ce qui manque. Réponse : l'opération, "
        "comme en lecture (201 si au moins une convention a été créée, 200 sinon).",
        request=s.OperationPayloadSerializer,
        responses={
            200: s.OperationSerializer,
            201: s.OperationSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='Contenu invalide : les erreurs par champ, ou {"status": "ERROR", "message": …}.',
            ),
            401: ERREUR_401,
            403: OpenApiResponse(s.OperationStatusSerializer, description="Opération hors de vos organisations."),
            404: ERREUR_404,
        },
        examples=[
            OpenApiExample("Description SIAP", value=EXEMPLE_CHARGE_SIAP, request_only=True),
            OpenApiExample("Opération créée", value=EXEMPLE_OPERATION, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request, numero_operation):
        payload = s.OperationPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            programme, created = operation_create_from_siap(
                numero_operation=numero_operation, data=payload.validated_data, user=request.user
            )
        except OperationRefused as exc:
            return refusal_response(exc)
        programme = _operation_or_404(request, numero_operation)
        return Response(
            _operation_payload(request, programme, numero_operation),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CloseOperationView(SiapView):
    def _state(self, request, numero_operation):
        programme = _operation_or_404(request, numero_operation)
        conventions = list(operation_conventions(user=request.user, numero_operation=numero_operation))
        state = closing_state(conventions)
        context = {
            "conventions": conventions,
            "all_conventions_are_signed": state.all_conventions_are_signed,
            "last_conventions_state": state.last_conventions_state,
            "request": request,
        }
        return Response(s.CloseOperationSerializer(programme, context=context).data)

    schema_kwargs = {
        "tags": ["operation"],
        "summary": "État de clôture d'une opération",
        "description": "L'opération comme en lecture, avec « all_conventions_are_signed » et, par financement, "
        "la dernière convention signée (« last_conventions_state »). Ne modifie rien.",
        "responses": {200: s.CloseOperationSerializer, 401: ERREUR_401, 404: ERREUR_404},
        "examples": [
            OpenApiExample(
                "Clôture",
                value={**EXEMPLE_OPERATION, "all_conventions_are_signed": False, "last_conventions_state": []},
                response_only=True,
            )
        ],
    }

    @extend_schema(**schema_kwargs)
    def get(self, request, numero_operation):
        return self._state(request, numero_operation)

    @extend_schema(**schema_kwargs, request=None)
    def post(self, request, numero_operation):
        return self._state(request, numero_operation)


class CancelOperationView(SiapView):
    @extend_schema(
        tags=["operation"],
        summary="Annuler une opération",
        description="Annule toutes les conventions de l'opération (tout ou rien). Refusé tant qu'une convention "
        "est signée, en cours de publication ou publiée : la réponse porte alors le statut « ERROR » et le motif.",
        request=None,
        responses={
            200: s.OperationStatusSerializer,
            401: ERREUR_401,
            404: ERREUR_404,
            409: OpenApiResponse(s.OperationStatusSerializer, description="Annulation refusée, avec son motif."),
        },
        examples=[
            OpenApiExample("Annulée", value={"status": "SUCCESS"}, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "Refusée",
                value={
                    "status": "ERROR",
                    "message": "L'opération ne peut pas être annulée : au moins une de ses conventions est signée. "
                    "Ses conventions signées doivent d'abord être dénoncées ou résiliées.",
                },
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    def post(self, request, numero_operation):
        programme = _operation_or_404(request, numero_operation)
        try:
            operation_cancel(programme=programme, user=request.user)
        except OperationRefused as exc:
            return refusal_response(exc)
        return Response({"status": "SUCCESS"})


_TOKEN_DOC = {
    "tags": ["token"],
    "auth": [],
}


@extend_schema(
    **_TOKEN_DOC,
    summary="Obtenir un jeton",
    description="Identifiant et mot de passe APiLos contre un jeton d'accès (5 minutes) et un jeton de "
    "renouvellement (1 jour).",
    examples=[
        OpenApiExample(
            "Identifiants", value={"username": "demo-instructeur", "password": "********"}, request_only=True
        ),
        OpenApiExample(
            "Jetons", value={"access": "eyJhbGciOiJIUzI1NiIs…", "refresh": "eyJhbGciOi…"}, response_only=True
        ),
    ],
)
class SiapTokenObtainView(CountRefusedCalls, TokenObtainPairView):
    """Same lockout as the web login (django-axes: username + client IP), answered 429 with the unlock time."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                credentials = getattr(request, "axes_credentials", None)
                locked = LoginLockedOut(lockout_message(request, credentials))
                locked.wait = lockout_seconds_left(request, credentials)  # DRF sends it as Retry-After
                raise locked from None
            raise


@extend_schema(
    **_TOKEN_DOC,
    summary="Renouveler le jeton d'accès",
    description="Un jeton de renouvellement valide contre un nouveau jeton d'accès.",
    examples=[
        OpenApiExample("Renouvellement", value={"refresh": "eyJhbGciOi…"}, request_only=True),
        OpenApiExample("Nouveau jeton", value={"access": "eyJhbGciOiJIUzI1NiIs…"}, response_only=True),
    ],
)
class SiapTokenRefreshView(CountRefusedCalls, TokenRefreshView):
    pass
