from django.shortcuts import render
from django.views.decorators.http import require_GET

from conventions import perms
from conventions.enums import ConventionStatut, statut_label
from conventions.stats import charts, selectors
from programmes.querysets import sees_every_convention


@require_GET
def statistiques(request):
    user = request.user
    cached = selectors.statistics_for(user)
    # The same status wording as the list (conventions.enums.statut_label, by the user's side): the cached
    # figures are shared by a scope, the labels are put on here.
    role = perms.role_for_labels(user)
    stats = {**cached, "statuts": [{**s, "label": statut_label(s["code"], role=role)} for s in cached["statuts"]]}
    statuts_actifs = [
        (code, statut_label(code, role=role)) for code in ConventionStatut.values if code != ConventionStatut.ANNULEE
    ]
    statut_rows = [{**s, "css": charts.STATUT_CLASSES[s["code"]]} for s in stats["statuts"]]
    return render(
        request,
        "stats/index.html",
        {
            "page_title": "Statistiques",
            "stats": stats,
            "national": sees_every_convention(user),
            "cache_minutes": selectors.CACHE_TTL_SECONDS // 60,
            "chart_statuts": charts.bar_chart(statut_rows),
            "chart_departements": charts.stacked_chart(stats["departements"], statuts_actifs),
            "legende_departements": [
                {"label": label, "css": charts.STATUT_CLASSES[code]} for code, label in statuts_actifs
            ],
            "statuts_actifs": statuts_actifs,
            "departement_rows": [
                {**d, "cells": [d["statuts"].get(code, 0) for code, _label in statuts_actifs]}
                for d in stats["departements"]
            ],
            "chart_commentaires": charts.bar_chart(stats["commentaires"]),
            "chart_completion": charts.bar_chart(stats["completion"], value_key="pourcentage", suffix=" %"),
        },
    )
