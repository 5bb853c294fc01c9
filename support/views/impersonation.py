from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from support.forms import ImpersonationForm, RechercheUtilisateurForm
from support.models import ImpersonationLog
from support.perms import can_impersonate
from support.views.common import national_team_required
from users.models import User

MAX_RESULTATS = 30


@require_GET
@national_team_required
def index(request):
    tuiles = [
        (
            "Voir le site en tant qu'un utilisateur",
            reverse("support:utilisateurs"),
            "Comprendre ce que voit un utilisateur.",
        ),
        (
            "Réaffecter des conventions",
            reverse("support:reaffectation_conventions"),
            "Vers une autre administration ou un autre bailleur, avec aperçu.",
        ),
        (
            "Transférer les communes d'une délégation",
            reverse("support:reaffectation_delegation"),
            "D'une administration à une autre, avec leurs conventions.",
        ),
        (
            "Exploitation",
            reverse("support:exploitation"),
            "File des tâches, webhooks, appels SIAP, e-mails et documents en échec.",
        ),
        ("Exports nationaux", reverse("support:exports"), "Conventions par département, en CSV ou Excel."),
    ]
    return render(request, "support/index.html", {"page_title": "Support et exploitation", "tuiles": tuiles})


@require_GET
@national_team_required
def utilisateurs(request):
    """Find a user to view the site as them. The button is shown only where can_impersonate allows it."""
    form = RechercheUtilisateurForm(request.GET or None)
    resultats = []
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        users = (
            User.objects.filter(
                Q(username__icontains=q)
                | Q(email__icontains=q)
                | Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
            )
            .order_by("username")
            .prefetch_related("roles__bailleur", "roles__administration")[:MAX_RESULTATS]
        )
        resultats = [
            {
                "user": u,
                "can_impersonate": can_impersonate(request.user, u),
                "form": ImpersonationForm(initial={"user_pk": u.pk}, auto_id=False),
            }
            for u in users
        ]
    derniers = ImpersonationLog.objects.filter(hijacker=request.user)[:10]
    return render(
        request,
        "support/utilisateurs.html",
        {
            "page_title": "Voir le site en tant qu'un utilisateur",
            "form": form,
            "resultats": resultats,
            "max_resultats": MAX_RESULTATS,
            "derniers": derniers,
        },
    )
