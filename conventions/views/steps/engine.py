"""One step page: build the forms, validate (forms then conventions.rules), save, import a table, add rows.

Nothing is saved unless every blocking rule passes; optional rules (warnings) need the user's confirmation
("J'ai compris, enregistrer quand même"). Whatever the user typed stays on screen when the page comes back."""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse

from conventions import perms
from conventions.differences import colonnes_affichees, difference_table, lignes_affichees
from conventions.excel import imports as excel_imports
from conventions.forms.steps.base import FORM_ID, PAGE_FIELD, VERSION_FIELD, Edition, mark_invalid
from conventions.services import files as files_service
from conventions.services import versions
from conventions.steps.base import Step
from conventions.steps.registry import kind_of
from conventions.views.helpers import comment_context, recap_url, step_url

EXTRA_ROWS = 5
# A table longer than this is shown (and saved) by pages of this many rows: a 500-dwelling step stays light.
# The rules and the save still see the whole table (the other pages' stored rows).
TABLE_PAGE = 100


class ImportForm(forms.Form):
    fichier_import = forms.FileField(
        label="Fichier Excel (.xlsx)",
        required=False,
        help_text="Le tableau importé s'affiche pour vérification : il n'est enregistré qu'avec le bouton "
        "« Enregistrer ».",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "form": FORM_ID, "class": "fr-upload"}),
    )


def excel_links(convention, table: str) -> dict:
    """Links of the Excel work: model to fill in, all the models, export of the table."""
    return {
        "modele": reverse("conventions:excel_modele", args=[table]),
        "modeles_zip": reverse("conventions:excel_modele", args=["tous"]),
        "export": reverse("conventions:excel_export", args=[convention.uuid, table]),
    }


