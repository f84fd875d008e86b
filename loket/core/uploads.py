"""Checks for uploaded attachments: size, real file type (by content, not by name), the members of
zip-based office files, and a safe display name. Files are stored under a random name and served
only through a view."""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# extension -> content type served
ALLOWED_TYPES: dict[str, str] = {
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
OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF = {"odt", "ods", "odp"}
TEXT = {"csv", "txt"}
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_RATIO = 100  # uncompressed / compressed: higher smells like a zip bomb
FORBIDDEN_MEMBER_SUFFIXES = (".bin", ".exe", ".dll", ".js", ".vbs", ".bat", ".cmd", ".ps1", ".jar", ".sh")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def safe_filename(name: str) -> str:
    """A display/download name without paths, control characters or odd characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = get_valid_filename(base.strip(". ")) if base.strip(". ") else ""
    stem, ext = os.path.splitext(base)
    stem = stem[:100] or "bijlage"
    return f"{stem}{ext.lower()[:10]}"


def _read_head(upload: UploadedFile, n: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _check_zip(upload: UploadedFile, ext: str) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ValidationError(_("Het bestand bevat te veel onderdelen."))
            names = {m.filename for m in members}
            total = 0
            for member in members:
                name = member.filename
                if name.startswith("/") or ".." in name.split("/") or "\\" in name:
                    raise ValidationError(_("Het bestand bevat een onderdeel met een ongeldig pad."))
                lowered = name.lower()
                if "vbaproject" in lowered or lowered.endswith(FORBIDDEN_MEMBER_SUFFIXES) or member.flag_bits & 0x1:
                    raise ValidationError(
                        _("Bestanden met macro's, programma's of versleuteling zijn niet toegestaan.")
                    )
                total += member.file_size
            if total > settings.MAX_ATTACHMENT_BYTES * MAX_ZIP_RATIO:
                raise ValidationError(_("Het bestand is uitgepakt te groot."))
            if ext in OOXML:
                if "[Content_Types].xml" not in names or not any(n.startswith(OOXML[ext]) for n in names):
                    raise ValidationError(_("Het bestand is geen geldig %(ext)s-bestand.") % {"ext": ext})
            elif ext in ODF and (
                "mimetype" not in names or archive.read("mimetype").decode("ascii", "ignore") != ALLOWED_TYPES[ext]
            ):
                raise ValidationError(_("Het bestand is geen geldig %(ext)s-bestand.") % {"ext": ext})
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Het bestand is beschadigd of geen geldig %(ext)s-bestand.") % {"ext": ext}) from exc
    finally:
        upload.seek(0)


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Raise a Dutch ValidationError unless the upload is an allowed, intact file within the size limit."""
    name = safe_filename(upload.name)
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan: %(types)s.")
            % {"types": ", ".join(sorted({e for e in ALLOWED_TYPES if e != "jpeg"}))}
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    if size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Het bestand is te groot (hoogstens %(mb)s MB).") % {"mb": settings.MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    head = _read_head(upload)
    if ext in TEXT:
        if b"\x00" in head:
            raise ValidationError(_("Het bestand is geen tekstbestand."))
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("Het bestand is geen leesbaar tekstbestand.")) from exc
        return CheckedFile(name=name, content_type=ALLOWED_TYPES[ext], size=size)
    kind = filetype.guess(head)
    detected = kind.extension if kind else None
    expected = {"jpeg": "jpg"}.get(ext, ext)
    zip_based = ext in OOXML or ext in ODF
    if zip_based:
        if detected not in (expected, "zip"):
            raise ValidationError(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": ext})
        _check_zip(upload, ext)
    elif detected != expected:
        raise ValidationError(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": ext})
    return CheckedFile(name=name, content_type=ALLOWED_TYPES[ext], size=size)
