"""The one check for uploaded files: question and publication attachments and plan imports.

`check_upload(upload, allowed=..., max_size=..., max_unpacked=...)` refuses, with a Dutch message:
a hostile file name, a type the caller does not allow, an empty or too large file, content that
does not fit the extension (by content, with `filetype`), and for every zip-based office file
(DOCX, XLSX, PPTX, ODT, ODS, ODP): macros, programs and scripts, encryption, absolute or odd member
paths, too many members and zip bombs (by absolute unpacked size and by compression ratio). It
returns the safe display name, the real type and the size. Each caller passes its own types and
limits; the rules are the same for all. Files are stored under a random name and served only
through a view."""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> content type stored and served
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "csv": "text/csv",
    "txt": "text/plain",
}
ALIASES = {"jpeg": "jpg"}
# Office Open XML: the main part that makes a zip this kind of document.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF = {"odt", "ods", "odp"}
TEXT = {"csv", "txt"}
# what filetype calls a zip container
ZIP_GUESSES = {"zip", *OOXML_MAIN_PART, *ODF}

MAX_ZIP_MEMBERS = 2000
MAX_ZIP_RATIO = 100  # unpacked / packed, for the whole file and for each member above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # a small member may pack well; a large one that packs this well is a bomb
# Members that are macros, programs or scripts (by name); ODF keeps macros and scripts in these folders.
MACRO_MARKERS = ("vbaproject",)
ODF_MACRO_FOLDERS = ("basic/", "scripts/")
PROGRAM_SUFFIXES = (
    ".bin",
    ".exe",
    ".dll",
    ".com",
    ".scr",
    ".msi",
    ".cpl",
    ".lnk",
    ".jar",
    ".class",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".wsh",
    ".hta",
    ".bat",
    ".cmd",
    ".ps1",
    ".psm1",
    ".sh",
)
PROGRAM_MAGIC = (b"MZ", b"\x7fELF")  # Windows and Linux programs, whatever the member is called
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # safe display and download name
    extension: str  # normalised: "jpg" for .jpeg
    content_type: str
    size: int


