"""The service's own look on the public pages: a logo and a primary colour (issue 17, item 8).

One place for the rules: a primary colour is a hex colour `#rrggbb` on which white text keeps a
contrast ratio of at least 4.5:1 (WCAG 2.1 AA, 1.4.3), because buttons and the header put white
text on it; a logo is a PNG, JPEG or WebP image of at most 200 KB (no SVG: it can carry script).
The header gets them through `theme_css()` (CSS custom properties, served as a style sheet since
the content security policy allows no inline styles) and the `organisations:logo` URL.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5
LOGO_MAX_BYTES = 200 * 1024
LOGO_MAX_PIXELS = 2000
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def _luminance(colour: str) -> float:
    """Relative luminance of `#rrggbb` as WCAG 2.1 defines it."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def validate_primary_colour(value: str) -> None:
    if not value:
        return
    if not HEX_COLOUR.match(value):
        raise ValidationError(_("Enter a colour as # followed by six hexadecimal digits, for example #1f4e79."),
                              code="invalid_colour")
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _("White text on this colour is hard to read (contrast %(ratio)s:1, at least 4.5:1 is needed). "
              "Choose a darker colour."),
            code="low_contrast", params={"ratio": f"{ratio:.1f}".replace(".", ",")})


def darker(colour: str, factor: float = 0.75) -> str:
    """The hover shade of a button: the colour a quarter darker (still ≥ 4.5:1 with white)."""
    return "#" + "".join(f"{int(int(colour[i:i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def validate_logo(upload) -> None:
    """A small raster image: PNG, JPEG or WebP, at most 200 KB and 2000 pixels a side."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large: at most 200 KB."), code="logo_too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_format") from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_format")
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(_("The logo is too large: at most 2000 pixels wide and high."), code="logo_too_large")


def logo_content_type(data: bytes) -> str | None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return LOGO_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError):
        return None


def theme_css(profile) -> str:
    """The service's colours as the custom properties Naast's theme (naast/theme.css) is built on."""
    if not HEX_COLOUR.match(profile.primary_colour or ""):
        return ""  # nothing but a validated colour reaches a style sheet, whatever the database holds
    colour = profile.primary_colour.lower()
    return (f":root, .naast-theme {{\n  --naast-color-primary: {colour};\n"
            f"  --naast-color-primary-dark: {darker(colour)};\n}}\n")
