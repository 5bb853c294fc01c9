# ruff: noqa: E501 - the expected article lists of §14 read better one model per block
"""Each of the eleven models generated from demo-like data: the articles of the reference (§14) present in
order, the legal references each cites, no undefined variable, no leftover tag."""

import datetime
import io
import re

import jinja2
import pytest
from docxtpl import DocxTemplate

from conventions.avenant_types import sync_avenant_types
from conventions.documents import modeles as m
from conventions.documents import render_docx
from conventions.documents.build_templates import template_bytes
from conventions.documents.contexte import build_context
from conventions.documents.contexte_types import fiche_caf_intitule
from conventions.documents.generation import jinja_environment
from conventions.enums import ConventionStatut
from conventions.models import AvenantType
from conventions.services.avenants import _clone
from programmes.enums import NatureLogement
from tests.conventions.documents.donnees import convention_complete
from tests.conventions.documents.test_generation import texte
from tests.users.factories import BailleurFactory

pytestmark = pytest.mark.django_db

# (article number, a word of its title) in the order of the reference §14.
ATTENDUS = {
    m.HLM: [
        ("1er", "Objet"), ("2", "Prise d'effet"), ("3", "expiration"), ("4", "Changement de propriétaire"),
        ("5", "rapports locatifs"), ("6", "APL"), ("7", "gérance"), ("8", "usage locatif"),
        ("9", "loyers maximums"), ("9 bis", "particulières"), ("9 ter", "Majoration"), ("10", "loyer pratiqué"),
        ("10 bis", "loyers pratiqués"), ("11", "bail conforme"), ("12", "Travaux"), ("13", "changement de propriétaire"),
        ("14", "modification ou de résiliation"), ("15", "Maintien dans les lieux"), ("16", "paiement du loyer"),
        ("17", "Dépôt de garantie"), ("18", "résidence universitaire"), ("19", "Renonciation"),
        ("20", "Obligations générales"), ("21", "impayé"), ("22", "Contrôle"), ("23", "Révision"),
        ("24", "Inexécution"), ("25", "liquidation et du paiement des APL"),
    ],
    m.SEM: [
        ("1er", "Objet"), ("2", "Prise d'effet"), ("3", "expiration"), ("4", "Changement de propriétaire"),
        ("5", "rapports locatifs"), ("6", "APL"), ("7", "usage locatif"), ("8", "loyers maximums"),
        ("8 bis", "particulières"), ("8 ter", "Majoration"), ("9", "loyer pratiqué"), ("9 bis", "loyers pratiqués"),
        ("10", "bail conforme"), ("11", "Travaux"), ("12", "changement de propriétaire"), ("13", "résiliation"),
        ("14", "Maintien dans les lieux"), ("15", "paiement du loyer"), ("16", "Dépôt de garantie"),
        ("17", "résidence universitaire"), ("18", "Renonciation"), ("19", "Obligations générales"),
        ("20", "impayé"), ("21", "Contrôle"), ("22", "Révision"), ("23", "Inexécution"), ("24", "APL"),
    ],
    m.TYPE1: [
        ("1er", "Objet"), ("2", "Prise d'effet et date d'expiration"), ("3", "Mutations"), ("4", "rapports locatifs"),
        ("5", "APL"), ("6", "gestion"), ("7", "usage locatif"), ("8", "loyers maximums"), ("9", "loyer pratiqué"),
        ("10", "bail conforme"), ("11", "changement de propriétaire"), ("12", "résiliation"),
        ("13", "Durée du contrat"), ("14", "paiement du loyer"), ("15", "Dépôt de garantie"),
        ("16", "résidence universitaire"), ("17", "Renonciation"), ("18", "Obligations générales"), ("19", "impayé"),
        ("20", "Contrôle"), ("21", "Inexécution"), ("22", "Publication"), ("23", "Révision"),
    ],
    m.TYPE2: [
        ("1er", "Objet"), ("2", "Prise d'effet et date d'expiration"), ("3", "Mutations"), ("4", "rapports locatifs"),
        ("5", "APL"), ("6", "gestion"), ("7", "usage locatif"), ("8", "loyers maximums"), ("8 bis", "particulières"),
        ("9", "loyer pratiqué"), ("9 bis", "loyers pratiqués"), ("10", "bail conforme"), ("11", "bail en cours"),
        ("12", "bonne foi"), ("13", "livre III ou IV"), ("14", "48-1360"), ("15", "changement de propriétaire"),
        ("16", "résiliation"), ("17", "Durée du contrat"), ("18", "paiement du loyer"), ("19", "Dépôt de garantie"),
        ("20", "résidence universitaire"), ("21", "Renonciation"), ("22", "Obligations générales"), ("23", "impayé"),
        ("24", "Contrôle"), ("25", "Inexécution"), ("26", "Publication"), ("27", "Révision"),
    ],
    m.FOYER: [
        ("1er", "Objet"), ("2", "Durée"), ("3", "maintenance"), ("4", "attribution"), ("5", "Contrat d'occupation"),
        ("6", "Résiliation du contrat"), ("7", "impayés"), ("8", "Dépôt de garantie"), ("9", "Information des résidents"),
        ("10", "Maxima"), ("11", "Composition"), ("12", "Prestations"), ("13", "paiement de la redevance"),
        ("14", "travaux et relogement"), ("15", "Suivi"), ("16", "organismes"), ("17", "torts du bailleur"),
        ("18", "Sanctions"), ("19", "Contrôle"), ("20", "Information des organismes"),
    ],
    m.RESIDENCE: [
        ("1er", "Objet"), ("2", "Durée"), ("3", "maintenance"), ("4", "résidence sociale"), ("5", "Contrat d'occupation"),
        ("6", "Résiliation du contrat"), ("7", "impayés"), ("8", "Dépôt de garantie"), ("9", "Information des résidents"),
        ("10", "Maxima"), ("11", "Composition"), ("12", "Prestations"), ("13", "paiement de la redevance"),
        ("14", "travaux et relogement"), ("15", "Suivi"), ("16", "organismes"), ("17", "Résiliation de la convention"),
        ("18", "Sanctions"), ("19", "Contrôle"),
    ],
    m.AVENANT: [("1er", "Objet de l'avenant"), ("2", "Modifications"), ("3", "Autres dispositions")],
    m.AVENANT_FOYER_RESIDENCE: [("1er", "Objet de l'avenant"), ("2", "Modifications"), ("3", "Autres dispositions")],
}  # fmt: skip

