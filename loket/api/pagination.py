from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?pagina=2&per_pagina=100`: 50 per page, at most 1000."""

    page_query_param = "pagina"
    page_size_query_param = "per_pagina"
    page_size = 50
    max_page_size = 1000
    page_query_description = _("Het nummer van de pagina (1 is de eerste).")
    page_size_query_description = _("Het aantal regels per pagina (standaard 50, hoogstens 1000).")
