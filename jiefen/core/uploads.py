"""What an uploaded file really is, read from its first bytes (a phone may name a capture ``blob`` or ``image``).

Field photos and consent files are judged by content, never by name or by the type the browser claims.
"""

from django.utils.translation import gettext as _

PHOTO_TYPES = {"image/jpeg", "image/png", "image/heic", "image/webp"}
AUDIO_TYPES = {"audio/amr", "audio/mp4", "audio/mpeg", "audio/wav", "audio/ogg", "audio/webm"}

HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"isom", b"mp41", b"3gp4", b"3gp5", b"3gp6", b"3g2a"}


def sniff(head: bytes) -> str | None:
    """The content type the first 16 bytes of a file show, among the photo and audio types accepted; else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIC_BRANDS:
            return "image/heic"
        if brand in AUDIO_MP4_BRANDS:
            return "audio/mp4"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm"
    return None


def content_type_of(upload) -> str | None:
    head = upload.read(16)
    upload.seek(0)
    return sniff(head)


def size_error(upload, max_size: int) -> str | None:
    """The message for a file that is empty or larger than ``max_size`` bytes, or None."""
    if upload.size == 0:
        return _("“%(name)s” is empty.") % {"name": upload.name}
    if upload.size > max_size:
        return _("“%(name)s” is %(size).1f MB; each file may be at most %(max)d MB.") % {
            "name": upload.name, "size": upload.size / 2**20, "max": max_size // 2**20,
        }
    return None


DOCUMENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sniff_document(head: bytes, name: str = "") -> str | None:
    """The content type of a document the first bytes show: PDF, Word 97–2003 (OLE) or, for a file named
    ``.docx``, Word (a ZIP container; any other ZIP is refused). Else what ``sniff`` finds, or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if head.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return sniff(head)
