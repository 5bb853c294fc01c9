"""Query-string filters and ordering of the list endpoints, validated (a bad value → 400 in French)."""

from django.db.models import Q
from rest_framework import serializers

from conventions.enums import ConventionStatut
from programmes.enums import Financement


class CommaSeparatedChoices(serializers.CharField):
    """ "a,b" (or the parameter repeated) → ["a", "b"], each value checked against `choices`."""

    def __init__(self, *, choices, **kwargs):
        self.allowed = [str(c) for c in choices]
        kwargs.setdefault(
            "help_text", "Une ou plusieurs valeurs séparées par des virgules : " + ", ".join(self.allowed)
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = [v.strip() for v in super().to_internal_value(data).split(",") if v.strip()]
        unknown = [v for v in values if v not in self.allowed]
        if unknown:
            raise serializers.ValidationError(
                f"Valeur inconnue : {', '.join(unknown)}. Valeurs possibles : {', '.join(self.allowed)}."
            )
        return values


class BaseFilterSerializer(serializers.Serializer):
    ordering = serializers.CharField(
        required=False, help_text="Tri : nom d'un champ triable, précédé de « - » pour l'ordre décroissant."
    )
    mis_a_jour_depuis = serializers.DateTimeField(
        required=False, help_text="Seulement les objets modifiés depuis cette date (ISO 8601)."
    )

    ordering_fields: dict[str, str] = {}
    default_ordering = "-mis_a_jour_le"

    def validate_ordering(self, value):
        if value.lstrip("-") not in self.ordering_fields:
            raise serializers.ValidationError(
                f"Tri impossible sur « {value} ». Champs triables : {', '.join(self.ordering_fields)}."
            )
        return value

    def filter_queryset(self, queryset):
        data = self.validated_data
        if data.get("mis_a_jour_depuis"):
            queryset = queryset.filter(mis_a_jour_le__gte=data["mis_a_jour_depuis"])
        queryset = self.apply(queryset, data)
        ordering = data.get("ordering") or self.default_ordering
        field = self.ordering_fields.get(ordering.lstrip("-"), ordering.lstrip("-"))
        descending = ordering.startswith("-")
        # A unique tie-breaker: pages stay stable when many rows share the sorted value.
        return queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")

    def apply(self, queryset, data):
        return queryset


class BailleurFilterSerializer(BaseFilterSerializer):
    code_postal = serializers.CharField(required=False, max_length=5, help_text="Code postal, ou son début.")
    ordering_fields = {"nom": "nom", "siret": "siret", "cree_le": "cree_le", "mis_a_jour_le": "mis_a_jour_le"}
    default_ordering = "nom"

    def apply(self, queryset, data):
        if data.get("code_postal"):
            queryset = queryset.filter(code_postal__startswith=data["code_postal"])
        return queryset


class AdministrationFilterSerializer(BailleurFilterSerializer):
    ordering_fields = {"nom": "nom", "code": "code", "cree_le": "cree_le", "mis_a_jour_le": "mis_a_jour_le"}


class ProgrammeFilterSerializer(BaseFilterSerializer):
    bailleur = serializers.UUIDField(required=False, help_text="UUID du bailleur.")
    administration = serializers.UUIDField(required=False, help_text="UUID de l'administration.")
    code_postal = serializers.CharField(required=False, max_length=5, help_text="Code postal, ou son début.")
    numero_operation = serializers.CharField(required=False, max_length=255, help_text="Numéro d'opération exact.")

    path = ""
    ordering_fields = {
        "nom": "nom",
        "ville": "ville",
        "code_postal": "code_postal",
        "numero_operation": "numero_operation",
        "cree_le": "cree_le",
        "mis_a_jour_le": "mis_a_jour_le",
    }
    default_ordering = "nom"

    def apply(self, queryset, data):
        p = self.path
        lookups = {
            "bailleur": f"{p}bailleur__uuid",
            "administration": f"{p}administration__uuid",
            "code_postal": f"{p}code_postal__startswith",
            "numero_operation": f"{p}numero_operation",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                queryset = queryset.filter(**{lookup: data[name]})
        return queryset


class LotFilterSerializer(ProgrammeFilterSerializer):
    financement = CommaSeparatedChoices(choices=Financement.values, required=False)
    programme = serializers.UUIDField(required=False, help_text="UUID de l'opération.")

    path = "programme__"
    ordering_fields = {
        "financement": "financement",
        "nb_logements": "nb_logements",
        "operation": "programme__nom",
        "cree_le": "cree_le",
        "mis_a_jour_le": "mis_a_jour_le",
    }
    default_ordering = "-mis_a_jour_le"

    def apply(self, queryset, data):
        queryset = super().apply(queryset, data)
        if data.get("financement"):
            queryset = queryset.filter(financement__in=data["financement"])
        if data.get("programme"):
            queryset = queryset.filter(programme__uuid=data["programme"])
        return queryset


class ConventionFilterSerializer(ProgrammeFilterSerializer):
    statut = CommaSeparatedChoices(choices=ConventionStatut.values, required=False)
    financement = CommaSeparatedChoices(choices=Financement.values, required=False)
    programme = serializers.UUIDField(required=False, help_text="UUID de l'opération.")
    avenants = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true : les avenants seuls ; false : les conventions seules.",
    )
    parent = serializers.UUIDField(required=False, help_text="UUID d'une convention : ses avenants.")
    q = serializers.CharField(
        required=False, max_length=100, help_text="Recherche : opération, numéro de convention, bailleur, ville."
    )

    path = "programme__"
    ordering_fields = {
        "statut": "statut",
        "numero": "numero",
        "financement": "lot__financement",
        "operation": "programme__nom",
        "bailleur": "programme__bailleur__nom",
        "ville": "programme__ville",
        "date_signature": "date_signature",
        "cree_le": "cree_le",
        "mis_a_jour_le": "mis_a_jour_le",
    }
    default_ordering = "-mis_a_jour_le"

    def apply(self, queryset, data):
        queryset = super().apply(queryset, data)
        if data.get("statut"):
            queryset = queryset.filter(statut__in=data["statut"])
        if data.get("financement"):
            queryset = queryset.filter(lot__financement__in=data["financement"])
        if data.get("programme"):
            queryset = queryset.filter(programme__uuid=data["programme"])
        if data.get("avenants") is not None:
            queryset = queryset.filter(parent__isnull=not data["avenants"])
        if data.get("parent"):
            queryset = queryset.filter(parent__uuid=data["parent"])
        if data.get("q"):
            q = data["q"]
            queryset = queryset.filter(
                Q(programme__nom__icontains=q)
                | Q(programme__numero_operation__icontains=q)
                | Q(numero__icontains=q)
                | Q(programme__bailleur__nom__icontains=q)
                | Q(programme__ville__icontains=q)
            )
        return queryset
