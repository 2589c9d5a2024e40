"""The reports' part of the data inventory (`naast.core.extensions`, "retention.py")."""

from naast.core.extensions import NotPersonal

PERSONAL_FIELDS = {
    "FundingAgreement.note": NotPersonal("a note on a funding agreement between a municipality and an organisation"),
    "PaymentInstalment.description": NotPersonal("a payment's description"),
    "RollupMonth.version": NotPersonal("the hash of the statement that computed a month of the report's roll-up"),
    "RollupMonth.figures": NotPersonal("a month's counts of help requests per code for the whole service"),
    "RollupMark.month": NotPersonal("a year and month whose help requests were written since the roll-up"),
}
