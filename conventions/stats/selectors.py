"""Statistics of the conventions a user may see (reference §6.3, our own definitions).

Definitions (shown on the page as well):
- scope: `Convention.objects.visible_to(user)`; national (every convention) for superusers and staff;
- conventions by status: every convention of the scope, cancelled ones included (shown as such);
- dwellings conventionned: sum of `lot.nb_logements` over the conventions validated or later (à signer, signée,
  publication en cours, publiée) — a validated convention fixes the rents of its dwellings;
- average instruction delay: mean, in days, of `valide_le − premiere_soumission_le` over the conventions that
  have both dates (first submission to the instruction service → validation), resubmissions included;
- conventions by département and status: département of the operation (INSEE code, else the start of its postal
  code), cancelled conventions excluded;
- most commented fields: comments of the scope's conventions grouped by object and field, ten most frequent;
- completion of optional fields: share of the scope's non-cancelled conventions whose field is filled in.

Everything is computed in six aggregate queries (plus the labels of the départements) and cached for a few
minutes per scope (Redis in production).
"""

import hashlib
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Avg, Case, Count, DurationField, F, Q, Sum, When
from django.db.models.functions import Substr

from conventions.enums import STATUTS_VALIDES, ConventionStatut
from conventions.models import Comment, Convention
from conventions.steps.objets import OBJETS
from core.models import Departement
from programmes.enums import NATURES_FOYER, NATURES_RESIDENCE, Financement
from programmes.querysets import sees_every_convention, user_departement_prefixes

logger = logging.getLogger("apilos.stats")

CACHE_TTL_SECONDS = 5 * 60
CACHE_VERSION = "v2"  # v2: figures by kind and financement
TOP_COMMENTED = 10

# (key, label, condition "the field is filled") — over non-cancelled conventions.
OPTIONAL_FIELDS = [
    ("capital_social", "Capital social du bailleur", Q(programme__bailleur__capital_social__isnull=False)),
    ("nb_locaux_commerciaux", "Nombre de locaux commerciaux", Q(programme__nb_locaux_commerciaux__isnull=False)),
    ("nb_bureaux", "Nombre de bureaux", Q(programme__nb_bureaux__isnull=False)),
    (
        "autres_locaux_hors_convention",
        "Autres locaux hors convention",
        ~Q(programme__autres_locaux_hors_convention=""),
    ),
    ("permis_construire", "Permis de construire", ~Q(programme__permis_construire="")),
    ("date_achat", "Date d'achat", Q(programme__date_achat__isnull=False)),
    ("date_acte_notarie", "Date de l'acte notarié", Q(programme__date_acte_notarie__isnull=False)),
    ("loyer_derogatoire", "Loyer dérogatoire du lot", Q(lot__loyer_derogatoire__isnull=False)),
    ("fond_propre", "Fonds propres", Q(fond_propre__isnull=False)),
]


def conventions_in_scope(user):
    """The statistics count exactly what the user sees: national for superusers, the national team and national
    administrateurs (the one scope rule, programmes/querysets.py)."""
    return Convention.objects.visible_to(user)


