"""The rows of the conventions list, built in Python: twenty conventions and their avenants through the template
engine were 15 ms of CPU a page, more than every query of the page together; the same markup made with
format_html costs a tenth of that. The columns are those of `conventions.views.list.COLUMNS`."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from conventions.templatetags.conventions_tags import statut_severity

_UUID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
_TIRET = "—"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else _TIRET


def _operation_cell(c, recap_url: str) -> SafeString:
    """Title and link (an avenant: arrow and its types), then the operation and convention numbers."""
    programme = c.programme
    if c.parent_id:
        types = ", ".join(t.label for t in c.avenant_types.all())
        parts = [format_html('<a href="{}">↳ {}</a><br><span class="fr-text--xs">{}</span>', recap_url, c.titre, types)]
    else:
        parts = [format_html('<a href="{}">{}</a>', recap_url, programme.nom)]
    if programme.numero_operation:
        parts.append(format_html('<br><span class="fr-text--xs">Opération {}</span>', programme.numero_operation))
    if c.numero:
        parts.append(format_html('<br><span class="fr-text--xs">Convention {}</span>', c.numero))
    return mark_safe("".join(parts))


def _row(row: dict, recap_prefix: str) -> SafeString:
    c = row["convention"]
    programme, lot = c.programme, c.lot
    administration = programme.administration.nom if programme.administration_id else ""
    ville = (
        format_html("{} ({})", programme.ville or _TIRET, programme.code_postal)
        if programme.code_postal
        else (programme.ville or _TIRET)
    )
    return format_html(
        "<tr{}>"
        '<td><p class="fr-badge fr-badge--sm fr-badge--{}">{}</p></td>'
        '<td class="fr-cell--multiline">{}</td>'
        '<td class="fr-cell--multiline">{}<br><span class="fr-text--xs">{}</span></td>'
        "<td>{}</td>"
        '<td class="fr-cell--multiline">{}</td>'
        "<td>{}</td>"
        '<td class="apilos-nowrap">{}</td>'
        '<td class="apilos-nowrap">{}</td>'
        "</tr>",
        mark_safe(' class="apilos-row-avenant"') if row.get("avenant") else "",
        statut_severity(row["statut"]),
        row["statut_label"],
        _operation_cell(c, recap_prefix.replace(_UUID_PLACEHOLDER, str(c.uuid))),
        programme.bailleur.nom,
        administration or "Administration non rattachée",
        lot.get_financement_display(),
        ville,
        lot.nb_logements or _TIRET,
        _date(programme.date_achevement_compile),
        _date(c.date_signature),
    )


def rows_html(rows: list[dict]) -> SafeString:
    """The <tr> of each row ({"convention", "statut", "statut_label", "avenant"?}), escaped by format_html."""
    recap_prefix = reverse("conventions:recap", args=[_UUID_PLACEHOLDER])
    return format_html_join("\n", "{}", ((_row(row, recap_prefix),) for row in rows))
