"""`client_address`: the direct peer, unless that is a trusted proxy; then the right-most address in
X-Forwarded-For that is not a trusted proxy. A header from anyone else is never believed."""

import pytest
from django.test import RequestFactory

from naast.core.clientaddress import client_address, parse_networks


@pytest.fixture
def proxies(settings):
    def use(*values):
        settings.NAAST = {**settings.NAAST, "TRUSTED_PROXIES": list(values)}

    return use


def address(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_header_is_ignored(proxies):
    proxies()
    assert address("192.0.2.1", "203.0.113.5") == "192.0.2.1"


def test_from_an_untrusted_peer_the_header_is_ignored(proxies):
    proxies("127.0.0.1")
    assert address("192.0.2.1", "203.0.113.5") == "192.0.2.1"


@pytest.mark.parametrize(("forwarded", "client"), [
    ("203.0.113.5", "203.0.113.5"),
    ("6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own invention
    ("203.0.113.5, 10.0.0.7", "203.0.113.5"),  # a second proxy of ours, in the trusted network
    ("203.0.113.5,10.0.0.7 , 10.0.0.8", "203.0.113.5"),
    ("", "127.0.0.1"),  # the proxy itself (a health check)
    ("not-an-address, 10.0.0.7", "10.0.0.7"),  # stop at what no proxy writes
    ("[2001:db8::5]:443", "2001:db8::5"),
    ("203.0.113.5:51234", "203.0.113.5"),
    ("::ffff:203.0.113.5", "203.0.113.5"),
    ("10.0.0.7, 10.0.0.8", "10.0.0.7"),  # only proxies: the farthest one
])
def test_through_trusted_proxies_the_right_most_untrusted_address_counts(proxies, forwarded, client):
    proxies("127.0.0.1", "10.0.0.0/24")
    assert address("127.0.0.1", forwarded) == client


def test_ipv6_proxy(proxies):
    proxies("::1")
    assert address("::1", "2001:db8::5") == "2001:db8::5"
    assert address("127.0.0.1", "2001:db8::5") == "127.0.0.1"


def test_bad_proxy_settings_are_named():
    with pytest.raises(ValueError, match="proxy.example"):
        parse_networks(["127.0.0.1", "proxy.example"])
