"""Where a webhook may point: http(s) to a public address, so it cannot probe the network.

Checked when a subscription is saved and again before every delivery (a name may
resolve elsewhere by then); the delivery then connects to the very address that was
checked (`Target.address`), so a name that resolves to a public address for the check
and to an internal one for the connection (DNS rebinding) gets nowhere. Private,
loopback, link-local and other special ranges are refused unless WEBHOOK_ALLOW_PRIVATE
is set (an intranet receiver, or the tests).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app

from backoffice.errors import Invalid
from backoffice.i18n import gettext as _


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str  # with its query
    address: str  # the checked IP address to connect to


def check_target(url: str) -> str:
    """The URL, stripped, if a webhook may be sent there; else `Invalid` at `url`."""
    return resolve_target(url).url


def resolve_target(url: str) -> Target:
    """Where to connect for `url`, checked; `Invalid` at `url` if a webhook may not go there."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Invalid({"url": _("This is not a valid address.")}) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise Invalid({"url": _("Give an http:// or https:// address.")})
    if parts.username or parts.password:
        raise Invalid({"url": _("Put no user name or password in the address.")})
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Invalid({"url": _("This host name cannot be found.")}) from None
    addresses = [str(info[4][0]) for info in infos]
    if not current_app.config["WEBHOOK_ALLOW_PRIVATE"] and not all(map(_is_public, addresses)):
        raise Invalid({"url": _("Addresses in private or local networks are not allowed.")})
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(url, parts.scheme, parts.hostname, port, path, addresses[0])
