"""The 8 Wmo life domains (fixed by law) and a starting set of target groups (editable)."""

from django.db import migrations

LIFE_DOMAINS = [
    ("social_support", "Maatschappelijke ondersteuning", "Social support"),
    ("preventive_care", "Preventieve zorg", "Preventive care"),
    ("care", "Zorg", "Care"),
    ("youth_care", "Jeugdhulp", "Youth care"),
    ("education", "Onderwijs", "Education"),
    ("wellbeing", "Welzijn", "Wellbeing"),
    ("housing", "Wonen", "Housing"),
    ("work_and_income", "Werk en inkomen", "Work and income"),
]

TARGET_GROUPS = [
    ("elderly", "Ouderen", "Elderly people"),
    ("mild_intellectual_disability", "Licht verstandelijke beperking", "Mild intellectual disability"),
    ("autism", "Autisme", "Autism"),
    ("acquired_brain_injury", "Niet-aangeboren hersenletsel", "Acquired brain injury"),
    ("mental_health", "Psychische problemen (GGZ)", "Mental health"),
    ("youth_parents", "Jeugd en ouders", "Youth and parents"),
    ("chronic_illness", "Chronisch ziek", "Chronic illness"),
    ("physical_disability", "Lichamelijke beperking", "Physical disability"),
    ("carers", "Mantelzorgers", "Carers"),
    ("newcomers", "Nieuwkomers", "Newcomers"),
    ("debts", "Mensen met schulden", "People in debt"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("LifeDomain", LIFE_DOMAINS), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("taxonomies", model_name)
        for position, (code, name_nl, name_en) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"name_nl": name_nl, "name_en": name_en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("taxonomies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
