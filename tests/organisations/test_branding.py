"""A service's own logo and primary colour on the public pages (issue 17, item 8)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from naast.organisations import branding
from naast.organisations.models import ServiceProfile
from tests.organisations.test_admin import URL, _profile_data, admin_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _png(size=(120, 40), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_contrast_follows_wcag():
    assert round(branding.contrast_with_white("#000000"), 1) == 21.0
    assert round(branding.contrast_with_white("#767676"), 2) == 4.54  # the classic AA grey
    assert branding.contrast_with_white("#777777") < 4.5


def test_admin_refuses_a_light_colour_in_dutch_and_keeps_the_old_one(admin_client):  # noqa: F811
    ServiceProfile.get()
    response = admin_client.post(URL, _profile_data(primary_colour="#ffcc00"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Witte tekst is slecht leesbaar op deze kleur (contrast 1,5:1, minimaal 4,5:1 is nodig)" in page
    assert ServiceProfile.objects.get().primary_colour == ""


def test_admin_refuses_a_colour_name_in_dutch(admin_client):  # noqa: F811
    ServiceProfile.get()
    response = admin_client.post(URL, _profile_data(primary_colour="blauw"))
    assert "Vul een kleur in als # met zes hexadecimale tekens" in response.content.decode()


def test_admin_refuses_an_svg_or_oversized_logo(admin_client):  # noqa: F811
    ServiceProfile.get()
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                             content_type="image/svg+xml")
    page = admin_client.post(URL, _profile_data(logo=svg)).content.decode()
    assert "Het logo moet een PNG-, JPEG- of WebP-afbeelding zijn." in page
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * (201 * 1024), content_type="image/png")
    page = admin_client.post(URL, _profile_data(logo=big)).content.decode()
    assert "Het logo is te groot: maximaal 200 KB." in page
    assert not ServiceProfile.objects.get().logo


def test_colour_and_logo_from_the_admin_appear_in_the_public_header(admin_client, client):  # noqa: F811
    ServiceProfile.get()
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = admin_client.post(URL, _profile_data(primary_colour="#8A1538", logo=logo))
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<img class="naast-brand__logo" src="/logo?v=service' in html
    assert 'href="/huisstijl.css?v=8A1538"' in html
    css = client.get("/huisstijl.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--naast-color-primary: #8a1538;" in css.content.decode()
    dark = css.content.decode().split("--naast-color-primary-dark: ")[1][:7]
    assert branding.contrast_with_white(dark) >= 4.5  # hover stays readable
    image = client.get("/logo")
    assert image["Content-Type"] == "image/png"
    assert image.content == _png()


def test_without_settings_the_header_keeps_naasts_look(client):
    html = client.get("/").content.decode()
    assert "huisstijl.css" not in html and "naast-brand__logo" not in html
    assert client.get("/logo").status_code == 404
    assert client.get("/huisstijl.css").content == b""


def test_a_logo_file_that_is_no_image_is_not_served(client):
    profile = ServiceProfile.get()
    profile.logo.save("logo.png", ContentFile(b"<html>not an image</html>"))
    assert client.get("/logo").status_code == 404


def test_a_colour_set_around_the_validation_never_reaches_the_style_sheet(client):
    profile = ServiceProfile.get()
    profile.primary_colour = "red;}"
    profile.save()
    assert client.get("/huisstijl.css").content == b""
