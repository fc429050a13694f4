from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """DRF's page-number pagination, with a response schema that is valid OpenAPI 3.1.

    DRF describes ``next`` and ``previous`` with ``nullable: true``, an OpenAPI 3.0 keyword that 3.1 (JSON Schema)
    ignores, so a last page's ``"next": null`` would break the schema.
    """

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            response["properties"][name] = {
                "type": ["string", "null"],
                "format": "uri",
                "description": f"The URL of the {name} page; null when there is none.",
            }
        response["properties"]["count"] = {"type": "integer", "minimum": 0, "description": "Rows on all pages."}
        return response
