"""Reference data the map ships with: Naast's service-type taxonomy and the first curated
search phrases. Used by a data migration (and by tests), so every installation starts alike."""

SERVICE_TYPE_CONTEXT = "service type"


def pgettext(context: str, text: str) -> str:
    """Marks a service type's English name for translation (the extraction reads it as Django's
    pgettext) without translating it: the migrations and the benchmarks import this file without
    settings. The context keeps "Housing" the service type apart from "Housing" the life domain."""
    return text


# The name of Naast's service-type taxonomy: the service types a service is filed under.
NAAST_SERVICE_TYPES = "naast-service-type"

NAAST_TAXONOMY = {
    "name": NAAST_SERVICE_TYPES,
    "description": "Naast service types: the kinds of help a resident can be referred to.",
    "version": "1",
}

# code: (Dutch name, English name, life domain code, search words residents use). The English
# names are marked for translation: residents read a service type in their page's language
# (`service_type_label`); the Dutch name is the term's own name.
SERVICE_TYPES = {
    "debt_help": ("Schuldhulp en geldzaken", pgettext("service type", "Debt help and money matters"), "work_and_income",
                  "schulden geld geldzorgen budget rekeningen betalen incasso deurwaarder armoede budgetcoach schuldhulpverlening"),
    "home_care": ("Hulp en zorg thuis", pgettext("service type", "Help and care at home"), "care",
                  "thuiszorg huishouden huishoudelijke wijkverpleging verzorging douchen aankleden schoonmaken"),
    "day_activities": ("Dagbesteding", pgettext("service type", "Day activities"), "social_support",
                       "dagactiviteiten bezigheid activiteiten overdag structuur zinvol"),
    "informal_care_support": ("Mantelzorgondersteuning", pgettext("service type", "Support for informal carers"), "social_support",
                              "mantelzorger mantelzorg respijtzorg ontlasten overbelast zorgen voor partner ouder"),
    "youth_help": ("Jeugdhulp en opvoeding", pgettext("service type", "Youth help and parenting"), "youth_care",
                   "kinderen kind opvoeden opvoeding ouders tiener jongeren puber gezin"),
    "housing": ("Wonen en huisvesting", pgettext("service type", "Housing"), "housing",
                "woning huis huur huurachterstand dakloos verhuizen woonruimte huisuitzetting"),
    "work_income": ("Werk en inkomen", pgettext("service type", "Work and income"), "work_and_income",
                    "baan werk uitkering bijstand werkloos solliciteren sollicitatie sollicitatiebrief cv toeslagen inkomen"),
    "mental_health": ("Psychische gezondheid", pgettext("service type", "Mental health"), "care",
                      "somber depressie angst stress psycholoog verdriet rouw piekeren burnout overleden overlijden verlies"),
    "volunteer_help": ("Vrijwillige hulp", pgettext("service type", "Volunteer help"), "wellbeing",
                       "vrijwilliger vrijwilligers maatje buddy klusjes boodschappen"),
    "social_contact": ("Ontmoeting en eenzaamheid", pgettext("service type", "Meeting people and loneliness"), "wellbeing",
                       "eenzaam eenzaamheid alleen contact koffie ontmoeten samen gezelschap"),
    "dementia": ("Dementie en geheugen", pgettext("service type", "Dementia and memory"), "care",
                 "dementie alzheimer geheugen vergeten vergeetachtig verward geheugenproblemen"),
    "admin_help": ("Hulp bij formulieren en post", pgettext("service type", "Help with forms and post"), "social_support",
                   "formulieren formulier brieven brief post administratie invullen aanvragen papieren"),
    "language_digital": ("Taal en digitale vaardigheden", pgettext("service type", "Language and digital skills"), "education",
                         "lezen schrijven taal nederlands leren computer digitaal digid laaggeletterd"),
    "transport_aids": ("Vervoer en hulpmiddelen", pgettext("service type", "Transport and aids"), "social_support",
                       "vervoer taxi regiotaxi rolstoel scootmobiel hulpmiddelen traplift woningaanpassing"),
    "legal_help": ("Juridisch advies", pgettext("service type", "Legal advice"), "social_support",
                   "advocaat recht bezwaar juridisch rechtshulp rechten"),
    "addiction": ("Verslaving", pgettext("service type", "Addiction"), "care", "verslaving alcohol drugs gokken drinken"),
    "domestic_violence": ("Huiselijk geweld", pgettext("service type", "Domestic violence"), "care",
                          "geweld mishandeling veilig thuis bedreiging ruzie slaan slaat geslagen schoppen"),
    "client_support": ("Cliëntondersteuning", pgettext("service type", "Client support"), "social_support",
                       "meedenken keukentafelgesprek wmo aanvraag ondersteuning onafhankelijk"),
    "health_prevention": ("Gezond leven", pgettext("service type", "Healthy living"), "preventive_care",
                          "gezond bewegen sport voeding vallen valpreventie gezondheid"),
    "education": ("Onderwijs en school", pgettext("service type", "Education and school"), "education",
                  "school leerplicht studie opleiding huiswerk"),
}

