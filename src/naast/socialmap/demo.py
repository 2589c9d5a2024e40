"""Demo data: a social map of about 190 fictional services in the demo municipalities and districts,
covering all 8 life domains. Deterministic through ctx.rng."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from naast.core.demodata import DemoContext
from naast.taxonomies.models import LifeDomain, TargetGroup

from .models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .search.index import reindex
from .seed import service_type_id

ORGANISATIONS = {
    "geldwijs": ("Stichting Geldwijs Drenthe", "Helpt inwoners met geldzaken en schulden."),
    "brug": ("Welzijn De Brug", "Welzijnswerk in de wijk: ontmoeting, vrijwilligers, mantelzorg."),
    "hetveld": ("Zorggroep Het Veld", "Thuiszorg, wijkverpleging en dagbesteding."),
    "horizon": ("GGZ De Horizon", "Hulp bij psychische problemen voor volwassenen."),
    "jeugdteam": ("Jeugd- en gezinsteam Zuidwest", "Hulp bij opgroeien en opvoeden."),
    "erf": ("Woonstichting Het Erf", "Verhuurt sociale huurwoningen in Zuidwest-Drenthe."),
    "werkplein": ("Werkplein Zuidwest", "Werk, uitkering en re-integratie namens de gemeenten."),
    "letter": ("Taalhuis De Letter", "Taal- en computerlessen voor volwassenen."),
    "samen": ("Vrijwilligerscentrale Samen Sterk", "Koppelt vrijwilligers aan inwoners die hulp zoeken."),
    "rechtswinkel": ("Rechtswinkel Zuidwest-Drenthe", "Gratis juridisch advies door vrijwillige juristen."),
    "mee": ("MEE Drenthe-Zuid", "Onafhankelijke cliëntondersteuning."),
    "zorgkompas": ("Steunpunt Zorgkompas", "Mantelzorgondersteuning en respijtzorg."),
    "vitaal": ("Vitaal Drenthe", "Preventie en gezond leven voor ouderen."),
    "veilig": ("Veilig Thuis Drenthe-Zuid", "Advies en meldpunt bij huiselijk geweld."),
    "novo": ("Verslavingszorg Noordoost", "Hulp bij verslaving aan alcohol, drugs of gokken."),
}

# (service type, organisation, name ({m}=municipality, {d}=district), description, target groups,
#  extra life domains, free, min age, max age, waiting weeks, per district?)
TEMPLATES = [
    ("debt_help", "geldwijs", "Schuldhulpverlening {m}", "Heeft u schulden of kunt u uw rekeningen niet meer betalen? Wij zoeken samen een oplossing. We maken een plan en praten met de mensen aan wie u geld moet.", ["debts"], [], True, 18, None, 4, False),
    ("debt_help", "geldwijs", "Budgetcoach {d}", "Een vrijwillige budgetcoach helpt u overzicht te krijgen in uw geld. Samen maakt u een plan voor uw inkomsten en uitgaven.", ["debts"], [], True, 18, None, 2, True),
    ("admin_help", "samen", "Thuisadministratie {m}", "Een vrijwilliger komt bij u thuis en helpt met uw papieren, rekeningen en post. Zo houdt u grip op uw administratie.", ["elderly"], ["work_and_income"], True, 18, None, 3, False),
    ("admin_help", "brug", "Formulierenspreekuur {d}", "Loop binnen met uw brieven en formulieren. Wij leggen uit wat er staat en helpen u met invullen, ook online aanvragen en DigiD.", ["newcomers", "elderly"], [], True, None, None, 0, True),
    ("housing", "erf", "Huurspreekuur {m}", "Heeft u een huurachterstand of problemen met uw huurwoning? Kom op tijd naar ons spreekuur. Samen voorkomen we dat u uw huis kwijtraakt.", ["debts"], ["work_and_income"], True, 18, None, 1, False),
    ("housing", "erf", "Woonconsulent {m}", "De woonconsulent helpt als u moet verhuizen, een aangepaste woning zoekt of zorgen heeft over uw woonruimte.", ["elderly", "physical_disability"], [], True, 18, None, 6, False),
    ("work_income", "werkplein", "Werkcoach {m}", "Zoekt u werk? Een werkcoach helpt u met solliciteren, een cv en het vinden van een baan die past.", [], ["education"], True, 18, 67, 3, False),
    ("work_income", "werkplein", "Uitkering en toeslagen {m}", "Informatie over bijstand, een uitkering en toeslagen. Wij kijken met u of u recht heeft op extra inkomen.", ["debts"], [], True, 18, None, 2, False),
    ("home_care", "hetveld", "Thuiszorg Het Veld {d}", "Verzorging en verpleging thuis: hulp bij douchen, aankleden en medicijnen. De wijkverpleegkundige komt bij u langs.", ["elderly", "chronic_illness"], [], False, None, None, 2, True),
    ("home_care", "hetveld", "Huishoudelijke hulp {m}", "Lukt het schoonmaken niet meer? Via de Wmo kunt u huishoudelijke hulp krijgen. Wij helpen u thuis.", ["elderly", "physical_disability"], ["social_support"], False, 18, None, 5, False),
    ("day_activities", "hetveld", "Dagbesteding De Linde {d}", "Overdag samen bezig zijn: koken, tuinieren, creatief werk. Voor mensen die structuur en gezelschap zoeken.", ["elderly", "mild_intellectual_disability", "acquired_brain_injury"], ["wellbeing"], False, 18, None, 8, True),
    ("informal_care_support", "zorgkompas", "Steunpunt Mantelzorg {m}", "Zorgt u voor een partner, ouder of kind? Wij luisteren, geven advies en regelen als het nodig is respijtzorg, zodat u even op adem kunt komen.", ["carers"], [], True, None, None, 1, False),
    ("informal_care_support", "zorgkompas", "Mantelzorgcafé {d}", "Ontmoet andere mantelzorgers bij een kop koffie. Praat over wat u meemaakt en hoe u het volhoudt.", ["carers"], ["wellbeing"], True, None, None, 0, True),
    ("mental_health", "horizon", "Praktijkondersteuner GGZ {m}", "Voelt u zich somber, angstig of gestrest? Praat met een praktijkondersteuner. Vraag uw huisarts om een verwijzing.", ["mental_health"], [], True, 18, None, 4, False),
    ("mental_health", "horizon", "Rouw- en verliesgroep {m}", "Een gespreksgroep voor mensen die iemand verloren hebben. Samen praten over verdriet en verder leven.", [], ["wellbeing"], True, 18, None, 2, False),
    ("youth_help", "jeugdteam", "Jeugd- en gezinsteam {d}", "Vragen over opgroeien of opvoeden? Het jeugd- en gezinsteam helpt ouders en kinderen, thuis of op school.", ["youth_parents", "autism"], ["education"], True, 0, 23, 3, True),
    ("youth_help", "jeugdteam", "Opvoedspreekuur {m}", "Heeft u een vraag over uw kind of puber? Kom naar het opvoedspreekuur of bel ons.", ["youth_parents"], [], True, 0, 18, 0, False),
    ("volunteer_help", "samen", "Maatjesproject {m}", "Een vrijwillig maatje komt langs voor een praatje, een wandeling of samen boodschappen doen.", ["elderly", "mental_health"], ["social_support"], True, None, None, 6, False),
    ("volunteer_help", "samen", "Klussendienst {d}", "Vrijwilligers helpen met kleine klusjes in en om het huis, zoals een lamp ophangen of de tuin bijhouden.", ["elderly", "physical_disability"], [], True, None, None, 2, True),
    ("social_contact", "brug", "Ontmoetingscentrum {d}", "Voelt u zich eenzaam? Kom langs voor koffie, een spelletje of een gezamenlijke maaltijd. Iedereen is welkom.", ["elderly"], [], True, None, None, 0, True),
    ("dementia", "hetveld", "Casemanager dementie {m}", "Heeft u of uw naaste dementie of problemen met het geheugen? De casemanager begeleidt u en uw familie, van diagnose tot verhuizing.", ["elderly", "carers"], [], True, None, None, 3, False),
    ("dementia", "brug", "Geheugencafé {m}", "Een avond voor mensen met vergeetachtigheid of alzheimer en hun naasten. Informatie en ontmoeting in een gezellige sfeer.", ["elderly", "carers"], ["wellbeing"], True, None, None, 0, False),
    ("language_digital", "letter", "Taalhuis {m}", "Wilt u beter leren lezen, schrijven of Nederlands spreken? Het taalhuis helpt u gratis op weg.", ["newcomers"], [], True, 16, None, 2, False),
    ("language_digital", "letter", "Digicafé {d}", "Hulp bij de computer, tablet of telefoon. Leer DigiD gebruiken en online zaken regelen.", ["elderly", "newcomers"], ["social_support"], True, None, None, 0, True),
    ("transport_aids", "hetveld", "Hulpmiddelen en woningaanpassing {m}", "Een traplift, scootmobiel of rolstoel nodig? Wij helpen met de aanvraag bij de gemeente.", ["physical_disability", "elderly"], ["housing"], True, None, None, 6, False),
    ("transport_aids", "samen", "Vrijwillige vervoersdienst {m}", "Vrijwillige chauffeurs brengen u naar de huisarts, het ziekenhuis of familie, voor een kleine vergoeding.", ["elderly", "physical_disability"], [], False, None, None, 1, False),
    ("legal_help", "rechtswinkel", "Rechtswinkel {m}", "Gratis juridisch advies over huur, werk, uitkering of een bezwaar tegen een besluit.", [], [], True, 18, None, 1, False),
    ("addiction", "novo", "Hulp bij verslaving {m}", "Drinkt u te veel, gebruikt u drugs of gokt u? Praat anoniem met een hulpverlener.", [], [], True, 16, None, 3, False),
    ("domestic_violence", "veilig", "Veilig Thuis advies {m}", "Is er geweld of bedreiging in uw gezin of in uw omgeving? Bel voor advies, ook anoniem.", [], ["youth_care"], True, None, None, 0, False),
    ("client_support", "mee", "Onafhankelijke cliëntondersteuning {m}", "Een cliëntondersteuner denkt met u mee en gaat mee naar het keukentafelgesprek met de gemeente over de Wmo.", ["elderly", "mild_intellectual_disability", "autism"], [], True, None, None, 1, False),
    ("health_prevention", "vitaal", "Valpreventie en bewegen {m}", "Blijf fit en voorkom vallen. Beweeggroepen en advies voor ouderen die gezond willen blijven.", ["elderly"], [], False, 55, None, 2, False),
    ("education", "jeugdteam", "Leerplicht en schoolmaatschappelijk werk {m}", "Problemen op school of thuiszitten? De schoolmaatschappelijk werker helpt leerlingen en ouders.", ["youth_parents", "autism"], ["youth_care"], True, 4, 23, 2, False),
]

PLACE_COORDINATES = {
    "Diever": (52.854, 6.318), "Dwingeloo": (52.834, 6.370), "Havelte": (52.770, 6.240), "Vledder": (52.857, 6.209),
    "Zuidwolde": (52.670, 6.427), "Ruinen": (52.762, 6.355), "De Wijk": (52.673, 6.290), "Ruinerwold": (52.723, 6.249),
    "Beilen": (52.862, 6.511), "Westerbork": (52.850, 6.608), "Smilde": (52.953, 6.448), "Bovensmilde": (52.975, 6.475),
}
STREETS = ["Brink", "Kerkstraat", "Stationsweg", "Hoofdstraat", "Molenweg", "Schoolstraat", "Esweg", "Dorpsstraat"]
DAY_SETS = [["MO", "TU", "WE", "TH", "FR"], ["MO", "WE", "FR"], ["TU", "TH"], ["WE"]]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    municipalities = ctx.objects.get("municipalities", [])
    districts = ctx.objects.get("districts", [])
    if not municipalities or not districts:
        ctx.log("Social map: no municipalities in the demo data; skipped.")
        return
    domains = {d.code: d for d in LifeDomain.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(id__in=[service_type_id(t[0]) for t in TEMPLATES])}
    organisations = {}
    for key, (name, description) in ORGANISATIONS.items():
        organisations[key], _ = Organization.objects.update_or_create(
            id=uuid.uuid5(uuid.NAMESPACE_URL, f"naast-demo:org:{key}"),
            defaults={"name": name, "description": description, "email": f"info@{key}.example",
                      "website": f"https://{key}.example"},
        )
    from .seed import SERVICE_TYPES

    today = timezone.localdate()
    services = []
    for template in TEMPLATES:
        type_code, org_key, name_pattern, description, group_codes, extra_domains, free, min_age, max_age, wait, per_district = template
        places = districts if per_district else municipalities
        for place in places:
            municipality = place.municipality if per_district else place
            district = place if per_district else rng.choice([d for d in districts if d.municipality_id == place.pk])
            name = name_pattern.format(m=municipality.name, d=place.name)
            key = f"naast-demo:service:{name}"
            service, _ = Service.objects.update_or_create(
                id=uuid.uuid5(uuid.NAMESPACE_URL, key),
                defaults={
                    "organization": organisations[org_key], "name": name, "description": description,
                    "status": "active", "free_of_charge": free, "minimum_age": min_age, "maximum_age": max_age,
                    "waiting_weeks": wait, "wait_time": ("1 week" if wait == 1 else f"{wait} weken") if wait else "geen wachttijd",
                    "fees_description": "Gratis." if free else "Er is een eigen bijdrage. Vraag ernaar.",
                    "eligibility_description": f"Voor inwoners van {municipality.name}.",
                    "application_process": "Bel of loop binnen. U hebt geen verwijzing nodig." if free
                    else "Vraag het aan via de gemeente of uw huisarts.",
                    "email": f"{type_code.replace('_', '')}@{org_key}.example",
                    "internal_notes": "Vaste contactpersoon: zie intranet. Reageert meestal binnen 2 dagen.",
                    "direct_line": f"0522 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    "referral_instructions": "Verwijs met toestemming van de cliënt; stuur een korte samenvatting mee.",
                    # Some entries are deliberately overdue for checking, so the to-do list has work.
                    "last_verified_on": today - dt.timedelta(days=rng.choice([20, 90, 200, 300, 400, 500])),
                },
            )
            domain_codes = [SERVICE_TYPES[type_code][2], *extra_domains]
            service.life_domains.set([domains[c] for c in domain_codes if c in domains])
            service.target_groups.set([groups[c] for c in group_codes if c in groups])
            service.terms.set([terms[type_code]] if type_code in terms else [])
            _place_service(service, district, municipality if not per_district else None, rng)
            services.append(service)
    reindex()
    ctx.objects["socialmap_services"] = services
    ctx.log(f"Social map: {len(services)} services from {len(organisations)} organisations.")


def _place_service(service: Service, district, municipality, rng) -> None:
    lat, lon = PLACE_COORDINATES.get(district.name, (52.8, 6.4))
    location, _ = Location.objects.update_or_create(
        id=uuid.uuid5(service.id, "location"),
        defaults={"organization": service.organization, "name": f"{service.organization.name} {district.name}",
                  "location_type": "physical", "latitude": round(lat + rng.uniform(-0.004, 0.004), 5),
                  "longitude": round(lon + rng.uniform(-0.004, 0.004), 5),
                  "transportation": "Bushalte op loopafstand. Gratis parkeren voor de deur."},
    )
    postcode = district.postcodes.order_by("postcode").values_list("postcode", flat=True).first() or "7900"
    Address.objects.update_or_create(
        id=uuid.uuid5(service.id, "address"),
        defaults={"location": location, "address_1": f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                  "city": district.name, "state_province": "Drenthe", "postal_code": f"{postcode} {rng.choice(['AA', 'AB', 'BK', 'CD'])}",
                  "country": "NL", "address_type": "physical"},
    )
    sal, _ = ServiceAtLocation.objects.update_or_create(
        id=uuid.uuid5(service.id, "sal"), defaults={"service": service, "location": location}
    )
    Phone.objects.update_or_create(
        id=uuid.uuid5(service.id, "phone"),
        defaults={"service": service, "number": f"0522 {rng.randint(200, 899)} {rng.randint(100, 999)}", "type": "voice"},
    )
    days = rng.choice(DAY_SETS)
    Schedule.objects.filter(service=service).delete()
    Schedule.objects.create(id=uuid.uuid5(service.id, "morning"), service=service, freq="WEEKLY", byday=",".join(days),
                            opens_at=dt.time(9, 0), closes_at=dt.time(12, 30))
    if rng.random() < 0.6:
        Schedule.objects.create(id=uuid.uuid5(service.id, "afternoon"), service=service, freq="WEEKLY",
                                byday=",".join(days), opens_at=dt.time(13, 30), closes_at=dt.time(17, 0))
    ServiceArea.objects.update_or_create(
        id=uuid.uuid5(service.id, "area"),
        defaults={"service": service, "name": (municipality or district).name, "municipality": municipality,
                  "district": None if municipality else district},
    )
