"""One checker for every page a test renders: the accessibility and structure rules
that must hold on every page, so no test can forget them."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup

LABELLED_BY_OTHER_MEANS = ("aria-label", "aria-labelledby")
NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


def checked_page(response, status: int = 200) -> BeautifulSoup:
    body = response.get_data(as_text=True)
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(body, "html.parser")
    check_structure(soup)
    check_labels(soup)
    check_error_summary(soup)
    check_local_resources(soup)
    return soup


def check_structure(soup: BeautifulSoup) -> None:
    assert soup.html and soup.html.get("lang") in ("en", "cy"), "page has no lang"
    assert len(soup.find_all("h1")) == 1, f"expected one h1, found {len(soup.find_all('h1'))}"
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    skip = soup.find("a", class_="skip-link")
    assert skip is not None and soup.find(id=skip["href"][1:]), "skip link missing or broken"
    assert soup.title and soup.title.string.strip(), "page has no title"
    for fieldset in soup.find_all("fieldset"):
        assert fieldset.find("legend"), "fieldset without a legend"


def check_labels(soup: BeautifulSoup) -> None:
    labelled = {label.get("for") for label in soup.find_all("label")}
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text") in NOT_LABELLED:
            continue
        if any(control.get(attribute) for attribute in LABELLED_BY_OTHER_MEANS):
            continue
        assert control.get("id") in labelled, f"control without a label: {control}"
        described = (control.get("aria-describedby") or "").split()
        for target in described:
            assert soup.find(id=target), f"aria-describedby points nowhere: {target}"


ERROR_PREFIX = {"en": "Error:", "cy": "Gwall:"}


def check_error_summary(soup: BeautifulSoup) -> None:
    prefix = ERROR_PREFIX[soup.html.get("lang")]
    summary = soup.find(class_="error-summary")
    if summary is None:
        assert not soup.title.string.startswith(prefix), "Error: prefix without a summary"
        return
    assert soup.title.string.startswith(prefix), "error summary without the Error: prefix"
    links = summary.find_all("a")
    assert links, "empty error summary"
    for link in links:
        target = link["href"]
        assert target.startswith("#") and soup.find(id=target[1:]), f"broken error link {target}"


def check_local_resources(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(["script", "link", "img", "iframe"]):
        address = tag.get("src") or tag.get("href") or ""
        assert not address.startswith(("http:", "https:", "//")), f"external resource {address}"
