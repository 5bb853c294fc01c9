"""The data a convention document is printed from (the context of the .docx templates).

`build_context(convention)` returns plain dicts, lists, strings, Decimals and dates, never model instances:
the same structure feeds the template and, serialised, the `donnees_validees` snapshot of the final
document. Every key is documented in docs/documents.md."""

import json
import re
from collections import Counter
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.serializers.json import DjangoJSONEncoder

from conventions.documents.modeles import NATURES_FOYER, NATURES_RESIDENCE
from conventions.enums import PRETEURS_CDC, TYPE2_OPTIONS, ConventionStatut
from core.prefetch import prefetched
from programmes.enums import TableauLogement, TypologieLogement
from programmes.models import ANNEXE_FLAGS, Annexe

# Watermark printed until validation (reference §1.12).
FILIGRANES = {
    ConventionStatut.PROJET: "Projet de convention",
    ConventionStatut.INSTRUCTION: "Convention en cours d'instruction",
    ConventionStatut.CORRECTIONS: "Convention en cours d'instruction",
}

# Fields carrying "text + files": the images attached to them (UploadedFile.champ) are embedded after the text.
CHAMPS_IMAGES = {
    "vendeur": ("programme.vendeur",),
    "acquereur": ("programme.acquereur",),
    "reference_notaire": ("programme.reference_notaire",),
    "reference_publication_acte": ("programme.reference_publication_acte",),
    "reference_cadastrale": ("programme.reference_cadastrale",),
    "effet_relatif": ("programme.effet_relatif",),
    "edd_volumetrique": ("lot.edd_volumetrique", "programme.edd_volumetrique"),
    "edd_classique": ("lot.edd_classique", "programme.edd_classique"),
}

ZERO = Decimal("0")
# Outre-mer départements (reference §13.3; 975 Saint-Pierre-et-Miquelon excluded): no land-registry header.
DEPARTEMENTS_OUTRE_MER = {"971", "972", "973", "974", "976"}
# Characters XML 1.0 forbids (a pasted form feed would corrupt the .docx); \t and \n are kept.
CARACTERES_INTERDITS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def watermark_text(statut: str) -> str:
    """ "Projet de convention" / "Convention en cours d'instruction" before validation, "" after."""
    return FILIGRANES.get(statut, "")


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def mixite(*, financement_mixite: bool, nb_logements: int) -> dict[str, int]:
    """Social-mix figures of a PLUS lot (reference §4.1 @OLD); all 0 for other financements. The keys that
    do not apply to the lot size (inf10 for ≥ 10 dwellings, sup10 below) stay 0."""
    chiffres = dict.fromkeys(
        ["mixPLUS_10pc", "mixPLUS_30pc", "mixPLUSinf10_30pc", "mixPLUSinf10_10pc", "mixPLUSsup10_30pc"], 0
    )
    if not financement_mixite:
        return chiffres
    n = Decimal(nb_logements or 0)
    dix, trente = n * Decimal("0.1"), n * Decimal("0.3")
    chiffres["mixPLUS_10pc"] = round_half_up(dix)
    chiffres["mixPLUS_30pc"] = ceil(trente)
    if n < 10:
        chiffres["mixPLUSinf10_30pc"] = round_half_up(trente)
        chiffres["mixPLUSinf10_10pc"] = round_half_up(dix)
    else:
        chiffres["mixPLUSsup10_30pc"] = ceil(trente)
    return chiffres


def _somme(lignes, cle) -> Decimal:
    return sum((ligne[cle] or ZERO for ligne in lignes), ZERO)


def _bailleur(bailleur) -> dict:
    return {
        "nom": bailleur.nom,
        "siret": bailleur.siret,
        "siren": bailleur.siren,
        "capital_social": bailleur.capital_social,
        "adresse": bailleur.adresse,
        "code_postal": bailleur.code_postal,
        "ville": bailleur.ville,
        "categorie": bailleur.get_sous_nature_display(),
        "nature": str(bailleur.nature),
        "signataire_nom": bailleur.signataire_nom,
        "signataire_fonction": bailleur.signataire_fonction,
        "signataire_date_deliberation": bailleur.signataire_date_deliberation,
        "signataire_bloc_signature": bailleur.signataire_bloc_signature,
    }


