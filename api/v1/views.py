"""General API /api/v1/: read everything in the caller's scope; write through the same services and rules
as the web pages (conventions.services.steps, conventions.rules, conventions.workflow, conventions.perms)."""

import hashlib

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from api.throttling import CountRefusedCalls
from api.v1 import examples as ex
from api.v1 import representations
from api.v1 import serializers as s
from api.v1.filters import AdministrationApiFilterSet, BailleurApiFilterSet, LotFilterSet, ProgrammeFilterSet
from conventions import perms, rules, workflow
from conventions.filters import ConventionFilterSet
from conventions.models import Convention, Pret
from conventions.services import steps, versions
from conventions.steps.objets import OBJETS_TABLEAUX
from programmes.enums import TableauLogement
from programmes.models import Logement, Lot, Programme
from users.models import Administration, Bailleur

ERREUR_401 = OpenApiResponse(description="Non authentifié : jeton ou clé d'API absent, invalide ou expiré.")
ERREUR_404 = OpenApiResponse(description="Inexistant ou hors de votre périmètre.")
ERREUR_400 = OpenApiResponse(description="Paramètre de filtre ou de tri invalide (message en français).")
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Facultatif : la version de la convention sur laquelle porte la modification (en-tête `ETag` du "
    "détail). Si la convention a été modifiée depuis → 409, rien n'est enregistré.",
)


