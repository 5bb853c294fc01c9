"""`import_apilos`: every table of an APiLos database that has a home here, in dependency order.

Each `_table` method maps the source rows to our columns (reporting what it cannot keep) and hands them to
Synchro.ecrire. The import writes rows as they were in the source — statuses included — without going through
the workflow: it records a history, it does not make one (docs/migration.md)."""

import re
import uuid as uuid_lib
from collections import defaultdict

from django.contrib.auth.models import Group
from django.db import models

from conventions.models import AvenantType, Comment, Convention, ConventionHistory, Pret, UploadedFile
from core.models import Departement
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
from reprise import tables
from reprise import valeurs as v
from reprise.fichiers import Fichiers
from reprise.source import Source
from reprise.sync import Rapport, Synchro, horodatages_source
from users.enums import nature_de
from users.models import Administration, Bailleur, Role, User

MODELES = (
    Bailleur,
    Administration,
    Programme,
    Lot,
    Logement,
    Annexe,
    TypeStationnement,
    LogementEDD,
    LocauxCollectifs,
    ReferenceCadastrale,
    Convention,
    Pret,
    Comment,
    ConventionHistory,
    UploadedFile,
)

PROGRAMME_TEXTES = (
    "nom",
    "numero_operation",
    "adresse",
    "code_postal",
    "ville",
    "code_insee_commune",
    "code_insee_departement",
    "code_insee_region",
    "autres_locaux_hors_convention",
    "mention_publication_edd_volumetrique",
    "mention_publication_edd_classique",
    "permis_construire",
)
PROGRAMME_BLOBS = (
    "vendeur",
    "acquereur",
    "reference_notaire",
    "reference_publication_acte",
    "acte_de_propriete",
    "effet_relatif",
    "certificat_adressage",
    "reference_cadastrale",
    "edd_volumetrique",
    "edd_classique",
)
PROGRAMME_DATES = ("date_acte_notarie", "date_achevement_previsible", "date_achat", "date_achevement")
ANNEXES = (
    "annexe_caves",
    "annexe_soussols",
    "annexe_remises",
    "annexe_ateliers",
    "annexe_sechoirs",
    "annexe_celliers",
    "annexe_resserres",
    "annexe_combles",
    "annexe_balcons",
    "annexe_loggias",
    "annexe_terrasses",
)
# Foyer / résidence columns (and SPF refusal) copied as they are, by name; source name → ours when it differs.
PROGRAMME_FOYER = {
    "date_autorisation_hors_habitat_inclusif": "date_autorisation_hors_habitat_inclusif",
    "date_convention_location": "date_convention_location",
    "date_residence_argement_gestionnaire_intermediation": "date_agrement_gestionnaire_intermediation",
    "departement_residence_argement_gestionnaire_intermediation": "departement_agrement_gestionnaire_intermediation",
    "ville_signature_residence_agrement_gestionnaire_intermediation": (
        "ville_signature_agrement_gestionnaire_intermediation"
    ),
}
PROGRAMME_COPIES = {"surface_corrigee_totale": "surface_corrigee_totale", "seconde_vie": "seconde_vie"}
LOT_FOYER = (
    "surface_habitable_totale",
    "surface_locaux_collectifs_residentiels",
    "loyer_associations_foncieres",
    "foyer_residence_nb_garage_parking",
    "foyer_residence_dependance",
    "foyer_residence_locaux_hors_convention",
)
CONVENTION_FOYER = tuple(
    f.name
    for f in Convention._meta.concrete_fields
    if f.name.startswith(("gestionnaire", "attribution_", "foyer_residence_variante"))
) + ("date_envoi_spf", "date_refus_spf", "motif_refus_spf")


def siret_ou_siren(siret: str, siren: str, uuid) -> str:
    """A value our SIRET column accepts (9 or 14 digits, unique): the SIRET, else the SIREN, else the first nine
    digits, else (an e-mail for a natural person) a placeholder "99…" derived from the source uuid."""
    siret, siren = re.sub(r"\s", "", siret), re.sub(r"\s", "", siren)
    if re.fullmatch(r"[0-9]{9}([0-9]{5})?", siret):
        return siret
    if re.fullmatch(r"[0-9]{9}", siren):
        return siren
    digits = re.sub(r"[^0-9]", "", siret)
    if len(digits) >= 9:
        return digits[:9]
    return "99" + str(uuid_lib.UUID(str(uuid)).int)[-12:].zfill(12)


