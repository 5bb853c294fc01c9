"""Builds realistic operations, lots, dwellings, loans and conventions with their history, as rows (bulk.Table)."""

import datetime
import random
import re
import time
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import timezone

from conventions import search
from conventions.demo import data
from conventions.demo.bulk import Table
from conventions.enums import CommentaireStatut, Preteur, TypeConvention
from conventions.enums import ConventionStatut as S
from conventions.models import Comment, Convention, ConventionHistory, Pret
from conventions.rules.financement import annee_fin_bornes
from programmes.enums import (
    DEPARTEMENTS_OUTRE_MER,
    FINANCEMENTS_PLS,
    NATURES_FOYER,
    NATURES_RESIDENCE,
    Financement,
    FinancementEDD,
    NatureLogement,
    TypeHabitat,
    TypeOperation,
    TypologieAnnexe,
    TypologieStationnement,
)
from programmes.models import (
    Annexe,
    LocauxCollectifs,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)

CENT = Decimal("0.01")

# Rents: € per m² of surface utile for PLUS, by zone 1/2/3, and the ratio of each financement.
LOYER_M2_PLUS = {"1bis": Decimal("7.10"), "1": Decimal("6.70"), "2": Decimal("5.90"), "3": Decimal("5.45")}
FACTEUR_FINANCEMENT = {
    Financement.PLUS: Decimal("1"),
    Financement.PLUS_CD: Decimal("1"),
    Financement.PLAI: Decimal("0.89"),
    Financement.PLAI_ADP: Decimal("0.89"),
    Financement.PLUS_PLAI: Decimal("0.95"),
    Financement.PLS: Decimal("1.50"),
}
EDD_FINANCEMENT = {Financement.PLUS_PLAI: FinancementEDD.PLUS}
# Foyers and résidences: small dwellings, a redevance per type (€ per month, before the financing factor).
TYPOLOGIES_FOYER = (["T1", "T1bis", "T1prime", "T2"], [55, 25, 10, 10])
SURFACES_FOYER = {"T1": (16, 22), "T1bis": (24, 30), "T1prime": (20, 26), "T2": (32, 42)}
REDEVANCE_FOYER = {"T1": Decimal("420"), "T1bis": Decimal("470"), "T1prime": Decimal("450"), "T2": Decimal("540")}
LOCAUX_COLLECTIFS = [
    ("Salle commune", "48.50", 1),
    ("Laverie", "12.00", 1),
    ("Cuisine collective", "22.30", 1),
    ("Bureau du gestionnaire", "14.20", 2),
]
SURFACES_HABITABLES = {"T1": (24, 34), "T2": (40, 52), "T3": (58, 71), "T4": (72, 88), "T5": (88, 112)}
TYPOLOGIES_COLLECTIF = (["T1", "T2", "T3", "T4", "T5"], [10, 30, 35, 20, 5])
TYPOLOGIES_INDIVIDUEL = (["T2", "T3", "T4", "T5"], [10, 35, 40, 15])
TYPES_OPERATION = (
    [TypeOperation.NEUF, TypeOperation.VEFA, TypeOperation.ACQUISAMELIORATION, TypeOperation.REHABILITATION],
    [45, 30, 18, 7],
)
TYPES_HABITAT = ([TypeHabitat.COLLECTIF, TypeHabitat.INDIVIDUEL, TypeHabitat.MIXTE], [75, 18, 7])

# Transitions written in the history (names of conventions.workflow.TRANSITIONS): (action, target, actor side).
SOUMETTRE = ("soumettre", S.INSTRUCTION, "bailleur")
CORRIGER = ("demander_corrections", S.CORRECTIONS, "instructeur")
RENVOYER = ("renvoyer_instruction", S.INSTRUCTION, "bailleur")
VALIDER = ("valider", S.A_SIGNER, "instructeur")
SIGNER = ("marquer_signee", S.SIGNEE, "bailleur")
PUBLICATION = ("envoyer_publication", S.PUBLICATION_EN_COURS, "instructeur")
PUBLIER = ("marquer_publiee", S.PUBLIEE, "instructeur")
ANNULER = ("annuler", S.ANNULEE, "bailleur")
SUITE_VALIDATION = [VALIDER, SIGNER, PUBLICATION, PUBLIER]


