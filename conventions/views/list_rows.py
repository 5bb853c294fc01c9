"""The rows of the conventions list and of the « À traiter » queue, built in Python: twenty conventions and
their avenants through the template engine were 15 ms of CPU a page, more than every query of the page
together. Each value goes through `html.escape` (what Django's escape does) into an f-string: format_html's
per-argument checks cost half as much again as the text itself. The list's columns are those of
`conventions.views.list.COLUMNS`."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from conventions.templatetags.conventions_tags import statut_severity

_UUID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
_TIRET = "—"


def _e(value) -> str:
    return escape(str(value), quote=True)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else _TIRET


def _operation_cell(c, recap_url: str) -> str:
    """Title and link (an avenant: arrow and its types), then the operation and convention numbers."""
    programme = c.programme
    if c.parent_id:
        types = ", ".join(t.label for t in c.avenant_types.all())
        html = f'<a href="{_e(recap_url)}">↳ {_e(c.titre)}</a><br><span class="fr-text--xs">{_e(types)}</span>'
    else:
        html = f'<a href="{_e(recap_url)}">{_e(programme.nom)}</a>'
    if programme.numero_operation:
        html += f'<br><span class="fr-text--xs">Opération {_e(programme.numero_operation)}</span>'
    if c.numero:
        html += f'<br><span class="fr-text--xs">Convention {_e(c.numero)}</span>'
    return html


def _row(row: dict, recap_prefix: str) -> str:
    c = row["convention"]
    programme, lot = c.programme, c.lot
    administration = programme.administration.nom if programme.administration_id else ""
    ville = _e(programme.ville or _TIRET)
    if programme.code_postal:
        ville += f" ({_e(programme.code_postal)})"
    avenant = ' class="apilos-row-avenant"' if row.get("avenant") else ""
    operation = _operation_cell(c, recap_prefix.replace(_UUID_PLACEHOLDER, str(c.uuid)))
    return (
        f"<tr{avenant}>"
        f'<td><p class="fr-badge fr-badge--sm fr-badge--{_e(statut_severity(row["statut"]))}">'
        f"{_e(row['statut_label'])}</p></td>"
        f'<td class="fr-cell--multiline">{operation}</td>'
        f'<td class="fr-cell--multiline">{_e(programme.bailleur.nom)}<br>'
        f'<span class="fr-text--xs">{_e(administration or "Administration non rattachée")}</span></td>'
        f"<td>{_e(lot.get_financement_display())}</td>"
        f'<td class="fr-cell--multiline">{ville}</td>'
        f"<td>{_e(lot.nb_logements or _TIRET)}</td>"
        f'<td class="apilos-nowrap">{_date(programme.date_achevement_compile)}</td>'
        f'<td class="apilos-nowrap">{_date(c.date_signature)}</td>'
        "</tr>"
    )


def rows_html(rows: list[dict]) -> SafeString:
    """The <tr> of each row ({"convention", "statut", "statut_label", "avenant"?}), every value escaped."""
    recap_prefix = reverse("conventions:recap", args=[_UUID_PLACEHOLDER])
    return mark_safe("\n".join(_row(row, recap_prefix) for row in rows))


def _depuis(ligne) -> str:
    if ligne.en_retard:
        return (
            f'<p class="fr-badge fr-badge--sm fr-badge--warning" title="Délai prévu : {ligne.seuil} jours">'
            f"{ligne.jours} jours</p>"
        )
    return f"{ligne.jours} jour{'' if ligne.jours == 1 else 's'}"


def lignes_a_traiter_html(lignes: list) -> SafeString:
    """The <tr> of a group of the queue (conventions.queue.Ligne): operation, bailleur and administration,
    financement, days in the status (a badge past the threshold)."""
    recap_prefix = reverse("conventions:recap", args=[_UUID_PLACEHOLDER])
    rows = []
    for ligne in lignes:
        c = ligne.convention
        programme = c.programme
        administration = programme.administration.nom if programme.administration_id else ""
        numero = f" – convention {_e(c.numero)}" if c.numero else ""
        if c.parent_id:  # an avenant waits under its own operation's name: said, with its number once it has one
            numero += f" – avenant n° {c.numero_avenant}" if c.numero_avenant else " – avenant"
        rows.append(
            "<tr>"
            f'<td class="fr-cell--multiline"><a href="{_e(recap_prefix.replace(_UUID_PLACEHOLDER, str(c.uuid)))}">'
            f'{_e(programme.nom)}</a><br><span class="fr-text--xs">{_e(programme.ville)}{numero}</span></td>'
            f'<td class="fr-cell--multiline">{_e(programme.bailleur.nom)}<br>'
            f'<span class="fr-text--xs">{_e(administration or _TIRET)}</span></td>'
            f"<td>{_e(c.lot.get_financement_display())}</td>"
            f'<td class="apilos-nowrap">{_depuis(ligne)}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(rows))
