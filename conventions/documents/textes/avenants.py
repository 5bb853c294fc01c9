"""Avenant models (reference §14.7–14.10): an avenant prints only what it amends (one block per ticked type,
`avenant_type_<nom>`), with the reference of the convention it amends; the "seconde vie" avenants replace the
end date, the rents, the mixity clause and the annex of the former conventions."""

from conventions.documents import modeles as m
from conventions.documents.redacteur import Redacteur
from conventions.documents.textes import annexe as a
from conventions.documents.textes import foyers
from conventions.documents.textes.articles import loyers_maximums
from conventions.documents.textes.communs import (
    BAILLEUR,
    ETAT,
    OPERATION,
    Article,
    ecrire_articles,
    en_tete,
    parties,
    signatures,
)
from conventions.documents.textes.communs import texte as t

# (avenant type, what article 1 says it amends) — printed only when the type is ticked.
OBJETS = [
    ("bailleur", "Modification du bailleur"),
    ("programme", "Modification de l'opération"),
    ("logements", "Modification du programme"),
    ("cadastre", "Modification des références cadastrales et de l'effet relatif"),
    ("edd", "Modification de l'état descriptif de division"),
    ("duree", "Modification de la durée de la convention et du financement"),
    ("stationnement", "Modification des stationnements"),
]
OBJETS_FOYER = [
    ("bailleur", "Modification du bailleur"),
    ("programme", "Modification de l'opération"),
    ("cadastre", "Modification des références cadastrales"),
    ("logements", "Modification du programme"),
    ("edd", "Modification de la désignation des immeubles"),
    ("variantes", "Modification des variantes"),
    ("foyer_attribution", "Modification des attributions"),
    ("residence_attribution", "Modification des attributions"),
    ("duree", "Modification de la durée de la convention et du financement"),
]


def _objet(r: Redacteur, objets):
    r.titre_article("1er", "Objet de l'avenant")
    r.justifie("Le présent avenant a pour objet :")
    for nom, libelle in objets:
        r.si(f"avenant_type_{nom}")
        r.p(f"– {libelle} ;")
        r.fin()
    r.si("avenant_type_champ_libre")
    r.p("– l'ajout des informations complémentaires ci-après ;")
    r.fin()


def _bloc(r: Redacteur, nom: str, titre: str, corps):
    r.si(f"avenant_type_{nom}")
    r.rubrique(titre)
    corps(r)
    r.fin()


def _nouveau_bailleur(r: Redacteur):
    r.justifie(
        "Le bailleur est désormais {{ new_bailleur.nom|upper }}, représenté par {{ new_signataire.nom }}"
        "{% if new_signataire.fonction %}, {{ new_signataire.fonction }}{% endif %}"
        "{% if new_signataire.date_deliberation %}, habilité par délibération du "
        "{{ new_signataire.date_deliberation|date_longue }}{% endif %}, SIRET {{ new_bailleur.siret }}"
        "{% if new_bailleur.capital_social %}, au capital de {{ new_bailleur.capital_social|montant }}{% endif %}, "
        "dont le siège est situé {{ new_bailleur.adresse|sur_une_ligne }}, {{ new_bailleur.code_postal }} "
        "{{ new_bailleur.ville }}."
    )


def _operation(r: Redacteur):
    r.justifie(OPERATION)


def _cadastre(r: Redacteur):
    a.origine(r)
    r.p(
        "Date d'achèvement : {{ programme.date_achevement_compile|date_longue_ou_blanc }} ; date d'achat : "
        "{{ programme.date_achat|date_longue_ou_blanc }}."
    )
    a.designation(r)


def _logements(r: Redacteur):
    r.p(
        "1. Nombre de logements par type : {% for t in typologies %}{{ t.nombre }} {{ t.libelle }}"
        "{% if not loop.last %}, {% endif %}{% endfor %}."
    )
    r.p("2. Surface habitable totale : {{ sh_totale|nombre }} m².")
    r.p("4. Surface utile totale : {{ su_totale|nombre }} m².")
    a.surface_corrigee_totale(r)
    a.listes_logements(r)
    a.annexes_loyer(r)


def _duree(r: Redacteur):
    r.justifie(
        "Date d'expiration de la convention : la convention expire le "
        "{{ convention.date_fin_conventionnement|date_longue_ou_blanc }}."
    )
    a.prets(r)


def _stationnements(r: Redacteur):
    r.tableau(
        [("Type de stationnement", 8.4), ("Nombre", 3), ("Loyer maximum mensuel", 6)],
        "stationnements",
        ["{{ ligne.typologie_libelle }}", "{{ ligne.nb_stationnements }}", "{{ ligne.loyer|montant }}"],
        droite=(1, 2),
    )


def _champ_libre(r: Redacteur):
    r.justifie("Informations complémentaires : {{ champ_libre_avenant }}")


def _variantes(r: Redacteur):
    for numero in "123":
        r.si(f"variantes.variante_{numero}")
        r.p(f"Variante {numero} retenue.")
        r.fin()
    r.si("variantes.variante_2")
    r.p("Programme des travaux : {{ variantes.variante_2_travaux }}")
    r.fin()


def _attributions(r: Redacteur):
    r.si("foyer")
    foyers.attribution_foyer(r)
    r.sinon()
    foyers.attribution_residence(r)
    r.fin()


