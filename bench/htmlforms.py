"""Read the forms of a rendered page as a browser would: every field with its current value
(hidden inputs such as the CSRF token, a one-time submission key or a version included), so the
load test fills in only what a user types and never hard-codes a form's field list."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons
    textareas: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def data(self, overrides: dict[str, str | list[str]] | None = None, button: tuple[str, str] | None = None):
        """The POST body as a list of pairs: the page's values, with `overrides` replacing whole fields."""
        overrides = overrides or {}
        pairs = [(k, v) for k, v in self.fields if k not in overrides]
        for key, value in overrides.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, item))
        if button:
            pairs.append(button)
        return pairs

    def has_button(self, name: str, value: str) -> bool:
        return (name, value) in self.buttons or (name, value) in self.fields


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, list[tuple[str, bool]]] | None = None
        self.option: tuple[str | None, bool] | None = None
        self.option_text = ""
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(action=unescape(a.get("action", "")), method=a.get("method", "get").lower())
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            self.form.names.add(name)
            if kind in ("submit", "button", "image"):
                self.form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form.fields.append((name, a.get("value", "on")))
            elif kind != "file":
                self.form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            self.form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.form.names.add(name)
            self.select = (name, [])
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = (a.get("value"), "selected" in a)
            self.option_text = ""
        elif tag == "textarea" and name:
            self.form.names.add(name)
            self.form.textareas.append(name)
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        if self.option is not None:
            self.option_text += data

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value, selected = self.option
            self.select[1].append((value if value is not None else self.option_text.strip(), selected))
        self.option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None and self.form is not None:
            self._close_option()
            name, options = self.select
            chosen = [v for v, sel in options if sel] or [v for v, _sel in options[:1]]
            self.form.fields += [(name, v) for v in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms_in(html: bytes | str) -> list[Form]:
    parser = _Parser()
    parser.feed(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    return parser.forms


def form_with(html: bytes | str, *, field: str | None = None, button: tuple[str, str] | None = None) -> Form | None:
    """The first POST form with the field `field` or the submit button/hidden input `button`."""
    for form in forms_in(html):
        if form.method != "post":
            continue
        if field and field in form.names:
            return form
        if button and form.has_button(*button):
            return form
    return None
