"""Payloads of the SIAP contract (/api-siap/v0/). Keys are those the SIAP client already reads: do not rename."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.siap.statuts import SIAP_STATUTS, to_siap
from conventions.models import Convention, Pret
from conventions.steps.objets import colonnes
from programmes.models import Annexe, Logement, Lot, Programme, TypeStationnement
from users.models import Administration, Bailleur


class ConfigSerializer(serializers.Serializer):
    racine_url_acces_web = serializers.CharField(help_text="Adresse racine d'APiLos (schéma et hôte).")
    url_acces_web_operation = serializers.CharField(
        help_text="Page web d'une opération ; {NUMERO_OPERATION_SIAP} est à remplacer."
    )
    url_acces_web_recherche = serializers.CharField(help_text="Page web de recherche des conventions.")
    url_acces_api_kpi = serializers.CharField()
    url_acces_api_conventions_operation = serializers.CharField()
    url_acces_api_cloture_operation = serializers.CharField()
    url_acces_api_annulation_operation = serializers.CharField()
    version = serializers.CharField(help_text="Version de l'API (sans le numéro de correctif).")


class KpiSerializer(serializers.Serializer):
    indicateur_redirection_url = serializers.CharField(
        help_text="Liste des conventions correspondantes dans APiLos (chemin relatif avec ses filtres)."
    )
    indicateur_valeur = serializers.IntegerField(help_text="Nombre de conventions.")
    indicateur_label = serializers.CharField(help_text="Libellé de l'indicateur.")


class SiapBailleurSerializer(serializers.ModelSerializer):
    siren = serializers.CharField(read_only=True)
    type_bailleur = serializers.CharField(source="sous_nature", read_only=True)
    sous_nature_bailleur = serializers.CharField(source="sous_nature", read_only=True)
    nature_bailleur = serializers.CharField(source="nature", read_only=True)

    class Meta:
        model = Bailleur
        fields = [
            "uuid",
            "nom",
            "siren",
            "siret",
            "adresse",
            "code_postal",
            "ville",
            "capital_social",
            "type_bailleur",
            "sous_nature_bailleur",
            "nature_bailleur",
        ]


class SiapAdministrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Administration
        fields = ["uuid", "nom", "code", "ville_signature"]


class SiapAnnexeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Annexe
        fields = colonnes("annexe")


class SiapLogementSerializer(serializers.ModelSerializer):
    annexes = SiapAnnexeSerializer(many=True, read_only=True)

    class Meta:
        model = Logement
        fields = [*colonnes("logement"), "annexes"]


class SiapTypeStationnementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TypeStationnement
        fields = colonnes("type_stationnement")


class SiapPretSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pret
        fields = colonnes("pret")


class SiapLotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["nb_logements", "financement", "type_habitat"]


class SiapConventionLotSerializer(serializers.Serializer):
    """The lot of a convention, detailed (the @HEAD "lots" entries): read from the convention."""

    nb_logements = serializers.IntegerField(source="lot.nb_logements", allow_null=True)
    financement = serializers.CharField(source="lot.financement")
    type_habitat = serializers.CharField(source="lot.type_habitat")
    logements = SiapLogementSerializer(source="lot.logements", many=True)
    type_stationnements = SiapTypeStationnementSerializer(source="lot.type_stationnements", many=True)
    prets = SiapPretSerializer(many=True)


@extend_schema_field({"type": "string", "enum": list(SIAP_STATUTS.values())})
class SiapStatutField(serializers.CharField):
    def to_representation(self, value):
        return to_siap(value)


class SiapConventionSerializer(serializers.ModelSerializer):
    statut = SiapStatutField(
        read_only=True, help_text="Statut dans le vocabulaire du SIAP (« 2. Instruction requise »…)."
    )
    financement = serializers.CharField(source="lot.financement", read_only=True)
    lot = SiapLotSerializer(read_only=True)
    lots = serializers.SerializerMethodField(
        help_text="Le lot de la convention, détaillé (logements, stationnements, prêts)."
    )
    operation_numero = serializers.CharField(source="programme.numero_operation", read_only=True)

    class Meta:
        model = Convention
        fields = [
            "uuid",
            "numero",
            "statut",
            "date_fin_conventionnement",
            "date_signature",
            "financement",
            "fond_propre",
            "lot",
            "lots",
            "operation_numero",
        ]

    @extend_schema_field(SiapConventionLotSerializer(many=True))
    def get_lots(self, convention):
        return [SiapConventionLotSerializer(convention).data]


class OperationSerializer(serializers.ModelSerializer):
    numero_galion = serializers.CharField(source="numero_operation", read_only=True)
    numero_operation = serializers.CharField(read_only=True)
    zone_123_bis = serializers.CharField(source="zone_123", read_only=True)
    zone_abc_bis = serializers.CharField(source="zone_abc", read_only=True)
    bailleur = SiapBailleurSerializer(read_only=True)
    administration = SiapAdministrationSerializer(read_only=True, allow_null=True)
    conventions = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "uuid",
            "nom",
            "numero_galion",
            "numero_operation",
            "bailleur",
            "administration",
            "conventions",
            "adresse",
            "code_postal",
            "ville",
            "code_insee_commune",
            "code_insee_departement",
            "code_insee_region",
            "zone_123_bis",
            "zone_abc_bis",
            "type_operation",
            "nature_logement",
            "anru",
            "date_achevement_previsible",
            "date_achat",
            "date_achevement",
        ]

    @extend_schema_field(SiapConventionSerializer(many=True))
    def get_conventions(self, programme):
        return SiapConventionSerializer(self.context["conventions"], many=True).data


class CloseOperationSerializer(OperationSerializer):
    all_conventions_are_signed = serializers.SerializerMethodField(
        help_text="Vrai quand l'opération a des conventions et que toutes celles qui ne sont pas annulées sont "
        "signées (ou en publication, ou publiées)."
    )
    last_conventions_state = serializers.SerializerMethodField(
        help_text="Pour chaque financement, la dernière convention signée."
    )

    class Meta(OperationSerializer.Meta):
        fields = [*OperationSerializer.Meta.fields, "all_conventions_are_signed", "last_conventions_state"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_all_conventions_are_signed(self, programme):
        return self.context["all_conventions_are_signed"]

    @extend_schema_field(SiapConventionSerializer(many=True))
    def get_last_conventions_state(self, programme):
        return SiapConventionSerializer(self.context["last_conventions_state"], many=True).data


class OperationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["SUCCESS", "ERROR"])
    message = serializers.CharField(required=False, help_text="Motif du refus (en français), si ERROR.")


# --- Payload sent by the SIAP to create an operation's conventions (its OperationApiIntDTO, reduced) -------


class _CodeInseeSerializer(serializers.Serializer):
    codeInsee = serializers.CharField(required=False, allow_blank=True, max_length=10)
    codePostal = serializers.CharField(required=False, allow_blank=True, max_length=5)
    libelle = serializers.CharField(required=False, allow_blank=True, max_length=255)


class DonneesOperationSerializer(serializers.Serializer):
    numeroOperation = serializers.CharField(required=False, allow_blank=True, max_length=255)
    nomOperation = serializers.CharField(max_length=255)
    natureLogement = serializers.CharField(required=False, allow_blank=True, max_length=10)
    sousNatureOperation = serializers.CharField(required=False, allow_blank=True, max_length=10)
    sansTravaux = serializers.BooleanField(required=False, default=False)


class DonneesLocalisationSerializer(serializers.Serializer):
    adresse = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    commune = _CodeInseeSerializer(required=False)
    departement = _CodeInseeSerializer(required=False)
    region = _CodeInseeSerializer(required=False)
    zonage123 = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=10)
    zonageABC = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=10)


class DonneesMoSerializer(serializers.Serializer):
    siren = serializers.RegexField(r"^\d{9}$", required=False, max_length=9)
    siret = serializers.RegexField(r"^\d{14}$", required=False, max_length=14)
    nom = serializers.CharField(required=False, allow_blank=True, max_length=255)
    raisonSociale = serializers.CharField(required=False, allow_blank=True, max_length=255)
    codeFamilleMO = serializers.CharField(required=False, allow_blank=True, max_length=10)
    adresseLigne4 = serializers.CharField(required=False, allow_blank=True, max_length=255)
    adresseLigne6 = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate(self, attrs):
        if not attrs.get("siren") and not attrs.get("siret"):
            raise serializers.ValidationError("Le SIREN ou le SIRET du maître d'ouvrage est obligatoire.")
        if attrs.get("siren") and attrs.get("siret") and not attrs["siret"].startswith(attrs["siren"]):
            raise serializers.ValidationError("Le SIRET transmis ne correspond pas au SIREN.")
        return attrs


class GestionnaireSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=255)
    libelle = serializers.CharField(required=False, allow_blank=True, max_length=255)


class AideSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    libelle = serializers.CharField(required=False, allow_blank=True, max_length=255)


class LogementCountSerializer(serializers.Serializer):
    nbLogementsIndividuels = serializers.IntegerField(required=False, min_value=0, max_value=100000, default=0)
    nbLogementsCollectifs = serializers.IntegerField(required=False, min_value=0, max_value=100000, default=0)


class DetailOperationSerializer(serializers.Serializer):
    aide = AideSerializer()
    logement = LogementCountSerializer(required=False)


class PlanFinancementSerializer(serializers.Serializer):
    codeAide = serializers.CharField(max_length=20)
    fondsPropres = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )


class OperationPayloadSerializer(serializers.Serializer):
    """The operation as the SIAP describes it: one lot and one convention are created per aide."""

    donneesOperation = DonneesOperationSerializer()
    donneesLocalisation = DonneesLocalisationSerializer(required=False)
    donneesMo = DonneesMoSerializer()
    gestionnaire = GestionnaireSerializer()
    detailsOperation = DetailOperationSerializer(many=True, allow_empty=False, max_length=50)
    plansFinancement = PlanFinancementSerializer(many=True, required=False, max_length=50)
