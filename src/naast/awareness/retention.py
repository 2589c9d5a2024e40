"""The awareness surveys' part of the data inventory (`naast.core.extensions`, "retention.py"):
anonymous answers, no resident can be found from them."""

from naast.core.extensions import NotPersonal

PERSONAL_FIELDS = {
    "Target.audience": NotPersonal("a code"),
    "Target.source": NotPersonal("where a target comes from (a policy document)"),
    "Wave.name": NotPersonal("a survey wave's name"),
    "Wave.audience": NotPersonal("a code"),
    "Wave.sample": NotPersonal("how the sample was drawn, in words"),
    "Response.respondent": NotPersonal("the survey's own respondent number (an import refuses anything that looks "
                                       "like an e-mail address), which Naast cannot link to a resident"),
    "Response.informed_via": NotPersonal("a channel code"),
}
