"""What each Excel table looks like: sheet name, columns and their accepted headers, first data row, keys.

One `Table` per importable table of the convention form (reference §3.1 and §3.3). Templates, import and export
all read these specs, so a header or a column changes in one place only."""

from dataclasses import dataclass, field

from conventions.enums import Preteur
from programmes.enums import (
    TYPOLOGIES_FOYER_RESIDENCE,
    TYPOLOGIES_ORDINAIRES,
    FinancementEDD,
    TableauLogement,
    TypologieAnnexe,
    TypologieStationnement,
)

TEXT, DECIMAL, INTEGER, DATE, CHOICE = "text", "decimal", "integer", "date", "choice"


@dataclass(frozen=True)
class Column:
    name: str  # key in the imported rows (a model field name, or logement_* for annexes)
    header: str  # header written in our templates (@HEAD wording)
    label: str  # short name used in messages
    kind: str = TEXT
    variants: tuple[str, ...] = ()  # other accepted headers (@OLD wording)
    places: int = 2
    max_digits: int = 10
    max_length: int = 255
    choices: tuple[tuple[str, str], ...] = ()  # (code, label) offered in the drop-down list
    aliases: tuple[tuple[str, str], ...] = ()  # extra accepted spellings → code
    hint: str = ""
    width: int = 18
    max_value: int | None = None  # integers
    optional: bool = False  # a file without this column is accepted (columns added by the 2026 templates)
    # A column of the public service's template that is not stored: the "Financement" of the dwelling tables, read
    # only to check it is the convention's (the export writes the lot's).
    stored: bool = True

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.variants)


@dataclass(frozen=True)
class Table:
    code: str  # cadastre, edd, financement, logements, annexes, stationnements
    title: str
    sheet: str
    filename: str
    columns: tuple[Column, ...]
    first_row: int = 3  # default first data row when Data!E2 is absent
    keys: tuple[tuple[str, ...], ...] = ()  # matching keys, by priority
    needed: tuple[str, ...] = ()  # rows missing one of these are skipped with a warning
    notice: tuple[str, ...] = field(default=())
    # The conventions the template is for (a file of another kind is refused naming it).
    pour: str = "toutes les conventions"
    # The section of its step the table is (the four dwelling tables of ordinary housing), "" otherwise.
    section: str = ""
    # Row 3 numbers the columns from this one (1-based), as the rent header refers to them ("col 5 * col 6 *
    # col 7"); None: no numbering row.
    numerotation: int | None = None
    # The surface the rent column is computed on (the template's formula, a formula without its result): None
    # for a table without rent formula.
    surface_du_loyer: str | None = None

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def stored_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.stored)


# A column added by the 2026 templates of every table (mixed conventions); accepted and checked, never required.
FINANCEMENT_OPTIONNEL = "Financement"

POUR_ORDINAIRE = "les conventions de logements ordinaires"
POUR_FOYER = "les conventions de foyer ou de résidence"

# Typologies as bailleurs type them (reference §13.6): 1…7 → T1…T7; "1bis", "1 bis" → T1 bis; "1'" → T1';
# "5 et plus" → T5; "6 et plus", "T6 et plus" → T6 (never T5: T5 and T6 are distinct). Ordinary housing stops
# at "T6 et plus": a T7 or more is a T6 there; foyers and résidences have T7.
TYPOLOGIE_ALIASES = (
    *((str(n), f"T{n}") for n in range(1, 7)),
    ("1bis", "T1bis"),
    ("1 bis", "T1bis"),
    ("T1 bis", "T1bis"),
    ("1'", "T1prime"),
    ("T1 prime", "T1prime"),
    ("5 et plus", "T5"),
    ("T5 et plus", "T5"),
    ("6 et plus", "T6"),
    ("T6 et plus", "T6"),
    ("studio", "T1"),
)
TYPOLOGIE_ALIASES_ORDINAIRES = (
    *TYPOLOGIE_ALIASES,
    *((str(n), "T6") for n in range(7, 11)),
    *((f"T{n}", "T6") for n in range(7, 11)),
)

PRETEUR_ALIASES = (("Etat", "ETAT"), ("Autre/Subventions", "AUTRE"), ("Subventions", "AUTRE"))

