"""The reports' part of the data inventory (`naast.core.extensions`, "retention.py")."""

from naast.core.extensions import NotPersonal

PERSONAL_FIELDS = {
    "FundingAgreement.note": NotPersonal("a note on a funding agreement between a municipality and an organisation"),
    "PaymentInstalment.description": NotPersonal("a payment's description"),
}