class StepPage:
    def __init__(self, request, convention, step: Step):
        self.request = request
        self.convention = convention
        self.step = step
        self.kind = kind_of(convention)
        self.edition = Edition(user=request.user, convention=convention, step=step.slug)
        self.retour = request.GET.get("retour") == "recap" or request.POST.get("retour") == "recap"
        self.form = None
        self.formset = None
        self.extra_context: dict = {}
        # A long table shown by pages: its stored rows before and after the page shown, and the page's links.
        self.rows_before: list[dict] = []
        self.rows_after: list[dict] = []
        self.table_page: dict | None = None

    # --- Building ------------------------------------------------------------------------------------------

    def build(self, data=None, files=None, *, table_data=None):
        step = self.step
        has_files = any(spec.files for spec in step.form_class.specs)
        self.fichiers = files_service.files_by_champ(self.convention) if has_files else {}
        self.form = step.form_class(
            data, files, edition=self.edition, objects=step.objects(self.convention), fichiers=self.fichiers
        )
        if step.table is not None:
            stored = step.stored_rows(self.convention)
            if table_data is None and len(stored) > TABLE_PAGE:  # an import shows (and saves) the whole table
                stored = self._page_of(stored, data)
            bound = table_data if table_data is not None else data
            self.formset = step.table.formset_class(bound, edition=self.edition, stored=stored)
            self.formset.page_number = self.table_page["number"] if self.table_page else None
            self.formset.page_size = TABLE_PAGE
        return self

    def _page_of(self, stored: list[dict], data) -> list[dict]:
        """The rows of the page asked for (posted with the table, or ?page_tableau=); keeps the others apart."""
        objet = self.step.table.formset_class.objet
        asked = (data or {}).get(f"{objet}-{PAGE_FIELD}") if data is not None else None
        asked = asked or self.request.GET.get("page_tableau")
        count = -(-len(stored) // TABLE_PAGE)
        try:
            number = min(max(int(asked or 1), 1), count)
        except (TypeError, ValueError):
            number = 1
        start, end = (number - 1) * TABLE_PAGE, number * TABLE_PAGE
        self.rows_before, self.rows_after = stored[:start], stored[end:]
        retour = "&retour=recap" if self.retour else ""
        self.table_page = {
            "number": number,
            "count": count,
            "start": start,
            "end": min(end, len(stored)),
            "total": len(stored),
            "links": [(n, f"?page_tableau={n}{retour}", n == number) for n in range(1, count + 1)],
        }
        return stored[start:end]

    def _whole_table(self, indexed: list) -> list:
        """(form index, row) of the whole table: the other pages' stored rows around the page's."""
        return (
            [(None, dict(row)) for row in self.rows_before]
            + list(indexed)
            + [(None, dict(row)) for row in self.rows_after]
        )

    # --- Validation ----------------------------------------------------------------------------------------

    def validate(self) -> tuple[bool, list, list[dict]]:
        """(blocking errors absent, optional warnings, rows to save)."""
        valid = self.form.is_valid()
        indexed = []
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
            indexed = self._whole_table(self.formset.rows())
        rows = [row for _, row in indexed]
        errors = self.step.check(convention=self.convention, form=self.form, rows=rows)
        blocking = [e for e in errors if not e.optional]
        self.place_errors(blocking, [index for index, _ in indexed])
        warnings = [e for e in errors if e.optional]
        return valid and not blocking, warnings, rows

    def place_errors(self, errors, index_map: list[int | None]):
        """Each rule error next to its cell, row, field or table; a field already in error keeps one message."""
        form, formset = self.form, self.formset
        for error in errors:
            if error.row is not None and formset is not None:
                index = index_map[error.row] if error.row < len(index_map) else None
                if index is None:
                    formset.add_table_error(str(error))
                    continue
                row_form = formset.forms[index]
                if error.field in row_form.fields:
                    if not row_form.errors.get(error.field):
                        row_form.add_error(error.field, error.message)
                else:
                    row_form.add_error(None, error.message)
            elif error.field in form.fields:
                if not form.errors.get(error.field):
                    form.add_error(error.field, error.message)
            elif formset is not None:
                formset.add_table_error(str(error))
            else:
                form.add_error(None, str(error))

    # --- Actions -------------------------------------------------------------------------------------------

    def get(self):
        self.build()
        return self.render()

    def post(self):
        post = self.request.POST
        if self.step.table is not None and "televerser" in post:
            return self.import_table()
        if self.step.table is not None and "ajouter_lignes" in post:
            return self.add_rows()
        self.build(post, self.request.FILES)
        valid, warnings, rows = self.validate()
        if not valid:
            files_lost = any(key != "fichier_import" for key in self.request.FILES)
            status = 409 if self.form.has_error(NON_FIELD_ERRORS, "version") else 200  # built on an old version
            return self.render(status=status, has_errors=True, warnings=warnings, files_lost=files_lost)
        if warnings and not post.get("confirmer_avertissements"):
            return self.render(warnings=warnings, ask_confirmation=True)
        table_rows = rows if self.formset is not None else None
        user, version = self.request.user, self.form.cleaned_data.get(VERSION_FIELD)
        try:
            with versions.saving(convention=self.convention, version=version, user=user):
                self.step.save(convention=self.convention, form=self.form, rows=table_rows, user=user)
        except versions.ConventionModifiee as exc:  # saved by someone else since the page was loaded
            self.form.add_error(None, exc.message)
            return self.render(status=409, has_errors=True)
        except IntegrityError:  # e.g. two people saving the same table at once: nothing was saved
            messages.error(
                self.request,
                "L'étape n'a pas été enregistrée : les données ont été modifiées en même temps par ailleurs. "
                "Rechargez la page puis recommencez.",
            )
            return self.render(status=409)
        messages.success(self.request, f"L'étape « {self.step.title} » est enregistrée.")
        if self.retour or post.get("action") == "recap":
            return redirect(recap_url(self.convention))
        return redirect(self.next_url())

    def add_rows(self):
        formset_class = self.step.table.formset_class
        data = formset_class.data_with_rows_added(self.request.POST, edition=self.edition, count=EXTRA_ROWS)
        self.build(data, None)
        self.form.hide_errors()
        self.formset.hide_errors()
        return self.render(focus_new_rows=True)

    def import_table(self):
        post = self.request.POST
        table = self.step.table
        refused = None
        if not self.edition.table(table.formset_class.objet):
            refused = "Vous ne pouvez pas remplacer ce tableau."
        upload = self.request.FILES.get("fichier_import")
        if refused is None and upload is None:
            refused = "Choisissez le fichier Excel (.xlsx) à téléverser."
        result = None
        if refused is None:
            result = excel_imports.import_table(table.import_name, upload, convention=self.convention)
        if refused or result.errors:
            self.build(post, None)
            self.form.hide_errors()
            self.formset.hide_errors()
            return self.render(import_errors=[refused] if refused else list(result.errors))
        data = table.formset_class.data_for_rows(list(result.rows), edition=self.edition, extra=EXTRA_ROWS)
        self.build(post, None, table_data=data)
        valid, warnings, _ = self.validate()
        self.form.hide_errors()  # the import concerns the table only
        count = len(result.rows)
        # What saving would change in the stored table (issue 19): rows added, changed cell by cell, removed.
        objet = table.objet
        self.extra_context["import_diff"] = difference_table(
            colonnes_affichees(objet),
            lignes_affichees(objet, self.step.stored_rows(self.convention)),
            lignes_affichees(objet, result.rows),
        )
        self.extra_context["import_done"] = (
            f"{count} ligne{'s' if count > 1 else ''} lue{'s' if count > 1 else ''} dans le fichier. Vérifiez le "
            "tableau puis enregistrez : rien n'est enregistré tant que vous n'avez pas cliqué sur « Enregistrer »."
        )
        return self.render(import_warnings=list(result.warnings), has_errors=not valid, warnings=warnings)

    # --- Rendering -----------------------------------------------------------------------------------------

    def next_url(self) -> str:
        following = self.kind.next_step(self.step.slug)
        return step_url(self.convention, following.slug) if following else recap_url(self.convention)

    def stepper(self) -> dict:
        steps = self.kind.steps
        position = self.kind.slugs.index(self.step.slug)
        following = self.kind.next_step(self.step.slug)
        return {
            "current_step_id": position + 1,
            "current_step_title": self.step.title,
            "next_step_title": following.title if following else "",
            "total_steps": len(steps),
            "heading_tag": "h1",
            "links": [
                {
                    "slug": step.slug,
                    "title": step.title,
                    "url": step_url(self.convention, step.slug),
                    "current": step.slug == self.step.slug,
                    "number": i + 1,
                }
                for i, step in enumerate(steps)
            ],
        }

    def render(self, *, status=200, **extra):
        user, convention = self.request.user, self.convention
        mark_invalid(self.form)
        if self.formset is not None and any(self.formset.errors):
            for row_form in self.formset.forms:
                mark_invalid(row_form)
        can_save = self.form.has_editable_field or (self.formset is not None and self._formset_editable())
        table = self.step.table
        objet = table.formset_class.objet if table else ""
        summary, summary_count = self.error_summary() if extra.get("has_errors") else ([], 0)
        context = {
            **comment_context(user, convention),
            "error_summary": summary,
            "error_count": summary_count,
            "page_title": f"{self.step.title} – Convention",
            "convention": convention,
            "role": perms.role_on(user, convention),
            "step": self.step,
            "stepper": self.stepper(),
            "form": self.form,
            "formset": self.formset,
            "step_form": self.form,
            "step_formset": self.formset,
            "table": table,
            "table_key": f"{objet}__table" if objet else "",
            "table_editable": bool(table) and self.edition.table(objet),
            "import_form": ImportForm() if table and self.edition.table(objet) else None,
            "excel_links": excel_links(convention, table.import_name) if table else {},
            "can_save": can_save,
            "read_only": not can_save,
            "partial_edit": can_save and not self.edition.full and self.edition.step_open,
            # An avenant's types open only some fields of this step (perms.open_champs).
            "champs_avenant": can_save and not self.edition.step_open,
            "retour": self.retour,
            "retour_field": forms.HiddenInput().render("retour", "recap"),
            "form_id": FORM_ID,
            "recap_url": recap_url(convention),
            "next_url": self.next_url(),
            "fichiers": self.fichiers,
            "table_totals": self.table_totals(),
            "table_page": self.table_page,
            "row_offset": self.table_page["start"] if self.table_page else 0,
            **self.extra_context,
            **extra,
        }
        return render(self.request, "conventions/steps/step.html", context, status=status)

    def table_totals(self) -> dict | None:
        """The totals row of the table as shown (Table.totals): rows being removed and blank rows left out."""
        table = self.step.table
        if table is None or table.totals is None:
            return None
        columns = [cell.name for cell in self.formset.empty_form.columns]
        rows = []
        for form in self.formset.forms:
            if "DELETE" in form.fields and form["DELETE"].value():
                continue
            values = {name: form[name].value() for name in columns}
            # A blank row still posts the first choice of its selects (the type): it is not a dwelling.
            typed = [v for name, v in values.items() if not isinstance(form.fields[name].widget, forms.Select)]
            if any(v not in (None, "") for v in typed):
                rows.append(values)
        return table.totals([*self.rows_before, *rows, *self.rows_after], columns)

    def error_summary(self, limit: int = 15) -> tuple[list[dict], int]:
        """([{"label", "message", "anchor"}], total count): the errors of the page, with links to the inputs."""
        items = []
        form = self.form
        if form.errors:
            for name, errors in form.errors.items():
                if name in form.fields:
                    anchor, label = form[name].auto_id, form.fields[name].label
                else:
                    anchor, label = "erreurs-etape", "Étape"
                items += [{"label": label, "message": message, "anchor": anchor} for message in errors]
        if self.formset is not None:
            items += [
                {"label": "Tableau", "message": message, "anchor": "titre-tableau"}
                for message in self.formset.non_form_errors()
            ]
            offset = self.table_page["start"] if self.table_page else 0  # rows are numbered across pages
            for number, row in enumerate(self.formset.forms, start=1):
                shown = number + offset
                for name, errors in row.errors.items():
                    if name in row.fields:
                        anchor, label = row[name].auto_id, f"Ligne {shown}, {row.fields[name].label.lower()}"
                    else:
                        anchor, label = f"ligne-{self.formset.prefix}-{number}", f"Ligne {shown}"
                    items += [{"label": label, "message": message, "anchor": anchor} for message in errors]
        return items[:limit], len(items)

    def _formset_editable(self) -> bool:
        objet = self.formset.objet
        if self.edition.table(objet):
            return True
        return any(not form.locked for form in self.formset.forms)