REFERENCES = {
    m.HLM: ["D. 353-1", "L. 353-1", "L. 831-1", "L. 443-10", "R. 441-1", "L. 442-8-1", "L. 353-9-2", "D. 353-16",
            "L. 353-9-3", "D. 353-19", "L. 353-6", "L. 353-15", "L. 631-12", "L. 824-1", "R. 824-4", "L. 342-14",
            "89-462", "R. 823-10", "L. 301-5-1", "55-22", "article 284 du code général des impôts"],
    m.SEM: ["D. 353-59", "L. 481-2", "L. 443-15-2", "L. 353-20", "D. 353-70", "D. 823-15"],
    m.TYPE1: ["D. 353-90", "278 sexies", "D. 331-3", "D. 331-6", "L. 353-4", "D. 331-12"],
    m.TYPE2: ["D. 353-90", "D. 323-1", "D. 323-11", "D. 331-14", "L. 313-34", "L. 353-7", "48-1360"],
    m.FOYER: ["R. 353-159", "L. 353-154", "L. 633-1", "L. 353-2", "R. 633-3", "R. 633-9", "R. 832-21"],
    m.RESIDENCE: ["L. 353-2", "R. 353-165-1", "L. 365-4", "D. 353-174", "R. 633-9"],
    m.SECONDE_VIE_HLM: ["D. 331-14", "R. 331-15", "L. 353-9-2"],
}  # fmt: skip


def strict_environment():
    env = jinja_environment()
    env.undefined = jinja2.StrictUndefined
    return env


def titres(contenu: str) -> list[str]:
    return re.findall(r"^Article ([0-9]+(?:er)?(?: bis| ter)?) – (.*)$", contenu, flags=re.M)


def rendre(convention, modele: str = "") -> str:
    """Rendered with an environment where any undefined variable raises."""
    context = build_context(convention)
    template = DocxTemplate(io.BytesIO(template_bytes(modele or m.choose_template(convention))))
    images = {k: [] for k in ("vendeur_images", "acquereur_images", "reference_notaire_images",
                              "reference_publication_acte_images", "reference_cadastrale_images",
                              "effet_relatif_images", "edd_volumetrique_images", "edd_classique_images")}  # fmt: skip
    template.render({**context, **images}, strict_environment(), autoescape=True)
    sortie = io.BytesIO()
    template.save(sortie)
    contenu = texte(sortie.getvalue())
    assert "{{" not in contenu and "{%" not in contenu and "}}" not in contenu
    return contenu


