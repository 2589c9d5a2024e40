"""Two-factor authentication for staff (TOTP, django-otp): enrol, confirm, verify at login.

A staff member who has confirmed an authenticator app must enter its 6-digit code after the
password before any staff page opens. With NAAST_REQUIRE_2FA=1 every staff member must set
one up first. Codes are checked by django-otp (with its throttling of wrong guesses).
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device, created on first use (a fresh secret each enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_device(device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when the code from the app matches; replaces any older device."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no script, no external request)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan."""
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