def _administration(administration) -> dict:
    if administration is None:
        return dict.fromkeys(
            [
                "nom",
                "code",
                "adresse",
                "code_postal",
                "ville",
                "ville_signature",
                "signataire_bloc_signature",
                "signataire_qualite",
                "bloc_signature",
            ],
            "",
        ) | {"nb_convention_exemplaires": 3}
    return {
        "nom": administration.nom,
        "code": administration.code,
        "adresse": administration.adresse,
        "code_postal": administration.code_postal,
        "ville": administration.ville,
        "ville_signature": administration.ville_signature or administration.ville,
        "nb_convention_exemplaires": administration.nb_convention_exemplaires,
        "signataire_bloc_signature": administration.signataire_bloc_signature,
        # Who represents the State (field added by other work; else the generic wording of the templates).
        "signataire_qualite": getattr(administration, "signataire_qualite", ""),
        "bloc_signature": administration.signataire_bloc_signature or administration.nom,
    }


PROGRAMME_CHAMPS = [
    "nom",
    "numero_operation",
    "adresse",
    "code_postal",
    "ville",
    "code_insee_commune",
    "code_insee_departement",
    "annee_gestion_programmation",
    "zone_123",
    "zone_abc",
    "surface_utile_totale",
    "anru",
    "nb_locaux_commerciaux",
    "nb_bureaux",
    "autres_locaux_hors_convention",
    "vendeur",
    "acquereur",
    "reference_notaire",
    "reference_publication_acte",
    "acte_de_propriete",
    "effet_relatif",
    "certificat_adressage",
    "reference_cadastrale",
    "edd_volumetrique",
    "mention_publication_edd_volumetrique",
    "edd_classique",
    "mention_publication_edd_classique",
    "permis_construire",
    "date_acte_notarie",
    "date_achevement_previsible",
    "date_achat",
    "date_achevement",
]


def _programme(programme) -> dict:
    data = {champ: getattr(programme, champ) for champ in PROGRAMME_CHAMPS}
    data.update(
        type_operation=programme.type_operation,
        type_operation_libelle=programme.get_type_operation_display(),
        type_operation_phrase=programme.type_operation_phrase(),
        nature_logement=programme.nature_logement,
        nature_logement_libelle=programme.get_nature_logement_display(),
        date_achevement_compile=programme.date_achevement or programme.date_achevement_previsible,
    )
    return data


def _locaux_hors_convention(programme) -> str:
    """ "2 locaux commerciaux ; 1 bureau ; <autres locaux>" — the premises the convention does not cover."""
    morceaux = []
    if programme.nb_locaux_commerciaux:
        n = programme.nb_locaux_commerciaux
        morceaux.append(f"{n} locaux commerciaux" if n > 1 else "1 local commercial")
    if programme.nb_bureaux:
        n = programme.nb_bureaux
        morceaux.append(f"{n} bureau{'x' if n > 1 else ''}")
    if programme.autres_locaux_hors_convention.strip():
        morceaux.append(programme.autres_locaux_hors_convention.strip())
    return " ; ".join(morceaux)


def _lot(lot) -> dict:
    return {
        "financement": lot.financement,
        "financement_libelle": lot.get_financement_display(),
        "nb_logements": lot.nb_logements or 0,
        "type_habitat": lot.type_habitat,
        "type_habitat_libelle": lot.get_type_habitat_display(),
        "edd_volumetrique": lot.edd_volumetrique,
        "edd_classique": lot.edd_classique,
        "annexes_incluses": [label for flag, label in ANNEXE_FLAGS if getattr(lot, flag)],
        "mixite": lot.mixity_option(),
        "lgts_mixite_sociale_negocies": lot.lgts_mixite_sociale_negocies if lot.mixity_option() else 0,
        "loyer_derogatoire": lot.loyer_derogatoire,
    }


