"""Case work's answers to the signals of lower apps (connected in `apps.CaseworkConfig.ready`).

The registry may not import case work, so when an assignment ends (`registry.assignments.
end_assignments`, whoever calls it: the resident asking for another supporter, or any later
way) it sends `registry.signals.assignments_ended`, and case work hands over or cancels that
supporter's appointments still to come (`services.appointments.after_assignments_ended`).
"""

from naast.registry.signals import assignments_ended

from .services.appointments import after_assignments_ended


def _on_assignments_ended(sender, *, help_request, assignments, at, **kwargs):
    after_assignments_ended(help_request, assignments, at=at)


def connect() -> None:
    assignments_ended.connect(_on_assignments_ended, dispatch_uid="naast.casework.assignments_ended")
