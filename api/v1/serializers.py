"""Representations of the general API /api/v1/."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conventions.documents.modeles import parents_seconde_vie
from conventions.enums import ConventionStatut, Preteur, TypeConvention
from conventions.models import Convention, Pret
from conventions.steps.objets import colonnes
from programmes.enums import COLONNES_LOGEMENT, NATURES_FOYER, NATURES_RESIDENCE, TableauLogement
from programmes.models import Annexe, Logement, Lot, Programme, TypeStationnement
from users.models import Administration, Bailleur


class BailleurSerializer(serializers.ModelSerializer):
    siren = serializers.CharField(read_only=True)
    nature = serializers.CharField(read_only=True, help_text="HLM, SEM, autres bailleurs sociaux ou privés.")

    class Meta:
        model = Bailleur
        fields = [
            "uuid",
            "nom",
            "siret",
            "siren",
            "sous_nature",
            "nature",
            "capital_social",
            "adresse",
            "code_postal",
            "ville",
            "signataire_nom",
            "signataire_fonction",
            "signataire_date_deliberation",
            "cree_le",
            "mis_a_jour_le",
        ]


class AdministrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Administration
        fields = [
            "uuid",
            "nom",
            "code",
            "adresse",
            "code_postal",
            "ville",
            "ville_signature",
            "nb_convention_exemplaires",
            "cree_le",
            "mis_a_jour_le",
        ]


class BailleurRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bailleur
        fields = ["uuid", "nom", "siret"]


class AdministrationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Administration
        fields = ["uuid", "nom", "code"]


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["uuid", "nom", "numero_operation", "code_postal", "ville"]


class ProgrammeSerializer(serializers.ModelSerializer):
    bailleur = BailleurRefSerializer(read_only=True)
    administration = AdministrationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Programme
        fields = [
            "uuid",
            "nom",
            "numero_operation",
            "bailleur",
            "administration",
            "adresse",
            "code_postal",
            "ville",
            "code_insee_commune",
            "code_insee_departement",
            "code_insee_region",
            "annee_gestion_programmation",
            "zone_123",
            "zone_abc",
            "surface_utile_totale",
            "type_operation",
            "nature_logement",
            "anru",
            "seconde_vie",
            "nb_locaux_commerciaux",
            "nb_bureaux",
            "permis_construire",
            "date_acte_notarie",
            "date_achevement_previsible",
            "date_achat",
            "date_achevement",
            "cree_le",
            "mis_a_jour_le",
        ]


class LotSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)

    class Meta:
        model = Lot
        fields = [
            "uuid",
            "programme",
            "financement",
            "nb_logements",
            "type_habitat",
            "lgts_mixite_sociale_negocies",
            "loyer_derogatoire",
            "cree_le",
            "mis_a_jour_le",
        ]


class AnnexeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Annexe
        fields = ["uuid", *colonnes("annexe")]


TABLEAU_AIDE = (
    "Le tableau du logement (logements ordinaires) : « su » surface utile avec loyers, « su_sans_loyer » surface "
    "utile sans loyers, « corrigee » surface corrigée avec loyers, « corrigee_sans_loyer » surface corrigée sans "
    "loyers. Il dit quels champs sont remplis : les autres restent vides."
)


class LogementSerializer(serializers.ModelSerializer):
    tableau = serializers.ChoiceField(choices=TableauLogement.choices, read_only=True, help_text=TABLEAU_AIDE)
    annexes = AnnexeSerializer(many=True, read_only=True)

    class Meta:
        model = Logement
        fields = ["uuid", "tableau", *COLONNES_LOGEMENT, "annexes"]


class TypeStationnementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TypeStationnement
        fields = ["uuid", *colonnes("type_stationnement")]


class PretSerializer(serializers.ModelSerializer):
    uuid = serializers.UUIDField(
        required=False, allow_null=True, help_text="Absent pour un nouveau prêt ; celui d'un prêt existant sinon."
    )
    preteur = serializers.ChoiceField(choices=Preteur.choices, default=Preteur.AUTRE)
    montant = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    duree = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=32767)

    class Meta:
        model = Pret
        fields = ["uuid", *colonnes("pret")]
        extra_kwargs = {"autre": {"required": False}, "numero": {"required": False}}


class ConventionListSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)
    bailleur = BailleurRefSerializer(source="programme.bailleur", read_only=True)
    administration = AdministrationRefSerializer(source="programme.administration", read_only=True, allow_null=True)
    lot = serializers.UUIDField(source="lot.uuid", read_only=True)
    financement = serializers.CharField(source="lot.financement", read_only=True)
    genre = serializers.SerializerMethodField(
        help_text="Le type de convention, décidé par la nature des logements de l'opération : « ordinaire », "
        "« foyer » ou « residence »."
    )
    nb_logements = serializers.IntegerField(source="lot.nb_logements", read_only=True, allow_null=True)
    statut = serializers.ChoiceField(choices=ConventionStatut.choices, read_only=True)
    statut_libelle = serializers.CharField(source="get_statut_display", read_only=True)
    type1and2 = serializers.ChoiceField(
        choices=TypeConvention.choices, allow_blank=True, read_only=True, help_text="Vide pour un bailleur HLM ou SEM."
    )

    class Meta:
        model = Convention
        fields = [
            "uuid",
            "numero",
            "statut",
            "statut_libelle",
            "programme",
            "bailleur",
            "administration",
            "lot",
            "financement",
            "genre",
            "nb_logements",
            "date_fin_conventionnement",
            "fond_propre",
            "type1and2",
            "premiere_soumission_le",
            "soumis_le",
            "valide_le",
            "date_signature",
            "date_publication",
            "cree_le",
            "mis_a_jour_le",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["ordinaire", "foyer", "residence"]))
    def get_genre(self, convention):
        return genre_of(convention.programme)


def genre_of(programme) -> str:
    return genre_of_nature(programme.nature_logement)


def genre_of_nature(nature_logement: str) -> str:
    """The genre from the operation's nature alone (Programme.is_foyer / is_residence), for the list built from
    `.values()` rows (api.v1.representations)."""
    if nature_logement in NATURES_FOYER:
        return "foyer"
    return "residence" if nature_logement in NATURES_RESIDENCE else "ordinaire"


class ConventionRefSerializer(serializers.ModelSerializer):
    """A convention named by its uuid and number (the former conventions of a seconde-vie convention)."""

    class Meta:
        model = Convention
        fields = ["uuid", "numero", "statut"]
        read_only_fields = fields


class AvenantRefSerializer(serializers.ModelSerializer):
    numero = serializers.IntegerField(source="numero_avenant", read_only=True, allow_null=True)
    types = serializers.SerializerMethodField()
    statut = serializers.ChoiceField(choices=ConventionStatut.choices, read_only=True)

    class Meta:
        model = Convention
        fields = ["uuid", "numero", "types", "statut", "date_signature"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_types(self, avenant):
        return sorted(avenant.type_noms())


class ConventionDetailSerializer(ConventionListSerializer):
    parent = serializers.UUIDField(
        source="parent.uuid",
        read_only=True,
        allow_null=True,
        help_text="La convention d'origine pour un avenant, null pour une convention.",
    )
    avenants = serializers.SerializerMethodField(help_text="Les avenants de la convention (vide pour un avenant).")
    types = serializers.SerializerMethodField(help_text="Types d'un avenant (vide pour une convention).")
    numero_avenant = serializers.IntegerField(read_only=True, allow_null=True)
    fichier_signe = serializers.SerializerMethodField(help_text="URL de téléchargement du document signé, ou null.")
    fichier_publication = serializers.SerializerMethodField(help_text="URL de l'acte publié, ou null.")
    seconde_vie = serializers.BooleanField(
        source="programme.seconde_vie", read_only=True, help_text="L'opération est une opération « seconde vie »."
    )
    parents_2nd_vie = serializers.SerializerMethodField(
        help_text="Seconde vie : les conventions antérieures que cette convention modifie (vide sinon)."
    )
    logements = LogementSerializer(source="lot.logements", many=True, read_only=True)
    type_stationnements = TypeStationnementSerializer(source="lot.type_stationnements", many=True, read_only=True)
    prets = PretSerializer(many=True, read_only=True)
    commentaires = serializers.CharField(read_only=True)
    actions_possibles = serializers.SerializerMethodField(
        help_text="Les actions que l'appelant peut faire maintenant (POST …/actions/<nom>/)."
    )

    class Meta(ConventionListSerializer.Meta):
        fields = [
            *ConventionListSerializer.Meta.fields,
            "historique_financement_public",
            "commentaires",
            "logements",
            "type_stationnements",
            "prets",
            "actions_possibles",
            "parent",
            "avenants",
            "types",
            "numero_avenant",
            "fichier_signe",
            "reference_publication",
            "fichier_publication",
            "date_envoi_spf",
            "date_refus_spf",
            "motif_refus_spf",
            "date_denonciation",
            "motif_denonciation",
            "date_resiliation",
            "motif_resiliation",
            "ajout_simplifie",
            "seconde_vie",
            "parents_2nd_vie",
        ]
        read_only_fields = fields

    @extend_schema_field(AvenantRefSerializer(many=True))
    def get_avenants(self, convention):
        if convention.parent_id:
            return []
        avenants = sorted(convention.avenants.all(), key=lambda a: (a.cree_le, a.pk))
        return AvenantRefSerializer(avenants, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_types(self, convention):
        return sorted(convention.type_noms())

    @extend_schema_field(ConventionRefSerializer(many=True))
    def get_parents_2nd_vie(self, convention):
        # A query only for a seconde-vie convention (parents_seconde_vie returns [] for the others).
        return ConventionRefSerializer(parents_seconde_vie(convention), many=True).data

    def _url(self, convention, field, name):
        if not getattr(convention, field).name:
            return None
        path = reverse(f"conventions:{name}", args=[convention.uuid])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_fichier_signe(self, convention):
        return self._url(convention, "fichier_signe", "fichier_signe")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_fichier_publication(self, convention):
        return self._url(convention, "fichier_publication", "fichier_publication")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions_possibles(self, convention):
        return self.context.get("actions_possibles", [])


class ConventionUpdateSerializer(serializers.Serializer):
    """The fields of the convention an API client may change (financement and commentaires steps)."""

    annee_fin_conventionnement = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1977,
        max_value=2300,
        help_text="Année de fin ; la convention prend fin le 30 juin de cette année.",
    )
    fond_propre = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0, help_text="En euros."
    )
    historique_financement_public = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Aides publiques déjà reçues par l'opération (imprimé dans l'annexe des foyers et résidences).",
    )
    commentaires = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class LogementEcritureSerializer(serializers.ModelSerializer):
    """A dwelling written through the API (its annexes are not written here)."""

    uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Absent pour un nouveau logement ; celui d'un logement existant sinon.",
    )

    tableau = serializers.ChoiceField(
        choices=TableauLogement.choices,
        default=TableauLogement.SU,
        help_text=f"{TABLEAU_AIDE} Par défaut « su ». Une valeur donnée pour un champ que le tableau n'a pas est "
        "refusée (400), jamais ignorée.",
    )

    class Meta:
        model = Logement
        fields = ["uuid", "tableau", *COLONNES_LOGEMENT]


class LogementsTableSerializer(serializers.Serializer):
    nb_logements = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=5000,
        help_text="Nombre de logements du lot (étape Opération) ; par défaut, inchangé.",
    )
    logements = LogementEcritureSerializer(many=True, max_length=5000)


class PretsTableSerializer(serializers.Serializer):
    prets = PretSerializer(many=True, max_length=200)


class ActionSerializer(serializers.Serializer):
    commentaire = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    numero = serializers.CharField(required=False, allow_blank=True, max_length=255, help_text="Pour « valider ».")
    date_signature = serializers.DateField(required=False, allow_null=True, help_text="Pour « marquer_signee ».")
    date_publication = serializers.DateField(required=False, allow_null=True, help_text="Pour « marquer_publiee ».")
    reference_publication = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Pour « marquer_publiee »."
    )
    date_refus_spf = serializers.DateField(required=False, allow_null=True, help_text="Pour « refus_spf ».")
    motif_refus_spf = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text="Pour « refus_spf »."
    )
    envoyer_copie = serializers.BooleanField(required=False, default=False, help_text="Pour « demander_corrections ».")


class AvenantCreateSerializer(serializers.Serializer):
    types = serializers.ListField(
        child=serializers.CharField(max_length=50),
        allow_empty=False,
        help_text="Types de l'avenant : bailleur, logements, duree, programme, cadastre, edd, stationnement, "
        "champ_libre, commentaires ; ou un seul parmi denonciation, resiliation.",
    )
    commentaire = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    date_denonciation = serializers.DateField(required=False, allow_null=True, help_text="Pour une dénonciation.")
    motif_denonciation = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    date_resiliation = serializers.DateField(required=False, allow_null=True, help_text="Pour une résiliation.")
    motif_resiliation = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ErreurSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Message en français.")
    erreurs = serializers.ListField(child=serializers.CharField(), required=False)
