import pytest

from engage import passwords


def test_the_shipped_list_is_the_20000_most_common_passwords():
    common = passwords.common_passwords()
    assert 19_000 < len(common) <= 20_000
    assert {"123456", "password", "qwerty"} <= common


@pytest.mark.parametrize(
    "password",
    [
        "short",
        "aaaaaaaaaaaa",  # accepted before: twelve of one letter
        "abcabcabcabc",
        "qwertyuiop12",
        "Password2024!",  # a common word dressed in digits and punctuation
        "1234567890123",
        "sunshine1234",
        "x" * 129,
    ],
)
def test_weak_passwords_are_refused(password):
    assert passwords.problem(password) is not None


def test_the_email_address_is_not_a_password():
    assert passwords.problem("margaret@example.org", "Margaret@example.org")


@pytest.mark.parametrize(
    "password", ["correct-horse-battery", "engage-demo-password", "tr0ub4dor&3 lamp"]
)
def test_long_uncommon_passwords_are_accepted(password):
    assert passwords.problem(password) is None
