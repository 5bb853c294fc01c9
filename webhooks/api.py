"""/api/v1/webhooks/…: the partner reads its subscriptions and deliveries and replays a delivery.

Subscriptions are created and their secret is read in the settings pages (Paramètres → Webhooks), not here:
an API key that leaks must not be enough to redirect the events elsewhere."""

from uuid import UUID

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from api.throttling import CountRefusedCalls
from webhooks import perms, services
from webhooks.models import Abonnement, Livraison, Tentative

ABONNEMENT_EXEMPLE = {
    "uuid": "5b0c9a4e-8d1f-4c41-9a55-0d2f1f0e7a10",
    "nom": "Logiciel de gestion locative",
    "url": "https://partenaire.example/apilos/webhooks",
    "evenements": ["convention.statut_modifie", "document.pret"],
    "actif": True,
    "organisation": {"type": "bailleur", "uuid": "0f6a2b1c-3d4e-4f50-8a9b-1c2d3e4f5a6b", "nom": "Habitat Sud"},
    "cree_le": "2026-11-02T09:15:00+01:00",
    "mis_a_jour_le": "2026-11-02T09:15:00+01:00",
}
LIVRAISON_EXEMPLE = {
    "uuid": "9e1d7c52-2f3a-4b8c-9d0e-1f2a3b4c5d6e",
    "abonnement": "5b0c9a4e-8d1f-4c41-9a55-0d2f1f0e7a10",
    "evenement": "convention.statut_modifie",
    "statut": "reussie",
    "tentatives": 2,
    "code_reponse": 200,
    "prochain_essai": None,
    "livree_le": "2026-11-29T14:01:03+01:00",
    "cree_le": "2026-11-29T14:00:02+01:00",
    "rejouee_de": None,
    "charge": {
        "id": "9e1d7c52-2f3a-4b8c-9d0e-1f2a3b4c5d6e",
        "evenement": "convention.statut_modifie",
        "cree_le": "2026-11-29T13:00:02+00:00",
        "donnees": {"convention": {"uuid": "…", "numero": "13.D.26.0001", "statut": "a_signer"}},
    },
    "essais": [
        {
            "numero": 1,
            "le": "2026-11-29T14:00:02+01:00",
            "code_reponse": 503,
            "duree_ms": 41,
            "extrait_reponse": "",
            "erreur": "",
        },
        {
            "numero": 2,
            "le": "2026-11-29T14:01:03+01:00",
            "code_reponse": 200,
            "duree_ms": 35,
            "extrait_reponse": "ok",
            "erreur": "",
        },
    ],
}


def _exemple(nom, valeur):
    return [OpenApiExample(nom, value=valeur, response_only=True)]


UUID_REGEX = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class AbonnementSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = Abonnement
        fields = ["uuid", "nom", "url", "evenements", "actif", "organisation", "cree_le", "mis_a_jour_le"]

    def get_organisation(self, obj) -> dict:
        organisation = obj.organisation
        return {"type": organisation._meta.model_name, "uuid": str(organisation.uuid), "nom": organisation.nom}


class TentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tentative
        fields = ["numero", "le", "code_reponse", "duree_ms", "extrait_reponse", "erreur"]


class LivraisonSerializer(serializers.ModelSerializer):
    abonnement = serializers.UUIDField(source="abonnement.uuid", read_only=True)
    rejouee_de = serializers.UUIDField(source="rejouee_de.uuid", read_only=True, allow_null=True)
    essais = TentativeSerializer(many=True, read_only=True)

    class Meta:
        model = Livraison
        fields = [
            "uuid",
            "abonnement",
            "evenement",
            "statut",
            "tentatives",
            "code_reponse",
            "prochain_essai",
            "livree_le",
            "cree_le",
            "rejouee_de",
            "charge",
            "essais",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Lister vos abonnements webhook", examples=_exemple("Abonnements", [ABONNEMENT_EXEMPLE])
    ),
    retrieve=extend_schema(
        summary="Détail d'un abonnement webhook", examples=_exemple("Abonnement", ABONNEMENT_EXEMPLE)
    ),
)
@extend_schema(tags=["webhooks"])
class AbonnementViewSet(CountRefusedCalls, viewsets.ReadOnlyModelViewSet):
    serializer_class = AbonnementSerializer
    queryset = Abonnement.objects.none()
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return perms.abonnements_visible_to(self.request.user).select_related("bailleur", "administration")


@extend_schema_view(
    list=extend_schema(
        summary="Lister les livraisons",
        description="Les livraisons de vos abonnements, les plus récentes d'abord, avec chaque tentative "
        "(code de réponse, début de la réponse, durée).",
        parameters=[OpenApiParameter("abonnement", str, description="UUID d'un abonnement pour filtrer.")],
        examples=_exemple("Livraisons", [LIVRAISON_EXEMPLE]),
    ),
    retrieve=extend_schema(summary="Détail d'une livraison", examples=_exemple("Livraison", LIVRAISON_EXEMPLE)),
)
@extend_schema(tags=["webhooks"])
class LivraisonViewSet(CountRefusedCalls, viewsets.ReadOnlyModelViewSet):
    serializer_class = LivraisonSerializer
    queryset = Livraison.objects.none()
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        queryset = (
            perms.livraisons_visible_to(self.request.user)
            .select_related("abonnement", "rejouee_de")
            .prefetch_related("essais")
        )
        abonnement = self.request.query_params.get("abonnement")
        if abonnement:
            try:
                queryset = queryset.filter(abonnement__uuid=UUID(abonnement))
            except ValueError as exc:
                raise ValidationError({"abonnement": "Identifiant d'abonnement invalide (UUID attendu)."}) from exc
        return queryset

    @extend_schema(
        summary="Rejouer une livraison",
        description="Envoie de nouveau le même contenu (même `id` d'événement, nouvel identifiant de livraison "
        "dans l'en-tête X-Apilos-Livraison). Réservé à ceux qui gèrent l'organisation de l'abonnement.",
        request=None,
        responses={202: LivraisonSerializer, 403: OpenApiResponse(description="Droit de gestion requis.")},
        examples=[
            OpenApiExample(
                "Livraison rejouée",
                value={
                    **LIVRAISON_EXEMPLE,
                    "statut": "en_attente",
                    "tentatives": 0,
                    "code_reponse": None,
                    "livree_le": None,
                    "essais": [],
                    "rejouee_de": LIVRAISON_EXEMPLE["uuid"],
                },
                response_only=True,
                status_codes=["202"],
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def rejouer(self, request, uuid=None):
        livraison = self.get_object()
        if not perms.can_manage(request.user, livraison.abonnement):
            raise PermissionDenied("Vous ne pouvez pas rejouer cette livraison.")
        copie = services.replay(livraison=livraison, user=request.user)
        return Response(LivraisonSerializer(copie).data, status=status.HTTP_202_ACCEPTED)