def _logement(logement) -> dict:
    return {
        "designation": logement.designation,
        "typologie": logement.typologie,
        "typologie_libelle": logement.get_typologie_display(),
        "surface_habitable": logement.surface_habitable,
        "surface_annexes": logement.surface_annexes,
        "surface_annexes_retenue": logement.surface_annexes_retenue,
        "surface_utile": logement.surface_utile,
        "loyer_par_metre_carre": logement.loyer_par_metre_carre,
        "coefficient": logement.coefficient,
        "loyer": logement.loyer,
        "surface_corrigee": logement.surface_corrigee,
        "tableau": str(logement.tableau),
    }


def _tableaux_logements(logements: list[dict]) -> dict[str, dict]:
    """The four dwelling tables of ordinary housing (reference §13.7): {"su", "su_sans_loyer", "corrigee",
    "corrigee_sans_loyer"} → their dwellings and totals (the tables 5 to 5 quater of the annex)."""
    tableaux = {}
    for tableau in TableauLogement.values:
        lignes = [logement for logement in logements if logement["tableau"] == tableau]
        tableaux[tableau] = {
            "libelle": TableauLogement(tableau).label,
            "logements": lignes,
            "nb_lignes": len(lignes),
            "sh_totale": _somme(lignes, "surface_habitable"),
            "sa_totale": _somme(lignes, "surface_annexes"),
            "sar_totale": _somme(lignes, "surface_annexes_retenue"),
            "su_totale": _somme(lignes, "surface_utile"),
            "sc_totale": _somme(lignes, "surface_corrigee"),
            "loyer_total": _somme(lignes, "loyer"),
        }
    return tableaux


def _loyer_m2(logements: list[dict]):
    """The lot's loyer par m² (one for the lot): the first dwelling's that has one (not a dwelling sans loyer)."""
    return next((lgt["loyer_par_metre_carre"] for lgt in logements if lgt["loyer_par_metre_carre"] is not None), None)


def _annexe(annexe) -> dict:
    return {
        "typologie": annexe.typologie,
        "typologie_libelle": annexe.get_typologie_display(),
        "logement_designation": annexe.logement.designation,
        "logement_typologie": annexe.logement.get_typologie_display(),
        "surface_hors_surface_retenue": annexe.surface_hors_surface_retenue,
        "loyer_par_metre_carre": annexe.loyer_par_metre_carre,
        "loyer": annexe.loyer,
    }


def _pret(pret) -> dict:
    return {
        "preteur": pret.preteur,
        "preteur_libelle": pret.preteur_display,
        "numero": pret.numero,
        "date_octroi": pret.date_octroi,
        "duree": pret.duree,
        "montant": pret.montant,
    }


def _nombre_par_typologie(logements: list[dict]) -> dict[str, int]:
    compte = Counter(logement["typologie"] for logement in logements)
    return {label: compte[code] for code, label in TypologieLogement.choices if compte[code]}


def _liste_des_annexes(annexes: list[dict], stationnements: list[dict]) -> str:
    """ "2 annexes de type terrasse, 1 annexe de type jardin, 12 stationnements de type garage aérien"."""
    morceaux = []
    annexes_par_type = Counter(annexe["typologie_libelle"] for annexe in annexes)
    for libelle, nombre in annexes_par_type.items():
        morceaux.append(f"{nombre} annexe{'s' if nombre > 1 else ''} de type {libelle.lower()}")
    parkings_par_type: Counter = Counter()
    for ligne in stationnements:
        parkings_par_type[ligne["typologie_libelle"]] += ligne["nb_stationnements"]
    for libelle, nombre in parkings_par_type.items():
        morceaux.append(f"{nombre} stationnement{'s' if nombre > 1 else ''} de type {libelle.lower()}")
    return ", ".join(morceaux)


