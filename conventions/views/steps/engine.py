"""One step page: build the forms, validate (forms then conventions.rules), save, import a table, add rows.

Nothing is saved unless every blocking rule passes; optional rules (warnings) need the user's confirmation
("J'ai compris, enregistrer quand même"). Whatever the user typed stays on screen when the page comes back.

A step has at most one table, or several sections (`Step.sections`: the four dwelling tables of ordinary
housing). Each table is a `Section` of the page: its formset, its page of rows, its import. The rows of all the
sections reach the rules and the save as one list, each tagged with its section ("tableau"); an unticked
section's rows are removed (after confirmation when it had rows); a section that was not posted is kept."""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError
from django.shortcuts import redirect, render

from conventions import perms
from conventions.differences import colonnes_affichees, difference_table, lignes_affichees
from conventions.excel import imports as excel_imports
from conventions.forms.steps.base import FORM_ID, PAGE_FIELD, VERSION_FIELD, Edition, mark_invalid
from conventions.forms.steps.rows import cell_value
from conventions.links import historique_url
from conventions.rules import RuleError
from conventions.services import files as files_service
from conventions.services import versions
from conventions.steps.base import Step
from conventions.steps.registry import kind_of
from conventions.views.helpers import comment_context, recap_url, step_url
from conventions.views.steps.sections import IMPORT_FIELD, ImportForm, Section, excel_links

EXTRA_ROWS = 5
# A table longer than this is shown (and saved) by pages of this many rows: a 500-dwelling step stays light.
# The rules and the save still see the whole table (the other pages' stored rows).
TABLE_PAGE = 100


