"""What changed between the consulted text and the published one: Python's difflib, rendered as
accessible HTML (<ins>/<del> with words that say "toegevoegd" / "verwijderd", not colour alone)."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DiffBlock:
    kind: str  # "same", "added", "removed", "changed"
    html: SafeString


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _ins(words: list[str]) -> str:
    label = escape(_("toegevoegd:"))
    return f'<ins><span class="rhc-visually-hidden">[{label}] </span>{escape(" ".join(words))}</ins>'


def _del(words: list[str]) -> str:
    label = escape(_("verwijderd:"))
    return f'<del><span class="rhc-visually-hidden">[{label}] </span>{escape(" ".join(words))}</del>'


def _word_diff(old: str, new: str) -> str:
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            parts.append(_del(a[i1:i2]))
        if op in ("insert", "replace"):
            parts.append(_ins(b[j1:j2]))
    return " ".join(parts)


def text_diff(old: str, new: str) -> list[DiffBlock]:
    """Per paragraph of the Markdown source: unchanged, added, removed, or changed (word by word)."""
    a, b = _paragraphs(old), _paragraphs(new)
    blocks: list[DiffBlock] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            blocks += [DiffBlock("same", mark_safe(escape(p))) for p in a[i1:i2]]  # noqa: S308 - escaped
            continue
        old_part, new_part = a[i1:i2], b[j1:j2]
        if op == "replace":
            for old_p, new_p in zip(old_part, new_part, strict=False):
                blocks.append(DiffBlock("changed", mark_safe(_word_diff(old_p, new_p))))  # noqa: S308 - escaped
            old_part, new_part = old_part[len(new_part) :], new_part[len(old_part) :]
        blocks += [DiffBlock("removed", mark_safe(_del(p.split()))) for p in old_part]  # noqa: S308 - escaped
        blocks += [DiffBlock("added", mark_safe(_ins(p.split()))) for p in new_part]  # noqa: S308 - escaped
    return blocks


def diff_counts(blocks: list[DiffBlock]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for block in blocks:
        if block.kind in counts:
            counts[block.kind] += 1
    return counts