def _corrections(r: Redacteur, foyer: bool):
    r.titre_article("2", "Modifications apportées à la convention")
    r.justifie("Après correction de la convention, il faut lire :")
    _bloc(r, "bailleur", "Bailleur", _nouveau_bailleur)
    _bloc(r, "programme", "Opération", _operation)
    _bloc(r, "cadastre", "Références cadastrales et effet relatif", _cadastre)
    if foyer:
        _bloc(r, "logements", "Modification du programme – III. Composition du programme", foyers.composition_programme)
        _bloc(r, "edd", "Modification de la désignation du ou des immeubles", a.edd)
        _bloc(r, "variantes", "Variantes", _variantes)
        _bloc(r, "foyer_attribution", "Attributions", _attributions)
        _bloc(r, "residence_attribution", "Attributions", _attributions)
    else:
        _bloc(r, "logements", "Modification du programme", _logements)
        _bloc(r, "edd", "Modification de la désignation du ou des immeubles", a.edd)
    _bloc(r, "duree", "Durée de la convention et financement", _duree)
    if not foyer:
        _bloc(r, "stationnement", "Stationnements", _stationnements)
    _bloc(r, "champ_libre", "Informations complémentaires", _champ_libre)


def construire(modele: str) -> Redacteur:
    foyer = modele == m.AVENANT_FOYER_RESIDENCE
    r = Redacteur(modele)
    en_tete(
        r,
        reference="",
        titre="AVENANT À UNE CONVENTION OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT",
        sous_titre="{{ avenant_intitule }}",
    )
    r.rubrique("Entre les soussignés")
    r.justifie(ETAT)
    r.justifie(BAILLEUR)
    if foyer:
        r.si("gestionnaire.nom")
        r.justifie("{{ gestionnaire.nom|upper }}, gestionnaire, représenté par {{ gestionnaire.signataire_nom }} ;")
        r.fin()
    r.justifie(OPERATION)
    r.justifie("Il a été convenu ce qui suit :")
    _objet(r, OBJETS_FOYER if foyer else OBJETS)
    _corrections(r, foyer)
    r.titre_article("3", "Autres dispositions")
    r.justifie("Les autres clauses de la convention et de ses avenants antérieurs demeurent inchangées.")
    signatures(r, gestionnaire=foyer)
    return r


# --- Seconde vie ------------------------------------------------------------------------------------------

objet_seconde_vie = t(
    "À la suite de l'opération de réhabilitation « seconde vie » n° {{ programme.numero_operation }}, le présent "
    "avenant modifie la ou les conventions n° {{ parents_2nd_vie_numeros }}, dans les conditions ci-après."
)
expiration_seconde_vie = t(
    "L'article relatif à la date d'expiration est remplacé par : « La convention expire le "
    "{{ convention.date_fin_conventionnement|date_longue_ou_blanc }}. »"
)
mixite_seconde_vie = t(
    "La clause de mixité sociale est remplacée par la suivante, prise en application des articles D. 331-1, "
    "D. 331-14 et R. 331-15 du code de la construction et de l'habitation : sur les {{ mixite_nb_logements }} "
    "logements concernés, {{ mixPLUS_30pc }} au moins sont attribués à des ménages dont les ressources "
    "n'excèdent pas 60 % du plafond, et {{ mixPLUS_10pc }} au plus peuvent l'être au-delà du plafond."
)
annexe_remplacee = t("La fiche descriptive annexée aux conventions est remplacée par celle annexée au présent avenant.")
redevances_seconde_vie = foyers.maxima

ARTICLES_SECONDE_VIE = {
    m.SECONDE_VIE_HLM: [
        Article("1er", "Objet de l'avenant", objet_seconde_vie),
        Article("2", "Date d'expiration de la convention", expiration_seconde_vie),
        Article("3", "Montants des loyers maximums et modalités de révision", loyers_maximums("L. 353-9-2")),
        Article("4", "Clause de mixité sociale", mixite_seconde_vie),
        Article("5", "Remplacement de l'annexe", annexe_remplacee),
    ],
    m.SECONDE_VIE_FOYER: [
        Article("1er", "Objet de l'avenant", objet_seconde_vie),
        Article("2", "Date d'expiration de la convention", expiration_seconde_vie),
        Article("3", "Maxima de redevance", redevances_seconde_vie),
        Article("4", "Remplacement de l'annexe", annexe_remplacee),
    ],
}


def construire_seconde_vie(modele: str) -> Redacteur:
    foyer = modele == m.SECONDE_VIE_FOYER
    r = Redacteur(modele)
    en_tete(
        r,
        reference="",
        titre="AVENANT « SECONDE VIE » AUX CONVENTIONS OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT",
        sous_titre="Avenant aux conventions n° {{ parents_2nd_vie_numeros }}",
    )
    parties(r, gestionnaire=foyer)
    ecrire_articles(r, ARTICLES_SECONDE_VIE[modele])
    signatures(r, gestionnaire=foyer)
    if foyer:
        r.doc.add_page_break()
        r.titre_partie("Annexe à l'avenant aux conventions n° {{ parents_2nd_vie_numeros }}")
        foyers.composition_programme(r)
    else:
        a.annexe_operation(r, "Annexe à l'avenant aux conventions n° {{ parents_2nd_vie_numeros }}")
    return r