# phrase: (expansion, service type code or "", life domain code or "")
SEARCH_PHRASES = {
    "huur": ("huurachterstand schulden woning", "housing", "housing"),
    "huur niet betalen": ("huurachterstand schulden geldzorgen", "debt_help", "work_and_income"),
    "rekeningen": ("schulden geldzorgen budget", "debt_help", "work_and_income"),
    "geld": ("geldzorgen schulden budget", "debt_help", "work_and_income"),
    "rondkomen": ("geldzorgen budget armoede", "debt_help", "work_and_income"),
    "vergeet": ("dementie geheugen", "dementia", "care"),
    "verward": ("dementie geheugen", "dementia", "care"),
    "eenzaam": ("eenzaamheid ontmoeting contact", "social_contact", "wellbeing"),
    "alleen": ("eenzaamheid ontmoeting", "social_contact", "wellbeing"),
    "formulieren": ("administratie formulier", "admin_help", "social_support"),
    "brief": ("post administratie formulier", "admin_help", "social_support"),
    "post": ("administratie brieven", "admin_help", "social_support"),
    "zorg voor": ("mantelzorg mantelzorger", "informal_care_support", "social_support"),
    "zorgen voor": ("mantelzorg mantelzorger", "informal_care_support", "social_support"),
    "moe": ("mantelzorg overbelast respijtzorg", "informal_care_support", "social_support"),
    "somber": ("psychische depressie", "mental_health", "care"),
    "kind": ("opvoeding jeugdhulp", "youth_help", "youth_care"),
    "zoon": ("opvoeding jeugdhulp", "youth_help", "youth_care"),
    "dochter": ("opvoeding jeugdhulp", "youth_help", "youth_care"),
    "baan": ("werk solliciteren", "work_income", "work_and_income"),
    "uitkering": ("inkomen bijstand", "work_income", "work_and_income"),
    "computer": ("digitaal digid", "language_digital", "education"),
    "lezen": ("taal laaggeletterd", "language_digital", "education"),
    "taal": ("nederlands leren taalcafe", "language_digital", "education"),
    "douchen": ("thuiszorg verzorging", "home_care", "care"),
    "schoonmaken": ("huishoudelijke hulp thuiszorg", "home_care", "care"),
    "traplift": ("woningaanpassing hulpmiddelen", "transport_aids", "social_support"),
    "boodschappen": ("vrijwilliger klusjes", "volunteer_help", "wellbeing"),
    "drinken": ("verslaving alcohol", "addiction", "care"),
    "slaan": ("huiselijk geweld veilig thuis", "domestic_violence", "care"),
    "slaat": ("huiselijk geweld veilig thuis", "domestic_violence", "care"),
    "overleden": ("rouw verdriet verlies", "mental_health", "care"),
    "huis kwijt": ("huisuitzetting huurachterstand woning", "housing", "housing"),
    "verhuizen": ("woonruimte woning woonconsulent", "housing", "housing"),
    "bezwaar": ("juridisch rechtshulp", "legal_help", "social_support"),
    "wmo": ("clientondersteuning keukentafelgesprek", "client_support", "social_support"),
    "keukentafelgesprek": ("clientondersteuning wmo", "client_support", "social_support"),
}


def service_type_id(code: str):
    from .models import naast_uuid

    return naast_uuid("service-type", code)


def taxonomy_id():
    from .models import naast_uuid

    return naast_uuid("taxonomy", NAAST_TAXONOMY["name"])


def apply(apps) -> None:
    """Create or update the service types and phrases (idempotent). `apps` is a migration's app
    registry or `django.apps.apps`."""
    from .models import naast_uuid

    Taxonomy = apps.get_model("socialmap", "Taxonomy")
    TaxonomyTerm = apps.get_model("socialmap", "TaxonomyTerm")
    SearchPhrase = apps.get_model("socialmap", "SearchPhrase")
    LifeDomain = apps.get_model("taxonomies", "LifeDomain")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=naast_uuid("taxonomy", NAAST_TAXONOMY["name"]),
        defaults={"name": NAAST_TAXONOMY["name"], "description": NAAST_TAXONOMY["description"],
                  "version": NAAST_TAXONOMY["version"]},
    )
    terms = {}
    for code, (name_nl, name_en, _domain, keywords) in SERVICE_TYPES.items():
        terms[code], _ = TaxonomyTerm.objects.update_or_create(
            id=naast_uuid("service-type", code),
            defaults={"taxonomy_ref": taxonomy, "taxonomy_id_value": taxonomy.id, "code": code, "name": name_nl,
                      "description": name_en, "taxonomy": taxonomy.name, "language": "nl", "keywords": keywords},
        )
    domains = {d.code: d for d in LifeDomain.objects.all()}
    for phrase, (expansion, term_code, domain_code) in SEARCH_PHRASES.items():
        SearchPhrase.objects.update_or_create(
            phrase=phrase,
            defaults={"expansion": expansion, "term": terms.get(term_code), "life_domain": domains.get(domain_code)},
        )


def service_type_label(term) -> str:
    """The name of a term as a resident reads it: one of Naast's service types in the page's
    language (its Dutch name on a Dutch page), any other term (an imported map's own taxonomy)
    by its own name."""
    from django.utils.translation import get_language
    from django.utils.translation import pgettext as translate

    known = SERVICE_TYPES.get(term.code) if term.taxonomy == NAAST_SERVICE_TYPES else None
    if known is None or (get_language() or "nl").split("-")[0] == "nl":
        return term.name
    return translate(SERVICE_TYPE_CONTEXT, known[1])