def scope_key(user) -> str:
    """Users who see the same conventions share the same figures: the key describes the scope, not the user."""
    if sees_every_convention(user):
        return "national"

    parts = [
        "b" + ",".join(map(str, sorted(user.bailleur_ids()))),
        "a" + ",".join(map(str, sorted(user.administration_ids()))),
        "p" + ",".join(sorted(f"{r.perimetre_region}/{r.perimetre_departement}" for r in user.administrateur_roles())),
        "d" + ",".join(user_departement_prefixes(user)) if user.bailleur_ids() else "d",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def comment_field_label(nom_objet: str, champ_objet: str) -> str:
    """ "Opération — nom de l'opération", "Logements — tableau"…"""
    objet = OBJETS.get(nom_objet)
    label = objet.label if objet else nom_objet.replace("_", " ").capitalize()
    if champ_objet == "table":
        return f"{label} — tableau entier"
    field_label = (objet and objet.champ_label(champ_objet)) or champ_objet.replace("_", " ")
    return f"{label} — {field_label}"


def _departement_code():
    code_postal = "programme__code_postal"
    return Case(
        When(
            programme__code_insee_departement="",
            then=Case(
                When(**{f"{code_postal}__startswith": "97"}, then=Substr(code_postal, 1, 3)),
                default=Substr(code_postal, 1, 2),
            ),
        ),
        default=F("programme__code_insee_departement"),
    )


def _days(duration) -> Decimal | None:
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(part: int, total: int) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def compute_statistics(user) -> dict:
    """The figures, uncached. Plain data only (it goes to the cache)."""
    conventions = conventions_in_scope(user)

    # 1. Status counts and dwellings per status.
    by_statut = {
        row["statut"]: row
        for row in conventions.values("statut").annotate(n=Count("id"), logements=Sum("lot__nb_logements"))
    }
    statuts = [
        {"code": code, "label": label, "n": by_statut.get(code, {}).get("n", 0)}
        for code, label in ConventionStatut.choices
    ]
    logements_conventionnes = sum((by_statut.get(code, {}).get("logements") or 0) for code in STATUTS_VALIDES)
    total = sum(s["n"] for s in statuts)

    # 2. Instruction delay.
    delay = conventions.filter(premiere_soumission_le__isnull=False, valide_le__isnull=False).aggregate(
        moyenne=Avg(F("valide_le") - F("premiere_soumission_le"), output_field=DurationField()), n=Count("id")
    )

    # 3. By département and status.
    rows = (
        conventions.exclude(statut=ConventionStatut.ANNULEE)
        .annotate(departement=_departement_code())
        .values("departement", "statut")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_departement: dict[str, dict[str, int]] = {}
    for row in rows:
        code = row["departement"] or "?"
        per_departement.setdefault(code, {})[row["statut"]] = row["n"]
    # 4. Their names (reference data).
    names = dict(Departement.objects.filter(code_insee__in=per_departement).values_list("code_insee", "nom"))
    departements = [
        {
            "code": code,
            "label": f"{code} – {names[code]}" if code in names else (code if code != "?" else "Non renseigné"),
            "statuts": counts,
            "total": sum(counts.values()),
        }
        for code, counts in sorted(per_departement.items())
    ]

    # 5. Most commented fields.
    commented = (
        Comment.objects.filter(convention__in=conventions.values("pk"))
        .values("nom_objet", "champ_objet")
        .annotate(n=Count("id"))
        .order_by("-n", "nom_objet", "champ_objet")[:TOP_COMMENTED]
    )
    commentaires = [{"label": comment_field_label(r["nom_objet"], r["champ_objet"]), "n": r["n"]} for r in commented]

    # 6. Completion of optional fields.
    completion_counts = conventions.exclude(statut=ConventionStatut.ANNULEE).aggregate(
        total=Count("id"), **{key: Count("id", filter=condition) for key, _label, condition in OPTIONAL_FIELDS}
    )
    completion_total = completion_counts["total"]
    completion = [
        {
            "key": key,
            "label": label,
            "n": completion_counts[key],
            "pourcentage": _percent(completion_counts[key], completion_total),
        }
        for key, label, _condition in OPTIONAL_FIELDS
    ]

    # 7. By kind (nature of the dwellings) and by financement (issue 15): one query, folded here.
    genres, financements = _par_genre_et_financement(conventions)

    return {
        "total": total,
        "genres": genres,
        "financements": financements,
        "statuts": statuts,
        "logements_conventionnes": logements_conventionnes,
        "conventions_validees": sum(by_statut.get(code, {}).get("n", 0) for code in STATUTS_VALIDES),
        "delai_moyen_jours": _days(delay["moyenne"]),
        "delai_nb_conventions": delay["n"],
        "departements": departements,
        "commentaires": commentaires,
        "completion": completion,
        "completion_total": completion_total,
    }


GENRES = (("ordinaire", "Logements ordinaires"), ("foyer", "Foyers"), ("residence", "Résidences"))


def _par_genre_et_financement(conventions) -> tuple[list[dict], list[dict]]:
    rows = (
        conventions.exclude(statut=ConventionStatut.ANNULEE)
        .values("programme__nature_logement", "lot__financement")
        .annotate(n=Count("id"))
        .order_by()
    )
    par_genre: dict[str, int] = {}
    par_financement: dict[str, int] = {}
    for row in rows:
        nature = row["programme__nature_logement"]
        genre = "foyer" if nature in NATURES_FOYER else "residence" if nature in NATURES_RESIDENCE else "ordinaire"
        par_genre[genre] = par_genre.get(genre, 0) + row["n"]
        par_financement[row["lot__financement"]] = par_financement.get(row["lot__financement"], 0) + row["n"]
    genres = [{"code": code, "label": label, "n": par_genre.get(code, 0)} for code, label in GENRES]
    financements = [
        {"code": code, "label": label, "n": par_financement[code]}
        for code, label in Financement.choices
        if par_financement.get(code)
    ]
    return genres, financements


def statistics_for(user) -> dict:
    """Cached per scope for CACHE_TTL_SECONDS. A cache outage only costs the computation."""
    key = f"stats:{CACHE_VERSION}:{scope_key(user)}"
    try:
        cached = cache.get(key)
    except Exception:  # the cache is an optimisation, never a failure
        logger.warning("Cache indisponible pour les statistiques", exc_info=True)
        cached = None
    if cached is not None:
        return cached
    stats = compute_statistics(user)
    try:
        cache.set(key, stats, CACHE_TTL_SECONDS)
    except Exception:
        logger.warning("Cache indisponible pour les statistiques", exc_info=True)
    return stats
