"""The "Fiche d'informations pour la CAF" (reference §14.11): what the body paying the APL needs to know."""

from conventions.documents import modeles as m
from conventions.documents.redacteur import Redacteur

LIGNES = [
    ("Nom de l'opération", "{{ programme.nom }}"),
    ("Adresse(s)", "{{ adresse|sur_une_ligne }}, {{ programme.code_postal }} {{ programme.ville }}"),
    ("Financement(s)", "{% for f in financements %}{{ f.libelle }}{% if not loop.last %}, {% endif %}{% endfor %}"),
    ("Date d'expiration de la convention APL", "{{ convention.date_fin_conventionnement|date_longue_ou_blanc }}"),
    (
        "Type de la convention",
        "{{ programme.nature_logement_libelle }}{% if attribution.detail %} – détail du type de résidence ou de "
        "foyer : {{ attribution.detail }}{% endif %}",
    ),
    ("Date de signature de la convention APL", "{{ convention.date_signature|date_longue_ou_blanc }}"),
    (
        "Coordonnées du propriétaire",
        "{{ bailleur.nom|upper }}, {{ bailleur.adresse|sur_une_ligne }}, {{ bailleur.code_postal }} "
        "{{ bailleur.ville }}",
    ),
    ("Coordonnées du gestionnaire", "{{ gestionnaire.nom or 'sans objet' }}"),
    (
        "Nature de programme de logements",
        "{% for f in financements %}{{ f.libelle }} : habitat {{ lot.type_habitat_libelle|lower }}"
        "{% if not loop.last %} ; {% endif %}{% endfor %}",
    ),
    ("Nature de l'opération", "Opération{{ programme.type_operation_phrase }}"),
    (
        "Nombre de logements",
        "{% for f in financements %}{{ f.nb_logements }} {{ f.libelle }}{% if not loop.last %}, {% endif %}"
        "{% endfor %}",
    ),
    ("Surface utile totale", "{{ su_totale|nombre }} m²"),
]


def construire() -> Redacteur:
    r = Redacteur(m.FICHE_CAF, "Fiche d'informations pour la CAF")
    r.p("Fiche d'informations pour la CAF", style="Titre convention")
    r.p("{{ fiche_caf_intitule }}", style="Sous-titre convention")
    r.si("fin_de_convention")
    r.justifie("{{ fin_de_convention }}")
    r.fin()
    for libelle, valeur in LIGNES:
        r.p(f"{libelle} : {valeur}")
    r.rubrique("Détails des logements")
    r.tableau(
        [("Type de logements", 9), ("Nombre de logements", 5)],
        "typologies",
        ["{{ ligne.libelle }}", "{{ ligne.nombre }}"],
        total=["Total", "{{ logements|length }}"],
        droite=(1,),
    )
    return r
