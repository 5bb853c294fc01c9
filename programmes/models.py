from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from core.historique import historique
from core.models import BaseModel
from programmes.enums import (
    DEPARTEMENTS_OUTRE_MER,
    FINANCEMENTS_MIXITE,
    NATURES_FOYER,
    NATURES_RESIDENCE,
    Financement,
    FinancementEDD,
    NatureLogement,
    TypeHabitat,
    TypeOperation,
    TypologieAnnexe,
    TypologieLogement,
    TypologieStationnement,
    Zone123,
    ZoneABC,
    tableau_du_logement,
)
from programmes.querysets import LogementQuerySet, LotQuerySet, ProgrammeQuerySet

SURFACE = {"max_digits": 10, "decimal_places": 2}
MONTANT = {"max_digits": 10, "decimal_places": 2}


def positive(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


class Programme(BaseModel):
    """The operation ("opération"): a building project of one bailleur, instructed by one administration."""

    nom = models.CharField("nom de l'opération", max_length=255)
    # The copy an avenant owns (reference §11.1): points at the operation it was copied from.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="copies", verbose_name="copiée de"
    )
    numero_operation = models.CharField("numéro d'opération", max_length=255, blank=True, db_index=True)
    bailleur = models.ForeignKey(
        "users.Bailleur", on_delete=models.PROTECT, related_name="programmes", verbose_name="bailleur"
    )
    administration = models.ForeignKey(
        "users.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="administration",
    )
    adresse = models.TextField("adresse(s)", blank=True, help_text="Une adresse par ligne.")
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    ville = models.CharField("ville", max_length=255, blank=True)
    code_insee_commune = models.CharField("code INSEE de la commune", max_length=10, blank=True)
    code_insee_departement = models.CharField("code INSEE du département", max_length=10, blank=True)
    code_insee_region = models.CharField("code INSEE de la région", max_length=10, blank=True)
    annee_gestion_programmation = models.PositiveSmallIntegerField("année de programmation", null=True, blank=True)
    zone_123 = models.CharField("zone 1/2/3", max_length=5, choices=Zone123.choices, blank=True)
    zone_abc = models.CharField("zone A/B/C", max_length=5, choices=ZoneABC.choices, blank=True)
    surface_utile_totale = models.DecimalField("surface utile totale", null=True, blank=True, **SURFACE)
    surface_corrigee_totale = models.DecimalField("surface corrigée totale", null=True, blank=True, **SURFACE)
    type_operation = models.CharField(
        "type d'opération", max_length=25, choices=TypeOperation.choices, default=TypeOperation.NEUF
    )
    nature_logement = models.CharField(
        "nature des logements",
        max_length=25,
        choices=NatureLogement.choices,
        default=NatureLogement.LOGEMENTSORDINAIRES,
    )
    anru = models.BooleanField("l'opération bénéficie d'un financement ANRU", default=False)
    # « Seconde vie » (reference §13.4): the renovation of an operation already under convention; its new
    # convention amends the former ones (Convention.parents_2nd_vie) with the seconde-vie models.
    seconde_vie = models.BooleanField("opération « seconde vie »", default=False)
    nb_locaux_commerciaux = models.PositiveIntegerField("nombre de locaux commerciaux", null=True, blank=True)
    nb_bureaux = models.PositiveIntegerField("nombre de bureaux", null=True, blank=True)
    autres_locaux_hors_convention = models.TextField("autres locaux hors convention", max_length=5000, blank=True)
    # Notarial and cadastral texts; their attached files are UploadedFile rows (conventions app).
    vendeur = models.TextField("vendeur", max_length=5000, blank=True)
    acquereur = models.TextField("acquéreur", max_length=5000, blank=True)
    reference_notaire = models.TextField("référence du notaire", max_length=5000, blank=True)
    reference_publication_acte = models.TextField("référence de publication de l'acte", max_length=5000, blank=True)
    acte_de_propriete = models.TextField("acte de propriété", max_length=5000, blank=True)
    effet_relatif = models.TextField("effet relatif", max_length=5000, blank=True)
    certificat_adressage = models.TextField("certificat d'adressage", max_length=5000, blank=True)
    reference_cadastrale = models.TextField("références cadastrales (texte)", max_length=5000, blank=True)
    edd_volumetrique = models.TextField("EDD volumétrique", max_length=5000, blank=True)
    mention_publication_edd_volumetrique = models.TextField(
        "mention de publication de l'EDD volumétrique", max_length=1000, blank=True
    )
    edd_classique = models.TextField("EDD classique", max_length=5000, blank=True)
    mention_publication_edd_classique = models.TextField(
        "mention de publication de l'EDD classique", max_length=1000, blank=True
    )
    permis_construire = models.CharField("permis de construire", max_length=255, blank=True)
    date_acte_notarie = models.DateField("date de l'acte notarié", null=True, blank=True)
    date_achevement_previsible = models.DateField("date d'achèvement prévisible", null=True, blank=True)
    date_achat = models.DateField("date d'achat", null=True, blank=True)
    date_achevement = models.DateField("date d'achèvement", null=True, blank=True)
    # Foyers and résidences (reference §13.2, Cadastre step): the authorisations and the approval of the manager
    # for intermediation (agrément, L. 365-4 CCH).
    date_autorisation_hors_habitat_inclusif = models.DateField(
        "date de l'autorisation (hors habitat inclusif)", null=True, blank=True
    )
    date_convention_location = models.DateField("date de la convention de location", null=True, blank=True)
    date_agrement_gestionnaire_intermediation = models.DateField(
        "date de l'agrément du gestionnaire (intermédiation)", null=True, blank=True
    )
    departement_agrement_gestionnaire_intermediation = models.CharField(
        "département de l'agrément du gestionnaire", max_length=255, blank=True
    )
    ville_signature_agrement_gestionnaire_intermediation = models.CharField(
        "ville de signature de l'agrément du gestionnaire", max_length=255, blank=True
    )
    # The delivery date shown and sorted on: real completion date, else the expected one.
    date_achevement_compile = models.GeneratedField(
        expression=Coalesce("date_achevement", "date_achevement_previsible"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name="date de livraison",
    )

    objects = ProgrammeQuerySet.as_manager()

    history = historique()

    class Meta:
        verbose_name = "opération"
        verbose_name_plural = "opérations"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(condition=positive("surface_utile_totale"), name="programme_su_positive"),
        ]
        # What an instructeur or a bailleur sees is chosen by the operation's administration or bailleur: these
        # indexes give the ids of their operations without reading the table (an index-only scan joined to
        # conventions.convention_prog_maj_orig_idx: a far page of an instructeur's list at 100,000 conventions
        # went from 98 to 12 ms).
        indexes = [
            models.Index(fields=["administration", "id"], name="programme_admin_id_idx"),
            models.Index(fields=["bailleur", "id"], name="programme_bailleur_id_idx"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.ville})" if self.ville else self.nom

    @property
    def departement_code(self) -> str:
        if self.code_insee_departement:
            return self.code_insee_departement
        if self.code_postal[:2] in ("97", "98"):
            return self.code_postal[:3]
        return self.code_postal[:2]

    @property
    def is_foyer(self) -> bool:
        return self.nature_logement in NATURES_FOYER

    @property
    def is_residence(self) -> bool:
        return self.nature_logement in NATURES_RESIDENCE

    @property
    def is_foyer_ou_residence(self) -> bool:
        return self.is_foyer or self.is_residence

    @property
    def is_outre_mer(self) -> bool:
        return self.departement_code in DEPARTEMENTS_OUTRE_MER

    @property
    def regime_duree(self) -> dict:
        """The arguments of the end-of-convention rules (conventions.rules.financement) for this operation."""
        return {"foyer_residence": self.is_foyer_ou_residence, "outre_mer": self.is_outre_mer}

    def clean(self):
        super().clean()
        from conventions.rules.foyer import check_nature_outre_mer  # the rule is declared once, with the others

        errors = check_nature_outre_mer(
            nature_logement=self.nature_logement,
            code_postal=self.code_postal,
            code_insee_departement=self.code_insee_departement,
        )
        if errors:
            raise ValidationError({"nature_logement": [error.message for error in errors]})

    def type_operation_phrase(self) -> str:
        """ " en construction neuve" for documents; nothing for SANSOBJET, no "en" for SANSTRAVAUX."""
        if self.type_operation == TypeOperation.SANSOBJET:
            return ""
        label = self.get_type_operation_display().lower()
        return f" {label}" if self.type_operation == TypeOperation.SANSTRAVAUX else f" en {label}"