def _logements_edd(programme, financement: str) -> tuple[list[dict], int | None]:
    """EDD rows ordered by (financement, désignation), each numbered by its financement group (1, 2…)."""
    rows = sorted(programme.logements_edd.all(), key=lambda row: (row.financement, row.designation))
    groupes = sorted({row.financement for row in rows})
    numero = {fin: index for index, fin in enumerate(groupes, start=1)}
    lignes = [
        {
            "designation": row.designation,
            "financement": row.financement,
            "numero_lot": row.numero_lot,
            "lot_num": numero[row.financement],
        }
        for row in rows
    ]
    return lignes, numero.get(financement)


def _fichiers(convention) -> dict[str, list[dict]]:
    """Attached files per champ ("programme.vendeur" → [{uuid, nom, content_type}])."""
    fichiers: dict[str, list[dict]] = {}
    for fichier in convention.fichiers.all():
        fichiers.setdefault(fichier.champ, []).append(
            {"uuid": str(fichier.uuid), "nom": fichier.nom, "content_type": fichier.content_type}
        )
    return fichiers


def _financements(lot_data: dict, logements: list[dict]) -> list[dict]:
    """One group per financement with its dwellings and totals (the 5-b tables). A convention has one lot today,
    so one group; the structure is ready for mixed conventions."""
    return [
        {
            "code": lot_data["financement"],
            "libelle": lot_data["financement_libelle"],
            "nb_logements": lot_data["nb_logements"],
            "logements": logements,
            "nb_lignes": len(logements),
            "sh_totale": _somme(logements, "surface_habitable"),
            "sa_totale": _somme(logements, "surface_annexes"),
            "sar_totale": _somme(logements, "surface_annexes_retenue"),
            "su_totale": _somme(logements, "surface_utile"),
            "loyer_total": _somme(logements, "loyer"),
            "loyer_m2": _loyer_m2(logements),
            "loyer_derogatoire": lot_data["loyer_derogatoire"],
        }
    ]


def _signataire(convention, bailleur: dict) -> dict:
    """The bailleur's signatory: the convention's own when set (field added by other work), else the
    bailleur's."""
    propre = getattr(convention, "signataire_nom", "")
    source = convention if propre else None

    def champ(nom):
        return getattr(source, f"signataire_{nom}", None) if source else bailleur[f"signataire_{nom}"]

    nom, fonction = champ("nom") or "", champ("fonction") or ""
    bloc = champ("bloc_signature") or ", ".join(v for v in (nom, fonction) if v)
    return {"nom": nom, "fonction": fonction, "date_deliberation": champ("date_deliberation"), "bloc_signature": bloc}


def _mixite_negocies(lot_data: dict) -> str:
    n = lot_data["lgts_mixite_sociale_negocies"]
    if not lot_data["mixite"] or not n:
        return ""
    return (
        f"En outre, {n} logement{'s' if n > 1 else ''} {'sont loués' if n > 1 else 'est loué'} à des ménages dont "
        "les ressources n'excèdent pas le plafond prévu au I de l'article D. 331-12 du code de la construction "
        "et de l'habitation, ainsi qu'il a été convenu avec le service instructeur."
    )


def _annees(convention) -> int | None:
    fin, debut = convention.date_fin_conventionnement, convention.valide_le or convention.cree_le
    return fin.year - debut.year if fin and debut else None


