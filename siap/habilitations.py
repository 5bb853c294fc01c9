"""Identity and scope from the SIAP (reference §16.1): the agent's account, the organisations named by a
habilitation (created on the fly, SIREN-only bailleurs included), the role it gives, and the scope of one
request or session — that of the chosen habilitation only."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from siap.client import SiapError, get_client
from users.enums import SousNatureBailleur, TypeRole
from users.models import Administration, Bailleur, Role, User
from users.roles import GROUP_BY_TYPOLOGIE, GROUPS

VALIDEE = "VALIDEE"

# groupe.profil.code → role typologie (reference §16.1.3).
TYPOLOGIE_PAR_PROFIL = {
    "ADM_CENTRALE": TypeRole.ADMINISTRATEUR,
    "DIR_REG": TypeRole.ADMINISTRATEUR,
    "SER_DEP": TypeRole.ADMINISTRATEUR,
    "ASS_HLM": TypeRole.ADMINISTRATEUR,
    "PARTENAIRES": TypeRole.ADMINISTRATEUR,
    "SER_GEST": TypeRole.INSTRUCTEUR,
    "MO_PERS_MORALE": TypeRole.BAILLEUR,
    "MO_PERS_PHYS": TypeRole.BAILLEUR,
}
LIBELLE_PROFIL = {
    "ADM_CENTRALE": "Administration centrale",
    "DIR_REG": "Service régional",
    "SER_DEP": "Service départemental",
    "ASS_HLM": "Association HLM",
    "PARTENAIRES": "Partenaires",
    "SER_GEST": "Service instructeur",
    "MO_PERS_MORALE": "Maître d'ouvrage",
    "MO_PERS_PHYS": "Maître d'ouvrage (personne physique)",
}
ROLES_LECTURE_SEULE = {
    "ADM_CENTRALE_LECTEUR",
    "DIR_REG_LECTEUR",
    "SERV_DEP_LECTEUR",
    "SERV_INSTR_LECTEUR",
    "SERV_INSTR_DELGEG2_LECTEUR",
    "SERV_INSTR_DELGEG3_LECTEUR",
    "ASS_HLM_NAT_LECTEUR",
    "ASS_HLM_REG_LECTEUR",
    "MO_MORAL_NAT_LECTEUR",
    "MO_MORAL_REG_LECTEUR",
    "DIR_REG_INSTRUCTEUR_CHORUS",
    "SERV_DEP_INSTRUCTEUR_CHORUS",
    "PARTENAIRES",
}
# codeFamilleMO → sous-nature (its nature: HLM, SEM, privé, autres).
SOUS_NATURE_PAR_FAMILLE = {
    "HLM": SousNatureBailleur.OFFICE_PUBLIC_HLM,
    "SEM": SousNatureBailleur.SEM_EPL,
    "BAILLEURS PRIVÉS": SousNatureBailleur.PARTICULIERS,
    "BAILLEURS PRIVES": SousNatureBailleur.PARTICULIERS,
}


class HabilitationError(SiapError):
    default_message = "Aucune habilitation validée ne vous donne accès au conventionnement dans le SIAP."


class SiapDataError(SiapError):
    """The SIAP answered, but its data cannot be used (missing SIREN, unknown profile…)."""


@dataclass
class HabilitationContext:
    """The habilitation chosen for a request or a session, and what it gives."""

    habilitation_id: int
    profil: str
    code_role: str
    readonly: bool
    role: Role
    extra_bailleur_ids: tuple[int, ...] = ()  # bailleurs absorbed by the role's bailleur (fusions)

    @property
    def libelle(self) -> str:
        organisation = self.role.bailleur or self.role.administration or self.role.perimetre_label
        return f"{LIBELLE_PROFIL.get(self.profil, self.profil)} — {organisation}"


# --- Choosing a habilitation ---------------------------------------------------------------------------


def valid_habilitations(payload: dict | None) -> list[dict]:
    habilitations = (payload or {}).get("habilitations") or []
    return [h for h in habilitations if isinstance(h, dict) and h.get("statut") == VALIDEE]


def select_habilitation(payload: dict | None, habilitation_id: int | None) -> dict:
    """The VALIDEE habilitation of that id, else the first VALIDEE one (reference §16.1.2)."""
    valid = valid_habilitations(payload)
    if not valid:
        raise HabilitationError()
    return next((h for h in valid if h.get("id") == habilitation_id), valid[0])


def fetch_habilitation(*, login: str, habilitation_id: int | None, client=None) -> tuple[dict, list[dict]]:
    client = client or get_client()
    payload = client.habilitations(login=login, habilitation_id=habilitation_id or 0)
    return select_habilitation(payload, habilitation_id), valid_habilitations(payload)


# --- Organisations -------------------------------------------------------------------------------------


def _insee(code) -> str:
    """SIAP codes come as integers (13, 93, 1): our INSEE codes are strings ("13", "93", "01", "2A")."""
    if code is None or code == "":
        return ""
    text = str(code).strip()
    return text.zfill(2) if text.isdigit() else text.upper()


def _ligne6(value: str | None) -> tuple[str, str]:
    match = re.match(r"^\s*(\d{5})\s*(.*)$", value or "")
    if match:
        return match.group(1), match.group(2).strip()
    return "", re.sub(r"^[\d\s]+", "", value or "").strip()


def bailleur_from_siap(data: dict, *, email: str = "") -> Bailleur:
    """Get or create the bailleur an `entiteMorale` / `donneesMo` describes (reference §16.1.4): found by SIREN,
    created with its SIREN as identifier when the SIAP gives no SIRET; on an existing one only the name and the
    nature are refreshed."""
    siren = re.sub(r"\s", "", str(data.get("siren") or ""))
    siret = re.sub(r"\s", "", str(data.get("siret") or ""))
    nom = (data.get("nom") or data.get("raisonSociale") or "").strip()
    famille = (data.get("codeFamilleMO") or "").strip().upper()
    sous_nature = SOUS_NATURE_PAR_FAMILLE.get(famille, SousNatureBailleur.NONRENSEIGNE) if famille else None
    if not re.fullmatch(r"\d{9}", siren):
        if re.fullmatch(r"\d{14}", siret):
            siren = siret[:9]
        else:
            raise SiapDataError(
                f"Impossible d'identifier le bailleur « {nom or '?'} » transmis par le SIAP : "
                "SIREN manquant ou invalide."
            )
    existing = Bailleur.objects.filter(siret__startswith=siren).order_by("pk").first()
    if existing is not None:
        changed = []
        if nom and existing.nom != nom:
            existing.nom, changed = nom[:255], [*changed, "nom"]
        if (
            sous_nature
            and existing.sous_nature != sous_nature
            and existing.sous_nature == SousNatureBailleur.NONRENSEIGNE
        ):
            existing.sous_nature, changed = sous_nature, [*changed, "sous_nature"]
        if changed:
            existing.save(update_fields=[*changed, "mis_a_jour_le"])
        return existing
    code_postal, ville = _ligne6(data.get("adresseLigne6"))
    return Bailleur.objects.create(
        siret=siret if re.fullmatch(r"\d{14}", siret) and siret.startswith(siren) else siren,
        nom=(nom or f"Bailleur {siren}")[:255],
        adresse=(data.get("adresseLigne") or data.get("adresseLigne4") or "").strip()[:255],
        code_postal=(data.get("codePostal") or code_postal or "")[:5],
        ville=(data.get("ville") or ville)[:255],
        sous_nature=sous_nature or SousNatureBailleur.NONRENSEIGNE,
    )


def administration_from_siap(gestionnaire: dict | None) -> Administration:
    """Get or create the administration of a `gestionnaire` (by code; an existing one is left as it is)."""
    code = str((gestionnaire or {}).get("code") or "").strip()
    if not code:
        raise SiapDataError(
            "Le service gestionnaire transmis par le SIAP n'a pas de code : impossible de l'identifier."
        )
    administration, _ = Administration.objects.get_or_create(
        code=code, defaults={"nom": ((gestionnaire or {}).get("libelle") or code)[:255]}
    )
    return administration


def apply_fusions(*, bailleur: Bailleur, login: str, habilitation_id: int, client=None) -> list[int]:
    """Mergers known to the SIAP: the bailleurs absorbed by `bailleur` get it as parent; former children no
    longer listed are released. Returns the ids of its children."""
    client = client or get_client()
    fusions = client.fusions(login=login, habilitation_id=habilitation_id, siren=bailleur.siren) or []
    absorbes = {
        str(f.get("sirenAbsorbe"))
        for f in fusions
        if isinstance(f, dict) and str(f.get("sirenAbsorbant")) == bailleur.siren and f.get("sirenAbsorbe")
    }
    children = [b for b in Bailleur.objects.exclude(pk=bailleur.pk) if b.siren in absorbes] if absorbes else []
    ids = [b.pk for b in children]
    Bailleur.objects.filter(parent=bailleur).exclude(pk__in=ids).update(parent=None)
    Bailleur.objects.filter(pk__in=ids).exclude(parent=bailleur).update(parent=bailleur)
    return ids


# --- Users and roles -----------------------------------------------------------------------------------


def siap_user(*, login: str, utilisateur: dict | None = None, **attributes) -> User:
    """The account of a Cerbère login, created or updated from the SIAP / SSO data. An existing local account
    with that e-mail and no Cerbère login is adopted (same person)."""
    utilisateur = utilisateur or {}
    email = (attributes.get("email") or utilisateur.get("email") or (login if "@" in login else "")).strip()
    fields = {
        "first_name": (attributes.get("first_name") or utilisateur.get("prenom") or "")[:150],
        "last_name": (attributes.get("last_name") or utilisateur.get("nom") or "")[:150],
        "email": email,
    }
    with transaction.atomic():
        user = User.objects.select_for_update().filter(cerbere_login__iexact=login).first()
        if user is None and email:
            user = User.objects.select_for_update().filter(email__iexact=email, cerbere_login__isnull=True).first()
        if user is None:
            username = login[:150]
            if User.objects.filter(username__iexact=username).exists():
                username = f"{login[:140]}-{User.objects.count()}"
            user = User(username=username, cerbere_login=login)
            user.set_unusable_password()
        user.cerbere_login = login
        for field, value in fields.items():
            if value:
                setattr(user, field, value)
        if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            user.email = ""  # another account owns this address: keep the login, never steal the e-mail
        user.save()
    return user


def role_for_habilitation(*, user: User, habilitation: dict, persist: bool) -> Role:
    """THE one place where a SIAP habilitation becomes a Role: typologie, organisation, group, perimeter.
    With `persist`, the role is written (updated in place when the user already holds it)."""
    groupe = habilitation.get("groupe") or {}
    profil = ((groupe.get("profil") or {}).get("code") or "").strip()
    typologie = TYPOLOGIE_PAR_PROFIL.get(profil)
    if typologie is None:
        raise SiapDataError(f"Le profil SIAP « {profil or '?'} » ne donne pas accès au conventionnement.")
    readonly = groupe.get("codeRole") in ROLES_LECTURE_SEULE
    group, _ = Group.objects.get_or_create(name=GROUP_BY_TYPOLOGIE[(typologie, readonly)])
    portee = habilitation.get("porteeTerritComp") or {}
    region = departement = ""
    if portee.get("codePortee") == "DEP":
        departement = _insee((portee.get("depComp") or {}).get("code"))
    elif portee.get("codePortee") == "REG":
        region = _insee((portee.get("regComp") or {}).get("code"))
    keys: dict = {"user": user}
    values: dict = {"typologie": typologie, "group": group}
    if typologie == TypeRole.BAILLEUR:
        entite = habilitation.get("entiteMorale") or {}
        if profil == "MO_PERS_PHYS" and not entite.get("siren"):
            raise SiapDataError("Les informations transmises par le SIAP ne suffisent pas à identifier le bailleur.")
        keys["bailleur"] = bailleur_from_siap(entite)
    elif typologie == TypeRole.INSTRUCTEUR:
        keys["administration"] = administration_from_siap(habilitation.get("gestionnaire"))
    else:
        keys.update(typologie=typologie, perimetre_region=region, perimetre_departement=departement)
    if persist and user.pk:
        role, _ = Role.objects.update_or_create(**keys, defaults=values)
        return role
    return Role(**keys, **values)


def context_for(*, user: User, habilitation: dict, login: str, persist: bool, client=None) -> HabilitationContext:
    role = role_for_habilitation(user=user, habilitation=habilitation, persist=persist)
    groupe = habilitation.get("groupe") or {}
    extra: tuple[int, ...] = ()
    if role.bailleur_id:
        extra = tuple(
            apply_fusions(
                bailleur=role.bailleur, login=login, habilitation_id=habilitation.get("id") or 0, client=client
            )
        )
    return HabilitationContext(
        habilitation_id=habilitation.get("id") or 0,
        profil=((groupe.get("profil") or {}).get("code") or ""),
        code_role=groupe.get("codeRole") or "",
        readonly=role.group.name.startswith("readonly_"),
        role=role,
        extra_bailleur_ids=extra,
    )


def scope_user(user: User, context: HabilitationContext) -> User:
    """Restrict this user instance (one request) to the habilitation's role: scoping and permissions then see
    that role only, whatever other roles the account holds."""
    if getattr(user, "_wrapped", None) is not None:  # request.user is a SimpleLazyObject: act on the User
        user.pk  # noqa: B018 (evaluates the lazy object)
        user = user._wrapped
    roles = [context.role]
    for bailleur_id in context.extra_bailleur_ids:
        roles.append(Role(user=user, typologie=TypeRole.BAILLEUR, bailleur_id=bailleur_id, group=context.role.group))
    user.__dict__["_roles"] = roles
    # Rights are read role by role (users.perms.has_perm_on) from the group's definition (users.roles).
    user.__dict__["_group_permissions"] = {context.role.group_id: GROUPS.get(context.role.group.name, frozenset())}
    user.siap_habilitation = context
    if not user.pk:
        user._departement_prefixes = []
    return user