ANNEXE_FLAGS = [
    ("annexe_caves", "Caves"),
    ("annexe_soussols", "Sous-sols"),
    ("annexe_remises", "Remises"),
    ("annexe_ateliers", "Ateliers"),
    ("annexe_sechoirs", "Séchoirs"),
    ("annexe_celliers", "Celliers extérieurs au logement"),
    ("annexe_resserres", "Resserres"),
    ("annexe_combles", "Combles et greniers aménageables"),
    ("annexe_balcons", "Balcons"),
    ("annexe_loggias", "Loggias et vérandas"),
    ("annexe_terrasses", "Terrasses (dans la limite de 9 m²)"),
]


class Lot(BaseModel):
    """One financing product of an operation: the dwellings a convention covers."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lots", verbose_name="opération")
    # The copy an avenant owns: points at the lot it was copied from.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="copies", verbose_name="copié de"
    )
    financement = models.CharField("financement", max_length=20, choices=Financement.choices, default=Financement.PLUS)
    nb_logements = models.PositiveIntegerField("nombre de logements", null=True, blank=True)
    type_habitat = models.CharField(
        "type d'habitat", max_length=15, choices=TypeHabitat.choices, default=TypeHabitat.INDIVIDUEL
    )
    edd_volumetrique = models.TextField("EDD volumétrique du lot", max_length=50000, blank=True)
    edd_classique = models.TextField("EDD classique du lot", max_length=50000, blank=True)
    annexe_caves = models.BooleanField("caves", default=False)
    annexe_soussols = models.BooleanField("sous-sols", default=False)
    annexe_remises = models.BooleanField("remises", default=False)
    annexe_ateliers = models.BooleanField("ateliers", default=False)
    annexe_sechoirs = models.BooleanField("séchoirs", default=False)
    annexe_celliers = models.BooleanField("celliers extérieurs au logement", default=False)
    annexe_resserres = models.BooleanField("resserres", default=False)
    annexe_combles = models.BooleanField("combles et greniers aménageables", default=False)
    annexe_balcons = models.BooleanField("balcons", default=False)
    annexe_loggias = models.BooleanField("loggias et vérandas", default=False)
    annexe_terrasses = models.BooleanField("terrasses", default=False)
    lgts_mixite_sociale_negocies = models.PositiveIntegerField("logements de mixité sociale négociés", default=0)
    loyer_derogatoire = models.DecimalField("loyer dérogatoire", null=True, blank=True, **MONTANT)
    # Lot options of the reference §13.7 and the Logements / Collectif steps of foyers and résidences (§13.2).
    surface_habitable_totale = models.DecimalField("surface habitable totale", null=True, blank=True, **SURFACE)
    surface_locaux_collectifs_residentiels = models.DecimalField(
        "surface des locaux collectifs résidentiels", null=True, blank=True, **SURFACE
    )
    loyer_associations_foncieres = models.DecimalField(
        "loyer pour les associations foncières et leurs filiales", null=True, blank=True, **MONTANT
    )
    foyer_residence_nb_garage_parking = models.PositiveIntegerField(
        "garages et parkings (nombre)", null=True, blank=True
    )
    foyer_residence_dependance = models.TextField("dépendances (nombre et surface)", max_length=5000, blank=True)
    foyer_residence_locaux_hors_convention = models.TextField(
        "locaux auxquels la convention ne s'applique pas", max_length=5000, blank=True
    )

    objects = LotQuerySet.as_manager()

    history = historique()

    class Meta:
        verbose_name = "lot"
        verbose_name_plural = "lots"
        ordering = ["programme_id", "financement"]
        constraints = [
            models.CheckConstraint(condition=positive("loyer_derogatoire"), name="lot_loyer_derogatoire_positif"),
            models.CheckConstraint(
                condition=positive("surface_habitable_totale")
                & positive("surface_locaux_collectifs_residentiels")
                & positive("loyer_associations_foncieres"),
                name="lot_options_positives",
            ),
        ]

    def __str__(self):
        return f"{self.programme.nom} – {self.financement}"

    def mixity_option(self) -> bool:
        return self.financement in FINANCEMENTS_MIXITE


class Logement(BaseModel):
    """A dwelling of a lot, with its surfaces and maximum rent.

    Ordinary housing has four tables (reference §13.7), told apart by which fields are set: surface utile with
    or without rent (`surface_corrigee` empty), surface corrigée with or without rent (`surface_corrigee` set);
    the "sans loyer" tables leave `loyer` empty. In a foyer or a résidence, `loyer` is the maximum redevance
    ("redevance maximale") and only designation (numéro), typologie and surface habitable are used."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="logements", verbose_name="lot")
    designation = models.CharField("désignation", max_length=255)
    typologie = models.CharField(
        "typologie", max_length=10, choices=TypologieLogement.choices, default=TypologieLogement.T1
    )
    surface_habitable = models.DecimalField("surface habitable", null=True, blank=True, **SURFACE)
    surface_annexes = models.DecimalField("surface des annexes réelle", null=True, blank=True, **SURFACE)
    surface_annexes_retenue = models.DecimalField(
        "surface des annexes retenue dans la SU", null=True, blank=True, **SURFACE
    )
    surface_utile = models.DecimalField("surface utile", null=True, blank=True, **SURFACE)
    surface_corrigee = models.DecimalField("surface corrigée", null=True, blank=True, **SURFACE)
    loyer_par_metre_carre = models.DecimalField(
        "loyer maximum en € par m² de surface utile", null=True, blank=True, **MONTANT
    )
    coefficient = models.DecimalField(
        "coefficient propre au logement", max_digits=6, decimal_places=4, null=True, blank=True
    )
    loyer = models.DecimalField("loyer maximum du logement en €", null=True, blank=True, **MONTANT)
    import_order = models.PositiveIntegerField("ordre", default=0)

    objects = LogementQuerySet.as_manager()

    history = historique()

    class Meta:
        verbose_name = "logement"
        verbose_name_plural = "logements"
        ordering = ["lot_id", "import_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "designation"], name="logement_designation_unique_par_lot"),
            models.CheckConstraint(
                condition=positive("surface_habitable")
                & positive("surface_annexes")
                & positive("surface_annexes_retenue")
                & positive("surface_utile")
                & positive("surface_corrigee")
                & positive("loyer_par_metre_carre")
                & positive("coefficient")
                & positive("loyer"),
                name="logement_valeurs_positives",
            ),
        ]

    def __str__(self):
        return self.designation

    @property
    def tableau(self) -> str:
        """The table of ordinary housing the dwelling is in (programmes.enums.TableauLogement)."""
        return tableau_du_logement(surface_corrigee=self.surface_corrigee, loyer=self.loyer)


