from django.shortcuts import render
from django.views.decorators.http import require_GET

from conventions.enums import ConventionStatut
from conventions.stats import charts, selectors
from programmes.querysets import sees_every_convention


@require_GET
def statistiques(request):
    user = request.user
    stats = selectors.statistics_for(user)
    statuts_actifs = [(code, label) for code, label in ConventionStatut.choices if code != ConventionStatut.ANNULEE]
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
