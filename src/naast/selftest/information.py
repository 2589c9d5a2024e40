"""The public information page's text, in one place for the page, the printable flyer and its PDF:
plain language (B1: short sentences, everyday words), translated like every other string."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Block:
    key: str
    heading: str
    paragraphs: tuple[str, ...]


BLOCKS: tuple[Block, ...] = (
    Block("what", _("What is client support?"), (
        _("Do you have a question about care, money, housing, work, school or daily life? A client supporter "
          "helps you."),
        _("Together you find out what you need. The supporter can go with you to a conversation with the "
          "municipality. For example the kitchen-table conversation about support."),
    )),
    Block("free", _("It is free"), (
        _("Client support costs you nothing. You do not need a referral."),
    )),
    Block("independent", _("We are independent"), (
        _("The client supporter works for you. Not for the municipality and not for a care provider."),
        _("The supporter does not decide about your care or support. What you want comes first."),
    )),
    Block("bring_someone", _("Bring someone along"), (
        _("You may bring someone you trust to every conversation. For example a family member, a friend or a "
          "neighbour."),
    )),
    Block("another_supporter", _("Another supporter"), (
        _("Does it not feel right with your supporter? Then you may ask for another supporter. Just tell us."),
    )),
)

CONTACT_HEADING = _("How to reach us")
