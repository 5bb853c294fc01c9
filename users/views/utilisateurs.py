from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.filters import filtered_page
from users import perms, services
from users.enums import TypeRole
from users.filters import UtilisateurFilterSet
from users.forms import RoleAddForm, UserCreateForm, UserIdentityForm
from users.models import Administration, Bailleur, Role, User
from users.roles import GROUP_BY_TYPOLOGIE
from users.views.helpers import settings_menu
from users.views.profil import add_errors


def _administered_organisations(user) -> list:
    orgs = perms.organisations_administered(user)
    bailleurs, administrations = (
        Bailleur.objects.only("id", "uuid", "nom"),
        Administration.objects.only("id", "uuid", "nom"),
    )
    if not orgs.everything:
        bailleurs = bailleurs.filter(pk__in=orgs.bailleur_ids)
        administrations = administrations.filter(pk__in=orgs.administration_ids)
    return [*bailleurs.order_by("nom"), *administrations.order_by("nom")]


def _group_for(organisation, *, read_only: bool) -> str:
    typologie = TypeRole.BAILLEUR if isinstance(organisation, Bailleur) else TypeRole.INSTRUCTEUR
    return GROUP_BY_TYPOLOGIE[(typologie, read_only)]


def user_list(request):
    viewer = request.user
    queryset = User.objects.visible_to(viewer).prefetch_related(
        Prefetch("roles", queryset=Role.objects.select_related("bailleur", "administration", "group"))
    )
    context = filtered_page(request, UtilisateurFilterSet(request.GET, queryset=queryset))
    for listed in context["page_obj"].object_list:
        listed.organisations = [(r.bailleur or r.administration or r.perimetre_label) for r in listed.roles.all()]
    return render(
        request,
        "users/utilisateurs.html",
        {
            **context,
            "page_title": "Utilisateurs",
            "menu": settings_menu(request),
            "can_add_user": perms.can_add_user(viewer),
            "is_account_admin": perms.is_account_admin(viewer),
        },
    )


def user_create(request):
    viewer = request.user
    if not perms.can_add_user(viewer):
        raise PermissionDenied("Seuls les administrateurs de compte peuvent ajouter des utilisateurs.")
    organisations = _administered_organisations(viewer)
    form = UserCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["organisation"]
        try:
            user = services.user_create(
                created_by=viewer,
                organisation=organisation,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                telephone=data["telephone"],
                group_name=_group_for(organisation, read_only=data["lecture_seule"]),
                administrateur_de_compte=data["administrateur_de_compte"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Le compte de {user.get_full_name()} est créé. Un e-mail lui a été envoyé à {user.email} pour "
                "qu'il choisisse son mot de passe.",
            )
            return redirect("parametres_utilisateur", username=user.username)
    return render(
        request,
        "users/utilisateur_nouveau.html",
        {"page_title": "Ajouter un utilisateur", "menu": settings_menu(request), "form": form},
        status=400 if form.is_bound else 200,
    )


def _visible_user(request, username) -> User:
    return get_object_or_404(User.objects.visible_to(request.user), username=username)


def _role_rows(viewer, target):
    rows = []
    for role in target.roles.select_related("bailleur", "administration", "group").order_by("typologie", "id"):
        rows.append(
            {
                "role": role,
                "organisation": role.bailleur or role.administration or role.perimetre_label,
                "lecture_seule": role.group.name.startswith("readonly_"),
                "can_remove": perms.can_remove_role(viewer, role),
            }
        )
    return rows


def user_detail(request, username):
    viewer = request.user
    target = _visible_user(request, username)
    can_manage = perms.can_manage_account(viewer, target)
    form = UserIdentityForm(request.POST or None, instance=target) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Vous ne pouvez pas modifier ce compte.")
        if form.is_valid():
            try:
                services.user_update(by=viewer, user=target, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Le compte est enregistré.")
                return redirect("parametres_utilisateur", username=target.username)
        target.refresh_from_db()
    return render(request, "users/utilisateur.html", _detail_context(request, target, form=form))


def _detail_context(request, target, *, form=None, role_form=None):
    viewer = request.user
    can_administer = perms.can_administer(viewer, target)
    addable = []
    if can_administer:
        held = perms.organisations_of(target)
        addable = [o for o in _administered_organisations(viewer) if not held.contains(o)]
    return {
        "page_title": f"Compte de {target.get_full_name() or target.username}",
        "menu": settings_menu(request),
        "target": target,
        "roles": _role_rows(viewer, target),
        "form": form,
        "can_administer": can_administer,
        "can_manage": perms.can_manage_account(viewer, target),
        "role_form": role_form or (RoleAddForm(organisations=addable) if addable else None),
        "password_chosen": target.has_usable_password(),
    }


def _target_for_action(request, username) -> User:
    target = _visible_user(request, username)
    if not perms.can_administer(request.user, target):
        raise PermissionDenied("Vous ne pouvez pas gérer ce compte.")
    return target


@require_POST
def user_role_add(request, username):
    viewer = request.user
    target = _target_for_action(request, username)
    held = perms.organisations_of(target)
    addable = [o for o in _administered_organisations(viewer) if not held.contains(o)]
    form = RoleAddForm(request.POST, organisations=addable)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        group_name = _group_for(organisation, read_only=form.cleaned_data["lecture_seule"])
        try:
            services.role_add(by=viewer, user=target, organisation=organisation, group_name=group_name)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{target} a maintenant un rôle sur {organisation.nom}.")
            return redirect("parametres_utilisateur", username=target.username)
    return render(request, "users/utilisateur.html", _detail_context(request, target, role_form=form), status=400)


@require_POST
def user_role_remove(request, username, role_id):
    target = _target_for_action(request, username)
    role = get_object_or_404(Role.objects.select_related("bailleur", "administration", "user"), pk=role_id, user=target)
    services.role_remove(by=request.user, role=role)
    organisation = role.bailleur or role.administration
    messages.success(
        request, f"Le rôle de {target} sur {organisation.nom if organisation else 'ce périmètre'} est retiré."
    )
    return redirect("parametres_utilisateur", username=target.username)


@require_POST
def user_account_admin(request, username):
    target = _target_for_action(request, username)
    value = request.POST.get("administrateur_de_compte") == "1"
    try:
        services.set_account_administrator(by=request.user, user=target, value=value)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if value:
            messages.success(request, f"{target} est maintenant administrateur de compte.")
        else:
            messages.success(request, f"{target} n'est plus administrateur de compte.")
    return redirect("parametres_utilisateur", username=target.username)


@require_POST
def user_activation(request, username):
    target = _target_for_action(request, username)
    if request.POST.get("actif") == "1":
        services.user_reactivate(by=request.user, user=target)
        messages.success(request, f"Le compte de {target} est réactivé.")
    else:
        services.user_deactivate(by=request.user, user=target)
        messages.success(
            request,
            f"Le compte de {target} est désactivé : il ne peut plus se connecter. Son historique est conservé.",
        )
    return redirect("parametres_utilisateur", username=target.username)


@require_POST
def user_welcome_resend(request, username):
    target = _target_for_action(request, username)
    try:
        services.welcome_resend(user=target, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Un nouveau lien d'activation a été envoyé à {target.email}.")
    return redirect("parametres_utilisateur", username=target.username)
