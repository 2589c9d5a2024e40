"""Codes for help requests (docs/domain.md §5). Stable English codes; the UI shows the labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Website form")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    DESK = "desk", _("Desk")
    CONSULTATION_HOUR = "consultation_hour", _("Neighbourhood consultation hour")
    OUTREACH = "outreach", _("Home visit / outreach")
    PARTNER = "partner", _("Partner referral")


class Referrer(models.TextChoices):
    SELF = "self", _("The resident")
    FAMILY = "family", _("Family or carer")
    GP = "gp", _("GP")
    MUNICIPALITY = "municipality", _("Municipality (Wmo consultant)")
    DISTRICT_NURSE = "district_nurse", _("District nurse")
    SCHOOL = "school", _("School")
    SOCIAL_WORK = "social_work", _("Social work")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    REGULAR = "regular", _("Regular")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Supporter assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Question answered")
    REFERRED = "referred", _("Referred and started")
    WITHDRAWN = "withdrawn", _("Resident withdrew")
    NO_CONTACT = "no_contact", _("No contact possible")
    MOVED = "moved", _("Moved away")
    OTHER = "other", _("Other")
