"""Demo data: a user for every role, supporters with realistic profiles. Fictional names."""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from naast.core.demodata import DemoContext
from naast.organisations.models import MemberOrganisation, Municipality
from naast.taxonomies.models import LifeDomain, TargetGroup

from .models import Affiliation, SupporterProfile, User
from .roles import Role
from .services import grant_role

# (username, first name, last name, roles, organisation index or municipality code, note)
DEMO_USERS = [
    ("balie", "Sanne", "Vos", [Role.DESK], 0, "registers requests at the desk"),
    ("coordinator", "Erik", "Hendriks", [Role.COORDINATOR, Role.SUPPORTER], 0, "triage, queue, assignment"),
    ("coordinator2", "Fatma", "Yilmaz", [Role.COORDINATOR], 1, "coordinator of the welfare organisation"),
    ("ondersteuner", "Lotte", "de Boer", [Role.SUPPORTER], 0, "client supporter"),
    ("financier", "Joost", "Kramer", [Role.FUNDER], "GM1701", "policy officer of Westerveld (aggregates only)"),
    ("auditor", "Ingrid", "Smit", [Role.AUDITOR], None, "audit committee (reports only)"),
    ("privacy", "Ahmed", "El Amrani", [Role.PRIVACY_OFFICER], 0, "privacy officer (audit log)"),
    ("beheer", "Wim", "Bakker", [Role.ADMIN], 0, "functional administrator (/admin/)"),
]

# More supporters, so assignment has a choice: (username, first, last, org index, languages, hours)
EXTRA_SUPPORTERS = [
    ("m.jansen", "Marieke", "Jansen", 0, ["nl", "de"], 32),
    ("k.bulut", "Kemal", "Bulut", 0, ["nl", "tr"], 24),
    ("a.mulder", "Anouk", "Mulder", 0, ["nl", "en"], 28),
    ("r.postma", "Roel", "Postma", 1, ["nl"], 36),
    ("n.haddou", "Nadia", "Haddou", 1, ["nl", "ar", "fr"], 20),
    ("j.dekker", "Jan", "Dekker", 1, ["nl", "en"], 16),
]


def build(ctx: DemoContext) -> None:
    password_hash = make_password(settings.NAAST["DEMO_PASSWORD"])  # hash once: hashing is slow on purpose
    organisations = list(MemberOrganisation.objects.order_by("pk"))
    municipalities = {m.code: m for m in Municipality.objects.all()}
    domains = list(LifeDomain.objects.all())
    groups = list(TargetGroup.objects.all())
    districts = ctx.objects["districts"]
    supporters = []

    def make_user(username, first, last, employer):
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@naast.example")
        if isinstance(employer, int):
            user.organisation = organisations[employer]
        elif isinstance(employer, str):
            user.municipality = municipalities[employer]
        user.password = password_hash
        user.save()
        return user

    for username, first, last, roles, employer, _note in DEMO_USERS:
        user = make_user(username, first, last, employer)
        for role in roles:
            grant_role(user, role)
        if Role.ADMIN in roles:
            User.objects.filter(pk=user.pk).update(is_staff=True)
        if Role.SUPPORTER in roles:
            supporters.append(user)

    for username, first, last, org, languages, hours in EXTRA_SUPPORTERS:
        user = make_user(username, first, last, org)
        grant_role(user, Role.SUPPORTER)
        supporters.append(user)
        SupporterProfile.objects.filter(user=user).update(languages=languages, contracted_hours_per_week=hours)

    for user in supporters:
        profile = user.supporter_profile
        if not profile.languages:
            profile.languages = ["nl"]
            profile.contracted_hours_per_week = 32
            profile.save()
        profile.life_domains.set(ctx.rng.sample(domains, 3))
        profile.target_groups.set(ctx.rng.sample(groups, 3))
        profile.districts.set(ctx.rng.sample(districts, 4))
    Affiliation.objects.create(
        user=supporters[-1], organisation_name="Zorggroep Oosterlicht", relation=Affiliation.Relation.FORMER,
        note="Worked there until 2025",
    )

    # A Wmo consultant of the municipality: decides on provisions, so never a supporter.
    wmo = make_user("wmo.consulent", "Petra", "Visser", "GM1690")
    wmo.is_indicatiesteller = True
    wmo.save()

    ctx.objects["supporters"] = supporters
    ctx.log(f"{User.objects.count()} staff users, {len(supporters)} supporters.")


def logins() -> list[tuple[str, str, str]]:
    """(roles, username, note) of the demo users that exist, for printing after setup."""
    existing = set(User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list("username", flat=True))
    return [
        (", ".join(str(Role(r).label) for r in roles), username, note)
        for username, _first, _last, roles, _employer, note in DEMO_USERS
        if username in existing
    ]