TYPOLOGIE = Column(
    "typologie",
    "Type",
    "Type",
    kind=CHOICE,
    choices=TYPOLOGIES_ORDINAIRES,
    aliases=TYPOLOGIE_ALIASES_ORDINAIRES,
    hint="T1, T1 bis, T1', T2 à T5, ou « T6 et plus »",
    width=12,
)
TYPOLOGIE_FOYER = Column(
    "typologie",
    "Type",
    "Type",
    kind=CHOICE,
    choices=TYPOLOGIES_FOYER_RESIDENCE,
    aliases=(*TYPOLOGIE_ALIASES, ("7", "T7")),
    hint="T1, T1 bis, T1', T2 à T7",
    width=12,
)

CADASTRE = Table(
    code="cadastre",
    title="Références cadastrales",
    sheet="Références Cadastrales",
    filename="cadastre.xlsx",
    columns=(
        Column("section", "Section", "Section", hint="Lettres uniquement, par exemple AB", width=12),
        Column("numero", "Numéro", "Numéro", hint="Numéro de la parcelle", width=12),
        Column("lieudit", "Lieudit", "Lieudit", hint="Nom du lieu-dit", width=30),
        Column("surface", "Surface", "Surface", hint="Sous la forme « xx ha xx a xx ca »", width=22),
        Column("autre", "Autre", "Autre", hint="Toute autre précision utile (facultatif)", width=30, optional=True),
    ),
    keys=(("section", "numero"),),
    notice=("Une ligne par parcelle cadastrale de l'opération.",),
)

EDD = Table(
    code="edd",
    title="EDD simplifié",
    sheet="EDD Simplifié",
    filename="logements_edd.xlsx",
    columns=(
        Column(
            "financement",
            "Financement",
            "Financement",
            kind=CHOICE,
            choices=tuple(FinancementEDD.choices),
            hint="Choisir dans la liste",
            width=14,
        ),
        Column("designation", "Désignation des logements", "Désignation", hint="Par exemple « A101 »", width=30),
        Column("numero_lot", "Numéro de lot des logements", "Numéro de lot", hint="Numéro dans l'acte", width=22),
    ),
    keys=(("designation", "financement"), ("designation",)),
    notice=("Une ligne par logement de l'état descriptif de division, quel que soit son financement.",),
)

FINANCEMENT = Table(
    code="financement",
    title="Financements",
    sheet="Financements",
    filename="financement.xlsx",
    columns=(
        Column(
            "numero",
            "Numéro\n(caractères alphanuméric)",
            "Numéro",
            hint="Référence du prêt ou de la décision",
            width=22,
        ),
        Column(
            "date_octroi",
            "Date d'octroi\n(format dd/mm/yyyy)",
            "Date d'octroi",
            kind=DATE,
            hint="JJ/MM/AAAA",
            width=16,
        ),
        Column("duree", "Durée\n(en années)", "Durée", kind=INTEGER, max_value=32767, hint="Nombre d'années", width=12),
        Column("montant", "Montant\n(en €)", "Montant", kind=DECIMAL, max_digits=14, hint="En euros", width=16),
        Column(
            "preteur",
            "Organisme financeur\n(choisir dans la liste déroulante)",
            "Organisme financeur",
            kind=CHOICE,
            variants=("Prêteur\n(choisir dans la liste déroulante)",),
            choices=tuple(Preteur.choices),
            aliases=PRETEUR_ALIASES,
            hint="Choisir dans la liste",
            width=28,
        ),
        Column(
            "autre",
            "Préciser l'identité de l'organisme financeur si vous avez sélectionné 'Autre'",
            "Identité de l'organisme financeur",
            variants=("Préciser l'identité du préteur si vous avez sélectionné 'Autre'",),
            hint="Seulement pour « Autre »",
            width=36,
        ),
    ),
    keys=(("numero",),),
    notice=("Une ligne par prêt ou subvention finançant l'opération.",),
)

