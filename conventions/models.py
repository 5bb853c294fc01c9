import re
import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from conventions.enums import (
    CommentaireStatut,
    ConventionStatut,
    DocumentStatut,
    Preteur,
    TypeConvention,
    TypeEvenement,
    statut_label,
)
from core.historique import historique
from core.models import BaseModel
from programmes.querysets import VisibleToQuerySet


class ConventionQuerySet(VisibleToQuerySet):
    programme_path = "programme__"

    def with_relations(self):
        """The convention's operation, bailleur, administration and lot, joined: what every page of it reads."""
        return self.select_related("programme", "programme__bailleur", "programme__administration", "lot")

    def with_list_relations(self):
        return self.with_relations().select_related("parent")

    def conventions(self):
        """Conventions only (not their avenants)."""
        return self.filter(parent__isnull=True)

    def avenants(self):
        return self.filter(parent__isnull=False)


class AvenantType(models.Model):
    """A type of avenant (reference §11.3): what the avenant changes. Seeded by a data migration; the steps
    each type opens are declared in conventions.steps.avenants."""

    nom = models.SlugField("code", max_length=50, unique=True)
    label = models.CharField("libellé", max_length=255)
    desc = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "type d'avenant"
        verbose_name_plural = "types d'avenant"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.label


class Convention(BaseModel):
    """The agreement between the State and a bailleur fixing, dwelling by dwelling, the maximum rents.

    `statut` changes only through conventions.workflow (never assigned directly)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="conventions", verbose_name="opération"
    )
    lot = models.ForeignKey("programmes.Lot", on_delete=models.PROTECT, related_name="conventions", verbose_name="lot")
    numero = models.CharField("numéro de convention", max_length=255, null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=25, choices=ConventionStatut.choices, default=ConventionStatut.PROJET, db_index=True
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    premiere_soumission_le = models.DateTimeField("première soumission le", null=True, blank=True)
    soumis_le = models.DateTimeField("dernière soumission le", null=True, blank=True)
    valide_le = models.DateTimeField("validée le", null=True, blank=True)
    date_signature = models.DateField("date de signature", null=True, blank=True)
    date_publication = models.DateField("date de publication", null=True, blank=True)
    reference_publication = models.CharField("référence de publication", max_length=50, blank=True)
    # Publication at the land registry (SPF, reference §15.9): sent on, and its last refusal with the motif.
    date_envoi_spf = models.DateField("date d'envoi au SPF", null=True, blank=True)
    date_refus_spf = models.DateField("date du refus du SPF", null=True, blank=True)
    motif_refus_spf = models.CharField("motif du refus du SPF", max_length=1000, blank=True)
    date_fin_conventionnement = models.DateField("date de fin de conventionnement", null=True, blank=True)
    fond_propre = models.DecimalField("fonds propres", max_digits=14, decimal_places=2, null=True, blank=True)
    historique_financement_public = models.TextField("historique des financements publics", max_length=5000, blank=True)
    type1and2 = models.CharField(
        "type de convention (I ou II)", max_length=5, choices=TypeConvention.choices, blank=True
    )
    type2_lgts_concernes_option1 = models.BooleanField("option 1", default=True)
    type2_lgts_concernes_option2 = models.BooleanField("option 2", default=True)
    type2_lgts_concernes_option3 = models.BooleanField("option 3", default=True)
    type2_lgts_concernes_option4 = models.BooleanField("option 4", default=True)
    type2_lgts_concernes_option5 = models.BooleanField("option 5", default=True)
    type2_lgts_concernes_option6 = models.BooleanField("option 6", default=True)
    type2_lgts_concernes_option7 = models.BooleanField("option 7", default=True)
    type2_lgts_concernes_option8 = models.BooleanField("option 8", default=True)
    commentaires = models.TextField("commentaires à l'attention de l'instructeur", max_length=5000, blank=True)
    # The final document (issue documents): generated in the worker at validation.
    donnees_validees = models.JSONField("données utilisées pour le document validé", null=True, blank=True)
    document_statut = models.CharField(
        "état du document", max_length=10, choices=DocumentStatut.choices, default=DocumentStatut.AUCUN
    )
    document_fichier = models.FileField("document validé", max_length=500, blank=True)
    document_erreur = models.TextField("erreur de génération", blank=True)
    document_genere_le = models.DateTimeField("document généré le", null=True, blank=True)
    fichier_signe = models.FileField("convention signée", max_length=500, blank=True)
    # A document the instruction service uploaded to be used instead of the generated one (reference §4.2,
    # "fichier_override_cerfa"): served in its place until removed. Journaled and in the audit trail.
    document_remplacement = models.FileField("document de remplacement", max_length=500, blank=True)
    document_remplacement_nom = models.CharField("nom du document de remplacement", max_length=255, blank=True)
    document_remplace_le = models.DateTimeField("document remplacé le", null=True, blank=True)
    document_remplace_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="document remplacé par",
    )
    # Optimistic concurrency of the step forms and the API (conventions/services/versions.py): every save of
    # the convention's data increments `version`; a save prepared on an older version is refused.
    version = models.PositiveIntegerField("version des données", default=1)
    version_modifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dernière modification par",
    )
    version_modifiee_le = models.DateTimeField("dernière modification le", null=True, blank=True)
    # Folded search document (conventions.search), kept current by conventions.signals.
    recherche = models.TextField("texte de recherche", blank=True, default="", editable=False)
    # When the convention entered its current status (written by the workflow; « À traiter » counts days from it).
    statut_depuis = models.DateTimeField("au statut actuel depuis", default=timezone.now, editable=False)
    fichier_publication = models.FileField("acte publié", max_length=500, blank=True)
    # Registered from an existing signed PDF ("ajout simplifié", reference §15.2), not instructed in APiLos.
    ajout_simplifie = models.BooleanField("enregistrée hors APiLos (ajout simplifié)", default=False)
    # Avenants (reference §11): an avenant is a convention row whose parent is the original convention; it owns
    # its own copy of the operation and of the lot (each signed version stays readable).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="avenants",
        verbose_name="convention d'origine",
    )
    avenant_types = models.ManyToManyField(AvenantType, blank=True, related_name="+", verbose_name="types d'avenant")
    # « Seconde vie » (reference §13.4): the former conventions of the renovated operation, which this convention
    # amends (conventions.services.seconde_vie; each change is journaled).
    parents_2nd_vie = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="enfants_2nd_vie",
        verbose_name="conventions antérieures (seconde vie)",
    )
    numero_avenant = models.PositiveSmallIntegerField("numéro d'avenant", null=True, blank=True)
    desc_avenant = models.TextField("nature de l'avenant", max_length=5000, blank=True)
    champ_libre_avenant = models.TextField("informations complémentaires de l'avenant", max_length=5000, blank=True)
    # Dénonciation and résiliation (reference §12): set on the special avenant, then on the convention.
    date_denonciation = models.DateField("date de la dénonciation", null=True, blank=True)
    motif_denonciation = models.TextField("motif de la dénonciation", max_length=5000, blank=True)
    date_resiliation = models.DateField("date de la résiliation", null=True, blank=True)
    motif_resiliation = models.TextField("motif de la résiliation", max_length=5000, blank=True)
    # Foyers and résidences (reference §13.2): the manager, co-signatory of the convention.
    gestionnaire = models.CharField("gestionnaire", max_length=255, blank=True)
    gestionnaire_signataire_nom = models.CharField("nom du signataire du gestionnaire", max_length=255, blank=True)
    gestionnaire_signataire_fonction = models.CharField(
        "fonction du signataire du gestionnaire", max_length=255, blank=True
    )
    gestionnaire_signataire_date_deliberation = models.DateField(
        "date du mandat du signataire du gestionnaire", null=True, blank=True
    )
    gestionnaire_signataire_bloc_signature = models.TextField(
        "bloc de signature du gestionnaire", max_length=5000, blank=True
    )
    gestionnaire_bloc_info_complementaire = models.TextField(
        "informations complémentaires sur le gestionnaire", max_length=5000, blank=True
    )
    # Attribution of a foyer: one family (elderly, disabled, habitat inclusif) and its establishments.
    attribution_agees_autonomie = models.BooleanField("résidence autonomie", default=False)
    attribution_agees_ephad = models.BooleanField(
        "établissement hébergeant des personnes âgées dépendantes (EHPAD)", default=False
    )
    attribution_agees_desorientees = models.BooleanField(
        "unité pour personnes désorientées (unité Alzheimer…)", default=False
    )
    attribution_agees_petite_unite = models.BooleanField(
        "petite unité de vie (moins de 25 places autorisées)", default=False
    )
    attribution_agees_autre = models.BooleanField("autre établissement pour personnes âgées", default=False)
    attribution_agees_autre_detail = models.CharField("autre établissement (préciser)", max_length=255, blank=True)
    attribution_handicapes_foyer = models.BooleanField("foyer", default=False)
    attribution_handicapes_foyer_de_vie = models.BooleanField("foyer de vie ou occupationnel", default=False)
    attribution_handicapes_foyer_medicalise = models.BooleanField("foyer d'accueil médicalisé", default=False)
    attribution_handicapes_autre = models.BooleanField("autre établissement pour personnes handicapées", default=False)
    attribution_handicapes_autre_detail = models.CharField(
        "autre établissement pour personnes handicapées (préciser)", max_length=255, blank=True
    )
    attribution_inclusif_conditions_specifiques = models.TextField(
        "conditions spécifiques d'accueil", max_length=50000, blank=True
    )
    attribution_inclusif_conditions_admission = models.TextField(
        "conditions d'admission dans l'habitat inclusif", max_length=50000, blank=True
    )
    attribution_inclusif_modalites_attribution = models.TextField(
        "modalités d'attribution", max_length=50000, blank=True
    )
    attribution_inclusif_partenariats = models.TextField(
        "partenariats concourant au projet de vie sociale et partagée", max_length=50000, blank=True
    )
    attribution_inclusif_activites = models.TextField(
        "activités proposées à l'ensemble des résidents", max_length=50000, blank=True
    )
    # Attribution of a résidence.
    attribution_residence_sociale_ordinaire = models.BooleanField("résidence sociale ordinaire", default=False)
    attribution_pension_de_famille = models.BooleanField("pension de famille", default=False)
    attribution_residence_accueil = models.BooleanField("résidence accueil", default=False)
    # Attribution, both kinds.
    attribution_reservation_prefectorale = models.PositiveSmallIntegerField(
        "part des réservations préfectorales (%)", null=True, blank=True
    )
    attribution_modalites_reservations = models.TextField(
        "modalités de gestion des réservations", max_length=5000, blank=True
    )
    attribution_modalites_choix_personnes = models.TextField(
        "modalités de choix des personnes accueillies", max_length=5000, blank=True
    )
    attribution_prestations_integrees = models.TextField(
        "prestations intégrées dans la redevance", max_length=5000, blank=True
    )
    attribution_prestations_facultatives = models.TextField("prestations facultatives", max_length=5000, blank=True)
    # Variantes of a foyer or résidence programme (article R. 832-21 CCH).
    foyer_residence_variante_1 = models.BooleanField("variante 1 (construction financée, 1°)", default=True)
    foyer_residence_variante_2 = models.BooleanField("variante 2 (amélioration, 2°)", default=True)
    foyer_residence_variante_2_travaux = models.TextField(
        "description du programme des travaux", max_length=5000, blank=True
    )
    foyer_residence_variante_2_nb_tranches = models.PositiveSmallIntegerField(
        "nombre de tranches de travaux", null=True, blank=True
    )
    foyer_residence_variante_2_nb_annees = models.PositiveSmallIntegerField(
        "durée des travaux (années)", null=True, blank=True
    )
    foyer_residence_variante_3 = models.BooleanField("variante 3 (construction neuve, 3°)", default=True)

    objects = ConventionQuerySet.as_manager()

    # The audit trail of the convention's own fields (the statuses have their journal, ConventionHistory).
    history = historique(
        exclus=(
            "recherche",
            "version",
            "version_modifiee_par",
            "version_modifiee_le",
            "statut_depuis",
            "donnees_validees",
            "document_statut",
            "document_fichier",
            "document_erreur",
            "document_genere_le",
        )
    )

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-mis_a_jour_le"]
        permissions = [("validate_convention", "Peut valider une convention")]
        constraints = [
            models.UniqueConstraint(
                fields=["numero"],
                condition=Q(numero__isnull=False) & ~Q(numero=""),
                name="convention_numero_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "numero_avenant"],
                condition=Q(parent__isnull=False, numero_avenant__isnull=False),
                name="avenant_numero_unique",
            ),
            models.UniqueConstraint(
                fields=["lot"],
                condition=~Q(statut=ConventionStatut.ANNULEE),
                name="convention_une_active_par_lot",
            ),
        ]
        # PostgreSQL-only GIN indexes of `recherche` (trigram, full-text) are created by migration 0003.
        indexes = [
            models.Index(fields=["statut", "mis_a_jour_le"], name="convention_statut_maj_idx"),
            # The list's default order, and keyset-friendly: without it every list sorts all visible rows.
            models.Index(fields=["-mis_a_jour_le", "-id"], name="convention_maj_id_idx"),
            # The page's list shows conventions, their avenants under them: half the rows of the index above are
            # avenants it would read and drop, page after page (a far page of the superuser: an index-only scan).
            models.Index(
                fields=["-mis_a_jour_le", "-id"], name="convention_maj_id_orig_idx", condition=Q(parent__isnull=True)
            ),
            # The list of an instructeur or a bailleur: the visible operations' conventions, in the list's order,
            # read from the index alone; a far page then sorts a few thousand index entries instead of scanning
            # the table.
            models.Index(
                fields=["programme", "-mis_a_jour_le", "-id"],
                name="convention_prog_maj_orig_idx",
                condition=Q(parent__isnull=True),
            ),
            models.Index(fields=["date_signature"], name="convention_signature_idx"),
            models.Index(fields=["statut", "statut_depuis"], name="convention_statut_depuis_idx"),
            # The next number at validation reads the numbers of a département ("13.%"): a prefix range of this
            # index, not a scan of the table (PostgreSQL: LIKE needs the pattern operator class).
            models.Index(fields=["numero"], name="convention_numero_prefixe_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        programme = self.programme
        lot = self.lot
        return (
            f"{programme.ville} - {programme.nom} - {lot.nb_logements or 0} lgts - "
            f"{lot.get_type_habitat_display()} - {lot.financement}"
        )

    @property
    def bailleur(self):
        return self.programme.bailleur

    @property
    def administration(self):
        return self.programme.administration

    @property
    def financement(self) -> str:
        return self.lot.financement

    @property
    def is_avenant(self) -> bool:
        return self.parent_id is not None

    def type_noms(self) -> set[str]:
        """The codes of the avenant's types (prefetch `avenant_types` to avoid a query per avenant)."""
        return {t.nom for t in self.avenant_types.all()} if self.pk else set()

    @property
    def is_denonciation(self) -> bool:
        return self.is_avenant and "denonciation" in self.type_noms()

    @property
    def is_resiliation(self) -> bool:
        return self.is_avenant and "resiliation" in self.type_noms()

    @property
    def titre(self) -> str:
        """ "Convention n° X", "Avenant n° 2", "Dénonciation", "Résiliation" (our wording of §11.1)."""
        if not self.is_avenant:
            return f"Convention n° {self.numero}" if self.numero else "Convention"
        if self.is_denonciation:
            return "Dénonciation de la convention"
        if self.is_resiliation:
            return "Résiliation de la convention"
        return f"Avenant n° {self.numero_avenant}" if self.numero_avenant else "Avenant (non numéroté)"

    @property
    def attribution_type(self) -> str:
        """The public of a foyer, read from its ticks (reference §13.2): "agees", "handicapes" or "inclusif"."""
        from conventions.rules.foyer import attribution_type_of

        return attribution_type_of(self)

    def statut_label_for(self, role: str | None) -> str:
        return statut_label(self.statut, role=role)

    def type2_options(self) -> dict[int, bool]:
        return {n: getattr(self, f"type2_lgts_concernes_option{n}") for n in range(1, 9)}


