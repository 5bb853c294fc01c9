"""The one idiom for filtering, searching and sorting a list: a django-filter FilterSet.

Pages and the API use the same FilterSets. A page ignores an invalid value (a hand-edited URL never fails: the
FilterSet drops that filter); the API answers 400 with the French message of each invalid parameter
(DjangoFilterBackend).

- `ValuesFilter`: one or several choices, as "a,b" or as the parameter repeated (`?statut=a&statut=b`).
- `SortFilter`: `tri`/`ordering` among declared keys, "-" for descending, with a unique tie-breaker so that pages
  stay stable when many rows share the sorted value.
- `SearchSortFilterSet`: `q` (contains on `search_fields`) + `tri`, for the settings lists.
- `filtered_page()`: paginate a FilterSet's result and describe the sortable columns for the templates."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from dsfr.forms import DsfrBaseForm
from dsfr.utils import list_pages

PER_PAGE = 20
SEARCH_MAX = 100


class SearchInput(forms.TextInput):
    input_type = "search"


class FilterForm(DsfrBaseForm):
    """Base form of every FilterSet: renders in DSFR with `{{ form }}` or field by field."""


class CommaSelectMultiple(forms.SelectMultiple):
    """Reads `?x=a,b` as well as `?x=a&x=b`."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        raw = getlist(name) if getlist else [data.get(name)] if data.get(name) is not None else []
        return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]


class OneOrManySelect(CommaSelectMultiple):
    """Renders as a single <select> (one value picked in the page) but accepts several from the URL."""

    allow_multiple_selected = False

    def format_value(self, value):
        values = super().format_value(value)
        return values[:1]


class ValuesField(forms.MultipleChoiceField):
    default_error_messages = {
        "invalid_choice": "Valeur inconnue : %(value)s.",
    }

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        unknown = [v for v in value if not self.valid_value(v)]
        if unknown:
            allowed = ", ".join(str(k) for k, _label in self.choices if k)
            # User text goes through params, never into the message itself (a "%" in it would break formatting).
            raise forms.ValidationError(
                "Valeur inconnue : %(inconnues)s. Valeurs possibles : %(possibles)s.",
                code="invalid_choice",
                params={"inconnues": ", ".join(unknown), "possibles": allowed},
            )


class ValuesFilter(django_filters.MultipleChoiceFilter):
    field_class = ValuesField

    def __init__(self, *args, single_select: bool = False, **kwargs):
        kwargs.setdefault("widget", OneOrManySelect if single_select else CommaSelectMultiple)
        kwargs.setdefault(
            "help_text", "Une ou plusieurs valeurs, séparées par des virgules ou en répétant le paramètre."
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class SortField(forms.CharField):
    def __init__(self, *, keys, **kwargs):
        self.keys = list(keys)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and value.lstrip("-") not in self.keys:
            raise forms.ValidationError(
                "Tri impossible sur « %(tri)s ». Champs triables : %(champs)s.",
                code="invalid_choice",
                params={"tri": value, "champs": ", ".join(self.keys)},
            )
        return value


@extend_schema_field(OpenApiTypes.STR)
class SortFilter(django_filters.Filter):
    """`key` or `-key`; `sorts` maps each key to one or several ORDER BY fields (aliases allowed)."""

    field_class = SortField

    def __init__(self, *, sorts: dict[str, tuple[str, ...] | str], default: str, **kwargs):
        self.sorts = {key: (fields,) if isinstance(fields, str) else tuple(fields) for key, fields in sorts.items()}
        self.default = default
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("help_text", "Tri : nom d'un champ triable, précédé de « - » pour l'ordre décroissant.")
        kwargs.setdefault("required", False)
        super().__init__(keys=list(self.sorts), **kwargs)

    def normalize(self, value: str | None) -> str:
        value = (value or "").strip()
        return value if value.lstrip("-") in self.sorts else self.default

    def order_by(self, value: str | None) -> list[str]:
        value = self.normalize(value)
        descending = value.startswith("-")
        fields = [f"-{f}" if descending else f for f in self.sorts[value.lstrip("-")]]
        return [*fields, "-pk" if descending else "pk"]

    def filter(self, qs, value):
        # The FilterSet applies the sort last (see BaseFilterSet.filter_queryset), once, even when absent.
        return qs

    def columns(self, value: str | None) -> dict[str, dict]:
        """Per sortable key: is it the active sort, its aria-sort, the value a click on its header sets."""
        value = self.normalize(value)
        current, descending = value.lstrip("-"), value.startswith("-")
        columns = {}
        for key in self.sorts:
            active = key == current
            columns[key] = {
                "key": key,
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                # Clicking the active column flips its order; another column starts ascending.
                "next": (key if descending else f"-{key}") if active else key,
            }
        return columns


class BaseFilterSet(django_filters.FilterSet):
    """Applies the filters, then one sort: the first SortFilter given a value (`ordering` for the API, `tri`
    for the pages), else the default of the `page_sort` filter."""

    page_sort = "tri"

    class Meta:
        form = FilterForm

    @property
    def sort_filter(self) -> SortFilter:
        return self.filters[self.page_sort]

    def cleaned(self) -> dict:
        """The valid values (an invalid one is left out)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def sort_value(self) -> str:
        return self.sort_filter.normalize(self.cleaned().get(self.page_sort))

    def apply_filters(self, queryset, *, skip=()):
        """The valid filters applied (those named in `skip` left out), not sorted. Form fields that are not
        filters (helpers such as an autocomplete's text) are ignored."""
        cleaned = self.cleaned()
        for name, filter_ in self.filters.items():
            if name in skip or isinstance(filter_, SortFilter) or name not in cleaned:
                continue
            queryset = filter_.filter(queryset, cleaned[name])
        return queryset

    def filter_queryset(self, queryset):
        queryset = self.apply_filters(queryset)
        cleaned = self.cleaned()
        for name, sort in self.filters.items():
            if isinstance(sort, SortFilter) and cleaned.get(name):
                return queryset.order_by(*sort.order_by(cleaned[name]))
        if self.page_sort in self.filters:
            return queryset.order_by(*self.sort_filter.order_by(None))
        return queryset

    @property
    def qs(self):
        """Filtered and sorted, unbound too (a first visit gets the default sort and the default rows)."""
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def active_filters(self) -> dict:
        """The valid, non-empty filters (the sorts excluded)."""
        return {
            name: value
            for name, value in self.cleaned().items()
            if not isinstance(self.filters.get(name), SortFilter) and value not in (None, "", [], ())
        }


class SearchSortFilterSet(BaseFilterSet):
    """`q`: contains on each of `search_fields`; `tri`: a declared sort."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label="Rechercher", max_length=SEARCH_MAX, widget=SearchInput)

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def filtered_page(request, filterset: BaseFilterSet, *, per_page: int = PER_PAGE) -> dict:
    """Paginate the FilterSet's result (20 a page) and describe the sort for the templates."""
    page = Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))
    list_pages(page)
    tri = filterset.sort_value()
    return {
        "page_obj": page,
        "filterset": filterset,
        "q": filterset.cleaned().get("q") or "",
        "search_form": filterset.form,
        "tri": tri,
        "sort_columns": filterset.sort_filter.columns(tri),
    }
