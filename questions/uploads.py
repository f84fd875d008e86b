"""Checks on uploaded attachments: type by content (not by name), size and a safe file name."""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENTS = 3

# extension -> (mime type of the stored file, how the content is recognised)
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, ODS, PNG, JPG"

# Office Open XML: the member that identifies the kind of document.
_OOXML_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_MAX_ZIP_MEMBERS = 2000
_MAX_ZIP_RATIO = 200  # uncompressed / compressed: refuse zip bombs


@dataclass(frozen=True)
class CheckedFile:
    name: str
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


def is_hostile_filename(name: str) -> bool:
    """A name that tries to leave its folder or hide what it is: path separators, "..", control
    characters, or a name that starts with a dot (also ".."). Browsers and Django's multipart parser
    pass only the base name; this refuses what reaches the form in any other way."""
    return "/" in name or "\\" in name or name.startswith(".") or any(unicodedata.category(ch)[0] == "C" for ch in name)


def _zip_kind(upload) -> str | None:
    """docx/xlsx/odt/ods by the members of the zip container, or None."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_MEMBERS:
                return None
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total / packed > _MAX_ZIP_RATIO:
                return None
            names = {i.filename for i in infos}
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == ALLOWED["odt"]:
                    return "odt"
                if mimetype == ALLOWED["ods"]:
                    return "ods"
                return None
            if "[Content_Types].xml" in names:
                for kind, member in _OOXML_MEMBER.items():
                    if member in names:
                        return kind
            return None
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    finally:
        upload.seek(0)


def detect_kind(upload) -> str | None:
    """The file's real kind by its content: pdf, png, jpg, docx, xlsx, odt, ods or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension == "pdf":
        return "pdf"
    if guess.extension == "png":
        return "png"
    if guess.extension == "jpg":
        return "jpg"
    if guess.mime in ("application/zip",) or guess.extension in ("zip", "docx", "xlsx", "odt", "ods"):
        return _zip_kind(upload)
    return None


def check_attachment(upload) -> CheckedFile:
    """Refuse a file that is too large, of a type we do not accept, or whose name does not fit its
    content, or whose name is hostile (directories, "..", control characters). Returns the safe
    name, the real type and the size."""
    raw_name = getattr(upload, "name", "") or ""
    name = safe_filename(raw_name)
    if is_hostile_filename(raw_name):
        raise ValidationError(
            _("“%(name)s” heeft een ongeldige bestandsnaam. Geef het bestand een gewone naam, zonder mappen."),
            code="bad_name",
            params={"name": name},
        )
    limit = settings.MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is te groot (%(size)s). Een bijlage mag hoogstens %(max)s zijn."),
            code="too_large",
            params={"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is leeg."), code="empty", params={"name": name})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("“%(name)s” heeft een bestandstype dat wij niet aannemen. Toegestaan: %(types)s."),
            code="bad_extension",
            params={"name": name, "types": ALLOWED_LABEL},
        )
    kind = detect_kind(upload)
    normalised = "jpg" if extension == "jpeg" else extension
    if kind != normalised:
        raise ValidationError(
            _("De inhoud van “%(name)s” past niet bij een %(ext)s-bestand. Toegestaan: %(types)s."),
            code="bad_content",
            params={"name": name, "ext": extension.upper(), "types": ALLOWED_LABEL},
        )
    return CheckedFile(name=name, content_type=ALLOWED[extension], size=upload.size)
