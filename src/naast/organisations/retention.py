"""The organisations' part of the data inventory (`naast.core.extensions`, "retention.py")."""

from naast.core.extensions import NotPersonal

PUBLIC = NotPersonal("the service's public contact details, on every page")

PERSONAL_FIELDS = {
    "ServiceProfile.name": PUBLIC,
    "ServiceProfile.phone": PUBLIC,
    "ServiceProfile.email": PUBLIC,
    "ServiceProfile.website": PUBLIC,
    "ServiceProfile.emergency_phone": NotPersonal("a public emergency number (112), shown when help cannot wait"),
    "ServiceProfile.suicide_prevention_phone": NotPersonal("a public helpline number (113), shown when help cannot wait"),
    "ServiceProfile.domestic_violence_phone": NotPersonal("a public helpline number (Veilig Thuis), shown when help cannot wait"),
    "ServiceProfile.logo": NotPersonal("the service's logo image, shown on the public pages"),
    "ServiceProfile.primary_colour": NotPersonal("a colour code of the public pages"),
    "MemberOrganisation.name": NotPersonal("an organisation's name"),
    "MemberOrganisation.kind": NotPersonal("a code"),
    "Municipality.code": NotPersonal("a CBS code"),
    "Municipality.name": NotPersonal("a municipality's name"),
    "District.name": NotPersonal("a district's name"),
    "PostcodeDistrict.postcode": NotPersonal("a postcode area of a district (reference data, not a resident's)"),
}