def ordinary(modele):
    traits = {
        m.HLM: ({}, ""),
        m.SEM: ({"sem": True}, ""),
        m.TYPE1: ({"type1and2": True}, "Type1"),
        m.TYPE2: ({"type1and2": True}, "Type2"),
    }[modele]
    return convention_complete(bailleur=BailleurFactory(**traits[0]), type1and2=traits[1])


def foyer_residence(nature):
    convention = convention_complete()
    convention.programme.nature_logement = nature
    convention.programme.save()
    return convention


def avenant_of(convention, types):
    sync_avenant_types()
    convention.statut = ConventionStatut.SIGNEE
    convention.numero = f"13.D.26.{convention.pk:04d}"
    convention.date_signature = datetime.date(2026, 3, 1)
    convention.save()
    avenant = _clone(parent=convention, source=convention, user=None)
    avenant.avenant_types.set(AvenantType.objects.filter(nom__in=types))
    avenant.champ_libre_avenant = "Désignation précisée du bâtiment B."
    avenant.save()
    return avenant


def check_articles(contenu: str, modele: str):
    trouves = titres(contenu)
    attendus = ATTENDUS[modele]
    assert [numero for numero, _ in trouves] == [numero for numero, _ in attendus]
    for (numero, titre), (_n, mot) in zip(trouves, attendus, strict=True):
        assert mot.lower() in titre.lower(), (numero, titre, mot)


@pytest.mark.parametrize("modele", m.ORDINAIRES)
def test_ordinary_models_have_every_article_in_order(modele):
    convention = ordinary(modele)
    assert m.choose_template(convention) == modele
    contenu = rendre(convention)
    check_articles(contenu, modele)
    for reference in REFERENCES[modele]:
        assert reference in contenu, reference
    assert "Annexe – Description de l'opération" in contenu
    assert "5. Liste des logements conventionnés et loyers maximums" in contenu


@pytest.mark.parametrize(
    "nature, modele",
    [(NatureLogement.AUTRE, m.FOYER), (NatureLogement.RESISDENCESOCIALE, m.RESIDENCE), (NatureLogement.HEBERGEMENT, m.RESIDENCE)],
)  # fmt: skip
def test_foyer_and_residence_models(nature, modele):
    convention = foyer_residence(nature)
    assert m.choose_template(convention) == modele
    contenu = rendre(convention)
    check_articles(contenu, modele)
    for reference in REFERENCES[modele]:
        assert reference in contenu, reference
    assert "Le gestionnaire (6)" in contenu and "Le propriétaire (6)" in contenu
    assert "Annexe – Descriptif du programme" in contenu
    assert "III. – Composition du programme" in contenu


def test_foyer_prints_the_gestionnaire_signature_block_as_entered():
    """The manager signs with the block entered on the Bailleur step (gestionnaire_signataire_bloc_signature);
    its name and function are only the fallback."""
    convention = foyer_residence(NatureLogement.AUTRE)
    convention.gestionnaire = "Gestion Solidaire"
    convention.gestionnaire_signataire_nom = "Camille Roux"
    convention.gestionnaire_signataire_fonction = "Directrice"
    convention.gestionnaire_signataire_bloc_signature = "Pour Gestion Solidaire, la directrice Camille Roux"
    convention.save()
    assert build_context(convention)["gestionnaire"]["bloc_signature"] == (
        "Pour Gestion Solidaire, la directrice Camille Roux"
    )
    assert "Pour Gestion Solidaire, la directrice Camille Roux" in rendre(convention)
    assert "D. Historique des financements publics : néant." in rendre(convention)

    convention.historique_financement_public = "Subvention PALULOS de 1994"
    convention.gestionnaire_signataire_bloc_signature = ""
    convention.save()
    assert "D. Historique des financements publics : Subvention PALULOS de 1994." in rendre(convention)
    assert build_context(convention)["gestionnaire"]["bloc_signature"] == "Camille Roux, Directrice"