def if_match_version(request) -> int | None:
    """The version in If-Match ("7", W/"7" or 7); None when absent or "*"."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise ValidationError({"If-Match": ["Version invalide : un nombre entier est attendu (en-tête ETag)."]})
    return int(value)


def _list_doc(name, serializer, example):
    # The query parameters are documented from each view's `filterset_class` (drf-spectacular's django-filter
    # extension).
    return extend_schema(
        summary=f"Lister les {name}",
        description=f"Les {name} de votre périmètre, 100 par page par défaut (`page_size` jusqu'à 500), "
        "filtrables et triables (`ordering`).",
        responses={200: serializer(many=True), 400: ERREUR_400, 401: ERREUR_401},
        examples=[OpenApiExample(name.capitalize(), value=example, response_only=True)],
    )


def _detail_doc(name, serializer, example):
    return extend_schema(
        summary=f"Détail d'un(e) {name}",
        responses={200: serializer, 401: ERREUR_401, 404: ERREUR_404},
        examples=[OpenApiExample(name.capitalize(), value=example, response_only=True)],
    )


class ScopedReadOnlyViewSet(CountRefusedCalls, viewsets.ReadOnlyModelViewSet):
    lookup_field = "uuid"
    # Anything but a UUID does not even match the route: 404, never a conversion error.
    lookup_value_regex = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    # django-filter FilterSets (the same as the web pages'); an invalid parameter → 400 with its French message.
    filter_backends = [DjangoFilterBackend]

    def scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()


@extend_schema_view(
    list=_list_doc("bailleurs", s.BailleurSerializer, [ex.BAILLEUR]),
    retrieve=_detail_doc("bailleur", s.BailleurSerializer, ex.BAILLEUR),
)
@extend_schema(tags=["bailleurs"])
class BailleurViewSet(ScopedReadOnlyViewSet):
    """Les bailleurs sur lesquels vous avez un rôle (tous pour l'équipe nationale)."""

    serializer_class = s.BailleurSerializer
    queryset = Bailleur.objects.none()  # for the schema; requests use scoped_queryset()
    filterset_class = BailleurApiFilterSet

    def scoped_queryset(self):
        return Bailleur.objects.visible_to(self.request.user)


@extend_schema_view(
    list=_list_doc("administrations", s.AdministrationSerializer, [ex.ADMINISTRATION]),
    retrieve=_detail_doc("administration", s.AdministrationSerializer, ex.ADMINISTRATION),
)
@extend_schema(tags=["administrations"])
class AdministrationViewSet(ScopedReadOnlyViewSet):
    """Les administrations sur lesquelles vous avez un rôle (toutes pour l'équipe nationale)."""

    serializer_class = s.AdministrationSerializer
    queryset = Administration.objects.none()  # for the schema; requests use scoped_queryset()
    filterset_class = AdministrationApiFilterSet

    def scoped_queryset(self):
        return Administration.objects.visible_to(self.request.user)


@extend_schema_view(
    list=_list_doc("opérations", s.ProgrammeSerializer, [ex.PROGRAMME]),
    retrieve=_detail_doc("opération", s.ProgrammeSerializer, ex.PROGRAMME),
)
@extend_schema(tags=["programmes"])
class ProgrammeViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.ProgrammeSerializer
    queryset = Programme.objects.none()  # for the schema; requests use scoped_queryset()
    filterset_class = ProgrammeFilterSet

    def scoped_queryset(self):
        return Programme.objects.visible_to(self.request.user).originals().select_related("bailleur", "administration")


@extend_schema_view(
    list=_list_doc("lots", s.LotSerializer, [ex.LOT]),
    retrieve=_detail_doc("lot", s.LotSerializer, ex.LOT),
)
@extend_schema(tags=["lots"])
class LotViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.LotSerializer
    queryset = Lot.objects.none()  # for the schema; requests use scoped_queryset()
    filterset_class = LotFilterSet

    def scoped_queryset(self):
        return Lot.objects.visible_to(self.request.user).originals().select_related("programme")


# --- Conventions ----------------------------------------------------------------------------------------

ACTIONS = {
    "soumettre": lambda c, u, d: workflow.convention_submit(convention=c, user=u, comment=d["commentaire"]),
    "demander_corrections": lambda c, u, d: workflow.convention_request_corrections(
        convention=c, user=u, comment=d["commentaire"], send_copy=d["envoyer_copie"]
    ),
    "renvoyer_instruction": lambda c, u, d: workflow.convention_resubmit(
        convention=c, user=u, comment=d["commentaire"]
    ),
    "valider": lambda c, u, d: workflow.convention_validate(
        convention=c,
        user=u,
        numero=d["numero"] or (str(workflow.default_numero_avenant(c)) if c.is_avenant else workflow.default_numero(c)),
        comment=d["commentaire"],
    ),
    "retour_instruction": lambda c, u, d: workflow.convention_back_to_instruction(
        convention=c, user=u, comment=d["commentaire"]
    ),
    "marquer_signee": lambda c, u, d: workflow.convention_mark_signed(
        convention=c, user=u, date_signature=d["date_signature"]
    ),
    "envoyer_publication": lambda c, u, d: workflow.convention_send_for_publication(convention=c, user=u),
    "marquer_publiee": lambda c, u, d: workflow.convention_mark_published(
        convention=c, user=u, date_publication=d["date_publication"], reference_publication=d["reference_publication"]
    ),
    "annuler": lambda c, u, d: workflow.convention_cancel(convention=c, user=u, comment=d["commentaire"]),
    "reactiver": lambda c, u, d: workflow.convention_reactivate(convention=c, user=u),
    "supprimer": lambda c, u, d: workflow.convention_delete(convention=c, user=u),
    "retour_signee": lambda c, u, d: workflow.convention_back_to_signed(convention=c, user=u, comment=d["commentaire"]),
    "refus_spf": lambda c, u, d: workflow.convention_spf_refused(
        convention=c, user=u, date_refus=d["date_refus_spf"], motif=d["motif_refus_spf"]
    ),
    "retour_publication": lambda c, u, d: workflow.convention_back_to_publication(
        convention=c, user=u, comment=d["commentaire"]
    ),
    "denoncer": lambda c, u, d: workflow.convention_denounce(avenant=c, user=u, comment=d["commentaire"]),
    "resilier": lambda c, u, d: workflow.convention_terminate(avenant=c, user=u, comment=d["commentaire"]),
}
# Every transition a user may take (the "effet_*" rows are effects of a dénonciation/résiliation, never actions).
assert set(ACTIONS) == {n for n, t in workflow.TRANSITIONS.items() if t.roles}, "every transition is in the API"


# Query parameters of the paginator, not of the FilterSet.
PAGINATION_PARAMS = {"page", "page_size"}


def _count_key(request) -> str:
    """Cache key of the total of a conventions list: the user and every parameter but the page."""
    params = sorted(
        (k, v) for k, values in request.query_params.lists() for v in values if k not in ("page", "page_size")
    )
    return f"api-conventions-total:{request.user.pk}:{hashlib.sha256(repr(params).encode()).hexdigest()[:32]}"


def _rule_errors_by_field(errors, *, prefix="") -> dict:
    """RuleErrors → {"champ": ["message", …]} (the whole object under "non_field_errors")."""
    grouped: dict = {}
    for error in errors:
        key = error.field or "non_field_errors"
        grouped.setdefault(f"{prefix}{key}", []).append(str(error))
    return grouped


@extend_schema_view(
    list=_list_doc("conventions", s.ConventionListSerializer, [ex.CONVENTION_LISTE]),
    retrieve=_detail_doc("convention", s.ConventionDetailSerializer, ex.CONVENTION),
)
@extend_schema(tags=["conventions"])
class ConventionViewSet(ScopedReadOnlyViewSet):
    queryset = Convention.objects.none()  # for the schema; requests use scoped_queryset()
    filterset_class = ConventionFilterSet
    http_method_names = ["get", "patch", "post", "put", "head", "options"]

    def get_serializer_class(self):
        if self.action == "list":
            return s.ConventionListSerializer
        return s.ConventionDetailSerializer

    def scoped_queryset(self):
        if self.action == "retrieve":
            return self._detail_queryset()
        queryset = Convention.objects.visible_to(self.request.user).with_list_relations()
        # The writes' services and checks read the tables on the instance.
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch("lot__logements", queryset=Logement.objects.prefetch_related("annexes")),
                "lot__type_stationnements",
                "prets",
                "avenant_types",
                Prefetch("avenants", queryset=Convention.objects.prefetch_related("avenant_types")),
            )
        return queryset

    def _detail_queryset(self):
        """What the detail reads on the instance: its operation (with bailleur and administration) and lot. Not
        its tables (api.v1.representations.convention_detail reads them as rows), nor its parent: an avenant's
        parent is one uuid, read then; joined, it was 92 more columns for every convention."""
        return Convention.objects.visible_to(self.request.user).with_relations()

    def filter_queryset(self, queryset):
        """Without a filter or sort parameter (the page and its size are none), the FilterSet filters nothing
        and only applies its default sort: building it (a deep copy of its twenty filters, its form) cost a
        quarter of the list's time. The list then gets that default sort directly; the detail (DRF runs the
        list's FilterSet for it too, in get_object) needs no sort to find the row matching its uuid. With any
        other parameter, the FilterSet runs as before (its validation, its 400s)."""
        if set(self.request.query_params) <= PAGINATION_PARAMS:
            if self.action == "list":
                return queryset.order_by(*ConventionFilterSet.base_filters["tri"].order_by(None))
            if self.action == "retrieve":
                return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """The page's rows as plain dicts from `.values()` (api.v1.representations): the same JSON as
        ConventionListSerializer, without a model instance and a serializer field per value."""
        queryset = self.filter_queryset(self.get_queryset())
        values = None
        if set(request.query_params) <= PAGINATION_PARAMS:
            # The same scope and sort, on the list's values() queryset built once a process.
            values = representations.list_values().visible_to(request.user).order_by(*queryset.query.order_by)
        rows = self.paginate_queryset(representations.ListRows(queryset, rows=values, count_key=_count_key(request)))
        return self.get_paginated_response(representations.convention_list_items(rows))

    def _detail(self, convention, *, status_code=status.HTTP_200_OK, reload=True):
        """The detail response. After a write, `reload` fetches the convention again with its operation, lot
        and parent (the services changed them); a plain GET passes the row get_object() has just loaded. The
        tables are read by representations.convention_detail, as `.values()` rows."""
        if reload:
            convention = self._detail_queryset().get(pk=convention.pk)
        if convention.parent_id:
            # An avenant's nature (avenant, dénonciation, résiliation) comes from its types: read once for the
            # workflow's checks of every action and for the response.
            prefetch_related_objects([convention], "avenant_types")
        user = self.request.user
        actions = [t.name for t in workflow.available_transitions(convention=convention, user=user)]
        data = representations.convention_detail(convention, actions=actions, request=self.request)
        # The browsable API prefills its forms from `data.serializer.instance`: an unused serializer costs
        # nothing (its fields are built only when read) and keeps those pages as they were.
        serializer = s.ConventionDetailSerializer(convention, context={"actions_possibles": actions})
        return Response(
            ReturnDict(data, serializer=serializer), status=status_code, headers={"ETag": f'"{convention.version}"'}
        )

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object(), reload=False)

    @extend_schema(
        summary="Modifier une convention",
        description="Année de fin de conventionnement, fonds propres, commentaires. Selon les droits de "
        "l'interface web : le bailleur en projet, l'instructeur en instruction ; pendant des corrections, le "
        "bailleur modifie seulement les champs qui portent un commentaire ouvert. Une règle métier non respectée "
        "→ 400 avec le message par champ ; un champ verrouillé → 403.",
        request=s.ConventionUpdateSerializer,
        parameters=[IF_MATCH],
        responses={
            200: s.ConventionDetailSerializer,
            400: OpenApiResponse(description="Règle non respectée."),
            401: ERREUR_401,
            403: OpenApiResponse(description="Champ non modifiable."),
            404: ERREUR_404,
            409: OpenApiResponse(description="Convention modifiée depuis la version donnée dans If-Match."),
        },
        examples=[
            OpenApiExample(
                "Financement", value={"annee_fin_conventionnement": 2066, "fond_propre": "150000.00"}, request_only=True
            )
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        convention = self.get_object()
        payload = s.ConventionUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        keys = {
            "annee_fin_conventionnement": "convention__date_fin_conventionnement",
            "fond_propre": "convention__fond_propre",
            "historique_financement_public": "convention__historique_financement_public",
            "commentaires": "convention__commentaires",
        }
        locked = [name for name in values if not perms.can_edit_field(request.user, convention, keys[name])]
        if locked:
            raise PermissionDenied(
                "Vous ne pouvez pas modifier ces champs de la convention maintenant : " + ", ".join(locked) + "."
            )
        if values.get("annee_fin_conventionnement") is not None:
            errors = rules.check_annee_fin_conventionnement(
                values["annee_fin_conventionnement"],
                financement=convention.lot.financement,
                type_operation=convention.programme.type_operation,
                prets=list(convention.prets.all()),
                **convention.programme.regime_duree,
            )
            if errors:
                raise ValidationError(_rule_errors_by_field(errors))
        financement = {
            k: v
            for k, v in values.items()
            if k in ("annee_fin_conventionnement", "fond_propre", "historique_financement_public")
        }
        try:
            with versions.saving(convention=convention, version=if_match_version(request), user=request.user):
                self._save(convention, values, financement)
        except versions.ConventionModifiee as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        return self._detail(convention)

    def _save(self, convention, values: dict, financement: dict) -> None:
        request = self.request
        with transaction.atomic():
            if financement:
                steps.save_financement(convention=convention, values=financement, rows=None)
            if "commentaires" in values:
                steps.save_commentaires(
                    convention=convention, values={"commentaires": values["commentaires"]}, user=request.user
                )

    @extend_schema(
        summary="Faire une action du circuit de la convention",
        description="Soumettre, demander des corrections, valider, enregistrer la signature… (voir "
        "`actions_possibles` dans le détail). Les mêmes contrôles que l'interface web : action impossible depuis "
        "ce statut ou pour vous → 409 ; données refusées (numéro déjà pris, date future, informations "
        "manquantes) → 400 avec la liste des erreurs.",
        parameters=[
            OpenApiParameter("nom", str, OpenApiParameter.PATH, enum=sorted(ACTIONS), description="Nom de l'action.")
        ],
        request=s.ActionSerializer,
        responses={
            200: s.ConventionDetailSerializer,
            204: OpenApiResponse(description="Projet supprimé (action « supprimer »)."),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='Données refusées : {"detail": …, "erreurs": […]} (règles, numéro, date…), ou les '
                "erreurs de format par champ.",
            ),
            401: ERREUR_401,
            404: ERREUR_404,
            409: s.ErreurSerializer,
        },
        examples=[
            OpenApiExample("Soumettre", value={"commentaire": "Dossier complet."}, request_only=True),
            OpenApiExample(
                "Refus",
                value={
                    "detail": "Action « Valider la convention » impossible : la convention est au statut « En projet »."
                },
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<nom>[a-z_]+)")
    def actions(self, request, uuid=None, nom=None):
        convention = self.get_object()
        if nom not in ACTIONS:
            raise NotFound(f"Action inconnue : « {nom} ».")
        payload = s.ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {
            "commentaire": "",
            "numero": "",
            "reference_publication": "",
            "motif_refus_spf": "",
            **payload.validated_data,
        }
        data.setdefault("date_signature", None)
        data.setdefault("date_publication", None)
        data.setdefault("date_refus_spf", None)
        try:
            ACTIONS[nom](convention, request.user, data)
        except workflow.TransitionNotAllowed as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        except workflow.ValidationRefused as exc:
            return Response(
                {"detail": exc.message, "erreurs": [str(e) for e in exc.errors]}, status=status.HTTP_400_BAD_REQUEST
            )
        if nom == "supprimer":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._detail(convention)

    @extend_schema(
        summary="Créer un avenant (ou une dénonciation, une résiliation)",
        description="Crée un avenant de la convention signée ou publiée : une copie de son état en vigueur (le "
        "dernier avenant signé), avec les types demandés ; seules les étapes de ces types seront modifiables. "
        "Réponse 201 avec le détail de l'avenant. Refus → 409 (convention non signée, avenant déjà en cours, "
        'droits) ; types inconnus ou incompatibles → 400. Une dénonciation (`["denonciation"]`) ou une '
        'résiliation (`["resiliation"]`) se crée de même, avec sa date et son motif, puis se valide par '
        "l'action `denoncer` ou `resilier` de l'avenant créé.",
        request=s.AvenantCreateSerializer,
        responses={
            201: s.ConventionDetailSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": …, "erreurs": […]}'),
            401: ERREUR_401,
            404: ERREUR_404,
            409: s.ErreurSerializer,
        },
        examples=[
            OpenApiExample(
                "Avenant logements",
                value={"types": ["logements"], "commentaire": "Révision de deux loyers"},
                request_only=True,
            ),
            OpenApiExample(
                "Déjà en cours",
                value={
                    "detail": "Un avenant est déjà en cours pour cette convention : il n'est pas possible d'en "
                    "créer un autre."
                },
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    @action(detail=True, methods=["post"], url_path="avenants")
    def avenants(self, request, uuid=None):
        from conventions.services import avenants as avenant_service

        parent = self.get_object()
        payload = s.AvenantCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        try:
            avenant = avenant_service.create_avenant(
                parent=parent,
                user=request.user,
                types=data.pop("types"),
                commentaire=data.pop("commentaire", ""),
                **data,
            )
        except workflow.TransitionNotAllowed as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        except workflow.ValidationRefused as exc:
            return Response(
                {"detail": exc.message, "erreurs": [str(e) for e in exc.errors]}, status=status.HTTP_400_BAD_REQUEST
            )
        return self._detail(avenant, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Logements de la convention",
        description="Les logements du lot de la convention, avec leurs annexes, paginés.",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: s.LogementSerializer(many=True), 401: ERREUR_401, 404: ERREUR_404},
        examples=[OpenApiExample("Logements", value=[ex.LOGEMENT], response_only=True)],
    )
    @extend_schema(
        methods=["PUT"],
        summary="Remplacer les logements de la convention",
        description="Le tableau envoyé devient le tableau des logements (comme à l'étape Logements) : un logement "
        "existant absent est supprimé, un logement avec son uuid est modifié, les autres sont créés ; "
        "`nb_logements` change le nombre de logements du lot (étape Opération, ou l'avenant « logements »). Les "
        "règles de l'étape s'appliquent au tableau entier (formule du loyer, désignations uniques, nombre de "
        "logements, EDD simplifié) : erreurs → 400 par ligne et par champ. 403 quand le tableau n'est pas "
        "modifiable (statut, droits, avenant d'un autre type).",
        request=s.LogementsTableSerializer,
        responses={
            200: s.LogementsTableSerializer,
            400: OpenApiResponse(description="Règle non respectée."),
            401: ERREUR_401,
            403: OpenApiResponse(description="Tableau non modifiable."),
            404: ERREUR_404,
        },
        examples=[OpenApiExample("Logements", value=ex.LOGEMENTS_ECRITURE)],
    )
    @action(detail=True, methods=["get", "put"], serializer_class=s.LogementSerializer)
    def logements(self, request, uuid=None):
        convention = get_object_or_404(Convention.objects.visible_to(request.user), uuid=uuid)
        if request.method == "PUT":
            return self._put_logements(request, convention)
        queryset = (
            Logement.objects.filter(lot_id=convention.lot_id).prefetch_related("annexes").order_by("import_order", "pk")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.LogementSerializer(page, many=True).data)

    def _put_logements(self, request, convention):
        """PUT …/logements/: the same rights and rules as the Logements step (and the Opération step's number).
        Each row names its table (reference §13.7); the user may replace every table holding rows, stored or
        sent."""
        user = request.user
        lot = convention.lot
        stored = {logement.tableau for logement in lot.logements.only("surface_corrigee", "loyer")}

        def may_replace(tableaux) -> bool:
            return perms.step_is_open(convention, "logements") and all(
                perms.can_edit_field(user, convention, f"{OBJETS_TABLEAUX[tableau]}__table") for tableau in tableaux
            )

        if not may_replace(stored | {TableauLogement.SU}):
            raise PermissionDenied("Vous ne pouvez pas modifier les logements de cette convention maintenant.")
        payload = s.LogementsTableSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not may_replace({row["tableau"] for row in payload.validated_data["logements"]}):
            raise PermissionDenied("Vous ne pouvez pas modifier ce tableau de logements maintenant.")
        nb_logements = payload.validated_data.get("nb_logements")
        if nb_logements is not None and nb_logements != lot.nb_logements:
            opened = perms.step_is_open(convention, "operation") or "lot__nb_logements" in perms.open_champs(
                convention, "operation"
            )
            if not (opened and perms.can_edit_field(user, convention, "lot__nb_logements")):
                raise PermissionDenied("Vous ne pouvez pas modifier le nombre de logements de cette convention.")
        count = nb_logements if nb_logements is not None else lot.nb_logements
        rows = [
            {**row, "uuid": str(row["uuid"]) if row.get("uuid") else ""} for row in payload.validated_data["logements"]
        ]
        edd = list(convention.programme.logements_edd.values("designation", "financement"))
        errors = [
            error
            for row, item in enumerate(rows)
            for error in rules.check_champs_du_tableau(item, tableau=item["tableau"], row=row)
        ]
        errors += rules.check_logements_tableaux(rows, nb_logements=count, financement=lot.financement, edd=edd)
        blocking = [e for e in errors if not e.optional]
        if blocking:
            by_row: dict = {}
            for error in blocking:
                key = str(error.row) if error.row is not None else "tableau"
                by_row.setdefault(key, []).append(error)
            raise ValidationError({"logements": {key: _rule_errors_by_field(errs) for key, errs in by_row.items()}})
        values = {"nb_logements": nb_logements} if nb_logements is not None else {}
        steps.save_logements(lot=lot, lot_values=values, rows=rows)
        lot.refresh_from_db()
        logements = Logement.objects.filter(lot=lot).order_by("import_order", "pk")
        return Response(
            {
                "nb_logements": lot.nb_logements,
                "logements": s.LogementEcritureSerializer(logements, many=True).data,
            }
        )

    @extend_schema(
        methods=["GET"],
        summary="Prêts de la convention",
        responses={200: s.PretsTableSerializer, 401: ERREUR_401, 404: ERREUR_404},
        examples=[OpenApiExample("Prêts", value={"prets": [ex.PRET]}, response_only=True)],
    )
    @extend_schema(
        methods=["PUT"],
        summary="Remplacer les prêts de la convention",
        description="Le tableau envoyé devient le tableau des prêts (comme à l'étape Financement) : un prêt "
        "existant absent est supprimé, un prêt avec son uuid est modifié, les autres sont créés. Chaque ligne est "
        "contrôlée par les règles métier (montant, champs obligatoires d'un prêt CDC, prêteur « Autre » précisé) ; "
        "erreurs → 400 par ligne et par champ.",
        request=s.PretsTableSerializer,
        responses={
            200: s.PretsTableSerializer,
            400: OpenApiResponse(description="Règle non respectée."),
            401: ERREUR_401,
            403: OpenApiResponse(description="Tableau non modifiable."),
            404: ERREUR_404,
        },
        examples=[OpenApiExample("Prêts", value={"prets": [ex.PRET_ECRITURE]}, request_only=True)],
    )
    @action(detail=True, methods=["get", "put"], serializer_class=s.PretsTableSerializer, pagination_class=None)
    def prets(self, request, uuid=None):
        convention = get_object_or_404(
            Convention.objects.visible_to(request.user).select_related("programme"), uuid=uuid
        )
        if request.method == "PUT":
            if not perms.can_edit_field(request.user, convention, "pret__table"):
                raise PermissionDenied("Vous ne pouvez pas modifier les prêts de cette convention maintenant.")
            payload = s.PretsTableSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            rows = payload.validated_data["prets"]
            errors = {}
            for index, row in enumerate(rows):
                row_errors = rules.check_pret(row, row=index)
                if row_errors:
                    errors[str(index)] = _rule_errors_by_field(row_errors)
            if errors:
                raise ValidationError({"prets": errors})
            rows = [{**row, "uuid": str(row["uuid"]) if row.get("uuid") else ""} for row in rows]
            steps.save_financement(convention=convention, values={}, rows=rows)
        prets = Pret.objects.filter(convention=convention).order_by("pk")
        return Response({"prets": s.PretSerializer(prets, many=True).data})
