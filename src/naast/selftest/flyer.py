"""The A4 flyer as a one-page PDF (reportlab): the information page's text and the service's contact
details. Long contact details or a long name must not push it onto a second page: the text is set
smaller until it fits (`render` checks the page count)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.urls import reverse
from django.utils.translation import gettext as _

from naast.core.links import absolute_url

from .information import BLOCKS, CONTACT_HEADING

FONT_SIZES = (13, 12, 11, 10, 9, 8, 7)


def _story(profile, size: float):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    body = ParagraphStyle("flyer-body", fontName="Helvetica", fontSize=size, leading=size * 1.35, spaceAfter=size * 0.4)
    heading = ParagraphStyle("flyer-heading", parent=body, fontName="Helvetica-Bold", fontSize=size * 1.25,
                             leading=size * 1.6, spaceBefore=size * 0.6, spaceAfter=size * 0.2,
                             textColor=colors.HexColor("#00456a"))
    title = ParagraphStyle("flyer-title", parent=heading, fontSize=size * 2.1, leading=size * 2.5, spaceBefore=0)
    story = [Paragraph(escape(profile.name), title),
             Paragraph(escape(_("Free help with your questions. We stand beside you.")), body)]
    for block in BLOCKS:
        story.append(Paragraph(escape(str(block.heading)), heading))
        story += [Paragraph(escape(str(text)), body) for text in block.paragraphs]
    contact = [Paragraph(escape(str(CONTACT_HEADING)), heading)]
    if profile.phone:
        contact.append(Paragraph(f"<b>{escape(_('Phone'))}:</b> {escape(profile.phone)}", body))
    if profile.email:
        contact.append(Paragraph(f"<b>{escape(_('E-mail'))}:</b> {escape(profile.email)}", body))
    if profile.website:
        contact.append(Paragraph(f"<b>{escape(_('Website'))}:</b> {escape(profile.website)}", body))
    contact.append(Paragraph(f"<b>{escape(_('Ask for help online'))}:</b> "
                             f"{escape(absolute_url(reverse('intake:request_help')))}", body))
    box = Table([[contact]], colWidths=["100%"],
                style=TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#00456a")),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [*story, Spacer(1, size), KeepTogether(box)]


def render(profile) -> bytes:
    """The flyer PDF, on exactly one A4 page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    for size in FONT_SIZES:
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, title=profile.name, author=profile.name,
                                leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=1.8 * cm)
        doc.build(_story(profile, size))
        if doc.page == 1:
            break
    return out.getvalue()
