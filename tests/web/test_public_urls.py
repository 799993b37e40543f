"""Survey links and QR posters never take their address from a request's Host header
when ENGAGE_PUBLIC_URL is set; without it, only this machine's loopback address is used."""

import pytest

from engage.web.public_urls import is_loopback
from tests.builders import build_world
from tests.pages import checked_page

EVIL = {"Host": "evil.example.com"}


@pytest.fixture
def world(admin):
    return build_world(admin)


def pages(world) -> list[str]:
    base = "/manage/p/test"
    return [
        f"{base}/waves/{world.wave.id}/",
        f"{base}/links/{world.link.id}/poster",
        f"{base}/links/{world.link.id}/codes/slips",
    ]


def signed_in_on(client, *hosts: str) -> None:
    """The staff cookies sent with a forged Host too: a browser keeps host-only cookies to
    their host, but a request reaching Engage through a misrouted proxy carries them."""
    for name in ("engage_session", "engage_device"):
        cookie = client.get_cookie(name)
        for host in hosts if cookie is not None else ():
            client.set_cookie(name, cookie.value, domain=host)


def test_the_configured_address_is_used_whatever_host_was_asked_for(staff, world):
    signed_in_on(staff.client, EVIL["Host"])
    staff.post(f"/manage/p/test/links/{world.link.id}/codes", data={"count": "2"})
    for url in pages(world):
        page = checked_page(staff.client.get(url, headers=EVIL))
        assert "https://engage.example.org/" in page.get_text()
        assert "evil.example.com" not in str(page)
    mail_merge = staff.client.get(f"/manage/p/test/links/{world.link.id}/codes.csv", headers=EVIL)
    assert "https://engage.example.org/c/" in mail_merge.get_data(as_text=True)
    assert "evil.example.com" not in mail_merge.get_data(as_text=True)


def test_without_it_development_uses_only_a_loopback_host(app, staff, world):
    app.config["ENGAGE_PUBLIC_URL"] = ""
    signed_in_on(staff.client, EVIL["Host"], "127.0.0.1")
    poster = f"/manage/p/test/links/{world.link.id}/poster"
    local = checked_page(staff.client.get(poster, headers={"Host": "127.0.0.1:8000"}))
    assert f"http://127.0.0.1:8000/s/{world.link.code}" in local.get_text()
    for url in pages(world):
        refused = checked_page(staff.client.get(url, headers=EVIL), 503)
        assert "ENGAGE_PUBLIC_URL" in refused.get_text()
        assert "evil.example.com" not in str(refused)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("localhost:8000", True),
        ("127.0.0.1:8000", True),
        ("127.8.9.10", True),
        ("[::1]:8000", True),
        ("::1", True),
        ("0.0.0.0", False),  # noqa: S104 (a host to judge, not a bind)
        ("10.0.0.1:8000", False),
        ("evil.example.com", False),
        ("127.0.0.1.evil.example.com", False),
        ("localhost.evil.example.com:80", False),
        ("[::1", False),
        ("[fe80::1]:8000", False),
    ],
)
def test_what_counts_as_this_machine(host, loopback):
    assert is_loopback(host) is loopback
