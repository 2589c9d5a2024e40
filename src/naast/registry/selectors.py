"""Reads about the core records that every screen shares."""

import re


def typed_reference(query: str) -> str:
    """A reference as people type or read it out: 'hv pyhm qcd4', 'HVPYHMQCD4' or 'HV.PYHM.QCD4'
    -> 'HV-PYHM-QCD4' (the stored form, see `models.new_reference`); '' for anything else."""
    compact = re.sub(r"[^0-9A-Z]", "", (query or "").upper())
    if not re.fullmatch(r"HV[0-9A-Z]{8}", compact):
        return ""
    return f"HV-{compact[2:6]}-{compact[6:]}"
