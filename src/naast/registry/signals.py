"""Signals of the registry, for the apps above it (which the registry may not import).

`assignments_ended`: sent by `registry.assignments.end_assignments`, the one place that ends
assignments, inside its transaction, once per ending, with

- `help_request`: the request,
- `assignments`: the `Assignment` rows that just ended (their `ended_at` and `end_reason` set),
- `at`: the moment they ended,
- `reason`: why, as stored in `end_reason`.

Receivers act in the same transaction: what they write commits or rolls back with the ending.
Case work connects to it in its app config (`casework.receivers`): the supporters' appointments
still to come are handed over or cancelled, and the coordinators hear about it.
"""

from django.dispatch import Signal

assignments_ended = Signal()
