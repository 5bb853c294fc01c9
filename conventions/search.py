"""Finding conventions: one folded search document per convention, matched word by word.

`Convention.recherche` holds, folded (no accents, lower case, punctuation → spaces): the operation's name and
number, the convention number (also compacted and followed by « # », so that its last digits match as « 0042# »),
the bailleur's name and SIRET (whose first 9 digits are the SIREN), the city, postal code and département, the
administration's name and code. Folding happens once, in Python, when the document is written and when a query
is read: the same function serves PostgreSQL and SQLite, and no database-side unaccent is needed.

Every word of the query must match the document (so « habitat demo marseille » matches across fields): a word
must start a word of the document (« capucine » finds « capucines »); a number of 5+ digits may be anywhere
(SIRET, SIREN, postal code), a shorter one ends the convention number or starts a word.
- PostgreSQL: these are LIKE conditions served by a trigram GIN index (pg_trgm, migration conventions 0004). When
  they find nothing, each word of 4+ letters is corrected against the vocabulary of the documents (`MotRecherche`,
  a few thousand words with their own trigram index: « tileuls » → « tilleuls ») and the corrected words are
  matched like typed ones. Comparing a mistyped word with every document (`%>`, trigram word similarity) cost
  a second at 100,000 conventions; it remains the last resort when the vocabulary has no close word. (A
  full-text index was tried first: re-checking `to_tsvector()` on every candidate row cost seconds at 100,000
  conventions; a word-start LIKE on the folded document gives the same matches for these short texts, for a
  fraction of the cost.)
- SQLite (make run): the same words and numbers; no typo tolerance.
Ranking (when the user chose no sort): whole words before word starts, a convention number ending with the digits
typed first, then the most recently updated.

The document is kept current by signals on the fields it copies (conventions.signals), never by SQL triggers."""

from __future__ import annotations

import re
import unicodedata

from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, Value, When

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


def vocabulary(texts) -> set[str]:
    """The words of these documents that a typo may be corrected to: 4+ letters, no digit."""
    return {
        word
        for text in texts
        for word in text.split()
        if TYPO_MIN_LENGTH <= len(word) <= 100 and not any(c.isdigit() for c in word)
    }


def add_words(texts) -> None:
    """Add the words of these (new or rewritten) documents to the vocabulary (PostgreSQL: the only one that
    corrects typos), once the transaction that wrote them commits: one INSERT, existing words ignored, and no
    cost inside the save itself. A word not there yet only sends its typos to the slower last resort."""
    if not _postgresql():
        return
    words_found = vocabulary(texts)
    if words_found:
        transaction.on_commit(lambda: _insert_words(words_found))


def _insert_words(words_found: set[str]) -> None:
    from conventions.models import MotRecherche

    MotRecherche.objects.bulk_create([MotRecherche(mot=w) for w in sorted(words_found)], ignore_conflicts=True)


def rebuild_vocabulary() -> int:
    """Add the words of every document (after a bulk write that bypassed `refresh`: the demo volume, an import).
    Returns the vocabulary's size."""
    if not _postgresql():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO conventions_motrecherche (mot) SELECT DISTINCT mot FROM ("
            " SELECT regexp_split_to_table(btrim(recherche), '\\s+') AS mot FROM conventions_convention) AS mots"
            " WHERE length(mot) BETWEEN %s AND 100 AND mot !~ '[0-9]' ON CONFLICT DO NOTHING",
            [TYPO_MIN_LENGTH],
        )
        cursor.execute("SELECT count(*) FROM conventions_motrecherche")
        return cursor.fetchone()[0]


def corrections(word: str, limit: int = 5) -> list[str]:
    """The words of the vocabulary closest to a mistyped `word` (trigram similarity above pg_trgm's threshold)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT mot FROM conventions_motrecherche WHERE mot %% %s ORDER BY similarity(mot, %s) DESC, mot LIMIT %s",
            [word, word, limit],
        )
        return [row[0] for row in cursor.fetchall()]


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
    add_words(convention.recherche for convention in changed)
    if changed:
        from conventions import selectors

        selectors.bump_generation()  # what the list found for a search (conventions.views.list) is stale
    return len(changed)


def words(q: str | None) -> list[str]:
    return fold(q).split()[:MAX_WORDS]


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _word_condition(word: str, *, typos: bool = False) -> Q:
    if word.isdigit():
        if len(word) <= 4:
            # A short number: the end of the convention number, or the start of a word (postal code, dept…).
            return Q(recherche__contains=f"{word}{NUMERO_END}") | Q(recherche__contains=f" {word}")
        return Q(recherche__contains=word)  # SIRET, SIREN, postal code, operation number
    condition = Q(recherche__contains=f" {word}")  # the start of a word (trigram GIN index on PostgreSQL)
    if typos and len(word) >= TYPO_MIN_LENGTH:
        condition |= Q(recherche__trigram_word_similar=word)  # pg_trgm `%>`, same GIN index
    return condition


def search(queryset, q: str | None, memo: dict | None = None):
    """The conventions of `queryset` matching every word of `q` (unordered: see `rank`).

    Each word must start a word of the document. On PostgreSQL, when that finds nothing, words of 4+ letters are
    corrected against the vocabulary and matched again; when that finds nothing either, they are compared with
    the documents themselves (trigram word similarity). The common case stays a cheap indexed LIKE, and a
    mistyped query still finds its convention.

    `memo`: a dict kept by the caller between searches of the same words in the same rows (the list searches
    for its page, then for its tab counts): what was tested or looked up is not asked of the database again."""
    memo = {} if memo is None else memo
    found = words(q)
    if not found:
        return queryset
    exact = _matching(queryset, found)
    if not _postgresql() or not any(_correctable(w) for w in found):
        return exact
    if _remembered(memo, "exact", exact.exists):
        return exact
    vocabulaire = _remembered(memo, "corrections", lambda: {w: corrections(w) for w in found if _correctable(w)})
    corrected = _matching(queryset, found, vocabulaire)
    if _remembered(memo, "corrected", corrected.exists):
        return corrected
    return _matching(queryset, found, typos=True)


def _correctable(word: str) -> bool:
    return len(word) >= TYPO_MIN_LENGTH and not word.isdigit()


def _remembered(memo: dict, key: str, compute):
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _matching(queryset, found: list[str], corrections_by_word: dict | None = None, *, typos: bool = False):
    """Rows where every word starts a word of the document (or one of its corrections; or, `typos`, resembles
    one)."""
    for word in found:
        condition = _word_condition(word, typos=True) if typos else _word_condition(word)
        for correction in (corrections_by_word or {}).get(word, ()):
            condition |= Q(recherche__contains=f" {correction}")
        queryset = queryset.filter(condition)
    return queryset


def rank(queryset, q: str | None, explicit_sort: bool):
    """Most relevant first, then most recent — unless the user chose a sort.

    Relevance, cheap to compute on every match: a word found whole counts 1, the start of a word 0.5; digits
    ending the convention number count 2."""
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
        else:
            score += Case(
                When(recherche__contains=f" {word} ", then=Value(1.0)),
                When(recherche__contains=f" {word}", then=Value(0.5)),
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
