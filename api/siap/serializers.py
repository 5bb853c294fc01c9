"""Payloads of the SIAP contract (/api-siap/v0/, reference §16.2). Keys, types and spellings are the SIAP's
(`coeficient` with one f, numbers for capital_social and fond_propre, decimal strings elsewhere): never rename."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.siap.statuts import SIAP_STATUT_CHOICES, to_siap
from conventions.models import Convention, Pret
from programmes.models import Annexe, Logement, Programme, TypeStationnement
from users.models import Administration, Bailleur


class BlankAsNullCharField(serializers.CharField):
    """Our blank strings are the contract's nulls."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class NumberField(serializers.DecimalField):
    """A JSON number (float), as the contract's FloatFields."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value is None else float(value)


extend_schema_field(OpenApiTypes.NUMBER)(NumberField)


class ConfigSerializer(serializers.Serializer):
    racine_url_acces_web = serializers.CharField(help_text="Adresse racine d'APiLos (schéma et hôte).")
    url_acces_api_cloture_operation = serializers.CharField()
    url_acces_api_annulation_operation = serializers.CharField()
    url_acces_api_conventions_operation = serializers.CharField()
    url_acces_api_kpi = serializers.CharField()
    url_acces_web_operation = serializers.CharField(
        help_text="Page web d'une opération ; {NUMERO_OPERATION_SIAP} est à remplacer par le SIAP."
    )
    url_acces_web_recherche = serializers.CharField(help_text="Page web de recherche des conventions.")
    version = serializers.CharField(help_text="x.y : la majeure ne change qu'en cas d'incompatibilité.")


class KpiSerializer(serializers.Serializer):
    indicateur_redirection_url = serializers.CharField(help_text="Chemin relatif à racine_url_acces_web.")
    indicateur_valeur = serializers.IntegerField(help_text="Nombre de conventions.")
    indicateur_label = serializers.CharField(help_text="Libellé de l'indicateur.")


class SiapBailleurSerializer(serializers.ModelSerializer):
    siren = BlankAsNullCharField()
    adresse = BlankAsNullCharField()
    code_postal = BlankAsNullCharField()
    ville = BlankAsNullCharField()
    capital_social = NumberField()
    sous_nature_bailleur = serializers.CharField(source="sous_nature", read_only=True)

    class Meta:
        model = Bailleur
        fields = ["nom", "siren", "siret", "adresse", "code_postal", "ville", "capital_social", "sous_nature_bailleur"]


class SiapAdministrationSerializer(serializers.ModelSerializer):
    ville_signature = BlankAsNullCharField()

    class Meta:
        model = Administration
        fields = ["nom", "code", "ville_signature"]


class SiapAnnexeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Annexe
        fields = ["typologie", "surface_hors_surface_retenue", "loyer_par_metre_carre", "loyer"]


class SiapLogementSerializer(serializers.ModelSerializer):
    coeficient = serializers.DecimalField(
        source="coefficient", max_digits=6, decimal_places=4, read_only=True, allow_null=True
    )
    annexes = SiapAnnexeSerializer(many=True, read_only=True)

    class Meta:
        model = Logement
        fields = [
            "designation",
            "typologie",
            "surface_habitable",
            "surface_annexes",
            "surface_annexes_retenue",
            "surface_utile",
            "loyer_par_metre_carre",
            "coeficient",
            "loyer",
            "annexes",
        ]


class SiapTypeStationnementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TypeStationnement
        fields = ["typologie", "nb_stationnements", "loyer"]


class SiapPretSerializer(serializers.ModelSerializer):
    numero = BlankAsNullCharField()

    class Meta:
        model = Pret
        fields = ["preteur", "autre", "date_octroi", "numero", "duree", "montant"]


class SiapLotSerializer(serializers.Serializer):
    """The lot of a convention, read from the convention (its loans are the convention's)."""

    nb_logements = serializers.IntegerField(source="lot.nb_logements", allow_null=True)
    financement = serializers.CharField(source="lot.financement")
    type_habitat = serializers.CharField(source="lot.type_habitat")
    prets = SiapPretSerializer(many=True)
    logements = SiapLogementSerializer(source="lot.logements", many=True)
    type_stationnements = SiapTypeStationnementSerializer(source="lot.type_stationnements", many=True)


OPERATION_VERSION_FIELDS = [
    "nom",
    "code_postal",
    "ville",
    "adresse",
    "numero_operation",
    "zone_123",
    "zone_abc",
    "type_operation",
    "anru",
    "date_achevement_previsible",
    "date_achat",
    "date_achevement",
]


class OperationVersionSerializer(serializers.ModelSerializer):
    zone_123 = BlankAsNullCharField()
    zone_abc = BlankAsNullCharField()

    class Meta:
        model = Programme
        fields = OPERATION_VERSION_FIELDS


@extend_schema_field(serializers.ChoiceField(choices=SIAP_STATUT_CHOICES))
class SiapStatutField(serializers.CharField):
    def to_representation(self, value):
        return to_siap(value)


class SiapConventionSerializer(serializers.ModelSerializer):
    fond_propre = NumberField()
    lots = serializers.SerializerMethodField()
    operation_version = OperationVersionSerializer(source="programme", read_only=True)
    statut = SiapStatutField(read_only=True, help_text="Libellé historique du statut (« 1. Projet »…).")

    class Meta:
        model = Convention
        fields = ["date_fin_conventionnement", "fond_propre", "lots", "operation_version", "numero", "statut"]

    @extend_schema_field(SiapLotSerializer(many=True))
    def get_lots(self, convention):
        return [SiapLotSerializer(convention).data]


class OperationSerializer(serializers.ModelSerializer):
    bailleur = SiapBailleurSerializer(read_only=True)
    administration = SiapAdministrationSerializer(read_only=True, allow_null=True)
    conventions = serializers.SerializerMethodField()
    zone_123 = BlankAsNullCharField(help_text="Code de zone 1/2/3 (« 1 », « 1bis », « 2 », « 3 »).")
    zone_abc = BlankAsNullCharField(help_text="Zone A/B/C (« A », « Abis », « B1 », « B2 », « C »).")

    class Meta:
        model = Programme
        fields = [
            "nom",
            "bailleur",
            "administration",
            "conventions",
            "code_postal",
            "ville",
            "adresse",
            "numero_operation",
            "zone_123",
            "zone_abc",
            "type_operation",
            "anru",
            "date_achevement_previsible",
            "date_achat",
            "date_achevement",
        ]

    @extend_schema_field(SiapConventionSerializer(many=True))
    def get_conventions(self, programme):
        return SiapConventionSerializer(self.context["conventions"], many=True).data


class CloseOperationSerializer(OperationSerializer):
    all_conventions_are_signed = serializers.SerializerMethodField()
    last_conventions_state = serializers.SerializerMethodField(
        help_text="Par financement, la dernière convention sortie du circuit d'instruction."
    )

    class Meta(OperationSerializer.Meta):
        fields = [*OperationSerializer.Meta.fields, "all_conventions_are_signed", "last_conventions_state"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_all_conventions_are_signed(self, programme):
        return self.context["all_conventions_are_signed"]

    @extend_schema_field(SiapConventionSerializer(many=True))
    def get_last_conventions_state(self, programme):
        return SiapConventionSerializer(self.context["last_conventions_state"], many=True).data


# The answer for an operation APiLos does not know (reference §16.2.5): bailleur and administration absent.
EMPTY_OPERATION = {
    "nom": "",
    "conventions": [],
    "code_postal": "",
    "ville": "",
    "adresse": "",
    "numero_operation": "",
    "zone_123": None,
    "zone_abc": None,
    "type_operation": None,
    "anru": False,
    "date_achevement_previsible": None,
    "date_achat": None,
    "date_achevement": None,
}


class OperationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["SUCCESS", "ERROR"])
    message = serializers.CharField(required=False, help_text="Motif du refus (en français), si ERROR.")


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="Message en français.")