# The columns of the four dwelling tables of ordinary housing (reference §13.8, the public service's headers).
DESIGNATION = Column(
    "designation",
    "Désignation des logements",
    "Désignation",
    hint="Celle de l'EDD simplifié, par exemple « 604 » ou « Bâtiment B 12 »",
    width=24,
)
FINANCEMENT_DU_LOGEMENT = Column(
    "financement",
    "Financement",
    "Financement",
    hint="Le financement du lot, par exemple PLUS",
    width=14,
    optional=True,
    stored=False,
)
SURFACE_HABITABLE = Column(
    "surface_habitable",
    "Surface habitable\n(article R.156-1)",
    "Surface habitable",
    kind=DECIMAL,
    variants=("Surface habitable\n(article R.111-2)",),
    hint="En m²",
)
SURFACE_ANNEXES = Column(
    "surface_annexes", "Surface des annexes\nRéelle", "Surface des annexes réelle", kind=DECIMAL, hint="En m²"
)
SURFACE_ANNEXES_RETENUE = Column(
    "surface_annexes_retenue",
    "Surface des annexes\nRetenue dans la SU",
    "Surface des annexes retenue",
    kind=DECIMAL,
    hint="En m²",
)
SURFACE_UTILE = Column(
    "surface_utile",
    "Surface utile\n(surface habitable augmentée de 50% de la surface des annexes)",
    "Surface utile",
    kind=DECIMAL,
    hint="En m²",
    width=24,
)
SURFACE_CORRIGEE = Column("surface_corrigee", "Surface corrigée", "Surface corrigée", kind=DECIMAL, hint="En m²")
COEFFICIENT = Column(
    "coefficient",
    "Coefficient propre au logement",
    "Coefficient",
    kind=DECIMAL,
    places=4,
    max_digits=6,
    hint="Par défaut, indiquez un coefficient de 1",
    width=14,
)
LOYER_SURFACE_UTILE = Column(
    "loyer",
    "Loyer maximum du logement en €\n(col 5 * col 6 * col 7)",
    "Loyer maximum",
    kind=DECIMAL,
    variants=("Loyer maximum du logement en €\n(col 4 * col 5 * col 6)",),
    hint="Calculé automatiquement",
    width=22,
)
LOGEMENTS_NOTICE = "Une ligne par logement du lot ; n'ajoutez pas de ligne de total."

LOGEMENTS = Table(
    code="logements",
    title="Logements",
    sheet="Logements",
    filename="logements.xlsx",
    first_row=4,
    columns=(
        DESIGNATION,
        TYPOLOGIE,
        FINANCEMENT_DU_LOGEMENT,
        SURFACE_HABITABLE,
        SURFACE_ANNEXES,
        SURFACE_ANNEXES_RETENUE,
        SURFACE_UTILE,
        Column(
            "loyer_par_metre_carre",
            "Loyer maximum en € par m² de surface utile",
            "Loyer par m²",
            kind=DECIMAL,
            hint="En €/m², identique pour tout le lot",
        ),
        COEFFICIENT,
        LOYER_SURFACE_UTILE,
    ),
    keys=(("designation",),),
    needed=("designation", "surface_habitable", "surface_utile", "loyer_par_metre_carre", "coefficient"),
    notice=(
        LOGEMENTS_NOTICE,
        "La dernière colonne calcule le loyer : surface utile × loyer par m² × coefficient, arrondi au centime.",
        "Les lignes sans désignation, surface habitable, surface utile, loyer par m² ou coefficient sont ignorées.",
    ),
    pour=POUR_ORDINAIRE,
    section=TableauLogement.SU.label,
    numerotation=3,
    surface_du_loyer="surface_utile",
)

LOGEMENTS_SANS_LOYER = Table(
    code="logements_sans_loyer",
    title="Logements sans loyer",
    sheet="Logements",
    filename="logements_sans_loyer.xlsx",
    first_row=4,
    columns=(
        DESIGNATION,
        TYPOLOGIE,
        FINANCEMENT_DU_LOGEMENT,
        SURFACE_HABITABLE,
        SURFACE_ANNEXES,
        SURFACE_ANNEXES_RETENUE,
        SURFACE_UTILE,
    ),
    keys=(("designation",),),
    needed=("designation", "surface_habitable", "surface_utile"),
    notice=(
        LOGEMENTS_NOTICE,
        "Les logements de ce tableau n'ont pas de loyer : seules leurs surfaces figurent dans la convention.",
        "Les lignes sans désignation, surface habitable ou surface utile sont ignorées.",
    ),
    pour=POUR_ORDINAIRE,
    section=TableauLogement.SU_SANS_LOYER.label,
    numerotation=3,
)

