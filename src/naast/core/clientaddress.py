"""The address a request comes from, as seen through Naast's own reverse proxies.

Behind the TLS proxy the README prescribes, every request's direct peer (`REMOTE_ADDR`) is the
proxy; the resident's address is in `X-Forwarded-For`, which each proxy extends with the address
it received the request from. Anyone can send that header, so it is read only when the direct
peer is one of the proxies named in `NAAST_TRUSTED_PROXIES` (addresses or networks), and then
from the right: the right-most address that is not a trusted proxy is the client. Entries to its
left were written by the client itself and are never believed.

`client_address` is the one rule for every caller: the public form's limit, the partner API's
limit and django-axes' login throttling (`AXES_CLIENT_IP_CALLABLE`).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """`NAAST_TRUSTED_PROXIES` entries as networks ("10.0.0.5" is 10.0.0.5/32); ValueError names a
    bad entry."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"not an IP address or network: {value!r}") from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _parse(value: str) -> Address | None:
    """An address as a proxy writes it: "192.0.2.7", "2001:db8::7", "[2001:db8::7]:443",
    "192.0.2.7:51234"; None for anything else."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """The client's address: the direct peer, unless that is a trusted proxy; then the right-most
    address in X-Forwarded-For that is not a trusted proxy (or the last readable one, when a
    proxy wrote something that is not an address)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted(tuple(settings.NAAST["TRUSTED_PROXIES"]))
    current = _parse(peer)
    if current is None or not networks or not _is_trusted(current, networks):
        return str(current) if current is not None else peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(entry)
        if address is None:
            break
        current = address
        if not _is_trusted(address, networks):
            break
    return str(current)