# --- ConventionInfoSIAP: documented by dummy/ only (reference §16.2.9) ------------------------------------


class InfoSiapOperationSerializer(OperationVersionSerializer):
    bailleur = SiapBailleurSerializer(read_only=True)
    administration = SiapAdministrationSerializer(read_only=True, allow_null=True)

    class Meta(OperationVersionSerializer.Meta):
        fields = [
            "nom",
            "bailleur",
            "administration",
            *OPERATION_VERSION_FIELDS[1:5],
            "nature_logement",
            *OPERATION_VERSION_FIELDS[5:],
        ]


class ConventionInfoSiapSerializer(serializers.ModelSerializer):
    convention_parent_uuid = serializers.UUIDField(allow_null=True, read_only=True, default=None)
    numero_convention = serializers.CharField(source="numero", allow_null=True, read_only=True)
    numero_avenant = serializers.CharField(allow_null=True, read_only=True, default=None)
    avenant_types = serializers.ListField(child=serializers.CharField(), read_only=True, default=list)
    depuis_ecoloweb = serializers.BooleanField(read_only=True, default=False)
    convention_date_signature = serializers.DateField(source="date_signature", allow_null=True, read_only=True)
    date_denonciation = serializers.DateField(allow_null=True, read_only=True, default=None)
    date_resiliation = serializers.DateField(allow_null=True, read_only=True, default=None)
    fond_propre = NumberField()
    gestionnaire = serializers.CharField(source="programme.administration.code", allow_null=True, read_only=True)
    statut = SiapStatutField(read_only=True)
    operation = InfoSiapOperationSerializer(source="programme", read_only=True)
    lots = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "uuid",
            "convention_parent_uuid",
            "numero_convention",
            "numero_avenant",
            "avenant_types",
            "depuis_ecoloweb",
            "date_fin_conventionnement",
            "convention_date_signature",
            "date_denonciation",
            "date_resiliation",
            "fond_propre",
            "gestionnaire",
            "statut",
            "operation",
            "lots",
        ]

    @extend_schema_field(SiapLotSerializer(many=True))
    def get_lots(self, convention):
        return [SiapLotSerializer(convention).data]
