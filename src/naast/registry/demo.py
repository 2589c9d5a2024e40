"""Demo data: clients and help requests over the last two years, in bulk (scales to --requests N)."""

from datetime import timedelta

from django.utils import timezone

from naast.core.demodata import DemoContext
from naast.taxonomies.models import LifeDomain, TargetGroup

from .choices import Channel, Outcome, Referrer, Status, Urgency
from .models import Assignment, Client, HelpRequest, new_reference

FIRST_NAMES = ["Anna", "Bram", "Cor", "Daan", "Els", "Femke", "Gerrit", "Hanneke", "Ilse", "Jos", "Karin", "Luuk",
               "Mila", "Noor", "Otto", "Pien", "Rik", "Sara", "Tijs", "Vera", "Wouter", "Yara", "Zeynep", "Said"]
QUESTIONS = [
    "Ik krijg brieven van de gemeente die ik niet begrijp.",
    "Mijn moeder vergeet steeds meer en ik weet niet waar ik hulp kan vragen.",
    "Ik heb een keukentafelgesprek en wil dat er iemand meegaat.",
    "Ik kan mijn huur niet meer betalen.",
    "Mijn zoon heeft autisme en loopt vast op school.",
    "Ik ben het niet eens met het besluit over mijn huishoudelijke hulp.",
    "Ik voel me eenzaam sinds mijn man overleden is.",
    "Ik zorg voor mijn vader en het wordt me te veel.",
    "Ik zoek werk maar weet niet hoe ik moet beginnen.",
    "We moeten verhuizen en ik heb een aangepaste woning nodig.",
]
CHANNEL_WEIGHTS = [(Channel.PHONE, 40), (Channel.WEB, 20), (Channel.EMAIL, 12), (Channel.DESK, 10),
                   (Channel.CONSULTATION_HOUR, 6), (Channel.OUTREACH, 4), (Channel.PARTNER, 8)]
REFERRER_WEIGHTS = [(Referrer.SELF, 40), (Referrer.FAMILY, 18), (Referrer.GP, 12), (Referrer.MUNICIPALITY, 14),
                    (Referrer.DISTRICT_NURSE, 5), (Referrer.SCHOOL, 3), (Referrer.SOCIAL_WORK, 6), (Referrer.OTHER, 2)]
OUTCOME_WEIGHTS = [(Outcome.ANSWERED, 55), (Outcome.REFERRED, 25), (Outcome.WITHDRAWN, 7), (Outcome.NO_CONTACT, 6),
                   (Outcome.MOVED, 3), (Outcome.OTHER, 4)]
BATCH = 5000


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    domains = list(LifeDomain.objects.all())
    groups = list(TargetGroup.objects.all())
    districts = ctx.objects["districts"]
    organisations = ctx.objects["organisations"]
    supporters = ctx.objects["supporters"]
    by_org = {org.pk: [s for s in supporters if s.organisation_id == org.pk] for org in organisations}
    created = 0
    clients: list[Client] = []
    through = HelpRequest.life_domains.through
    while created < ctx.requests:
        size = min(BATCH, ctx.requests - created)
        new_clients, requests = [], []
        for _ in range(size):
            district = rng.choice(districts)
            if clients and rng.random() < 0.2:
                client = rng.choice(clients)  # a returning resident
            else:
                client = Client(
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}.",
                    municipality_id=district.municipality_id,
                    birth_year=rng.randint(1935, 2008),
                )
                new_clients.append(client)
            received = now - timedelta(days=rng.uniform(0, 730), hours=rng.uniform(0, 10))
            urgent = rng.random() < 0.15
            hr = HelpRequest(
                reference=new_reference(rng),
                client=client,
                municipality_id=district.municipality_id,
                district=district,
                received_at=received,
                channel=_pick(rng, CHANNEL_WEIGHTS),
                referrer=_pick(rng, REFERRER_WEIGHTS),
                urgency=Urgency.URGENT if urgent else Urgency.REGULAR,
                question=rng.choice(QUESTIONS),
                target_group=rng.choice(groups) if rng.random() < 0.8 else None,
                first_contact_due=received + timedelta(days=3 if urgent else 14),
            )
            age_days = (now - received).days
            if age_days > 3 or rng.random() < 0.5:
                hr.organisation = rng.choice(organisations)
                hr.first_contact_at = received + timedelta(days=rng.uniform(0.2, 4 if urgent else 18))
                hr.status = Status.IN_PROGRESS
                if hr.first_contact_at > now:
                    hr.first_contact_at = None
                    hr.status = Status.ASSIGNED
                if age_days > 45 and rng.random() < 0.9:
                    hr.status = Status.CLOSED
                    hr.closed_at = received + timedelta(days=rng.uniform(10, min(age_days, 120)))
                    hr.outcome = _pick(rng, OUTCOME_WEIGHTS)
                    hr.minutes_spent = int(rng.lognormvariate(6.1, 0.6))
                else:
                    hr.minutes_spent = int(rng.uniform(0, 300)) if hr.first_contact_at else 0
            requests.append(hr)
        Client.objects.bulk_create(new_clients, batch_size=2000)
        clients.extend(new_clients)
        for hr in requests:
            hr.client_id = hr.client.pk
        HelpRequest.objects.bulk_create(requests, batch_size=2000)
        links, assignments = [], []
        for hr in requests:
            for domain in rng.sample(domains, rng.choice([1, 1, 1, 2, 2, 3])):
                links.append(through(helprequest_id=hr.pk, lifedomain_id=domain.pk))
            if hr.organisation_id and by_org.get(hr.organisation_id):
                supporter = rng.choice(by_org[hr.organisation_id])
                assignments.append(Assignment(help_request_id=hr.pk, supporter=supporter, assigned_at=hr.received_at))
        through.objects.bulk_create(links, batch_size=5000)
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        created += size
        ctx.log(f"  {created} help requests")
