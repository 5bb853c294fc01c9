"""Users, roles and organisations: the only place where they change (views parse input, then call one of these).

Every service checks its permission with users.perms and raises PermissionDenied (→ 403) when refused, or
ValidationError with a French message for bad input. Nothing here deletes a user: accounts are deactivated,
so that the history that names them (convention history, comments, files) stays whole.
"""

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from users import perms
from users.emails import send_welcome
from users.enums import EmailPreferences, TypeRole
from users.models import Administration, Bailleur, Role, User

# Fields a user may change on their own profile, and an account administrator on their users' profiles.
PROFILE_FIELDS = ("first_name", "last_name", "email", "telephone", "preferences_email")
BAILLEUR_RESERVED_FIELDS = ("siret", "sous_nature")
ADMINISTRATION_RESERVED_FIELDS = ("code",)


def set_password_path(user: User) -> str:
    """Path of the page where `user` chooses a password (Django's reset token: single use, expires after
    settings.PASSWORD_RESET_TIMEOUT, invalidated by a login or a password change)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})


def _email_taken(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def _typologie_for(organisation) -> str:
    if isinstance(organisation, Bailleur):
        return TypeRole.BAILLEUR
    if isinstance(organisation, Administration):
        return TypeRole.INSTRUCTEUR
    raise ValidationError("Choisissez un bailleur ou une administration.")


def _create_role(*, user: User, organisation, group_name: str) -> Role:
    typologie = _typologie_for(organisation)
    group, _ = Group.objects.get_or_create(name=group_name)
    entite = {"bailleur": organisation} if typologie == TypeRole.BAILLEUR else {"administration": organisation}
    try:
        with transaction.atomic():
            role = Role.objects.create(user=user, typologie=typologie, group=group, **entite)
    except IntegrityError as exc:
        raise ValidationError(f"{user} a déjà un rôle sur {organisation.nom}.") from exc
    user.__dict__.pop("_roles", None)  # role helpers are cached on the instance
    return role


def _check_group(*, created_by: User, organisation, group_name: str | None) -> str:
    grantable = perms.grantable_groups(created_by, organisation)
    if not grantable:
        raise PermissionDenied("Vous n'administrez pas cette organisation.")
    group_name = group_name or grantable[0]
    if group_name not in grantable:
        raise PermissionDenied("Vous ne pouvez pas donner un droit que vous ne détenez pas vous-même.")
    return group_name


@transaction.atomic
def user_create(
    *,
    created_by: User,
    organisation: Bailleur | Administration,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    telephone: str = "",
    group_name: str | None = None,
    administrateur_de_compte: bool = False,
    preferences_email: str = EmailPreferences.PARTIEL,
) -> User:
    """Create an account with a role on one of the creator's organisations, then send the welcome e-mail
    with a link to choose a password (no usable password until then; never a password in an e-mail)."""
    if not perms.can_add_user(created_by) or not perms.organisations_administered(created_by).contains(organisation):
        raise PermissionDenied("Vous ne pouvez pas ajouter d'utilisateur à cette organisation.")
    group_name = _check_group(created_by=created_by, organisation=organisation, group_name=group_name)
    username = (username or "").strip()
    email = (email or "").strip()
    errors = {}
    if not username:
        errors["username"] = "L'identifiant est obligatoire."
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = "Cet identifiant est déjà utilisé : choisissez-en un autre."
    if not email:
        errors["email"] = "L'adresse e-mail est obligatoire : le lien d'activation y est envoyé."
    elif _email_taken(email):
        errors["email"] = "Un compte utilise déjà cette adresse e-mail."
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        telephone=telephone.strip(),
        preferences_email=preferences_email,
        administrateur_de_compte=bool(administrateur_de_compte),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _create_role(user=user, organisation=organisation, group_name=group_name)
    send_welcome_email(user=user, created_by=created_by)
    return user


def send_welcome_email(*, user: User, created_by: User | None) -> None:
    """Queue the welcome e-mail (E7) once the account is committed (the worker reads it from the database)."""
    path = set_password_path(user)
    transaction.on_commit(lambda: send_welcome(user=user, created_by=created_by, set_password_url=path))


def welcome_resend(*, user: User, by: User) -> None:
    """A new activation link, for an account that has not chosen its password yet."""
    if not perms.can_manage_account(by, user):
        raise PermissionDenied("Vous ne pouvez pas gérer ce compte.")
    if not user.is_active:
        raise ValidationError("Ce compte est désactivé : réactivez-le d'abord.")
    send_welcome_email(user=user, created_by=by)


@transaction.atomic
def role_add(*, by: User, user: User, organisation, group_name: str | None = None) -> Role:
    """Give `user` a role on one of the organisations `by` administers."""
    if not perms.can_add_role(by, user, organisation):
        raise PermissionDenied("Vous ne pouvez pas donner de rôle sur cette organisation à cet utilisateur.")
    group_name = _check_group(created_by=by, organisation=organisation, group_name=group_name)
    return _create_role(user=user, organisation=organisation, group_name=group_name)


@transaction.atomic
def role_remove(*, by: User, role: Role) -> None:
    """Withdraw a role. A role is a habilitation, not history: the convention history keeps the user."""
    if not perms.can_remove_role(by, role):
        raise PermissionDenied("Vous ne pouvez pas retirer ce rôle.")
    role.delete()


@transaction.atomic
def set_account_administrator(*, by: User, user: User, value: bool) -> User:
    """Grant or withdraw "administrateur de compte". Only an account administrator managing every
    organisation of the user may do it (the right reaches all of them); never on oneself."""
    if not perms.is_account_admin(by) or not perms.can_manage_account(by, user):
        raise PermissionDenied("Vous ne pouvez pas modifier les droits d'administration de ce compte.")
    if value and not (user.bailleur_ids() or user.administration_ids()) and not by.is_superuser:
        raise ValidationError("Ce compte n'a aucun rôle sur une organisation : donnez-lui d'abord un rôle.")
    user.administrateur_de_compte = bool(value)
    user.save(update_fields=["administrateur_de_compte"])
    return user


@transaction.atomic
def user_deactivate(*, by: User, user: User) -> User:
    """The account can no longer log in (nor use its API keys, nor receive e-mails); its roles and every
    trace of its work stay, so it may be reactivated."""
    if not perms.can_manage_account(by, user):
        raise PermissionDenied("Vous ne pouvez pas désactiver ce compte.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, by: User, user: User) -> User:
    if not perms.can_manage_account(by, user):
        raise PermissionDenied("Vous ne pouvez pas réactiver ce compte.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def _apply_profile(user: User, changes: dict) -> None:
    unknown = set(changes) - set(PROFILE_FIELDS) - {"filtre_departements"}
    if unknown:
        raise PermissionDenied(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    email = changes.get("email")
    if email is not None:
        email = email.strip()
        if not email:
            raise ValidationError({"email": "L'adresse e-mail est obligatoire."})
        if _email_taken(email, exclude=user):
            raise ValidationError({"email": "Un autre compte utilise déjà cette adresse e-mail."})
        changes["email"] = email
    for field in PROFILE_FIELDS:
        if field in changes:
            setattr(user, field, changes[field])
    user.full_clean(exclude=["password", "username"])
    user.save()
    if "filtre_departements" in changes:
        user.filtre_departements.set(changes["filtre_departements"])
        user.__dict__.pop("_departement_prefixes", None)


@transaction.atomic
def profile_update(*, user: User, **changes) -> User:
    """The user's own profile. The département filter only means something for a bailleur."""
    if not perms._active(user):
        raise PermissionDenied("Compte inactif.")
    if "filtre_departements" in changes and not user.is_bailleur():
        changes.pop("filtre_departements")
    _apply_profile(user, changes)
    return user