def build_context(convention, *, nettoye: bool = True) -> dict:
    """Everything the templates print, for the convention as it is now. `nettoye=False`: the strings as saved,
    not yet normalised for the XML of the document (the document check cleans only the values it reads)."""
    from conventions.documents import contexte_types as types

    context = _base_context(convention)
    programme, lot = convention.programme, convention.lot
    context.update(types.foyer_residence(convention, lot, programme, context["logements"], context["sh_totale"]))
    context.update(types.avenant(convention, context["bailleur"]))
    context.update(types.seconde_vie(convention))
    if convention.is_avenant:
        # The party that signs is the bailleur of the version the avenant amends (sale case: the new owner is
        # printed in the "bailleur" block of article 2).
        precedente = types.version_precedente(convention)
        context["bailleur"] = _bailleur(precedente.programme.bailleur)
        context["signataire"] = _signataire(precedente, context["bailleur"])
    intitule, fin = types.fiche_caf_intitule(convention)
    context["fiche_caf_intitule"], context["fin_de_convention"] = intitule, fin
    if convention.is_avenant and context["filigrane"]:
        context["filigrane"] = (
            "Projet d'avenant" if convention.statut == ConventionStatut.PROJET else "Avenant en cours d'instruction"
        )
    if convention.is_avenant:
        context["document_numero"] = context["avenant_intitule"] if convention.numero_avenant else ""
        context["pied_de_page"] = context["avenant_intitule"] + f" – {programme.nom}"
    return clean_text(context) if nettoye else context


def annexes_du_lot(lot) -> list:
    """The annexes of the lot's dwellings, in the order of the dwellings (one query; none when a page loaded them
    already with `charger_annexes`)."""
    chargees = getattr(lot, "annexes_chargees", None)
    if chargees is not None:
        return chargees
    logements = prefetched(lot, "logements")
    if logements is None:
        return list(
            Annexe.objects.filter(logement__lot=lot)
            .select_related("logement")
            .order_by("logement__import_order", "logement_id", "id")
        )
    # The dwellings are loaded already (the recap): the annexes are attached to them instead of being read again
    # with each of their dwellings, in the same order.
    par_id = {logement.pk: logement for logement in logements}
    annexes = list(Annexe.objects.filter(logement__lot=lot))
    for annexe in annexes:
        annexe.logement = par_id[annexe.logement_id]
    annexes.sort(key=lambda annexe: (annexe.logement.import_order, annexe.logement_id, annexe.pk))
    return annexes


def charger_annexes(lot) -> list:
    """Load the lot's annexes once for the readers of this page (the document check, the recap's summary)."""
    lot.annexes_chargees = annexes_du_lot(lot)
    return lot.annexes_chargees