class ConventionHistory(models.Model):
    """The journal of a convention (reference §15.7): typed events with who, when and what. Status changes are
    written by the workflow only (`type_evenement` "statut", previous and new status); the other events
    (documents, corrections of dates, avenants, dénonciation, résiliation) by conventions.journal."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="historique")
    type_evenement = models.CharField(
        "type d'événement", max_length=20, choices=TypeEvenement.choices, default=TypeEvenement.STATUT
    )
    statut_precedent = models.CharField("statut précédent", max_length=25, choices=ConventionStatut.choices, blank=True)
    statut = models.CharField("nouveau statut", max_length=25, choices=ConventionStatut.choices, blank=True)
    action = models.CharField("action", max_length=40)
    description = models.CharField("quoi", max_length=500, blank=True)
    donnees = models.JSONField("détails", default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commentaire = models.TextField("message", blank=True)
    cree_le = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "historique de convention"
        verbose_name_plural = "historiques de convention"
        ordering = ["cree_le", "id"]

    def __str__(self):
        return f"{self.convention_id}: {self.statut_precedent} → {self.statut}"


class Pret(BaseModel):
    """A loan or subsidy financing the operation."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="prets")
    preteur = models.CharField("prêteur", max_length=10, choices=Preteur.choices, default=Preteur.AUTRE)
    autre = models.CharField("identité du prêteur (si « Autre »)", max_length=255, blank=True)
    date_octroi = models.DateField("date d'octroi", null=True, blank=True)
    numero = models.CharField("numéro", max_length=255, blank=True)
    duree = models.PositiveSmallIntegerField("durée (en années)", null=True, blank=True)
    montant = models.DecimalField("montant (en €)", max_digits=14, decimal_places=2)

    history = historique()

    class Meta:
        verbose_name = "prêt"
        verbose_name_plural = "prêts"
        ordering = ["convention_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="pret_montant_positif")]

    def __str__(self):
        return f"{self.preteur_display} – {self.montant} €"

    @property
    def preteur_display(self) -> str:
        if self.preteur == Preteur.AUTRE and self.autre:
            return self.autre
        return self.get_preteur_display().replace("CDC", "Caisse des dépôts et consignations")


class Comment(BaseModel):
    """A review comment of an instructeur on one field (or table row) of a convention."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="comments")
    nom_objet = models.CharField("objet", max_length=50)
    champ_objet = models.CharField("champ", max_length=100)
    uuid_objet = models.UUIDField("ligne", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField("message", max_length=5000)
    statut = models.CharField(
        "statut", max_length=10, choices=CommentaireStatut.choices, default=CommentaireStatut.OUVERT
    )
    resolu_le = models.DateTimeField("résolu le", null=True, blank=True)
    clos_le = models.DateTimeField("clos le", null=True, blank=True)

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["cree_le", "id"]
        indexes = [models.Index(fields=["convention", "statut"], name="comment_convention_statut_idx")]

    def __str__(self):
        return f"{self.nom_objet}.{self.champ_objet}: {self.message[:40]}"

    @property
    def cle(self) -> str:
        """The key the UI uses to attach the comment to a field: objet__champ[__uuid]."""
        base = f"{self.nom_objet}__{self.champ_objet}"
        return f"{base}__{self.uuid_objet}" if self.uuid_objet else base


def uploaded_file_path(instance: "UploadedFile", filename: str) -> str:
    return f"conventions/{instance.convention.uuid}/fichiers/{instance.uuid}_{sanitize_filename(filename)}"


def sanitize_filename(filename: str) -> str:
    name = get_valid_filename(filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]) or "fichier"
    name = re.sub(r"_+", "_", name)
    return name[-150:]


class UploadedFile(BaseModel):
    """A file attached to a field of a convention (or of its operation/lot). Served only through views that
    check the convention's scope."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, editable=False, unique=True)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="fichiers")
    champ = models.CharField("champ", max_length=100, help_text="Par exemple « programme.vendeur ».")
    fichier = models.FileField("fichier", upload_to=uploaded_file_path, max_length=500)
    nom = models.CharField("nom du fichier", max_length=255)
    taille = models.PositiveBigIntegerField("taille (octets)", default=0)
    content_type = models.CharField("type", max_length=100, blank=True)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "fichier joint"
        verbose_name_plural = "fichiers joints"
        ordering = ["convention_id", "champ", "cree_le"]

    def __str__(self):
        return self.nom

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class FiltreEnregistre(BaseModel):
    """A named set of list filters a user saved (the list's query string, page left out)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filtres_conventions")
    nom = models.CharField("nom", max_length=80)
    parametres = models.CharField("filtres", max_length=2000, blank=True)

    class Meta:
        verbose_name = "filtre enregistré"
        verbose_name_plural = "filtres enregistrés"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["user", "nom"], name="filtre_nom_unique_par_user")]

    def __str__(self):
        return self.nom


class DelaiTraitement(BaseModel):
    """Days after which a convention waiting in `statut` is highlighted in « À traiter », for one administration
    (national defaults: conventions.queue.DELAIS_NATIONAUX)."""

    administration = models.ForeignKey(
        "users.Administration", on_delete=models.CASCADE, related_name="delais_traitement"
    )
    statut = models.CharField("statut", max_length=25, choices=ConventionStatut.choices)
    jours = models.PositiveSmallIntegerField("jours")

    class Meta:
        verbose_name = "délai de traitement"
        verbose_name_plural = "délais de traitement"
        constraints = [
            models.UniqueConstraint(fields=["administration", "statut"], name="delai_unique_par_administration"),
            models.CheckConstraint(condition=Q(jours__gte=1), name="delai_au_moins_un_jour"),
        ]

    def __str__(self):
        return f"{self.administration} – {self.get_statut_display()} : {self.jours} j"


class AbonnementResume(models.Model):
    """A user who asked for the weekly e-mail of their « À traiter » list."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abonnement_resume")
    cree_le = models.DateTimeField("abonné le", auto_now_add=True)
    dernier_envoi_le = models.DateTimeField("dernier envoi le", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement au résumé hebdomadaire"
        verbose_name_plural = "abonnements au résumé hebdomadaire"

    def __str__(self):
        return str(self.user)


class MotRecherche(models.Model):
    """The vocabulary of the search documents (`Convention.recherche`): their words of 4+ letters without digits.
    A mistyped word is corrected against this short list (trigram GIN index, PostgreSQL) instead of being
    compared with every document (conventions.search). Words are added as documents are written and never
    removed: a word no document holds any more only leads to a search that finds nothing."""

    mot = models.CharField("mot", max_length=100, primary_key=True)

    class Meta:
        verbose_name = "mot des documents de recherche"
        verbose_name_plural = "mots des documents de recherche"

    def __str__(self):
        return self.mot