LOGEMENTS_CORRIGEE = Table(
    code="logements_corrigee",
    title="Logements en surface corrigée",
    sheet="Logements",
    filename="logements_corrigee.xlsx",
    first_row=4,
    columns=(
        DESIGNATION,
        TYPOLOGIE,
        FINANCEMENT_DU_LOGEMENT,
        SURFACE_HABITABLE,
        SURFACE_CORRIGEE,
        Column(
            "loyer_par_metre_carre",
            "Loyer maximum en € par m² de surface corrigée",
            "Loyer par m² de surface corrigée",
            kind=DECIMAL,
            hint="En €/m², identique pour tout le lot",
        ),
        COEFFICIENT,
        Column(
            "loyer",
            "Loyer maximum du logement en €\n(col 4 * col 5 * col 6)",
            "Loyer maximum",
            kind=DECIMAL,
            hint="Calculé automatiquement",
            width=22,
        ),
    ),
    keys=(("designation",),),
    needed=("designation", "surface_habitable", "surface_corrigee", "loyer_par_metre_carre", "coefficient"),
    notice=(
        LOGEMENTS_NOTICE,
        "La dernière colonne calcule le loyer : surface corrigée × loyer par m² × coefficient, arrondi au centime.",
        "Les lignes sans désignation, surface habitable, surface corrigée, loyer par m² ou coefficient sont ignorées.",
    ),
    pour=POUR_ORDINAIRE,
    section=TableauLogement.CORRIGEE.label,
    numerotation=2,
    surface_du_loyer="surface_corrigee",
)

LOGEMENTS_CORRIGEE_SANS_LOYER = Table(
    code="logements_corrigee_sans_loyer",
    title="Logements en surface corrigée sans loyer",
    sheet="Logements",
    filename="logements_corrigee_sans_loyer.xlsx",
    first_row=4,
    columns=(DESIGNATION, TYPOLOGIE, FINANCEMENT_DU_LOGEMENT, SURFACE_HABITABLE, SURFACE_CORRIGEE),
    keys=(("designation",),),
    needed=("designation", "surface_habitable", "surface_corrigee"),
    notice=(
        LOGEMENTS_NOTICE,
        "Les logements de ce tableau n'ont pas de loyer : seules leurs surfaces figurent dans la convention.",
        "Les lignes sans désignation, surface habitable ou surface corrigée sont ignorées.",
    ),
    pour=POUR_ORDINAIRE,
    section=TableauLogement.CORRIGEE_SANS_LOYER.label,
    numerotation=2,
)

ANNEXES = Table(
    code="annexes",
    title="Annexes",
    sheet="Annexes",
    filename="annexes.xlsx",
    columns=(
        Column(
            "typologie",
            "Type d'annexe",
            "Type d'annexe",
            kind=CHOICE,
            choices=tuple(TypologieAnnexe.choices),
            hint="Choisir dans la liste",
            width=16,
        ),
        Column(
            "logement_designation",
            "Désignation des logements",
            "Désignation du logement",
            hint="Telle que saisie dans le tableau des logements",
            width=24,
        ),
        Column(
            "logement_typologie",
            "Typologie des logements",
            "Typologie du logement",
            kind=CHOICE,
            choices=TYPOLOGIES_ORDINAIRES,
            aliases=TYPOLOGIE_ALIASES_ORDINAIRES,
            hint="À titre indicatif",
            width=14,
        ),
        Column(
            "surface_hors_surface_retenue", "Surface de l'annexe", "Surface de l'annexe", kind=DECIMAL, hint="En m²"
        ),
        Column("loyer_par_metre_carre", "Loyer unitaire en €", "Loyer unitaire", kind=DECIMAL, hint="En €/m²"),
        Column("loyer", "Loyer maximum en €", "Loyer maximum", kind=DECIMAL, hint="En €"),
    ),
    keys=(("logement_designation", "typologie"),),
    notice=("Une ligne par annexe louée avec un logement (jardin, terrasse, cour…).",),
    pour=POUR_ORDINAIRE,
)

