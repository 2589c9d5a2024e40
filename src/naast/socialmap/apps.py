from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def build_missing_search_index(sender, using="default", **kwargs):
    """After migrating a database whose services have no search index yet (a new install with
    imported data, or the switch to the posting index), build it once; and the facets, when
    services have links but no facet has been written (the switch to facets)."""
    from .models import SearchFacet, SearchPosting, Service, ServiceAttribute
    from .search.index import reindex, write_facets

    if Service.objects.using(using).exists() and not SearchPosting.objects.using(using).exists():
        reindex()
    elif not SearchFacet.objects.using(using).exists() and (
        ServiceAttribute.objects.using(using).exists() or Service.life_domains.through.objects.using(using).exists()
        or Service.target_groups.through.objects.using(using).exists()
    ):
        write_facets()


class SocialMapConfig(AppConfig):
    name = "naast.socialmap"
    label = "socialmap"
    verbose_name = _("Social map")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(build_missing_search_index, sender=self, dispatch_uid="socialmap-search-index")
