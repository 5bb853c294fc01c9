from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """100 results per page by default, `page_size` up to 500."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