class StepPage:
    def __init__(self, request, convention, step: Step):
        self.request = request
        self.convention = convention
        self.step = step
        self.kind = kind_of(convention)
        self.edition = Edition(user=request.user, convention=convention, step=step.slug)
        self.retour = request.GET.get("retour") == "recap" or request.POST.get("retour") == "recap"
        self.form = None
        self.sections: list[Section] = []
        self.extra_context: dict = {}

    @property
    def formset(self):
        """The formset of the step's (first) table, None without a table."""
        return self.sections[0].formset if self.sections else None

    def table_named(self, objet: str | None) -> Section:
        """The table a button names by its value (its objet); the first one for any other value ("1")."""
        tables = self.step.tables
        index = next((i for i, table in enumerate(tables) if table.objet == objet), 0)
        return Section(tables[index], first=index == 0)

    # --- Building ------------------------------------------------------------------------------------------

    def build(self, data=None, files=None, *, table_data: dict | None = None):
        """The forms, bound to `data`; `table_data` {objet: data} replaces the posted data of a table (an Excel
        import: the whole table is shown, not a page)."""
        step = self.step
        has_files = any(spec.files for spec in step.form_class.specs)
        self.fichiers = files_service.files_by_champ(self.convention) if has_files else {}
        self.form = step.form_class(
            data, files, edition=self.edition, objects=step.objects(self.convention), fichiers=self.fichiers
        )
        table_data = table_data or {}
        tables = step.tables
        stored_tables = step.stored_tables(self.convention) if tables else {}
        empty_step = not any(stored_tables.values())
        self.sections = []
        for index, table in enumerate(tables):
            section = Section(table, first=index == 0)
            stored = stored_tables[table.objet]
            section.stored_count = len(stored)
            own_data = table_data.get(table.objet)
            if own_data is None and len(stored) > TABLE_PAGE:  # an import shows (and saves) the whole table
                stored = self._page_of(section, stored, data)
            bound = own_data if own_data is not None else data
            if bound is not None and section.is_section and f"{table.objet}-TOTAL_FORMS" not in bound:
                bound, section.kept_as_stored = None, True
            # A section is ticked when it has rows; on a step without any row yet, the first one is.
            active = section.stored_count > 0 or (empty_step and index == 0)
            section.formset = table.formset_class(bound, edition=self.edition, stored=stored, active=active)
            section.formset.page_number = section.page["number"] if section.page else None
            section.formset.page_size = TABLE_PAGE
            self.sections.append(section)
        return self

    def _page_of(self, section: Section, stored: list[dict], data) -> list[dict]:
        """The rows of the page asked for (posted with the table, or ?page_tableau=); keeps the others apart."""
        objet = section.objet
        asked = (data or {}).get(f"{objet}-{PAGE_FIELD}") if data is not None else None
        asked = asked or self.request.GET.get(section.page_param)
        count = -(-len(stored) // TABLE_PAGE)
        try:
            number = min(max(int(asked or 1), 1), count)
        except (TypeError, ValueError):
            number = 1
        start, end = (number - 1) * TABLE_PAGE, number * TABLE_PAGE
        section.rows_before, section.rows_after = stored[:start], stored[end:]
        retour = "&retour=recap" if self.retour else ""
        section.page = {
            "number": number,
            "count": count,
            "start": start,
            "end": min(end, len(stored)),
            "total": len(stored),
            "links": [(n, f"?{section.page_param}={n}{retour}", n == number) for n in range(1, count + 1)],
        }
        return stored[start:end]

    # --- Validation ----------------------------------------------------------------------------------------

    def validate(self) -> tuple[bool, list, list[dict]]:
        """(blocking errors absent, optional warnings, rows to save)."""
        valid = self.form.is_valid()
        indexed, warnings = [], []  # indexed: (section, form index or None, row) of the whole step
        for section in self.sections:
            formset = section.formset
            if section.kept_as_stored:
                indexed += [(section, None, dict(row)) for row in section.stored()]
                continue
            if not formset.active:
                warnings += self._section_removed(section)
                continue
            valid = formset.is_valid() and valid
            indexed += [(section, index, row) for index, row in section.whole_table(formset.rows())]
        rows = []
        for section, _, row in indexed:
            if section.is_section:
                row["tableau"] = section.table.formset_class.section
            rows.append(row)
        errors = self.step.check(convention=self.convention, form=self.form, rows=rows)
        blocking = [e for e in errors if not e.optional]
        self.place_errors(blocking, [(section, index) for section, index, _ in indexed])
        warnings += [e for e in errors if e.optional]
        return valid and not blocking, warnings, rows

    def _section_removed(self, section: Section) -> list[RuleError]:
        """The warning for an unticked section that holds rows (stored, or typed on this page): saving removes
        them. Its typed values are not judged."""
        formset = section.formset
        typed = len(formset.rows()) if formset.is_valid() else sum(1 for form in formset.forms if form.has_changed())
        formset.hide_errors()
        count = max(section.stored_count, typed)
        if not count:
            return []
        pluriel = "s" if count > 1 else ""
        return [
            RuleError(
                f"La section « {section.table.title} » est décochée : ses {count} ligne{pluriel} "
                f"{'seront supprimées' if count > 1 else 'sera supprimée'} à l'enregistrement.",
                code="section_supprimee",
                optional=True,
            )
        ]

    def place_errors(self, errors, index_map: list[tuple[Section, int | None]]):
        """Each rule error next to its cell, row, field or table; a field already in error keeps one message."""
        form = self.form
        table_section = next((s for s in self.sections if s.formset.active and not s.kept_as_stored), None)
        for error in errors:
            if error.row is not None and error.row < len(index_map):
                section, index = index_map[error.row]
                if index is None:
                    section.formset.add_table_error(str(error))
                    continue
                row_form = section.formset.forms[index]
                if error.field in row_form.fields:
                    if not row_form.errors.get(error.field):
                        row_form.add_error(error.field, error.message)
                else:
                    row_form.add_error(None, error.message)
            elif error.field in form.fields:
                if not form.errors.get(error.field):
                    form.add_error(error.field, error.message)
            elif table_section is not None:
                table_section.formset.add_table_error(str(error))
            else:
                form.add_error(None, str(error))

    # --- Actions -------------------------------------------------------------------------------------------

    def get(self):
        self.build()
        return self.render()

    def post(self):
        post = self.request.POST
        if self.step.tables and "televerser" in post:
            return self.import_table()
        if self.step.tables and "ajouter_lignes" in post:
            return self.add_rows()
        self.build(post, self.request.FILES)
        valid, warnings, rows = self.validate()
        if not valid:
            imports = {section.import_field for section in self.sections}
            files_lost = any(key not in imports for key in self.request.FILES)
            status = 409 if self.form.has_error(NON_FIELD_ERRORS, "version") else 200  # built on an old version
            return self.render(status=status, has_errors=True, warnings=warnings, files_lost=files_lost)
        if warnings and not post.get("confirmer_avertissements"):
            return self.render(warnings=warnings, ask_confirmation=True)
        table_rows = rows if self.sections else None
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

    def _show_as_typed(self):
        self.form.hide_errors()
        for section in self.sections:
            section.formset.hide_errors()

    def add_rows(self):
        formset_class = self.table_named(self.request.POST.get("ajouter_lignes")).table.formset_class
        data = formset_class.data_with_rows_added(self.request.POST, edition=self.edition, count=EXTRA_ROWS)
        self.build(data, None)
        self._show_as_typed()
        return self.render(focus_new_rows=True)

    def import_table(self):
        post = self.request.POST
        section = self.table_named(post.get("televerser"))
        table = section.table
        refused = None
        if not self.edition.table(table.objet):
            refused = "Vous ne pouvez pas remplacer ce tableau."
        upload = self.request.FILES.get(section.import_field)
        if refused is None and upload is None:
            refused = "Choisissez le fichier Excel (.xlsx) à téléverser."
        result = None
        if refused is None:
            result = excel_imports.import_table(table.import_name, upload, convention=self.convention)
        if refused or result.errors:
            self.build(post, None)
            self._show_as_typed()
            return self.render(import_errors=[refused] if refused else list(result.errors))
        stored = self.step.stored_tables(self.convention)[table.objet]
        data = table.formset_class.data_for_rows(list(result.rows), edition=self.edition, extra=EXTRA_ROWS)
        self.build(post, None, table_data={table.objet: data})
        valid, warnings, _ = self.validate()
        self.form.hide_errors()  # the import concerns the table only
        count = len(result.rows)
        # What saving would change in the stored table (issue 19): rows added, changed cell by cell, removed.
        objet = table.objet
        self.extra_context["import_diff"] = difference_table(
            colonnes_affichees(objet), lignes_affichees(objet, stored), lignes_affichees(objet, result.rows)
        )
        where = f" pour le tableau « {table.title} »" if section.is_section else ""
        self.extra_context["import_done"] = (
            f"{count} ligne{'s' if count > 1 else ''} lue{'s' if count > 1 else ''} dans le fichier{where}. Vérifiez "
            "le tableau puis enregistrez : rien n'est enregistré tant que vous n'avez pas cliqué sur « Enregistrer »."
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

    def section_context(self, section: Section) -> dict:
        """What _table.html shows for a table of the page."""
        table, formset, objet = section.table, section.formset, section.objet
        editable = self.edition.table(objet)
        import_form = None
        if editable:
            import_form = ImportForm()
            import_form.fields[section.import_field] = import_form.fields.pop(IMPORT_FIELD)  # one per table
        return {
            "table": table,
            "formset": formset,
            "objet": objet,
            "anchor": section.anchor,
            "suffix": section.suffix,
            "toggle": formset.section_toggle,
            "active": formset.active,
            "stored_count": section.stored_count,
            "table_key": f"{objet}__table",
            "table_editable": editable,
            "import_form": import_form,
            "import_field": import_form[section.import_field] if import_form else None,
            "excel_links": excel_links(self.convention, table.import_name),
            "table_page": section.page,
            "row_offset": section.page["start"] if section.page else 0,
            "table_totals": self.table_totals(section),
        }

    def render(self, *, status=200, **extra):
        user, convention = self.request.user, self.convention
        mark_invalid(self.form)
        for section in self.sections:
            if any(section.formset.errors):
                for row_form in section.formset.forms:
                    mark_invalid(row_form)
        can_save = self.form.has_editable_field or any(self._formset_editable(s.formset) for s in self.sections)
        sections = [self.section_context(section) for section in self.sections]
        first = sections[0] if sections else {}
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
            "step_form": self.form,
            # The step's (first) table, by the names the tests and the other templates read.
            "formset": self.formset,
            "step_formset": self.formset,
            "table": first.get("table"),
            "table_key": first.get("table_key", ""),
            "table_editable": any(section["table_editable"] for section in sections),
            "import_form": first.get("import_form"),
            "excel_links": first.get("excel_links", {}),
            "table_totals": first.get("table_totals"),
            "table_page": first.get("table_page"),
            "row_offset": first.get("row_offset", 0),
            "sections": sections,
            "can_save": can_save,
            "read_only": not can_save,
            "partial_edit": can_save and not self.edition.full and self.edition.step_open,
            # An avenant's types open only some fields of this step (perms.open_champs).
            "champs_avenant": can_save and not self.edition.step_open,
            "retour": self.retour,
            "retour_field": forms.HiddenInput().render("retour", "recap"),
            "form_id": FORM_ID,
            "recap_url": recap_url(convention),
            "historique_url": historique_url(convention),  # conventions/_historique_lien.html
            "next_url": self.next_url(),
            "fichiers": self.fichiers,
            **self.extra_context,
            **extra,
        }
        return render(self.request, "conventions/steps/step.html", context, status=status)

    def table_totals(self, section: Section) -> dict | None:
        """The totals row of a table as shown (Table.totals): rows being removed and blank rows left out."""
        table, formset = section.table, section.formset
        if table.totals is None:
            return None
        columns = formset.empty_form.column_names
        if not formset.is_bound:  # shown as stored: the stored rows are the values, no form cell to read
            return table.totals(section.stored(), columns)
        rows = []
        for form in formset.forms:  # values as shown, read without a BoundField per cell (rows.cell_value)
            if "DELETE" in form.fields and cell_value(form, "DELETE"):
                continue
            values = {name: cell_value(form, name) for name in columns}
            # A blank row still posts the first choice of its selects (the type): it is not a dwelling.
            typed = [v for name, v in values.items() if not isinstance(form.fields[name].widget, forms.Select)]
            if any(v not in (None, "") for v in typed):
                rows.append(values)
        return table.totals([*section.rows_before, *rows, *section.rows_after], columns)

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
        several = len(self.sections) > 1
        for section in self.sections:
            formset = section.formset
            where = f"{section.table.title}, " if several else ""
            items += [
                {
                    "label": f"{section.table.title}" if several else "Tableau",
                    "message": message,
                    "anchor": section.anchor,
                    "suffix": section.suffix,
                }
                for message in formset.non_form_errors()
            ]
            offset = section.page["start"] if section.page else 0  # rows are numbered across pages
            for number, row in enumerate(formset.forms, start=1):
                shown = number + offset
                for name, errors in row.errors.items():
                    if name in row.fields:
                        anchor, label = row[name].auto_id, f"{where}ligne {shown}, {row.fields[name].label.lower()}"
                    else:
                        anchor, label = f"ligne-{formset.prefix}-{number}", f"{where}ligne {shown}"
                    label = label[:1].upper() + label[1:]
                    items += [{"label": label, "message": message, "anchor": anchor} for message in errors]
        return items[:limit], len(items)

    def _formset_editable(self, formset) -> bool:
        if self.edition.table(formset.objet):
            return True
        return formset.has_open_row()
