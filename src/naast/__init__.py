"""Naast: software for independent client support (onafhankelijke cliëntondersteuning)."""

__version__ = "0.1.0"
