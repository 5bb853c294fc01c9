"""Finding conventions: one folded search document per convention, matched word by word.

`Convention.recherche` holds, folded (no accents, lower case, punctuation → spaces): the operation's name and
number, the convention number (also compacted and followed by « # », so that its last digits match as « 0042# »),
the bailleur's name and SIRET (whose first 9 digits are the SIREN), the city, postal code and département, the
administration's name and code. Folding happens once, in Python, when the document is written and when a query
is read: the same function serves PostgreSQL and SQLite, and no database-side unaccent is needed.

Every word of the query must match somewhere in the document (so « habitat demo marseille » matches across
fields):
- PostgreSQL: a word of 3+ letters matches as a full-text prefix (`to_tsvector('simple') @@ 'mot:*'`) or, typos
  tolerated, by trigram word similarity (pg_trgm `%>`); a number matches as a substring (SIRET, SIREN, postal code)
  or as the end of the convention number; a 1–2 character word matches the start of a word. GIN indexes (trigram
  and full-text, migration conventions 0003) serve each of these. Ranking: trigram word similarity summed over the
  words, a convention number ending with the digits typed first, then the most recently updated.
- SQLite (make run): the same words, as substrings / word starts of the folded document; no typo tolerance;
  order by recency.

The document is kept current by signals on the fields it copies (conventions.signals), never by SQL triggers."""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Coalesce

NUMERO_END = "#"
MAX_WORDS = 8
TYPO_MIN_LENGTH = 4  # shorter words match exactly: trigram similarity of tiny words is noise
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """« Les Tilleuls – Orée (13.D.26) » → « les tilleuls oree 13 d 26 »."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("œ", "oe").replace("Œ", "OE"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def compact(text: str | None) -> str:
    return fold(text).replace(" ", "")


def document_from(
    *,
    nom="",
    numero_operation="",
    numero="",
    bailleur_nom="",
    siret="",
    ville="",
    code_postal="",
    departement="",
    administration_nom="",
    administration_code="",
) -> str:
    parts = [nom, numero_operation, numero, bailleur_nom, siret, ville, code_postal, departement]
    parts += [administration_nom, administration_code]
    text = " ".join(p for p in (fold(part) for part in parts) if p)
    if numero:
        text += f" {compact(numero)}{NUMERO_END}"
    # A leading space: « starts a word » is then « contains ' mot' ».
    return f" {text} "


def document(convention) -> str:
    programme = convention.programme
    bailleur, administration = programme.bailleur, programme.administration
    return document_from(
        nom=programme.nom,
        numero_operation=programme.numero_operation,
        numero=convention.numero,
        bailleur_nom=bailleur.nom,
        siret=bailleur.siret,
        ville=programme.ville,
        code_postal=programme.code_postal,
        departement=programme.departement_code,
        administration_nom=administration.nom if administration else "",
        administration_code=administration.code if administration else "",
    )


def refresh(conventions) -> int:
    """Rewrite the search document of these conventions (a queryset); 2 queries per 1,000."""
    from conventions.models import Convention

    changed = []
    rows = conventions.select_related("programme__bailleur", "programme__administration").only(
        "id",
        "numero",
        "recherche",
        "programme__nom",
        "programme__numero_operation",
        "programme__ville",
        "programme__code_postal",
        "programme__code_insee_departement",
        "programme__bailleur__nom",
        "programme__bailleur__siret",
        "programme__administration__nom",
        "programme__administration__code",
    )
    for convention in rows.iterator(chunk_size=1000):
        text = document(convention)
        if text != convention.recherche:
            convention.recherche = text
            changed.append(convention)
    Convention.objects.bulk_update(changed, ["recherche"], batch_size=1000)
    return len(changed)


def words(q: str | None) -> list[str]:
    return fold(q).split()[:MAX_WORDS]


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _word_condition(word: str) -> Q:
    if word.isdigit():
        if len(word) <= 4:
            # A short number: the end of the convention number, or the start of a word (postal code, dept…).
            return Q(recherche__contains=f"{word}{NUMERO_END}") | Q(recherche__contains=f" {word}")
        return Q(recherche__contains=word)  # SIRET, SIREN, postal code, operation number
    if len(word) < 3:
        return Q(recherche__contains=f" {word}")
    if not _postgresql():
        return Q(recherche__contains=word)
    condition = Q(recherche_vecteur=SearchQuery(f"{word}:*", search_type="raw", config="simple"))
    if len(word) >= TYPO_MIN_LENGTH:
        condition |= Q(recherche__trigram_word_similar=word)
    else:
        condition |= Q(recherche__contains=word)
    return condition


def search(queryset, q: str | None):
    """The conventions of `queryset` matching every word of `q` (unordered: see `rank`)."""
    found = words(q)
    if not found:
        return queryset
    if _postgresql():
        # The same expression as the full-text GIN index (migration conventions 0003).
        queryset = queryset.alias(recherche_vecteur=SearchVector("recherche", config="simple"))
    for word in found:
        queryset = queryset.filter(_word_condition(word))
    return queryset


def rank(queryset, q: str | None, explicit_sort: bool):
    """Most relevant first, then most recent — unless the user chose a sort."""
    found = words(q)
    if not found or explicit_sort:
        return queryset
    score = Value(0.0, output_field=FloatField())
    for word in found:
        if word.isdigit():
            score += Case(
                When(recherche__contains=f"{word}{NUMERO_END}", then=Value(2.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        elif _postgresql() and len(word) >= 3:
            score += Coalesce(TrigramWordSimilarity(word, "recherche"), Value(0.0), output_field=FloatField())
        else:
            score += Case(
                When(recherche__contains=f" {word} ", then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return queryset.annotate(pertinence=score).order_by(F("pertinence").desc(), "-mis_a_jour_le", "-pk")


def filter_commune(queryset, value: str | None):
    """Commune: start of the city name (accents ignored on PostgreSQL), or a postal code prefix."""
    value = (value or "").strip()
    if not value:
        return queryset
    if value.replace(" ", "").isdigit():
        return queryset.filter(programme__code_postal__startswith=value.replace(" ", ""))
    if _postgresql():
        return queryset.filter(programme__ville__unaccent__istartswith=value)
    return queryset.filter(programme__ville__istartswith=value)
