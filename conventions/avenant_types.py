"""The types of avenant (reference §11.3) and the steps each opens (§11.4), declared once; the `AvenantType`
rows are kept equal to this declaration by a data migration (idempotent: `sync_avenant_types`).

No import of models or forms here: the migration reads this module."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeAvenant:
    nom: str
    label: str
    desc: str
    steps: tuple[str, ...]  # the slugs of the steps this type opens on the avenant
    kinds: tuple[str, ...] = ()  # the kinds of convention it applies to (conventions.steps); () = every kind
    # Single fields ("objet__champ", or "objet__table" for a whole table) this type opens on a step it does not
    # open as a whole: an avenant « logements » that adds a dwelling changes the lot's number of dwellings (on the
    # Opération step) and lists the new dwelling in the EDD simplifié (on the EDD step).
    champs: tuple[str, ...] = ()


# The fourteen types of §11.3 (our own wording). Attribution and variantes belong to foyers and résidences.
TYPES_AVENANT: tuple[TypeAvenant, ...] = (
    TypeAvenant(
        "bailleur", "Bailleur", "Après une vente, un changement de gestionnaire ou de dénomination.", ("bailleur",)
    ),
    TypeAvenant(
        "logements",
        "Logements et annexes",
        "Modification des logements, travaux, réhabilitation ou évolution des loyers.",
        ("logements", "annexes", "collectif"),
        champs=("lot__nb_logements", "logement_edd__table"),
    ),
    TypeAvenant("duree", "Durée et financement", "Nouveaux travaux financés, nouvelle durée.", ("financement",)),
    TypeAvenant(
        "commentaires",
        "Commentaires",
        "Des précisions pour le service instructeur (elles ne figurent pas dans l'avenant).",
        ("commentaires",),
    ),
    TypeAvenant("programme", "Opération", "Changement du nom ou de l'adresse de l'opération.", ("operation",)),
    TypeAvenant(
        "champ_libre",
        "Informations complémentaires",
        "Renseignements supplémentaires à porter dans l'avenant (désignation des immeubles, origine de propriété…).",
        ("champ_libre",),
    ),
    TypeAvenant("denonciation", "Dénonciation", "Mettre fin à la convention et à ses avenants.", ("denonciation",)),
    TypeAvenant("resiliation", "Résiliation", "Résilier la convention et ses avenants par arrêté.", ("resiliation",)),
    TypeAvenant("cadastre", "Cadastre et actes", "Références cadastrales et effet relatif.", ("cadastre",)),
    TypeAvenant("edd", "État descriptif de division", "Modification de l'acte notarié de l'EDD.", ("edd",)),
    TypeAvenant(
        "stationnement", "Stationnements", "Modification des stationnements et de leurs loyers.", ("stationnements",)
    ),
    TypeAvenant(
        "foyer_attribution", "Attributions (foyer)", "Attributions d'un logement-foyer.", ("attribution",), ("foyer",)
    ),
    TypeAvenant(
        "residence_attribution",
        "Attributions (résidence)",
        "Attributions d'une résidence.",
        ("attribution",),
        ("residence",),
    ),
    TypeAvenant(
        "variantes", "Variantes", "Variantes d'un foyer ou d'une résidence.", ("variantes",), ("foyer", "residence")
    ),
)


def sync_avenant_types(model=None) -> int:
    """Create or update one row per declared type; returns how many rows changed. Rows of types no longer
    declared are left alone (an avenant may carry them)."""
    if model is None:
        from conventions.models import AvenantType as model
    changed = 0
    for ordre, declared in enumerate(TYPES_AVENANT, start=1):
        values = {"label": declared.label, "desc": declared.desc, "ordre": ordre}
        row = model.objects.filter(nom=declared.nom).first()
        if row is None:
            model.objects.create(nom=declared.nom, **values)
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save(update_fields=list(values))
            changed += 1
    return changed
