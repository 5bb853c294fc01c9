from django.core.paginator import Paginator


class PaginatorSansCoupure(Paginator):
    """A page always takes up to `per_page` rows. Django's Paginator cuts the last page at its count; ours may
    be cached (conventions.selectors.counts_by_onglet, the API's total) and, after a write made without signals,
    behind the rows: a row must never be hidden for it."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