STATIONNEMENTS = Table(
    code="stationnements",
    title="Stationnements",
    sheet="Stationnements",
    filename="stationnements.xlsx",
    columns=(
        Column(
            "typologie",
            "Type de stationnement",
            "Type de stationnement",
            kind=CHOICE,
            choices=tuple(TypologieStationnement.choices),
            hint="Choisir dans la liste",
            width=40,
        ),
        Column(
            "nb_stationnements",
            "Nombre de stationnements",
            "Nombre de stationnements",
            kind=INTEGER,
            max_value=2147483647,
            hint="Nombre entier",
        ),
        Column("loyer", "Loyer maximum en €", "Loyer maximum", kind=DECIMAL, hint="Loyer mensuel, en €"),
    ),
    keys=(("typologie", "nb_stationnements"), ("typologie",)),
    notice=("Une ligne par type de stationnement, avec le nombre de places et le loyer mensuel maximum.",),
    pour=POUR_ORDINAIRE,
)

# Foyers and résidences (reference §13.8): the public service's headers, so that its files import unchanged.
LOGEMENTS_FOYER = Table(
    code="logements_foyer",
    title="Logements d'un foyer ou d'une résidence",
    sheet="Logements",
    filename="foyer_residence_logements.xlsx",
    columns=(
        Column("designation", "Numéro du logement", "Numéro du logement", hint="Une ligne par logement", width=22),
        TYPOLOGIE_FOYER,
        Column(
            "surface_habitable",
            "Surface habitable\npar local",
            "Surface habitable",
            kind=DECIMAL,
            variants=("Surface habitable",),
            hint="En m²",
        ),
        Column(
            "loyer",
            "Redevance maximale\n\npar logement prise en compte pour le calcul de l'APL",
            "Redevance maximale",
            kind=DECIMAL,
            variants=("Redevance maximale",),
            hint="En € par mois, la même pour tous les logements d'un type",
            width=30,
        ),
    ),
    keys=(("designation",),),
    needed=("designation",),
    notice=(
        "Une ligne par logement du foyer ou de la résidence ; n'ajoutez pas de ligne de total.",
        "La redevance maximale est celle prise en compte pour le calcul de l'APL.",
    ),
    pour=POUR_FOYER,
)

LOCAUX_COLLECTIFS = Table(
    code="locaux_collectifs",
    title="Locaux collectifs",
    sheet="Locaux Collectifs",
    filename="locaux_collectifs.xlsx",
    columns=(
        Column("type_local", "Type de local", "Type de local", hint="Par exemple « Salle commune »", width=30),
        Column("surface_habitable", "Surface habitable", "Surface habitable", kind=DECIMAL, hint="En m², par local"),
        Column("nombre", "Nombre", "Nombre", kind=INTEGER, max_value=2147483647, hint="Nombre entier", width=12),
    ),
    keys=(("type_local",),),
    notice=("Une ligne par type de local collectif, avec sa surface habitable et le nombre de locaux.",),
    pour=POUR_FOYER,
)

TABLES: dict[str, Table] = {
    table.code: table
    for table in (
        CADASTRE,
        EDD,
        FINANCEMENT,
        LOGEMENTS,
        LOGEMENTS_SANS_LOYER,
        LOGEMENTS_CORRIGEE,
        LOGEMENTS_CORRIGEE_SANS_LOYER,
        ANNEXES,
        STATIONNEMENTS,
        LOGEMENTS_FOYER,
        LOCAUX_COLLECTIFS,
    )
}
# The four dwelling tables of ordinary housing, by their table (programmes.enums.TableauLogement).
TABLES_LOGEMENTS = {
    TableauLogement.SU: LOGEMENTS,
    TableauLogement.SU_SANS_LOYER: LOGEMENTS_SANS_LOYER,
    TableauLogement.CORRIGEE: LOGEMENTS_CORRIGEE,
    TableauLogement.CORRIGEE_SANS_LOYER: LOGEMENTS_CORRIGEE_SANS_LOYER,
}