ESPACE_COPIES = uuid_lib.UUID("0b7e4d1a-52c3-4f0e-8d6a-1f9c2b3a4e5d")


class Importer:
    def __init__(self, *, source: Source, dry_run=False, fichiers=None, progres=None):
        self.src = source
        self.rapport = Rapport()
        self.sync = Synchro(rapport=self.rapport, dry_run=dry_run, progres=progres)
        self.fichiers = Fichiers(source=fichiers, rapport=self.rapport, dry_run=dry_run)
        # Source id → target id, per source table.
        self.id = defaultdict(dict)

    def run(self) -> Rapport:
        with horodatages_source(*MODELES):
            self._departements()
            self._bailleurs()
            self._administrations()
            self._users()
            self._roles()
            self._programmes()
            self._lots_et_conventions()
            self._avenant_types()
            self._parents_seconde_vie()
            self.designations = set()  # (lot, designation): unique here
            self.id["lot_convention"] = {
                lot: self.id["conv"][conv] for lot, conv in self.lot_convention.items() if conv in self.id["conv"]
            }
            for spec in (*tables.LIGNES_DU_LOT, *tables.SUIVI):
                self._table(spec)
            self._fichiers()
        self._non_repris()
        if not self.sync.dry_run:
            from conventions import search, selectors

            touchees = self.sync.touches.get("conventions_convention", set())
            if touchees:
                search.refresh(Convention.objects.filter(id__in=touchees))
                search.rebuild_vocabulary()  # documents copied as they were need their words too
                selectors.bump_generation()  # rows copied without signals: the cached counts start again
        return self.rapport

    # --- Organisations and users -----------------------------------------------------------------------

    def _departements(self):
        table = "apilos_settings_departement"
        rows = self.src.rows(table)
        existing = {d.code_insee: d for d in Departement.objects.all()}
        items = []
        for r in rows:
            code = v.texte(r["code_insee"])
            region = v.texte(r.get("code_insee_region")).zfill(2)
            here = existing.get(code)
            if here is not None:
                if here.nom != r["nom"] or here.code_insee_region != region:
                    self.rapport.change(table, code, f"déjà présent ici sous « {here.nom} » : conservé tel quel")
                continue
            items.append(
                (
                    code,
                    {"code_insee": code, "nom": r["nom"], "code_postal": r["code_postal"], "code_insee_region": region},
                )
            )
        self.rapport.bilan(table).inchanges += len(rows) - len(items)
        self.rapport.bilan(table).source += len(rows) - len(items)
        self.sync.ecrire(table=table, model=Departement, items=items)
        self.departement_ids = dict(Departement.objects.values_list("code_insee", "id"))

    def _bailleurs(self):
        table = "bailleurs_bailleur"
        rows = self.src.rows(table)
        items, parents = [], {}
        for r in rows:
            cle = str(r["uuid"])
            siret = siret_ou_siren(v.texte(r["siret"]), v.texte(r.get("siren")), r["uuid"])
            if siret != v.texte(r["siret"]):
                self.rapport.change(table, cle, f"SIRET invalide « {r['siret']} » : enregistré « {siret} »")
            sous_nature, ok = v.choix(r.get("sous_nature_bailleur"), v.SousNatureBailleur, "NONRENSEIGNE")
            if not ok:
                self.rapport.change(table, cle, f"sous-nature inconnue « {r.get('sous_nature_bailleur')} »")
            sous_nature = self._nature(table, cle, r, sous_nature, siret)
            capital, ok = v.decimal(r.get("capital_social"), max_digits=14, places=2)
            if not ok:
                self.rapport.change(table, cle, f"capital social hors limites « {r.get('capital_social')} »")
            values = {
                "uuid": r["uuid"],
                "cree_le": r["cree_le"],
                "mis_a_jour_le": r["mis_a_jour_le"],
                "nom": v.texte(r["nom"])[:255],
                "siret": siret,
                "capital_social": capital,
                "adresse": v.texte(r.get("adresse"))[:255],
                "code_postal": v.texte(r.get("code_postal"))[:5],
                "ville": v.texte(r.get("ville"))[:255],
                "signataire_nom": v.texte(r.get("signataire_nom"))[:255],
                "signataire_fonction": v.texte(r.get("signataire_fonction"))[:255],
                "signataire_date_deliberation": r.get("signataire_date_deliberation"),
                "signataire_bloc_signature": v.texte(r.get("signataire_bloc_signature")),
                "sous_nature": sous_nature,
            }
            items.append((cle, values, r["id"], r.get("parent_id")))
            parents[r["id"]] = r.get("parent_id")
        sirets = {}
        for cle, values, *_ in items:
            sirets.setdefault(values["siret"], cle)

        def existants(cles):
            wanted = {values["siret"]: cle for cle, values, *_ in items if cle in set(cles)}
            return {
                wanted[s]: pk for s, pk in Bailleur.objects.filter(siret__in=list(wanted)).values_list("siret", "id")
            }

        kept = []
        for cle, values, sid, parent in items:
            if sirets[values["siret"]] != cle:
                self.rapport.ecarte(table, cle, f"SIRET {values['siret']} en double dans la source")
                continue
            kept.append((cle, values, sid, parent))
        self._par_niveaux(table, Bailleur, kept, "parent_id", existants=existants)

    def _nature(self, table, cle, r, sous_nature, siret) -> str:
        """Here the nature derives from the sous-nature (users.enums.nature_de). A source nature whose sous-nature
        is not given fills it when it names one sous-nature only (SEM, private bailleurs); any other mismatch is
        reported. The SIREN is the SIRET's first nine digits here: a different one is reported."""
        nature = v.texte(r.get("nature_bailleur")).strip()
        if nature and nature != nature_de(sous_nature):
            seule = v.SOUS_NATURE_PAR_NATURE.get(nature)
            if sous_nature == "NONRENSEIGNE" and seule:
                self.rapport.change(table, cle, f"sous-nature déduite de la nature « {nature} » : « {seule} »")
                sous_nature = seule
            else:
                self.rapport.change(
                    table,
                    cle,
                    f"nature « {nature} » non reprise : ici la nature découle de la sous-nature « {sous_nature} »"
                    f" (« {nature_de(sous_nature)} »), à préciser sur le bailleur",
                )
        siren = re.sub(r"\s", "", v.texte(r.get("siren")))
        if siren and siren != siret[:9]:
            self.rapport.change(table, cle, f"SIREN « {siren} » différent du SIRET « {siret} » : non repris")
        return sous_nature

    def _par_niveaux(self, table, model, items, parent_attr, existants=None, id_table=None):
        """Write rows whose parent is in the same table: roots first, then their children (level by level)."""
        id_table = id_table or table
        pending = list(items)
        while pending:
            ready = [it for it in pending if it[3] is None or it[3] in self.id[id_table]]
            if not ready:
                for cle, *_ in pending:
                    self.rapport.ecarte(table, cle, "parent absent ou écarté")
                return
            batch = []
            for cle, values, _, parent in ready:
                values = dict(values)
                if parent_attr:
                    values[parent_attr] = self.id[id_table][parent] if parent is not None else None
                batch.append((cle, values))
            ids = self.sync.ecrire(table=table, model=model, items=batch, existants=existants)
            for cle, _, sid, _ in ready:
                self.id[id_table][sid] = ids[cle]
            ready_keys = {it[0] for it in ready}
            pending = [it for it in pending if it[0] not in ready_keys]

    def _administrations(self):
        table = "instructeurs_administration"
        items = []
        for r in self.src.rows(table):
            values = {
                "uuid": r["uuid"],
                "cree_le": r["cree_le"],
                "mis_a_jour_le": r["mis_a_jour_le"],
                "nom": v.texte(r["nom"])[:255],
                "code": v.texte(r["code"])[:255],
                "adresse": v.texte(r.get("adresse")),
                "code_postal": v.texte(r.get("code_postal"))[:5],
                "ville": v.texte(r.get("ville"))[:255],
                "ville_signature": v.texte(r.get("ville_signature"))[:255],
                "nb_convention_exemplaires": max(0, min(r.get("nb_convention_exemplaires") or 3, 32767)),
                "prefix_convention": v.texte(r.get("prefix_convention"))[:255],
                "signataire_bloc_signature": v.texte(r.get("signataire_bloc_signature")),
            }
            items.append((str(r["uuid"]), values, r["id"], None))

        def existants(cles):
            wanted = {values["code"]: cle for cle, values, *_ in items if cle in set(cles)}
            found = Administration.objects.filter(code__in=list(wanted)).values_list("code", "id")
            return {wanted[c]: pk for c, pk in found}

        self._par_niveaux(table, Administration, items, None, existants=existants)

    def _users(self):
        table = "users_user"
        items, emails = [], set()
        for r in self.src.rows(table):
            cle = r["username"]
            email = v.texte(r["email"]).strip()
            if email and email.lower() in emails:
                self.rapport.change(table, cle, f"e-mail « {email} » déjà pris par un autre compte : laissé vide")
                email = ""
            emails.add(email.lower())
            pref, ok = v.choix(r.get("preferences_email"), v.EmailPreferences, "PARTIEL")
            if not ok:
                self.rapport.change(table, cle, f"préférence d'e-mail inconnue « {r.get('preferences_email')} »")
            values = {
                "username": cle,
                "password": r["password"],
                "last_login": r.get("last_login"),
                "is_superuser": r["is_superuser"],
                "is_staff": r["is_staff"],
                "is_active": r["is_active"],
                "date_joined": r["date_joined"],
                "first_name": v.texte(r.get("first_name"))[:150],
                "last_name": v.texte(r.get("last_name"))[:150],
                "email": email,
                "telephone": v.texte(r.get("telephone"))[:25],
                "preferences_email": pref,
                "cerbere_login": r.get("cerbere_login") or None,
                "administrateur_de_compte": bool(r.get("administrateur_de_compte", False)),
            }
            items.append((cle, values, r["id"], None))

        def existants(cles):
            return dict(User.objects.filter(username__in=list(cles)).values_list("username", "id"))

        self._par_niveaux(table, User, items, None, existants=existants)
        by_code = self.departement_ids
        dep_code = {r["id"]: r["code_insee"] for r in self.src.rows("apilos_settings_departement")}
        paires = set()
        for user_id, dep_id in self.src.pairs("users_user_filtre_departements", "user_id", "departement_id"):
            if user_id in self.id[table] and dep_code.get(dep_id) in by_code:
                paires.add((self.id[table][user_id], by_code[dep_code[dep_id]]))
        self.sync.liens(
            table="users_user_filtre_departements",
            through=User.filtre_departements.through,
            gauche="user_id",
            droite="departement_id",
            paires=paires,
        )

    def _roles(self):
        table = "users_role"
        groups = {r["id"]: r["name"] for r in self.src.rows("auth_group")}
        ours = dict(Group.objects.values_list("name", "id"))
        items = []
        for r in self.src.rows(table):
            user = self.id["users_user"].get(r["user_id"])
            cle = f"{r['user_id']}|{r['typologie']}|{r.get('bailleur_id')}|{r.get('administration_id')}"
            group = ours.get(groups.get(r["group_id"], ""))
            if user is None:
                self.rapport.ecarte(table, cle, "utilisateur non importé")
                continue
            if group is None:
                self.rapport.ecarte(table, cle, f"groupe « {groups.get(r['group_id'])} » inconnu ici (seed_roles ?)")
                continue
            bailleur = self.id["bailleurs_bailleur"].get(r.get("bailleur_id")) if r.get("bailleur_id") else None
            administration = (
                self.id["instructeurs_administration"].get(r.get("administration_id"))
                if r.get("administration_id")
                else None
            )
            typologie = r["typologie"]
            if (typologie == "BAILLEUR" and not bailleur) or (typologie == "INSTRUCTEUR" and not administration):
                self.rapport.ecarte(table, cle, "organisation du rôle absente ou écartée")
                continue
            if typologie not in ("BAILLEUR", "INSTRUCTEUR", "ADMINISTRATEUR"):
                self.rapport.ecarte(table, cle, f"type de rôle inconnu « {typologie} »")
                continue
            values = {
                "user_id": user,
                "typologie": typologie,
                "bailleur_id": bailleur if typologie == "BAILLEUR" else None,
                "administration_id": administration if typologie == "INSTRUCTEUR" else None,
                "group_id": group,
                "perimetre_region": v.texte(r.get("perimetre_region"))[:3],
                "perimetre_departement": v.texte(r.get("perimetre_departement"))[:3],
            }
            items.append((cle, values))
        seen, kept = set(), []
        for cle, values in items:
            key = (values["user_id"], values["bailleur_id"], values["administration_id"], values["typologie"])
            if key in seen:
                self.rapport.ecarte(table, cle, "rôle en double (même utilisateur, même organisation)")
                continue
            seen.add(key)
            kept.append((cle, values))

        def existants(cles):
            wanted = {
                (values["user_id"], values["bailleur_id"], values["administration_id"]): cle
                for cle, values in kept
                if cle in set(cles)
            }
            users = {k[0] for k in wanted}
            found = Role.objects.filter(user_id__in=users).values_list(
                "user_id", "bailleur_id", "administration_id", "id"
            )
            return {wanted[(u, b, a)]: pk for u, b, a, pk in found if (u, b, a) in wanted}

        self.sync.ecrire(table=table, model=Role, items=kept, existants=existants)

    def _copie(self, table, cle, r, model, noms) -> dict:
        """Columns copied by name (`noms`: ours, or source → ours), checked against our field: texts cut at its
        length, numbers kept within its limits (else emptied), an absent column (older vintage) gets our default.
        Every change is reported."""
        if not isinstance(noms, dict):
            noms = {name: name for name in noms}
        out = {}
        for source, name in noms.items():
            field = model._meta.get_field(name)
            raw = r.get(source)
            if isinstance(field, models.BooleanField):
                value = field.get_default() if raw is None else bool(raw)
            elif isinstance(field, models.DateField):
                value = raw
            elif isinstance(field, models.DecimalField):
                value, ok = v.decimal(raw, max_digits=field.max_digits, places=field.decimal_places)
                if not ok or (value is not None and value < 0):
                    self.rapport.change(table, cle, f"{name} hors limites « {raw} » : vidé")
                    value = None
            elif isinstance(field, models.IntegerField):
                value = raw
                if raw is not None and not 0 <= raw <= (
                    32767 if isinstance(field, models.SmallIntegerField) else 2**31 - 1
                ):
                    self.rapport.change(table, cle, f"{name} hors limites « {raw} » : vidé")
                    value = None
            else:
                value = v.texte(raw)
                if field.max_length and len(value) > field.max_length:
                    self.rapport.change(table, cle, f"{name} tronqué à {field.max_length} caractères")
                    value = value[: field.max_length]
            out[name] = value
        return out

    # --- Operations, lots, conventions -------------------------------------------------------------------

    def _programmes(self):
        table = "programmes_programme"
        self.programme_rows = {}
        items = []
        for r in self.src.rows(table):
            cle = str(r["uuid"])
            bailleur = self.id["bailleurs_bailleur"].get(r["bailleur_id"])
            if bailleur is None:
                self.rapport.ecarte(table, cle, "bailleur absent ou écarté")
                continue
            values = {
                "uuid": r["uuid"],
                "cree_le": r["cree_le"],
                "mis_a_jour_le": r["mis_a_jour_le"],
                "bailleur_id": bailleur,
                "administration_id": self.id["instructeurs_administration"].get(r.get("administration_id")),
                "annee_gestion_programmation": r.get("annee_gestion_programmation"),
                "anru": bool(r.get("anru")),
                "nb_locaux_commerciaux": r.get("nb_locaux_commerciaux"),
                "nb_bureaux": r.get("nb_bureaux"),
                **self._copie(table, cle, r, Programme, {**PROGRAMME_FOYER, **PROGRAMME_COPIES}),
            }
            for name in PROGRAMME_TEXTES:
                values[name] = v.texte(r.get(name))
            for name in ("nom", "ville", "permis_construire", "numero_operation"):
                values[name] = values[name][:255]
            values["code_postal"] = values["code_postal"][:5]
            for name in PROGRAMME_DATES:
                values[name] = r.get(name)
            for name in PROGRAMME_BLOBS:
                text, files = v.blob(r.get(name))
                values[name] = text
                self.fichiers.blob(table, r, f"programme.{name}", files)
            for name, enum, defaut in (
                ("zone_123", v.Zone123, ""),
                ("zone_abc", v.ZoneABC, ""),
                ("type_operation", v.TypeOperation, "SANSOBJET"),
                ("nature_logement", v.NatureLogement, "LOGEMENTSORDINAIRES"),
            ):
                values[name], ok = v.choix(r.get(name), enum, defaut)
                if not ok:
                    self.rapport.change(table, cle, f"{name} inconnu ici « {r.get(name)} » : « {values[name]} »")
            surface, ok = v.decimal(r.get("surface_utile_totale"), max_digits=10, places=2)
            values["surface_utile_totale"] = surface
            if not ok:
                self.rapport.change(
                    table, cle, f"surface utile totale hors limites « {r.get('surface_utile_totale')} »"
                )
            self.programme_rows[r["id"]] = r
            items.append((cle, values, r["id"], r.get("parent_id")))
        self._par_niveaux(table, Programme, items, "parent_id")
        self._copies_pour_avenants({sid: values for _, values, sid, _ in items})

    def _copies_pour_avenants(self, values_by_id):
        """Here an avenant owns a copy of the operation; the source sometimes let it share its convention's:
        such an avenant gets a copy (derived uuid) pointing at the shared operation."""
        table = "programmes_programme"
        conventions = {r["id"]: r for r in self.src.rows("conventions_convention")}
        self.programme_conv = {}
        items = []
        for r in conventions.values():
            parent = conventions.get(r.get("parent_id"))
            if parent is None or r["programme_id"] != parent["programme_id"]:
                continue
            target = self.id[table].get(r["programme_id"])
            if target is None:
                continue
            cle = f"{r['uuid']}/programme"
            values = dict(values_by_id[r["programme_id"]])
            values["uuid"] = uuid_lib.uuid5(ESPACE_COPIES, cle)
            values["parent_id"] = target
            items.append((cle, values, r["id"]))
            self.rapport.change(
                "conventions_convention",
                r["uuid"],
                "l'avenant partageait l'opération de sa convention : il reçoit sa copie (sans références"
                " cadastrales ni EDD, qui restent sur l'opération d'origine)",
            )
        ids = self.sync.ecrire(
            table="programmes_programme.copies_avenants",
            model=Programme,
            items=[(cle, values) for cle, values, _ in items],
        )
        for cle, _, conv_id in items:
            self.programme_conv[conv_id] = ids[cle]

    def _programme_de(self, conv):
        return self.programme_conv.get(conv["id"]) or self.id["programmes_programme"].get(conv["programme_id"])

    def _lots_et_conventions(self):
        conventions = {r["id"]: r for r in self.src.rows("conventions_convention")}
        self.convention_rows = conventions
        lots_by_conv = defaultdict(list)
        for lot in self.src.lots():
            lots_by_conv[lot.get("convention_id")].append(lot)
        # Lots first (a convention points at its lot here).
        table = "programmes_lot"
        items, self.lot_convention = [], {}
        for conv_id, lots in lots_by_conv.items():
            for extra in lots[1:]:
                self.rapport.ecarte(
                    table, extra["uuid"], "la convention a plusieurs lots : seul le premier est repris ici"
                )
            lot = lots[0]
            cle = str(lot["uuid"])
            conv = conventions.get(conv_id)
            programme = self._programme_de(conv) if conv else None
            if programme is None:
                self.rapport.ecarte(table, cle, "convention ou opération absente ou écartée")
                continue
            financement, ok = v.choix(lot.get("financement"), v.Financement, v.FINANCEMENT_DEFAUT)
            if not ok:
                self.rapport.change(
                    table,
                    cle,
                    f"financement sans équivalent ici : « {lot.get('financement')} » enregistré « Sans financement »"
                    " (attend le travail « kinds »)",
                )
            type_habitat, _ = v.choix(lot.get("type_habitat"), v.TypeHabitat, "INDIVIDUEL")
            derog, _ = v.decimal(lot.get("loyer_derogatoire"), max_digits=10, places=2)
            values = {
                "uuid": lot["uuid"],
                "cree_le": lot["cree_le"],
                "mis_a_jour_le": lot["mis_a_jour_le"],
                "programme_id": programme,
                "financement": financement,
                "nb_logements": lot.get("nb_logements") if (lot.get("nb_logements") or 0) >= 0 else None,
                "type_habitat": type_habitat,
                "lgts_mixite_sociale_negocies": max(lot.get("lgts_mixite_sociale_negocies") or 0, 0),
                "loyer_derogatoire": derog if derog is None or derog >= 0 else None,
                **self._copie(table, cle, lot, Lot, LOT_FOYER),
            }
            for name in ANNEXES:
                values[name] = bool(lot.get(name))
            for name in ("edd_volumetrique", "edd_classique"):
                text, files = v.blob(lot.get(name))
                values[name] = text
                self.fichiers.blob_lot(lot, conv, f"lot.{name}", files)
            self.lot_convention[lot["id"]] = conv_id
            items.append((cle, values, lot["id"], lot.get("parent_id")))
        self._par_niveaux(table, Lot, items, "parent_id")
        lot_of_conv = {conv_id: lots[0]["id"] for conv_id, lots in lots_by_conv.items()}
        self._conventions(conventions, lot_of_conv)

    def _conventions(self, conventions, lot_of_conv):
        table = "conventions_convention"
        numeros_avenant = self._numeros_avenant(conventions)
        numeros_pris = set()
        items = []
        for r in conventions.values():
            cle = str(r["uuid"])
            programme = self._programme_de(r)
            lot = self.id["programmes_lot"].get(lot_of_conv.get(r["id"]))
            if programme is None or lot is None:
                self.rapport.ecarte(table, cle, "opération ou lot absent ou écarté")
                continue
            statut = v.STATUTS.get(v.texte(r["statut"]))
            if statut is None:
                self.rapport.ecarte(table, cle, f"statut inconnu « {r['statut']} »")
                continue
            parent = r.get("parent_id")
            numero = self._numero(r, conventions, numeros_pris)
            fond, ok = v.decimal(r.get("fond_propre"), max_digits=14, places=2)
            if not ok:
                self.rapport.change(table, cle, f"fonds propres hors limites « {r.get('fond_propre')} »")
            commentaires, files = v.blob(r.get("commentaires"))
            self.fichiers.blob_convention(r, "convention.commentaires", files)
            attached, files = v.blob(r.get("attached"))
            self.fichiers.blob_convention(r, "convention.commentaires", files)
            if attached.strip():
                commentaires = f"{commentaires}\n\n{attached}".strip()
            for nature in ("denonciation", "resiliation"):
                _, files = v.blob(r.get(f"fichier_instruction_{nature}"))
                self.fichiers.blob_convention(r, f"convention.motif_{nature}", files)
            values = {
                "uuid": r["uuid"],
                "cree_le": r["cree_le"],
                "mis_a_jour_le": r["mis_a_jour_le"],
                "statut_depuis": r["mis_a_jour_le"],
                "programme_id": programme,
                "lot_id": lot,
                "numero": numero,
                "statut": statut,
                "cree_par_id": self.id["users_user"].get(r.get("cree_par_id")),
                "premiere_soumission_le": r.get("premiere_soumission_le"),
                "soumis_le": r.get("soumis_le"),
                "valide_le": v.minuit(r.get("valide_le")),
                "date_signature": r.get("televersement_convention_signee_le"),
                "date_publication": r.get("date_publication_spf"),
                "reference_publication": v.texte(r.get("reference_spf"))[:50],
                "date_fin_conventionnement": r.get("date_fin_conventionnement"),
                "fond_propre": fond,
                "historique_financement_public": v.texte(r.get("historique_financement_public"))[:5000],
                "type1and2": v.texte(r.get("type1and2")) if r.get("type1and2") in ("Type1", "Type2") else "",
                "commentaires": commentaires[:5000],
                "numero_avenant": numeros_avenant.get(r["id"]),
                "desc_avenant": v.texte(r.get("desc_avenant"))[:5000],
                "champ_libre_avenant": v.texte(r.get("champ_libre_avenant"))[:5000],
                "date_denonciation": r.get("date_denonciation"),
                "motif_denonciation": v.texte(r.get("motif_denonciation"))[:5000],
                "date_resiliation": r.get("date_resiliation"),
                "motif_resiliation": v.texte(r.get("motif_resiliation"))[:5000],
                "fichier_signe": self.fichiers.signe(r),
                **self._copie(table, cle, r, Convention, CONVENTION_FOYER),
            }
            for n in range(1, 9):
                values[f"type2_lgts_concernes_option{n}"] = bool(r.get(f"type2_lgts_concernes_option{n}", True))
            if len(commentaires) > 5000:
                self.rapport.change(table, cle, "commentaires tronqués à 5 000 caractères")
            items.append((cle, values, r["id"], parent))
        self._par_niveaux(table, Convention, items, "parent_id")
        self.id["conv"] = self.id[table]

    def _numeros_avenant(self, conventions) -> dict[int, int]:
        """Avenant numbers: the ordinary avenants of a convention, in creation order (also reads the types)."""
        types = defaultdict(set)
        at_noms = {r["id"]: r["nom"] for r in self.src.rows("conventions_avenanttype")}
        for conv_id, type_id in self.src.pairs(
            "conventions_convention_avenant_types", "convention_id", "avenanttype_id"
        ):
            types[conv_id].add(at_noms.get(type_id))
        self.avenant_type_noms = types
        numeros, by_parent = {}, defaultdict(list)
        for r in conventions.values():
            if r.get("parent_id") and not (types[r["id"]] & {"denonciation", "resiliation"}):
                by_parent[r["parent_id"]].append(r)
        for rows in by_parent.values():
            for n, r in enumerate(sorted(rows, key=lambda x: (x["cree_le"], x["id"])), start=1):
                numeros[r["id"]] = n
        return numeros

    def _numero(self, r, conventions, numeros_pris) -> str | None:
        """Numbers are unique here: an avenant has none (it shows its parent's), a duplicate is emptied."""
        table, cle = "conventions_convention", str(r["uuid"])
        numero = v.texte(r.get("numero")).strip() or None
        if r.get("parent_id"):
            parent_numero = v.texte(conventions.get(r["parent_id"], {}).get("numero")).strip()
            if numero and numero != parent_numero:
                self.rapport.change(table, cle, f"numéro propre de l'avenant « {numero} » non repris")
            return None
        if numero in numeros_pris:
            self.rapport.change(table, cle, f"numéro « {numero} » déjà pris par une autre convention : vidé")
            return None
        if numero:
            numeros_pris.add(numero)
        return numero

    def _avenant_types(self):
        ours = dict(AvenantType.objects.values_list("nom", "id"))
        paires = set()
        for conv_id, noms in self.avenant_type_noms.items():
            target = self.id["conv"].get(conv_id)
            if target is None:
                continue
            for nom in noms:
                if nom in ours:
                    paires.add((target, ours[nom]))
                else:
                    self.rapport.change(
                        "conventions_convention_avenant_types", conv_id, f"type d'avenant inconnu « {nom} »"
                    )
        self.sync.liens(
            table="conventions_convention_avenant_types",
            through=Convention.avenant_types.through,
            gauche="convention_id",
            droite="avenanttype_id",
            paires=paires,
        )

    def _parents_seconde_vie(self):
        """The former conventions of a « seconde vie » convention (from → to, both through the convention ids);
        a pair whose side was not imported is reported."""
        table = "conventions_convention_parents_2nd_vie"
        paires = set()
        for de, vers in self.src.pairs(table, "from_convention_id", "to_convention_id"):
            cible, parent = self.id["conv"].get(de), self.id["conv"].get(vers)
            if cible is None or parent is None:
                self.rapport.bilan(table).source += 1
                self.rapport.ecarte(table, f"{de}→{vers}", "une convention de la paire n'a pas été reprise")
                continue
            paires.add((cible, parent))
        self.sync.liens(
            table=table,
            through=Convention.parents_2nd_vie.through,
            gauche="from_convention_id",
            droite="to_convention_id",
            paires=paires,
        )

    # --- Rows hanging from one parent (reprise/tables.py) ------------------------------------------------

    def _table(self, spec: tables.Table) -> None:
        """Import one declared table: key, parent, the source's uuid and timestamps, then its own values."""
        table, parent = spec.nom, spec.parent
        parents = self.id[parent.ids]
        items, source_ids = [], []
        rows = getattr(self.src, spec.lignes)() if spec.lignes else self.src.rows(table)
        for r in rows:
            cle = str(r["uuid"])
            cible = parents.get(r.get(parent.colonne))
            if cible is None:
                self.rapport.ecarte(table, cle, parent.absent)
                continue
            values = spec.valeurs(self, r, cle)
            if values is None:
                continue
            values[parent.attname] = cible
            if spec.horodatage:
                values.update(uuid=r["uuid"], cree_le=r["cree_le"], mis_a_jour_le=r["mis_a_jour_le"])
            items.append((cle, values))
            source_ids.append(r["id"])
        ids = self.sync.ecrire(table=table, model=spec.model, items=items)
        self.id[table].update((sid, ids[cle]) for sid, (cle, _) in zip(source_ids, items, strict=True))

    def _fichiers(self):
        for r in self.src.rows("conventions_piecejointe"):
            conv_row = self.convention_rows.get(r["convention_id"])
            if conv_row is not None:
                self.fichiers.piece_jointe(conv_row, r)
        items = self.fichiers.items(self)
        self.sync.ecrire(table="upload_uploadedfile", model=UploadedFile, items=items)
        self.fichiers.copier()

    def _non_repris(self):
        for table in (
            "programmes_repartitionsurface",
            "conventions_convention_parents_2nd_vie",
            "conventions_alertesiaplog",
        ):
            for r in self.src.rows(table):
                self.rapport.ecarte(table, r.get("uuid") or f"id {r['id']}", "table sans équivalent ici")