def _base_context(convention) -> dict:
    programme, lot = convention.programme, convention.lot
    logements = [_logement(logement) for logement in lot.logements.all()]
    annexes = [_annexe(annexe) for annexe in annexes_du_lot(lot)]
    stationnements = [
        {
            "typologie": ligne.typologie,
            "typologie_libelle": ligne.get_typologie_display(),
            "nb_stationnements": ligne.nb_stationnements,
            "loyer": ligne.loyer,
        }
        for ligne in lot.type_stationnements.all()
    ]
    prets = [_pret(pret) for pret in convention.prets.all()]
    logement_edds, lot_num = _logements_edd(programme, lot.financement)
    lot_data = _lot(lot)
    nb_par_type = _nombre_par_typologie(logements)
    options = convention.type2_options()
    bailleur = _bailleur(programme.bailleur)
    context = {
        "convention": {
            "numero": convention.numero or "",
            "statut": convention.statut,
            "statut_libelle": convention.get_statut_display(),
            "type1and2": convention.type1and2,
            "date_fin_conventionnement": convention.date_fin_conventionnement,
            "fond_propre": convention.fond_propre,
            "valide_le": convention.valide_le.date() if convention.valide_le else None,
            "date_signature": convention.date_signature,
            "intitule": str(convention),
        },
        "bailleur": bailleur,
        "administration": _administration(programme.administration),
        "programme": _programme(programme),
        "lot": lot_data,
        "logements": logements,
        "annexes": annexes,
        "stationnements": stationnements,
        "prets_cdc": [pret for pret in prets if pret["preteur"] in PRETEURS_CDC],
        "autres_prets": [pret for pret in prets if pret["preteur"] not in PRETEURS_CDC],
        "prets_total": _somme(prets, "montant"),
        "references_cadastrales": [
            {"section": r.section, "numero": r.numero, "lieudit": r.lieudit, "surface": r.surface, "autre": r.autre}
            for r in programme.references_cadastrales.all()
        ],
        "logement_edds": logement_edds,
        "lot_num": lot_num,
        "nb_logements_par_type": nb_par_type,
        "typologies": [{"libelle": libelle, "nombre": nombre} for libelle, nombre in nb_par_type.items()],
        "sh_totale": _somme(logements, "surface_habitable"),
        "sa_totale": _somme(logements, "surface_annexes"),
        "sar_totale": _somme(logements, "surface_annexes_retenue"),
        "su_totale": _somme(logements, "surface_utile"),
        "sc_totale": _somme(logements, "surface_corrigee"),
        "loyer_total": _somme(logements, "loyer"),
        "loyer_m2": _loyer_m2(logements),
        "tableaux_logements": _tableaux_logements(logements),
        "liste_des_annexes": _liste_des_annexes(annexes, stationnements),
        "locaux_hors_convention": _locaux_hors_convention(programme),
        "type2_options": [
            {"numero": numero, "libelle": TYPE2_OPTIONS[numero], "retenue": options[numero]} for numero in options
        ],
        "filigrane": watermark_text(convention.statut),
        "document_numero": f"Convention n° {convention.numero}" if convention.numero else "",
        "document_genre_de": "de l'avenant" if convention.is_avenant else "de la convention",
        "pied_de_page": (f"Convention n° {convention.numero}" if convention.numero else "Projet de convention")
        + f" – {programme.nom}",
        "outre_mer": programme.code_insee_departement in DEPARTEMENTS_OUTRE_MER,
        "publication_fonciere": convention.type1and2 in ("Type1", "Type2") or programme.nature_logement == "AUTRE",
        "identification_bailleur_detail": getattr(convention, "identification_bailleur_detail", "")
        if getattr(convention, "identification_bailleur", False)
        else "",
        "nom_bailleur_dans_le_texte": "le propriétaire"
        if programme.nature_logement in NATURES_FOYER | NATURES_RESIDENCE
        else "le bailleur",
        "signataire": _signataire(convention, bailleur),
        "adresse": getattr(convention, "adresse", "") or programme.adresse,
        "financements": _financements(lot_data, logements),
        "nombre_annees_conventionnement": _annees(convention),
        "mixite_nb_logements": lot_data["nb_logements"] if lot_data["mixite"] else 0,
        "lgts_mixite_sociale_negocies_display": _mixite_negocies(lot_data),
        "loyer_max_associations_foncieres": getattr(lot, "loyer_associations_foncieres", None),
        "surface_locaux_collectifs_residentiels": getattr(lot, "surface_locaux_collectifs_residentiels", None),
        "prets_cdc_total": _somme([p for p in prets if p["preteur"] in PRETEURS_CDC], "montant"),
        "autres_prets_total": _somme([p for p in prets if p["preteur"] not in PRETEURS_CDC], "montant"),
        "nb_lignes": len(logements),
        "fichiers": _fichiers(convention),
        **{f"type2_option{numero}": retenue for numero, retenue in options.items()},
        **mixite(financement_mixite=lot_data["mixite"], nb_logements=lot_data["nb_logements"]),
    }
    return context


def clean_text(value):
    """Normalise every string of the context: \r\n → \n, characters forbidden in XML removed."""
    if isinstance(value, str):
        return CARACTERES_INTERDITS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, dict):
        return {key: clean_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_text(item) for item in value]
    return value


def snapshot(context: dict) -> dict:
    """The JSON-serialisable copy stored in `donnees_validees` (Decimals as strings, dates ISO)."""
    data = {key: value for key, value in context.items() if not key.endswith("_images")}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
