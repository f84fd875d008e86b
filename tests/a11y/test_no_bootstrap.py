"""No Bootstrap is left: no Bootstrap class in a template, in HTML that Python code writes, in our CSS or
JavaScript, and no Bootstrap asset or crispy pack. The pages use the Rijkshuisstijl community components
(NL Design System) and our own layout classes; docs/frontend.md maps every old class to the new one and
`tools/bootstrap_to_nlds.py` rewrites a template."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["loket", "questions", "plans", "monitoring", "experts", "config"]

EXACT = {
    "btn",
    "row",
    "col",
    "container",
    "container-fluid",
    "alert",
    "table",
    "badge",
    "card",
    "nav",
    "navbar",
    "lead",
    "small",
    "pagination",
    "page-item",
    "page-link",
    "breadcrumb",
    "breadcrumb-item",
    "collapse",
    "active",
    "disabled",
    "show",
    "fade",
    "dropdown",
    "modal",
    "is-invalid",
    "is-valid",
    "invalid-feedback",
    "valid-feedback",
    "visually-hidden",
    "visually-hidden-focusable",
    "list-unstyled",
    "list-inline",
    "list-inline-item",
    "rounded",
    "border",
    "shadow",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "align-middle",
    "text-muted",
    "text-nowrap",
    "text-center",
    "text-end",
    "text-start",
    "input-group",
    "input-group-text",
    "form-control",
    "form-select",
    "form-check",
    "form-check-input",
    "form-check-label",
    "form-check-inline",
    "form-label",
    "form-text",
    "form-switch",
    "form-floating",
    "col-form-label",
    "figure",
    "img-fluid",
    "table-sm",
    "table-striped",
    "table-bordered",
    "table-hover",
    "table-borderless",
    "table-active",
    "table-responsive",
    "table-light",
    "table-dark",
    "table-group-divider",
    "accordion",
    "offcanvas",
}
PATTERNS = re.compile(
    r"^(btn-[a-z-]+|col-(\d+|auto|(sm|md|lg|xl|xxl)(-\d+|-auto)?)|(row-cols|offset|order|g|gx|gy|gap)-[a-z0-9-]+"
    r"|[mp][tbsexy]?-(\d|auto|(sm|md|lg|xl|xxl)-\d)|d-(none|inline|inline-block|block|flex|grid|table|(sm|md|lg|xl|xxl)-[a-z-]+)"
    r"|flex-[a-z-]+|justify-content-[a-z-]+|align-(items|self|content)-[a-z-]+|text-bg-[a-z]+|text-(primary|secondary"
    r"|success|danger|warning|info|light|dark|body|body-secondary|white|black)|bg-[a-z-]+|border-[a-z0-9-]+"
    r"|rounded-[a-z0-9-]+|fs-\d|fw-[a-z]+|w-(\d+|auto)|h-(\d+|auto)|card-[a-z-]+|nav-[a-z-]+|navbar-[a-z-]+"
    r"|alert-[a-z-]+|badge-[a-z-]+|dropdown-[a-z-]+|modal-[a-z-]+|form-control-[a-z]+|form-select-[a-z]+"
    r"|list-group[a-z-]*|table-(primary|secondary|success|danger|warning|info)|float-[a-z-]+|shadow-[a-z]+"
    r"|spinner-[a-z-]+|ratio(-[a-z0-9]+)?|position-[a-z]+|top-\d+|start-\d+|end-\d+|bottom-\d+)$"
)
TEMPLATE_PART = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
CLASS_ATTR = re.compile(r'class="([^"]*)"')


def bootstrap_classes(value: str) -> set[str]:
    words = TEMPLATE_PART.sub(" ", value).split()
    return {w for w in words if w in EXACT or PATTERNS.match(w)}


def test_no_bootstrap_class_in_templates():
    found = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for value in CLASS_ATTR.findall(path.read_text()):
            if bad := bootstrap_classes(value):
                found.setdefault(str(path.relative_to(ROOT)), set()).update(bad)
    assert not found, f"Bootstrap-klassen over (zie docs/frontend.md, tools/bootstrap_to_nlds.py): {found}"


def test_no_bootstrap_class_in_html_written_by_python():
    found = {}
    attrs = re.compile(r'["\']class["\']\s*:\s*["\']([^"\']*)["\']')
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            for value in CLASS_ATTR.findall(text) + attrs.findall(text):
                if bad := bootstrap_classes(value):
                    found.setdefault(str(path.relative_to(ROOT)), set()).update(bad)
    assert not found, found


def test_no_bootstrap_in_our_css_and_javascript():
    found = {}
    for path in sorted((ROOT / "static").rglob("*")):
        if "vendor" in path.parts or path.suffix not in (".css", ".js"):
            continue
        text = path.read_text()
        words = (
            re.findall(r"\.([a-z][a-z0-9_-]*)", text)
            if path.suffix == ".css"
            else re.findall(
                r"className\s*=\s*[\"']([^\"']*)[\"']|classList\.(?:add|toggle|remove)\([\"']([^\"']*)[\"']", text
            )
        )
        names = {w for item in words for w in (item if isinstance(item, tuple) else (item,)) for w in w.split() if w}
        if bad := {n for n in names if n in EXACT or PATTERNS.match(n)}:
            found[str(path.relative_to(ROOT))] = bad
    assert not found, found


def test_no_bootstrap_asset_or_crispy_pack():
    assert not [p for p in (ROOT / "static").rglob("*") if "bootstrap" in p.name.lower()]
    assert not (ROOT / "templates" / "bootstrap5").exists()
    for path in (ROOT / "templates").rglob("*.html"):
        assert "bootstrap" not in path.read_text().lower(), path
    assert settings.CRISPY_TEMPLATE_PACK == "nlds"
    assert "crispy_bootstrap5" not in settings.INSTALLED_APPS
    assert "bootstrap" not in (ROOT / "requirements.txt").read_text().lower()


def test_the_checker_knows_bootstrap():
    """The patterns catch Bootstrap and leave our own classes alone."""
    assert bootstrap_classes(
        "btn btn-primary mb-3 col-md-6 d-flex table-sm alert alert-info {% if x %}active{% endif %}"
    ) == {
        "btn",
        "btn-primary",
        "mb-3",
        "col-md-6",
        "d-flex",
        "table-sm",
        "alert",
        "alert-info",
        "active",
    }
    assert not bootstrap_classes(
        "utrecht-button utrecht-button--primary-action loket-mb-m loket-row table-scroll table-capacity row-short "
        "marker marker--ok no-print site-nav__list breadcrumbs loket-tabs__link--current rhc-visually-hidden"
    )
