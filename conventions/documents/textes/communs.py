"""Pieces every document shares: heading, parties ("Entre les soussignés"), operation line, signatures, and
the `Article` record the plans of the models are made of. Our own French wording (reference §14)."""

from collections.abc import Callable
from dataclasses import dataclass

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from conventions.documents.redacteur import Redacteur, ecrire, insecable, largeurs


@dataclass(frozen=True)
class Article:
    """One article of a model: its number as the regulatory model writes it ("1er", "9 bis"), its title, and
    the function writing its body. `partie` opens a part heading ("II. – …") before the article."""

    numero: str
    titre: str
    corps: Callable[[Redacteur], None]
    partie: str = ""


def texte(*paragraphes: str) -> Callable[[Redacteur], None]:
    """An article body made of justified paragraphs (each may hold {{ }} / {% %} inline tags)."""

    def corps(r: Redacteur):
        for paragraphe in paragraphes:
            r.justifie(paragraphe)

    return corps


def enchainer(*corps: Callable[[Redacteur], None]) -> Callable[[Redacteur], None]:
    def ensemble(r: Redacteur):
        for morceau in corps:
            morceau(r)

    return ensemble


def si(condition: str, *paragraphes: str) -> Callable[[Redacteur], None]:
    """Paragraphs printed only when `condition` holds."""

    def corps(r: Redacteur):
        r.si(condition)
        for paragraphe in paragraphes:
            r.justifie(paragraphe)
        r.fin()

    return corps


def ecrire_articles(r: Redacteur, articles: list[Article]):
    for article in articles:
        if article.partie:
            r.titre_partie(article.partie)
        r.titre_article(article.numero, article.titre)
        article.corps(r)


NUMERO_DOCUMENT = (
    "{% if document_numero %}{{ document_numero }}{% else %}Le numéro {{ document_genre_de }} sera attribué lors de "
    "sa validation par le service instructeur.{% endif %}"
)


def en_tete(r: Redacteur, *, reference: str, titre: str, sous_titre: str):
    """Land-registry header (except outre-mer), the regulatory annex it follows, title, number, operation."""
    r.si("not outre_mer and publication_fonciere")
    r.p("Formulaire de publication au fichier immobilier – N° 3265-SD", align=WD_ALIGN_PARAGRAPH.RIGHT)
    r.fin()
    r.p("RÉPUBLIQUE FRANÇAISE", style="Sous-titre convention")
    if reference:
        r.p(reference, style="Sous-titre convention")
    r.p(titre, style="Titre convention")
    r.p(sous_titre, style="Sous-titre convention")
    r.p(NUMERO_DOCUMENT, style="Sous-titre convention")


ETAT = (
    "L'État, représenté par {% if administration.signataire_qualite %}{{ administration.signataire_qualite }}"
    "{% else %}le préfet du département, ou par le président de la collectivité ou de l'établissement public "
    "délégataire des aides à la pierre en application des articles L. 301-5-1 ou L. 301-5-2 du code de la "
    "construction et de l'habitation{% endif %} ({{ administration.nom }}), ci-après dénommé « l'État » ;"
)

BAILLEUR = (
    "{% if identification_bailleur_detail %}{{ identification_bailleur_detail }} – {% endif %}"
    "{{ bailleur.nom|upper }}, représenté par {{ signataire.nom }}{% if signataire.fonction %}, "
    "{{ signataire.fonction }}{% endif %}{% if signataire.date_deliberation %}, agissant en vertu de la "
    "délibération de son conseil d'administration ou de son organe dirigeant du "
    "{{ signataire.date_deliberation|date_longue }}{% endif %}, immatriculé sous le numéro SIRET "
    "{{ bailleur.siret }}{% if bailleur.capital_social %}, au capital de {{ bailleur.capital_social|montant }}"
    "{% endif %}, dont le siège est situé {{ bailleur.adresse|sur_une_ligne }}, {{ bailleur.code_postal }} "
    "{{ bailleur.ville }} (1), ci-après dénommé « {{ nom_bailleur_dans_le_texte }} » ;"
)

OPERATION = (
    "Pour l'opération « {{ programme.nom }} »{% if programme.numero_operation %} (n° "
    "{{ programme.numero_operation }}){% endif %} : {% for f in financements %}{{ f.nb_logements|entier }} "
    "logement{{ f.nb_logements|pluriel }} {{ f.libelle }}{% if not loop.last %}, {% endif %}{% endfor %}, "
    "situé{{ lot.nb_logements|pluriel }} {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} "
    "{{ programme.ville }}."
)


def parties(r: Redacteur, *, gestionnaire: bool = False):
    r.rubrique("Entre les soussignés")
    r.justifie(ETAT)
    r.justifie(BAILLEUR)
    if gestionnaire:
        r.si("gestionnaire.nom")
        r.justifie(
            "{{ gestionnaire.nom|upper }}, gestionnaire du logement-foyer ou de la résidence, représenté par "
            "{{ gestionnaire.signataire_nom }}{% if gestionnaire.signataire_fonction %}, "
            "{{ gestionnaire.signataire_fonction }}{% endif %}{% if gestionnaire.signataire_date_deliberation %}, "
            "habilité par délibération du {{ gestionnaire.signataire_date_deliberation|date_longue }}{% endif %}"
            "{% if gestionnaire.bloc_info_complementaire %}, {{ gestionnaire.bloc_info_complementaire }}{% endif %}, "
            "ci-après dénommé « le gestionnaire » ;"
        )
        r.fin()
    r.justifie(OPERATION)
    r.justifie("Il a été convenu ce qui suit :")


def signatures(r: Redacteur, *, gestionnaire: bool = False, annexe: bool = False):
    """ "Fait en N originaux à <ville>, le …" and one signature cell per party."""
    r.p("")
    fait = r.justifie(
        "Fait en {{ administration.nb_convention_exemplaires }} exemplaires originaux à "
        "{% if administration.ville_signature %}{{ administration.ville_signature }}{% else %}………………"
        "{% endif %}, le ………………"
    )
    fait.paragraph_format.keep_with_next = True
    cellules = [("Pour l'État (7),", "{{ administration.bloc_signature }}")]
    cellules.append((f"{'Le propriétaire' if gestionnaire else 'Le bailleur'} (6),", "{{ signataire.bloc_signature }}"))
    if gestionnaire:
        cellules.append(("Le gestionnaire (6),", "{{ gestionnaire.bloc_signature }}"))
    table = r.doc.add_table(rows=1, cols=len(cellules))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    insecable(table.rows[0])
    largeurs(table, [17.4 / len(cellules)] * len(cellules))
    for cellule, (qui, bloc) in zip(table.rows[0].cells, cellules, strict=True):
        ecrire(cellule, qui, "Normal")
        cellule.paragraphs[0].paragraph_format.keep_with_next = True
        cellule.add_paragraph(bloc)
        cellule.add_paragraph("Signature et cachet :").runs[0].font.size = Pt(8)
        for _ in range(3):
            cellule.add_paragraph("")
    if not annexe:
        notes(r)


def notes(r: Redacteur):
    r.p("")
    for note in (
        "(1) Identification de la personne morale selon les règles du décret n° 55-22 du 4 janvier 1955 portant "
        "réforme de la publicité foncière.",
        "(3) Nom et qualité du représentant.",
        "(4) Nombre entier le plus petit permettant d'atteindre la proportion indiquée.",
        "(6) Le bailleur paraphe chaque page de la convention.",
        "(7) Désignation selon les règles du décret n° 55-22 du 4 janvier 1955.",
    ):
        r.p(note).runs[0].font.size = Pt(8)
