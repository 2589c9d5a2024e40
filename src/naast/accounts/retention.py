"""The staff accounts' part of the data inventory (`naast.core.extensions`, "retention.py").

Staff data is not a resident's: it stays while the account exists (accounts are deactivated, not
deleted, so the audit log and the case history keep naming who did what)."""

from naast.core.extensions import NotPersonal, Personal

ACCOUNT = "kept while the account exists (staff accounts are deactivated, not deleted)"
ADMINS = "administrators; colleagues see names where work is assigned"

PERSONAL_FIELDS = {
    "User.password": NotPersonal("a salted password hash"),
    "User.username": Personal("a staff member's login name, also in the audit log", ADMINS, ACCOUNT, by_retention=False),
    "User.first_name": Personal("a staff member's name", ADMINS, ACCOUNT, by_retention=False),
    "User.last_name": Personal("a staff member's name", ADMINS, ACCOUNT, by_retention=False),
    "User.email": Personal("a staff member's e-mail address (assignments, reminders)", ADMINS, ACCOUNT, by_retention=False),
    "RoleGrant.role": NotPersonal("a code"),
    "SupporterProfile.languages": Personal("the languages a supporter speaks (for matching)", "coordinators",
                                           ACCOUNT, by_retention=False),
    "Affiliation.organisation_name": Personal("a supporter's declared tie with an organisation (independence)",
                                              "coordinators, administrators", ACCOUNT, by_retention=False),
    "Affiliation.relation": NotPersonal("a code"),
    "Affiliation.note": Personal("about a declared tie", "coordinators, administrators", ACCOUNT, by_retention=False),
}
