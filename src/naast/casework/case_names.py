"""The other helpers' names, for checking texts that leave the case file (`naast.core.extensions.case_names`)."""

from .models import OtherHelper


def other_helper_names(help_request) -> list[str]:
    return list(OtherHelper.objects.filter(help_request=help_request).values_list("name", flat=True))


NAMES = [other_helper_names]