def test_avenant_prints_only_what_it_amends_with_the_parent_reference():
    avenant = avenant_of(convention_complete(), ["duree", "champ_libre"])
    assert m.choose_template(avenant) == m.AVENANT
    contenu = rendre(avenant)
    check_articles(contenu, m.AVENANT)
    assert f"Avenant à la convention n° 13.D.26.{avenant.parent_id:04d}" in contenu
    assert "– Modification de la durée de la convention et du financement ;" in contenu
    assert "Informations complémentaires : Désignation précisée du bâtiment B." in contenu
    assert "Modification du bailleur" not in contenu and "Stationnements" not in contenu
    assert "Date d'expiration de la convention : la convention expire le 30 juin 2067." in contenu


def test_avenant_of_a_sale_prints_the_new_owner_and_the_previous_signatory():
    parent = convention_complete()
    avenant = avenant_of(parent, ["bailleur"])
    nouveau = BailleurFactory(nom="Nouveau Logis", signataire_nom="Alex Durand")
    avenant.programme.bailleur = nouveau
    avenant.programme.save()
    contenu = rendre(avenant)
    assert "HABITAT PROVENCE & CIE, représenté par" in contenu  # the party that signs: the previous owner
    assert "Le bailleur est désormais NOUVEAU LOGIS, représenté par Alex Durand" in contenu


def test_foyer_residence_avenant():
    avenant = avenant_of(foyer_residence(NatureLogement.AUTRE), ["logements", "variantes"])
    assert m.choose_template(avenant) == m.AVENANT_FOYER_RESIDENCE
    contenu = rendre(avenant)
    check_articles(contenu, m.AVENANT_FOYER_RESIDENCE)
    assert "III. – Composition du programme" in contenu and "– Modification des variantes ;" in contenu


@pytest.mark.parametrize("modele", [m.SECONDE_VIE_HLM, m.SECONDE_VIE_FOYER])
def test_seconde_vie_models_render(modele):
    """A seconde-vie operation with a former convention (its choice and printing: tests/conventions/
    test_seconde_vie.py)."""
    convention = convention_complete()
    convention.programme.seconde_vie = True
    if modele == m.SECONDE_VIE_FOYER:
        convention.programme.nature_logement = NatureLogement.AUTRE
    convention.programme.save()
    ancienne = convention_complete(numero="13.D.90.0001")
    convention.parents_2nd_vie.add(ancienne)
    assert m.choose_template(convention) == modele
    contenu = rendre(convention)
    numeros = [n for n, _ in titres(contenu)]
    assert numeros == (["1er", "2", "3", "4", "5"] if modele == m.SECONDE_VIE_HLM else ["1er", "2", "3", "4"])
    assert "seconde vie" in contenu and "13.D.90.0001" in contenu
    for reference in REFERENCES.get(modele, []):
        assert reference in contenu


def test_fiche_caf():
    convention = convention_complete(numero="13.D.26.0042")
    contenu = rendre(convention, m.FICHE_CAF)
    assert "Convention n° 13.D.26.0042" in contenu
    assert "Surface utile totale : 280,90 m²" in contenu and "Nombre de logements : 4 PLUS" in contenu
    assert "T3 | 2" in contenu and "Total | 4" in contenu


def test_fiche_caf_title_of_a_resiliation():
    avenant = avenant_of(convention_complete(), ["resiliation"])
    avenant.date_resiliation = datetime.date(2026, 9, 1)
    titre, phrase = fiche_caf_intitule(avenant)
    assert titre == f"Résiliation de la convention n° 13.D.26.{avenant.parent_id:04d}"
    assert phrase == "La convention et ses avenants sont résiliés à partir du 1er septembre 2026."


def test_no_document_for_a_denonciation_and_a_clear_error_without_nature():
    avenant = avenant_of(convention_complete(), ["denonciation"])
    with pytest.raises(m.PasDeDocument):
        m.choose_template(avenant)
    convention = convention_complete()
    convention.programme.nature_logement = NatureLogement.SANSOBJET
    with pytest.raises(m.NatureManquante, match="nature des logements"):
        m.choose_template(convention)


def test_outre_mer_has_no_land_registry_header():
    convention = ordinary(m.TYPE1)
    assert "N° 3265-SD" in rendre(convention)
    convention.programme.code_insee_departement = "974"
    convention.programme.save()
    assert "N° 3265-SD" not in rendre(convention)


def test_render_docx_uses_the_chosen_model():
    rendered = render_docx(foyer_residence(NatureLogement.PENSIONSDEFAMILLE))
    assert rendered.modele == m.RESIDENCE
