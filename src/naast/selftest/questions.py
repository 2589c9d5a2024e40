"""The self-test's themes and questions: the VNG "zelftest cliëntondersteuning voor gemeenten"
(2015, used by audit offices by hand), written anew in Naast's own words, as data.

Every question has a stable key (never rename one: answers of earlier years are stored under it and
compared year on year); `evidence` names the live figures Naast shows next to it
(`naast.selftest.evidence.EVIDENCE`). Source strings are English; the Dutch texts are in the app's
translations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # lazy translation
    hint: str = ""  # lazy translation: what a "yes" needs
    evidence: str = ""  # key in evidence.EVIDENCE


@dataclass(frozen=True)
class Theme:
    key: str
    title: str  # lazy translation
    questions: tuple[Question, ...]


THEMES: tuple[Theme, ...] = (
    Theme("policy_plan", _("Policy plan"), (
        Question("policy_plan.describes_support",
                 _("Does the municipality's policy plan describe how client support is arranged?"),
                 _("For example the Wmo policy plan or the plan for the social domain.")),
        Question("policy_plan.covers_requirements",
                 _("Does the policy plan deal with the legal requirements of the questions below: independence, "
                   "all areas of life, accessibility and informing residents?")),
    )),
    Theme("independence", _("Independence"), (
        Question("independence.professional_autonomy",
                 _("Has the municipality laid down (in policy, contracts or work processes) that client supporters "
                   "work independently, in the resident's interest and with professional autonomy?")),
        Question("independence.separate_from_decisions",
                 _("Are client supporters organisationally separate from the staff who decide on provisions "
                   "(indicatiestellers)? If not: is it laid down that a client supporter never decides on "
                   "provisions?"),
                 evidence="independence"),
        Question("independence.another_supporter",
                 _("Is it laid down that a resident who doubts whether their supporter is objective may ask for "
                   "another supporter?"),
                 evidence="another_supporter"),
    )),
    Theme("all_areas", _("All areas of life"), (
        Question("all_areas.every_domain",
                 _("Is it laid down that client support covers every area of life: social support, preventive "
                   "care, care, youth care, education, wellbeing, housing, and work and income?"),
                 evidence="life_domains"),
        Question("all_areas.coherence",
                 _("Does the policy say how the different kinds of client support in the municipality work "
                   "together?")),
    )),
    Theme("accessibility", _("Accessibility"), (
        Question("accessibility.open_to_all",
                 _("Is client support a general facility that every resident can use, without a referral or an "
                   "indication?"),
                 evidence="channels"),
        Question("accessibility.free",
                 _("Is client support free of charge for residents?")),
    )),
    Theme("duty_to_inform", _("Duty to inform"), (
        Question("duty_to_inform.how_informed",
                 _("Is it laid down how residents hear that client support exists, above all before the Wmo "
                   "investigation (the kitchen-table conversation)?"),
                 evidence="referrers"),
        Question("duty_to_inform.independent_and_free",
                 _("Does the municipality tell residents that client support is independent, serves their "
                   "interest and is free?")),
        Question("duty_to_inform.other_areas",
                 _("Is it laid down how residents who come with a question in another area of life than social "
                   "support (for example youth care, work and income) hear about client support?")),
    )),
    Theme("quality", _("Quality and evaluation"), (
        Question("quality.requirements",
                 _("Is it laid down (in policy or the Wmo bylaw) which quality requirements apply to client "
                   "support, including the expertise of the supporters?")),
        Question("quality.evaluation",
                 _("Is client support evaluated regularly, with residents' satisfaction and the handling of "
                   "complaints?"),
                 evidence="satisfaction"),
    )),
    Theme("participation", _("Participation"), (
        Question("participation.residents_involved",
                 _("Is it laid down (in policy or the Wmo bylaw) how residents and their representatives are "
                   "involved in carrying out the Wmo?")),
        Question("participation.covers_support",
                 _("Does that involvement also cover client support?")),
    )),
)

QUESTIONS: dict[str, Question] = {q.key: q for theme in THEMES for q in theme.questions}
THEME_OF: dict[str, Theme] = {q.key: theme for theme in THEMES for q in theme.questions}
