"""/api/: the documentation page, rendered on the server from the OpenAPI schema itself (no
Swagger UI: no scripts, the strict content security policy stays, nothing from a CDN)."""

from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from loket.core.breadcrumbs import trail

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict) -> list[dict]:
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"query": _("in de zoekvraag"), "path": _("in het pad")}.get(p["in"], p["in"]),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                        if p.get("in") in ("query", "path")
                    ],
                    "needs_key": {} not in op.get("security", [{}]),
                }
            )
    return rows


@cache
def api_schema() -> dict:
    """The schema does not change while the portal runs: made once per process."""
    return SchemaGenerator().get_schema(request=None, public=True)


class ApiDocsView(TemplateView):
    template_name = "loket/api/docs.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        schema = api_schema()
        operations = _operations(schema)
        groups: dict[str, list] = {}
        for op in operations:
            groups.setdefault(op["tag"], []).append(op)
        ctx.update(
            info=schema.get("info", {}),
            groups=list(groups.items()),
            site_url=settings.SITE_URL,
            rates={k: v for k, v in settings.LOKET_RATE_LIMITS.items() if k.startswith("api.")},
            breadcrumbs=trail(_("API en open data")),
        )
        return ctx
