import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401  (shared fixtures)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
AMR = b"#!AMR\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


def upload(name="photo.jpg", content=JPEG, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