class LocauxCollectifs(BaseModel):
    """A kind of shared premises of a foyer or a résidence (reference §13.2): type, unit surface, count."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="locaux_collectifs", verbose_name="lot")
    type_local = models.CharField("type de local", max_length=255)
    surface_habitable = models.DecimalField("surface habitable", **SURFACE)
    nombre = models.PositiveIntegerField("nombre")
    history = historique()

    class Meta:
        verbose_name = "locaux collectifs"
        verbose_name_plural = "locaux collectifs"
        ordering = ["lot_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(surface_habitable__gte=0), name="locaux_collectifs_surface_positive")
        ]

    def __str__(self):
        return f"{self.nombre} × {self.type_local}"


class Annexe(BaseModel):
    """An annex rented with a dwelling (terrace, garden, yard…)."""

    logement = models.ForeignKey(Logement, on_delete=models.CASCADE, related_name="annexes", verbose_name="logement")
    typologie = models.CharField(
        "type d'annexe", max_length=20, choices=TypologieAnnexe.choices, default=TypologieAnnexe.TERRASSE
    )
    surface_hors_surface_retenue = models.DecimalField("surface de l'annexe", **SURFACE)
    loyer_par_metre_carre = models.DecimalField("loyer unitaire en €", **MONTANT)
    loyer = models.DecimalField("loyer maximum en €", **MONTANT)

    history = historique()

    class Meta:
        verbose_name = "annexe"
        verbose_name_plural = "annexes"
        ordering = ["logement_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(surface_hors_surface_retenue__gte=0) & Q(loyer_par_metre_carre__gte=0) & Q(loyer__gte=0),
                name="annexe_valeurs_positives",
            ),
        ]

    def __str__(self):
        return f"{self.get_typologie_display()} – {self.logement}"


class TypeStationnement(BaseModel):
    """A line of parking spaces of a lot, with their monthly maximum rent."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="type_stationnements", verbose_name="lot")
    typologie = models.CharField(
        "type de stationnement",
        max_length=35,
        choices=TypologieStationnement.choices,
        default=TypologieStationnement.PLACE_STATIONNEMENT,
    )
    nb_stationnements = models.PositiveIntegerField("nombre de stationnements")
    loyer = models.DecimalField("loyer maximum en €", **MONTANT)

    history = historique()

    class Meta:
        verbose_name = "type de stationnement"
        verbose_name_plural = "types de stationnement"
        ordering = ["lot_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(loyer__gte=0), name="stationnement_loyer_positif")]

    def __str__(self):
        return f"{self.nb_stationnements} × {self.get_typologie_display()}"


class LogementEDD(BaseModel):
    """A row of the simplified co-ownership description (EDD simplifié), across all financements."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="logements_edd", verbose_name="opération"
    )
    designation = models.CharField("désignation", max_length=255)
    financement = models.CharField(
        "financement", max_length=15, choices=FinancementEDD.choices, default=FinancementEDD.PLUS
    )
    numero_lot = models.CharField("numéro de lot", max_length=255)

    history = historique()

    class Meta:
        verbose_name = "logement de l'EDD simplifié"
        verbose_name_plural = "logements de l'EDD simplifié"
        ordering = ["programme_id", "financement", "designation"]

    def __str__(self):
        return f"{self.designation} ({self.financement})"


class ReferenceCadastrale(BaseModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="references_cadastrales", verbose_name="opération"
    )
    section = models.CharField("section", max_length=255)
    numero = models.CharField("numéro", max_length=255)
    lieudit = models.CharField("lieu-dit", max_length=255)
    surface = models.CharField("surface", max_length=255, help_text="Sous la forme « xx ha xx a xx ca ».")
    autre = models.CharField("autre", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "référence cadastrale"
        verbose_name_plural = "références cadastrales"
        ordering = ["programme_id", "section", "numero"]

    def __str__(self):
        return f"{self.section} {self.numero}"