@transaction.atomic
def user_update(*, by: User, user: User, **changes) -> User:
    """An account administrator corrects a user's identity (name, e-mail, phone, preferences)."""
    if not perms.can_manage_account(by, user):
        raise PermissionDenied("Vous ne pouvez pas modifier ce compte.")
    changes.pop("filtre_departements", None)
    _apply_profile(user, changes)
    return user


@transaction.atomic
def organisation_update(*, by: User, organisation: Bailleur | Administration, **changes):
    """Update a bailleur or an administration. Identifiers (SIRET, sous-nature, code) are reserved to the
    national team; sending them otherwise is refused rather than silently ignored."""
    if not perms.can_edit_organisation(by, organisation):
        raise PermissionDenied("Vous ne pouvez pas modifier cette organisation.")
    reserved = BAILLEUR_RESERVED_FIELDS if isinstance(organisation, Bailleur) else ADMINISTRATION_RESERVED_FIELDS
    if not perms.can_edit_reserved_fields(by):
        touched = [f for f in reserved if f in changes and changes[f] != getattr(organisation, f)]
        if touched:
            raise PermissionDenied("Seule l'équipe nationale peut modifier les identifiants de l'organisation.")
    editable = {f.name for f in organisation._meta.concrete_fields if f.editable and not f.primary_key}
    for field, value in changes.items():
        if field not in editable:
            raise PermissionDenied(f"Champ non modifiable : {field}.")
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    return organisation
