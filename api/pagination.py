from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """50 a page; the schema spells next/previous as OpenAPI 3.1 nullable strings."""

    page_size = 50

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "examples": [123]},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }
