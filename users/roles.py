"""The permission groups of APiLos, declared once (reference §7.2, adapted to our apps).

`python manage.py seed_roles` makes the database match this definition exactly: a permission added here is
granted, a permission removed here is withdrawn. Permissions are "app_label.codename" strings.
"""

CRUD = ("add", "change", "delete", "view")

# The technical description of an operation, edited by both sides while the convention is being written.
PROGRAMME_DETAIL_MODELS = (
    "lot",
    "logement",
    "annexe",
    "typestationnement",
    "logementedd",
    "referencecadastrale",
)


def _perms(app_label: str, model: str, *actions: str) -> set[str]:
    return {f"{app_label}.{action}_{model}" for action in actions}


def _programme_details(*actions: str) -> set[str]:
    perms: set[str] = set()
    for model in PROGRAMME_DETAIL_MODELS:
        perms |= _perms("programmes", model, *actions)
    return perms


# What every active profile needs to read a convention file, and to discuss it (comments are the review
# channel, open to read-only profiles too, as in the reference).
_LECTURE = (
    _perms("users", "bailleur", "view")
    | _perms("users", "administration", "view")
    | _perms("programmes", "programme", "view")
    | _programme_details("view")
    | _perms("conventions", "convention", "view")
    | _perms("conventions", "conventionhistory", "view")
    | _perms("conventions", "pret", "view")
    | _perms("conventions", "uploadedfile", "view")
    | _perms("conventions", "comment", "add", "change", "view")
)

# Writing a convention file: the operation, its details, the loans, the attachments.
_REDACTION = (
    _perms("programmes", "programme", "add", "change", "view")
    | _programme_details(*CRUD)
    | _perms("conventions", "convention", "add", "change", "delete", "view")
    | _perms("conventions", "conventionhistory", "add", "view")
    | _perms("conventions", "pret", *CRUD)
    | _perms("conventions", "uploadedfile", *CRUD)
)

# Managing the users of one's organisation (with `User.administrateur_de_compte`): giving and removing roles.
# Held by the full groups only: a read-only role gives no action at all on its organisation.
_GESTION_COMPTES = _perms("users", "role", "add", "delete")

_BAILLEUR = _LECTURE | _REDACTION | _GESTION_COMPTES | _perms("users", "bailleur", "change")

_INSTRUCTEUR = (
    _LECTURE
    | _REDACTION
    | _perms("users", "bailleur", "change")
    | _perms("users", "administration", "change")
    | _perms("programmes", "programme", "delete")
    | _GESTION_COMPTES
    | {"conventions.validate_convention"}
)

# The national team (DGALN/DHUP and the APiLos team): reads every convention, keeps every organisation's
# details right, including the identifiers shared with other systems (SIRET, sous-nature, code). An explicit
# role: `is_staff` only opens the Django admin and gives no business right.
_EQUIPE_NATIONALE = _LECTURE | _perms("users", "bailleur", "change") | _perms("users", "administration", "change")

GROUPS: dict[str, frozenset[str]] = {
    "bailleur": frozenset(_BAILLEUR),
    "instructeur": frozenset(_INSTRUCTEUR),
    "administrateur": frozenset(_INSTRUCTEUR),
    "readonly_bailleur": frozenset(_LECTURE),
    "readonly_instructeur": frozenset(_LECTURE),
    "readonly_administrateur": frozenset(_LECTURE),
    "equipe_nationale": frozenset(_EQUIPE_NATIONALE),
}

# Group given to a Role of each typologie, read-only or not.
GROUP_BY_TYPOLOGIE = {
    ("BAILLEUR", False): "bailleur",
    ("INSTRUCTEUR", False): "instructeur",
    ("ADMINISTRATEUR", False): "administrateur",
    ("BAILLEUR", True): "readonly_bailleur",
    ("INSTRUCTEUR", True): "readonly_instructeur",
    ("ADMINISTRATEUR", True): "readonly_administrateur",
    ("EQUIPE_NATIONALE", False): "equipe_nationale",
}


def all_permissions() -> set[str]:
    return set().union(*GROUPS.values())
