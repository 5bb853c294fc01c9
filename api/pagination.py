from rest_framework.pagination import PageNumberPagination

from core.pagination import PaginatorSansCoupure


class ApiPagination(PageNumberPagination):
    """100 results per page by default, `page_size` up to 500. The total may come from the cache (the
    conventions' list: api.v1.representations.ListRows): a page is never cut short by it."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = PaginatorSansCoupure
