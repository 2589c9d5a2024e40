"""The self-test adds no section to the monitor report; it gives the definitions its own report
points to (`naast.core.reportkit`), so every output explains them like the monitor's."""

from django.utils.translation import gettext_lazy

from naast.core.reportkit import Definition

SECTIONS: list = []

DEFINITIONS = [
    Definition("selftest_answers", gettext_lazy("Self-test answers"), gettext_lazy(
        "The municipality's own answers to the questions of the self-test on client support (after the VNG "
        "self-test): yes, partly, no or unknown, with an explanation and evidence (documents and links). "
        "Changed: the answer differs from the answer to the same question in the previous year."
    )),
    Definition("selftest_independence", gettext_lazy("Who provided the support"), gettext_lazy(
        "Supporters assigned to a help request of the municipality at some moment of the period, by the kind of "
        "their organisation. Not separate: the organisation is the municipality itself or a care provider. "
        "Employed by a municipality or indicatiesteller: the account is bound to a municipality, which the "
        "independence rule forbids for anyone who sees client data. Counts of staff, not of residents: never "
        "suppressed."
    )),
]