def history_plan(statut: str, rng: random.Random) -> list[tuple]:
    """The transitions that led to `statut`, as the workflow would have recorded them."""
    if statut == S.PROJET:
        return []
    if statut == S.ANNULEE:
        return [SOUMETTRE, ANNULER] if rng.random() < 0.6 else [ANNULER]
    if statut == S.CORRECTIONS:
        return [SOUMETTRE, CORRIGER]
    steps = [SOUMETTRE] + ([CORRIGER, RENVOYER] if rng.random() < 0.5 else [])
    if statut == S.INSTRUCTION:
        return steps
    for step in SUITE_VALIDATION:
        steps.append(step)
        if step[1] == statut:
            return steps
    raise ValueError(statut)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


class NumberAllocator:
    """Convention numbers of the national rule `<dept>.<admin>.<yy>.<NNNN>`, continuing after those in base."""

    def __init__(self):
        self.last: dict[str, int] = {}
        numeros = Convention.objects.exclude(numero__isnull=True).exclude(numero="").values_list("numero", flat=True)
        for numero in numeros.iterator():
            match = re.fullmatch(r"(.*\.)(\d+)", numero)
            if match:
                self.last[match[1]] = max(self.last.get(match[1], 0), int(match[2]))

    def next(self, *, departement: str, administration_code: str, day: datetime.date) -> str:
        code = "D" if administration_code.upper().startswith("D") else administration_code
        prefix = f"{departement}.{code}.{day:%y}."
        self.last[prefix] = self.last.get(prefix, 0) + 1
        return f"{prefix}{self.last[prefix]:04d}"


MODELS = [
    Programme,
    ReferenceCadastrale,
    LogementEDD,
    Lot,
    TypeStationnement,
    LocauxCollectifs,
    Logement,
    Annexe,
    Convention,
    Pret,
    ConventionHistory,
    Comment,
]