def safe_filename(name: str) -> str:
    """A file name without directories, control characters or odd symbols, at most 100 characters."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._")
    name = re.sub(r"\.{2,}", ".", name)
    if "." in name:
        stem, ext = name.rsplit(".", 1)
        name = f"{stem[:90].strip(' ._') or 'bijlage'}.{ext[:10].lower()}"
    return name[:100] or "bijlage"


def types_label(allowed: Iterable[str]) -> str:
    """The allowed types for people: "PDF, DOCX, PNG, JPG" (.jpeg is shown as JPG)."""
    labels = dict.fromkeys(ALIASES.get(ext, ext).upper() for ext in allowed)
    return ", ".join(labels)


def _kinds_phrase(allowed: Iterable[str]) -> str:
    """ "XLSX- of CSV-bestand", "PDF-, PNG- of JPG-bestand"."""
    labels = types_label(allowed).split(", ")
    if len(labels) == 1:
        return _("%(kind)s-bestand") % {"kind": labels[0]}
    return _("%(kinds)s- of %(last)s-bestand") % {"kinds": "-, ".join(labels[:-1]), "last": labels[-1]}


def check_upload(
    upload,
    *,
    allowed: Iterable[str],
    max_size: int,
    max_unpacked: int,
    max_members: int = MAX_ZIP_MEMBERS,
    max_ratio: int = MAX_ZIP_RATIO,
) -> CheckedUpload:
    """Raise a Dutch ValidationError (with a code) unless the upload is a file of an allowed type
    that is what its name says, within `max_size` bytes, and, when zip-based, safe to unpack."""
    allowed = tuple(allowed)
    unknown = set(allowed) - set(CONTENT_TYPES)
    if unknown:
        raise ValueError(f"unknown upload types: {sorted(unknown)}")
    raw_name = getattr(upload, "name", "") or ""
    name = safe_filename(raw_name)
    if _is_hostile_filename(raw_name):
        raise ValidationError(
            _("“%(name)s” heeft een ongeldige bestandsnaam. Geef het bestand een gewone naam, zonder mappen."),
            code="bad_name",
            params={"name": name},
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(
            _("“%(name)s” heeft een bestandstype dat wij niet aannemen. Upload een %(kinds)s."),
            code="bad_extension",
            params={"name": name, "kinds": _kinds_phrase(allowed)},
        )
    size = _real_size(upload)
    if size == 0:
        raise ValidationError(_("“%(name)s” is leeg."), code="empty", params={"name": name})
    if size > max_size:
        raise ValidationError(
            _("“%(name)s” is te groot (%(size)s). Een bestand mag hier hoogstens %(max)s zijn."),
            code="too_large",
            params={"name": name, "size": filesizeformat(size), "max": filesizeformat(max_size)},
        )
    kind = ALIASES.get(extension, extension)
    head = _read_head(upload)
    if kind in TEXT:
        if not _is_text(head):
            raise ValidationError(
                _("“%(name)s” is geen tekstbestand en dus geen geldig %(ext)s-bestand."),
                code="bad_content",
                params={"name": name, "ext": extension.upper()},
            )
        fits = True
    else:
        guess = filetype.guess(head)
        detected = guess.extension if guess else None
        if kind in OOXML_MAIN_PART or kind in ODF:
            fits = (
                detected in ZIP_GUESSES
                and _zip_kind(
                    upload, name=name, max_unpacked=max_unpacked, max_members=max_members, max_ratio=max_ratio
                )
                == kind
            )
        else:
            fits = detected == kind
    if not fits:
        raise ValidationError(
            _("“%(name)s” is geen geldig %(ext)s-bestand: de inhoud past niet bij een %(ext)s-bestand."),
            code="bad_content",
            params={"name": name, "ext": extension.upper()},
        )
    return CheckedUpload(name=name, extension=kind, content_type=CONTENT_TYPES[extension], size=size)


def _is_hostile_filename(name: str) -> bool:
    """A name that tries to leave its folder or hide what it is: path separators, "..", control
    characters, or a name that starts with a dot. Browsers and Django's multipart parser pass only
    the base name; this refuses what reaches a form in any other way."""
    return "/" in name or "\\" in name or name.startswith(".") or any(unicodedata.category(ch)[0] == "C" for ch in name)


def _real_size(upload) -> int:
    """The size of the content itself, not what the request claimed."""
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _is_odd_member_path(path: str) -> bool:
    """Absolute (/x, \\x, C:x), upward (..), with backslashes or control characters, or empty."""
    return (
        not path
        or path.startswith("/")
        or "\\" in path
        or bool(re.match(r"^[A-Za-z]:", path))
        or ".." in path.split("/")
        or any(unicodedata.category(ch)[0] == "C" for ch in path)
    )


# Printer settings that Word, Excel and PowerPoint store with a document (a DEVMODE block of the
# printer, not code): a `.bin` at exactly this place is allowed; its content is still checked for a
# program header like every member.
PRINTER_SETTINGS = re.compile(r"^(word|xl|ppt)/printersettings/printersettings\d+\.bin$")


def _is_macro_or_program_name(path: str) -> bool:
    lowered = path.lower()
    return (
        any(marker in lowered for marker in MACRO_MARKERS)
        or lowered.startswith(ODF_MACRO_FOLDERS)
        or (lowered.endswith(PROGRAM_SUFFIXES) and not PRINTER_SETTINGS.match(lowered))
    )


def _zip_kind(upload, *, name: str, max_unpacked: int, max_members: int, max_ratio: int) -> str | None:
    """docx/xlsx/pptx/odt/ods/odp by the members of the zip, after the safety checks (which raise);
    None when the zip is broken or of no office kind."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            _check_members(infos, name=name, max_unpacked=max_unpacked, max_members=max_members, max_ratio=max_ratio)
            for info in infos:
                if not info.is_dir():
                    with archive.open(info) as member:
                        if member.read(4).startswith(PROGRAM_MAGIC):
                            raise _macro_error(name)
            return _office_kind(archive, {info.filename: info for info in infos})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return None  # broken, or a compression zipfile cannot read: not a file we accept
    finally:
        upload.seek(0)


def _check_members(infos, *, name: str, max_unpacked: int, max_members: int, max_ratio: int) -> None:
    if len(infos) > max_members:
        raise ValidationError(
            _("“%(name)s” bestaat uit te veel onderdelen (meer dan %(max)s)."),
            code="too_many_members",
            params={"name": name, "max": max_members},
        )
    if len({info.filename for info in infos}) != len(infos):
        raise _odd_path_error(name)
    unpacked = packed = 0
    for info in infos:
        if _is_odd_member_path(info.filename):
            raise _odd_path_error(name)
        if info.flag_bits & 0x1:
            raise ValidationError(
                _("“%(name)s” is versleuteld of met een wachtwoord beveiligd. Stuur het bestand zonder wachtwoord."),
                code="encrypted",
                params={"name": name},
            )
        if _is_macro_or_program_name(info.filename):
            raise _macro_error(name)
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _bomb_error(name)
        unpacked += info.file_size
        packed += info.compress_size
    if unpacked > max_unpacked or unpacked > max_ratio * max(packed, 1):
        raise _bomb_error(name)


def _office_kind(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> str | None:
    if "mimetype" in members:
        if members["mimetype"].file_size > 100:
            return None
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        return next((kind for kind in ODF if CONTENT_TYPES[kind] == mimetype), None)
    if "[Content_Types].xml" in members:
        return next((kind for kind, part in OOXML_MAIN_PART.items() if part in members), None)
    return None


def _odd_path_error(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” bevat een onderdeel met een ongeldig pad. Zo'n bestand nemen wij niet aan."),
        code="bad_member_path",
        params={"name": name},
    )


def _macro_error(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” bevat macro's, programma's of scripts. Die zijn niet toegestaan: sla het bestand op zonder."),
        code="macro_or_program",
        params={"name": name},
    )


def _bomb_error(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is uitgepakt te groot. Wij openen het niet."),
        code="zip_bomb",
        params={"name": name},
    )
