"""The name of whoever asked on the resident's behalf, for checking texts that leave the case file
(`naast.core.extensions.case_names`)."""

from .models import IntakeDetails


def asker_name(help_request) -> list[str]:
    return list(IntakeDetails.objects.filter(help_request=help_request).exclude(asker_name="")
                .values_list("asker_name", flat=True))


NAMES = [asker_name]