class Generator:
    """Builds operations with their lots and conventions in memory; `flush` inserts them, parents first."""

    def __init__(self, *, rng: random.Random, numbers: NumberAllocator, now: datetime.datetime | None = None):
        self.rng = rng
        self.numbers = numbers
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.tables = {model: Table(model) for model in MODELS}
        self.created = 0
        self.flush_seconds = 0.0  # time spent writing, for the volume report
        self._foyer, self._nature, self._outre_mer = False, NatureLogement.LOGEMENTSORDINAIRES, False

    def flush(self) -> None:
        started = time.monotonic()
        for model in MODELS:
            self.tables[model].flush()
        self.flush_seconds += time.monotonic() - started

    def _add(self, model, when: datetime.datetime, **values) -> int:
        values["cree_le"] = when
        if model is not ConventionHistory:
            values.setdefault("mis_a_jour_le", when)
        return self.tables[model].add(**values)

    # -- one operation ----------------------------------------------------------------------------------

    def operation(
        self,
        *,
        numero_operation: str,
        bailleur,
        administration,
        departement: str,
        place: tuple,
        lots: list[tuple[str, str, int]],
        actors: tuple,
        type_operation: str | None = None,
        type_habitat: str | None = None,
        with_edd: bool | None = None,
        nom: str | None = None,
        nature: str = NatureLogement.LOGEMENTSORDINAIRES,
    ) -> None:
        """An operation in `place` (a data.DEPARTEMENTS city) with one lot and one convention per
        (financement, statut, nb_logements) of `lots`. `actors` = (bailleur user, instructeur user). `nature`
        AUTRE gives a foyer, HEBERGEMENT… a résidence (their dwellings carry a redevance, conventions.steps)."""
        rng = self.rng
        self._foyer = nature in NATURES_FOYER | NATURES_RESIDENCE
        self._nature = nature
        self._outre_mer = place[1][:3] in DEPARTEMENTS_OUTRE_MER
        if self._foyer:
            type_habitat, with_edd = TypeHabitat.COLLECTIF, False
        ville, code_postal, insee, zone_abc, zone_123 = place
        type_operation = type_operation or rng.choices(*TYPES_OPERATION)[0]
        type_habitat = type_habitat or rng.choices(*TYPES_HABITAT)[0]
        if with_edd is None:
            # Co-ownerships: nearly always in VEFA, often in acquisition-amélioration, sometimes otherwise.
            chance = {TypeOperation.VEFA: 0.9, TypeOperation.ACQUISAMELIORATION: 0.5}.get(type_operation, 0.1)
            with_edd = rng.random() < chance
        # Each convention's story (history steps, in days from the operation's start); the operation starts early
        # enough for every story to end before yesterday, up to about three years ago.
        timelines = [self._timeline(statut) for _, statut, _ in lots]
        span = max(days[-1] for _, days in timelines)
        debut = (self.now - datetime.timedelta(days=span + 1 + rng.randint(0, 700))).replace(
            hour=rng.randint(7, 16), minute=rng.randint(0, 59)
        )
        date_acte = (debut - datetime.timedelta(days=rng.randint(30, 200))).date()
        publication = f"volume {date_acte.year} P n° {rng.randint(100, 9999)}"
        logements_lots = [
            self._logements_foyer(nb) if self._foyer else self._logements(type_habitat, nb) for _, _, nb in lots
        ]
        nom = nom or f"{rng.choice(data.PREFIXES_RESIDENCE)} {rng.choice(data.NOMS_RESIDENCE)}"
        self._search_operation = {
            "nom": nom,
            "numero_operation": numero_operation,
            "bailleur_nom": bailleur.nom,
            "siret": bailleur.siret,
            "ville": ville,
            "code_postal": code_postal,
            "departement": departement,
            "administration_nom": administration.nom,
            "administration_code": administration.code,
        }
        programme_id = self._add(
            Programme,
            debut,
            nom=nom,
            numero_operation=numero_operation,
            bailleur_id=bailleur.pk,
            administration_id=administration.pk,
            adresse=f"{rng.randint(1, 180)} {rng.choice(data.VOIES)}",
            code_postal=code_postal,
            ville=ville,
            code_insee_commune=insee,
            code_insee_departement=departement,
            code_insee_region=data.DEPARTEMENTS[departement][1] if departement in data.DEPARTEMENTS else "",
            annee_gestion_programmation=debut.year,
            zone_123=zone_123,
            zone_abc=zone_abc,
            surface_utile_totale=sum(lg["surface_utile"] or 0 for rows in logements_lots for lg in rows),
            type_operation=type_operation,
            nature_logement=nature,
            anru=rng.random() < 0.08,
            nb_locaux_commerciaux=rng.choice([None, None, None, 1, 2]),
            vendeur=f"SCCV {rng.choice(data.NOMS_RESIDENCE)}" if type_operation == TypeOperation.VEFA else "",
            acquereur=bailleur.nom,
            reference_notaire=f"Maître {rng.choice(data.PRENOMS)} {rng.choice(data.NOMS)}, notaire à {ville}",
            reference_publication_acte=(
                f"Acte publié au service de la publicité foncière de {ville} le {date_acte:%d/%m/%Y}, {publication}"
            ),
            permis_construire=f"PC {insee} {debut:%y} {rng.randint(1, 999):05d}"
            if type_operation in (TypeOperation.NEUF, TypeOperation.VEFA)
            else "",
            date_acte_notarie=date_acte,
            date_achat=date_acte if type_operation != TypeOperation.NEUF else None,
            date_achevement_previsible=(debut + datetime.timedelta(days=rng.randint(400, 900))).date(),
            edd_classique="État descriptif de division établi par un géomètre-expert, annexé au règlement de "
            "copropriété."
            if with_edd
            else "",
            mention_publication_edd_classique=(
                f"Publié le {date_acte:%d/%m/%Y} au service de la publicité foncière de {ville}, {publication}"
                if with_edd
                else ""
            ),
        )
        for _ in range(rng.choice([1, 1, 2])):
            self._add(
                ReferenceCadastrale,
                debut,
                programme_id=programme_id,
                section=rng.choice("ABCDEHKLMNOPRS") + rng.choice("ABCDEHKLMNOPRS"),
                numero=str(rng.randint(1, 999)),
                lieudit=rng.choice(data.LIEUDITS),
                surface=f"0 ha {rng.randint(2, 80)} a {rng.randint(0, 99)} ca",
            )
        index = 0  # designations run across the operation: the EDD lists the dwellings of every lot
        for (financement, statut, _), rows, timeline in zip(lots, logements_lots, timelines, strict=True):
            for j, row in enumerate(rows):
                row["designation"] = self._designation(type_habitat, index + j)
                if with_edd:
                    self._add(
                        LogementEDD,
                        debut,
                        programme_id=programme_id,
                        designation=row["designation"],
                        financement=EDD_FINANCEMENT.get(financement, financement),
                        numero_lot=str(index + j + 1),
                    )
            index += len(rows)
            lot_id = self._lot(programme_id, financement, zone_123, type_habitat, rows, debut)
            self._convention(
                programme_id=programme_id,
                lot_id=lot_id,
                financement=financement,
                nb_logements=len(rows),
                statut=statut,
                timeline=timeline,
                bailleur=bailleur,
                administration=administration,
                departement=departement,
                type_operation=type_operation,
                actors=actors,
                debut=debut,
            )

    @staticmethod
    def _designation(type_habitat: str, index: int) -> str:
        if type_habitat == TypeHabitat.INDIVIDUEL:
            return f"Maison {index + 1}"
        batiment, reste = divmod(index, 30)
        return f"{'ABCDEFGHJK'[batiment % 10]}{reste // 5}{reste % 5 + 1:02d}"  # building, floor, door

    def _logements(self, type_habitat: str, n: int) -> list[dict]:
        """Surfaces of `n` dwellings, and their coefficient: the structure coefficient 0.77 × (1 + 20 / SU),
        scaled down so that the rents with coefficients never exceed the rents without (reference §1.6),
        rounded down to 4 decimals."""
        rng = self.rng
        typologies, poids = TYPOLOGIES_INDIVIDUEL if type_habitat == TypeHabitat.INDIVIDUEL else TYPOLOGIES_COLLECTIF
        rows = []
        for typologie in rng.choices(typologies, poids, k=n):
            low, high = SURFACES_HABITABLES[typologie]
            surface_habitable = Decimal(rng.randint(low * 100, high * 100)) / 100
            surface_annexes = Decimal(rng.choice((0, 0, 250, 420, 600, 850, 1200, 1600))) / 100
            retenue = min(money(surface_annexes / 2), Decimal("8.00"))
            rows.append(
                {
                    "typologie": typologie,
                    "surface_habitable": surface_habitable,
                    "surface_annexes": surface_annexes,
                    "surface_annexes_retenue": retenue,
                    "surface_utile": surface_habitable + retenue,
                }
            )
        raw = [Decimal("0.77") * (1 + Decimal(20) / row["surface_utile"]) for row in rows]
        total = sum(row["surface_utile"] for row in rows)
        weighted = sum(row["surface_utile"] * c for row, c in zip(rows, raw, strict=True))
        scale = min(Decimal(1), total / weighted)
        for row, coefficient in zip(rows, raw, strict=True):
            row["coefficient"] = (coefficient * scale).quantize(Decimal("0.0001"), ROUND_DOWN)
        return rows

    def _logements_foyer(self, n: int) -> list[dict]:
        """Dwellings of a foyer or a résidence: mostly T1 and T1 bis, a few T1' and T2; one redevance per type."""
        rng = self.rng
        rows = []
        for typologie in rng.choices(*TYPOLOGIES_FOYER, k=n):
            low, high = SURFACES_FOYER[typologie]
            rows.append(
                {
                    "typologie": typologie,
                    "surface_habitable": Decimal(rng.randint(low * 100, high * 100)) / 100,
                    "surface_utile": None,
                }
            )
        return rows

    def _lot_foyer(self, programme_id, financement, rows, debut) -> int:
        rng = self.rng
        total = sum(row["surface_habitable"] for row in rows)
        lot_id = self._add(
            Lot,
            debut,
            programme_id=programme_id,
            financement=financement,
            nb_logements=len(rows),
            type_habitat=TypeHabitat.COLLECTIF,
            surface_habitable_totale=(total * Decimal("1.15")).quantize(Decimal("0.01")),
            foyer_residence_nb_garage_parking=rng.choice((0, 4, 8, 12)),
            foyer_residence_dependance=rng.choice(("", "Deux locaux de rangement de 6 m²")),
            foyer_residence_locaux_hors_convention=rng.choice(("", "Logement du gardien")),
        )
        facteur = FACTEUR_FINANCEMENT.get(financement, Decimal("0.9"))
        redevances = {t: money(REDEVANCE_FOYER[t] * facteur * rng.randint(97, 103) / 100) for t in REDEVANCE_FOYER}
        for order, row in enumerate(rows):
            self._add(
                Logement,
                debut,
                lot_id=lot_id,
                designation=row["designation"],
                typologie=row["typologie"],
                surface_habitable=row["surface_habitable"],
                loyer=redevances[row["typologie"]],
                import_order=order,
            )
        for type_local, surface, nombre in rng.sample(LOCAUX_COLLECTIFS, k=2):
            self._add(
                LocauxCollectifs,
                debut,
                lot_id=lot_id,
                type_local=type_local,
                surface_habitable=Decimal(surface),
                nombre=nombre,
            )
        return lot_id

    def _lot(self, programme_id, financement, zone_123, type_habitat, rows, debut) -> int:
        if self._foyer:
            return self._lot_foyer(programme_id, financement, rows, debut)
        rng = self.rng
        individuel = type_habitat == TypeHabitat.INDIVIDUEL
        n = len(rows)
        lot_id = self._add(
            Lot,
            debut,
            programme_id=programme_id,
            financement=financement,
            nb_logements=n,
            type_habitat=type_habitat,
            annexe_balcons=not individuel,
            annexe_caves=not individuel and rng.random() < 0.3,
            annexe_celliers=individuel and rng.random() < 0.5,
            annexe_terrasses=individuel,
            lgts_mixite_sociale_negocies=rng.choice((0, 0, 1, 2)) if financement in ("PLUS", "PLUS_CD") else 0,
        )
        # One loyer/m² for the whole lot (reference §1.6), the rent of each dwelling computed from it.
        loyer_m2 = money(LOYER_M2_PLUS[zone_123] * FACTEUR_FINANCEMENT[financement] * rng.randint(97, 103) / 100)
        for order, row in enumerate(rows):
            logement_id = self._add(
                Logement,
                debut,
                lot_id=lot_id,
                loyer_par_metre_carre=loyer_m2,
                loyer=money(row["surface_utile"] * loyer_m2 * row["coefficient"]),
                import_order=order,
                **row,
            )
            if individuel:
                surface = Decimal(rng.randint(30, 200))
                unitaire = Decimal(rng.choice(("0.50", "0.60", "0.75", "1.00")))
                self._add(
                    Annexe,
                    debut,
                    logement_id=logement_id,
                    typologie=TypologieAnnexe.JARDIN,
                    surface_hors_surface_retenue=surface,
                    loyer_par_metre_carre=unitaire,
                    loyer=money(surface * unitaire),
                )
        if rng.random() < 0.7:
            typologie, nombre, loyer = (
                (TypologieStationnement.CARPORT, n, rng.randint(12, 25))
                if individuel
                else (TypologieStationnement.PARKING_SOUSSOL, max(1, n * 4 // 5), rng.randint(25, 55))
            )
            self._add(
                TypeStationnement,
                debut,
                lot_id=lot_id,
                typologie=typologie,
                nb_stationnements=nombre,
                loyer=Decimal(loyer),
            )
        return lot_id

    # -- one convention ---------------------------------------------------------------------------------

    def _timeline(self, statut: str) -> tuple[list[tuple], list[int]]:
        """The transitions leading to `statut`, and the day of the draft then of each step (from the operation's
        start): a few days or weeks apart."""
        rng = self.rng
        plan = history_plan(statut, rng)
        days = [rng.randint(5, 60)]
        for _ in plan:
            days.append(days[-1] + rng.randint(2, 40))
        return plan, days

    def _convention(self, *, programme_id, lot_id, financement, nb_logements, statut, timeline, bailleur,
                    administration, departement, type_operation, actors, debut):  # fmt: skip
        rng = self.rng
        plan, days = timeline
        start = debut.replace(hour=0, minute=0)
        moments = [
            start + datetime.timedelta(days=day, hours=rng.randint(7, 16), minutes=rng.randint(0, 59)) for day in days
        ]
        cree_le, steps = moments[0], moments[1:]
        convention = {
            "programme_id": programme_id,
            "lot_id": lot_id,
            "statut": statut,
            "cree_par_id": actors[0].pk,
            "fond_propre": money(nb_logements * rng.randint(4_000, 15_000)),
            "commentaires": rng.choice(data.MESSAGES_SOUMISSION),
            "type1and2": rng.choice((TypeConvention.TYPE1, TypeConvention.TYPE2)) if bailleur.is_type1and2() else "",
        }
        if self._foyer:
            convention.update(self._foyer_fields(), type1and2="")
        convention_id = self.tables[Convention].new_id()  # its loans and history come before its dates
        prets = self._prets(convention_id, financement, nb_logements, cree_le)
        convention["date_fin_conventionnement"] = self._date_fin(financement, type_operation, prets)
        when, previous = cree_le, S.PROJET
        for (action, target, side), when in zip(plan, steps, strict=True):
            user = actors[0] if side == "bailleur" else actors[1]
            commentaire = ""
            if action == "soumettre":
                convention.setdefault("premiere_soumission_le", when)
                convention["soumis_le"] = when
                commentaire = rng.choice(data.MESSAGES_SOUMISSION)
            elif action == "demander_corrections":
                nom_objet, champ_objet, commentaire = rng.choice(data.MESSAGES_CORRECTIONS)
                if target == statut:  # the corrections still awaited: their comment is open
                    self._add(
                        Comment,
                        when,
                        convention_id=convention_id,
                        nom_objet=nom_objet,
                        champ_objet=champ_objet,
                        user_id=user.pk,
                        message=commentaire,
                        statut=CommentaireStatut.OUVERT,
                    )
            elif action == "renvoyer_instruction":
                convention["soumis_le"] = when
                commentaire = rng.choice(data.MESSAGES_RENVOI)
            elif action == "valider":
                convention["valide_le"] = when
                convention["numero"] = self.numbers.next(
                    departement=departement, administration_code=administration.code, day=when.date()
                )
            elif action == "marquer_signee":
                convention["date_signature"] = timezone.localdate(when)
            elif action == "marquer_publiee":
                convention["date_publication"] = timezone.localdate(when)
                convention["reference_publication"] = f"{when.year} P n° {rng.randint(1000, 99999)}"
            self._add(
                ConventionHistory,
                when,
                convention_id=convention_id,
                statut_precedent=previous,
                statut=target,
                action=action,
                user_id=user.pk,
                commentaire=commentaire,
            )
            previous = target
        convention["statut_depuis"] = when
        convention["recherche"] = search.document_from(**self._search_operation, numero=convention.get("numero") or "")
        self._add(Convention, cree_le, id=convention_id, mis_a_jour_le=when, **convention)
        self.created += 1

    def _foyer_fields(self) -> dict:
        """The manager, attribution and variante of a foyer or a résidence convention (every rule satisfied)."""
        rng = self.rng
        attribution = (
            {rng.choice(("attribution_agees_autonomie", "attribution_agees_petite_unite")): True}
            if self._nature in NATURES_FOYER
            else {
                "attribution_residence_sociale_ordinaire": self._nature != NatureLogement.PENSIONSDEFAMILLE,
                "attribution_pension_de_famille": self._nature == NatureLogement.PENSIONSDEFAMILLE,
            }
        )
        return {
            "gestionnaire": rng.choice(data.GESTIONNAIRES),
            "gestionnaire_signataire_nom": f"{rng.choice(data.PRENOMS)} {rng.choice(data.NOMS)}",
            "gestionnaire_signataire_fonction": "Directeur ou directrice",
            "attribution_reservation_prefectorale": rng.choice((20, 25, 30)),
            "attribution_modalites_reservations": "Commission d'attribution trimestrielle avec les réservataires.",
            "attribution_modalites_choix_personnes": "Examen des dossiers par ordre d'arrivée et selon l'urgence.",
            "attribution_prestations_integrees": "Eau, chauffage, électricité, entretien des parties communes.",
            "foyer_residence_variante_1": False,
            "foyer_residence_variante_2": False,
            "foyer_residence_variante_3": True,
            **attribution,
        }

    def _prets(self, convention_id, financement, n, cree_le) -> list[dict]:
        """A CDC loan for the dwellings (and often one for the land) unless PLS; subsidies sometimes."""
        rng = self.rng
        octroi = (cree_le - datetime.timedelta(days=rng.randint(20, 240))).date()
        prets = []
        if financement in FINANCEMENTS_PLS:
            prets.append(
                {
                    "preteur": Preteur.AUTRE,
                    "autre": "Établissement bancaire (prêt PLS)",
                    "date_octroi": octroi,
                    "numero": f"PLS-{rng.randint(10000, 99999)}",
                    "duree": rng.choice((30, 40)),
                    "montant": money(n * rng.randint(90_000, 130_000)),
                }
            )
        else:
            cdc = {"date_octroi": octroi, "numero": str(rng.randint(5_000_000, 5_999_999))}
            prets.append(
                {
                    "preteur": Preteur.CDCL,
                    **cdc,
                    "duree": rng.choice((35, 40)),
                    "montant": money(n * rng.randint(60_000, 95_000)),
                }
            )
            if rng.random() < 0.7:
                prets.append(
                    {
                        "preteur": Preteur.CDCF,
                        "date_octroi": octroi,
                        "numero": str(rng.randint(5_000_000, 5_999_999)),
                        "duree": rng.choice((50, 60)),
                        "montant": money(n * rng.randint(12_000, 30_000)),
                    }
                )
            if financement in (Financement.PLAI, Financement.PLAI_ADP):
                prets.append({"preteur": Preteur.ETAT, "montant": money(n * rng.randint(8_000, 14_000))})
        if rng.random() < 0.3:
            prets.append({"preteur": Preteur.REGION, "montant": money(n * rng.randint(1_500, 5_000))})
        for pret in prets:
            self._add(Pret, cree_le, convention_id=convention_id, **pret)
        return prets

    def _date_fin(self, financement, type_operation, prets) -> datetime.date:
        """30 June of an end year the rules accept: 15–40 years from now for PLS or an operation without works,
        otherwise the end of the longest CDC loan (at least 9 years after it was granted). Foyers and résidences
        (31 December) and outre-mer take the lower bound of their own rule (conventions.rules.financement)."""
        if self._foyer:
            minimum, _ = annee_fin_bornes(
                financement=financement,
                type_operation=type_operation,
                prets=prets,
                today=self.today,
                foyer_residence=True,
                outre_mer=self._outre_mer,
            )
            return datetime.date((minimum or self.today.year + 20) + self.rng.choice((0, 1, 5)), 12, 31)
        if financement in FINANCEMENTS_PLS or type_operation == TypeOperation.SANSTRAVAUX:
            return datetime.date(self.today.year + self.rng.randint(20, 35), 6, 30)
        annee = 0
        for pret in prets:
            if pret["preteur"] in (Preteur.CDCF, Preteur.CDCL):
                fin = add_years(pret["date_octroi"], max(pret["duree"], 9))
                annee = max(annee, fin.year + (1 if fin.month > 6 else 0))
        return datetime.date(annee + self.rng.choice((0, 0, 1)), 6, 30)
