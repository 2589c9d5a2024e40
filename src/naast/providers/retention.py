"""The provider register's part of the data inventory (`naast.core.extensions`, "retention.py"):
organisations and municipalities, public by nature; the only person named is the staff member
who changed the register."""

from naast.core.extensions import NotPersonal, Personal

REFERENCE = NotPersonal("reference data about municipalities and organisations, public by nature")

PERSONAL_FIELDS = {
    "Region.name": REFERENCE,
    "RegisterMunicipality.code": NotPersonal("a CBS code"),
    "RegisterMunicipality.name": REFERENCE,
    "Provision.provider": NotPersonal("an organisation's name"),
    "Provision.provider_type": NotPersonal("a code"),
    "Provision.parent_group": NotPersonal("an organisation's name"),
    "Provision.phone": NotPersonal("an organisation's public phone number"),
    "ProvisionChange.action": NotPersonal("a code"),
    "ProvisionChange.changed_by_name": Personal(
        "who changed the register (its history: who changed what, when)", "coordinators, funders, auditors, administrators",
        "kept with the register's history, like the audit log", by_retention=False),
    "ProvisionChange.summary": NotPersonal("what changed in the register, in words"),
    "ProvisionChange.provider": NotPersonal("an organisation's name"),
    "ProvisionChange.provider_type": NotPersonal("a code"),
    "ProvisionChange.parent_group": NotPersonal("an organisation's name"),
    "ProvisionChange.phone": NotPersonal("an organisation's public phone number"),
}
