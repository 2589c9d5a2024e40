"""Demo data: the service, two member organisations, three municipalities with districts."""

from naast.core.demodata import DemoContext

from .models import District, MemberOrganisation, Municipality, PostcodeDistrict, ServiceProfile

MUNICIPALITIES = {
    "GM1701": ("Westerveld", {"Diever": ["7981", "7983"], "Dwingeloo": ["7991"], "Havelte": ["7970", "7971"], "Vledder": ["8381"]}),
    "GM1690": ("De Wolden", {"Zuidwolde": ["7921"], "Ruinen": ["7963"], "De Wijk": ["7957"], "Ruinerwold": ["7961"]}),
    "GM1731": ("Midden-Drenthe", {"Beilen": ["9411", "9412"], "Westerbork": ["9431"], "Smilde": ["9422"], "Bovensmilde": ["9421"]}),
}

ORGANISATIONS = [
    ("MEE Drenthe-Zuid", MemberOrganisation.Kind.CLIENT_SUPPORT),
    ("Welzijn De Brug", MemberOrganisation.Kind.WELFARE),
]


def build(ctx: DemoContext) -> None:
    profile = ServiceProfile.get()
    profile.name = "Cliëntondersteuning Zuidwest-Drenthe"
    profile.phone = "0522 200 300"
    profile.email = "hulp@clientondersteuning.example"
    profile.website = "https://clientondersteuning.example"
    profile.save()

    ctx.objects["organisations"] = [
        MemberOrganisation.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in ORGANISATIONS
    ]
    municipalities, districts = [], []
    for code, (name, district_map) in MUNICIPALITIES.items():
        municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        municipalities.append(municipality)
        for district_name, postcodes in district_map.items():
            district, _ = District.objects.get_or_create(municipality=municipality, name=district_name)
            districts.append(district)
            for postcode in postcodes:
                PostcodeDistrict.objects.get_or_create(postcode=postcode, defaults={"district": district})
    ctx.objects["municipalities"] = municipalities
    ctx.objects["districts"] = districts
    ctx.log(f"Service {profile.name}: {len(municipalities)} municipalities, {len(districts)} districts.")
