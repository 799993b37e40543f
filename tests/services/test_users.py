import pytest

from engage.services import users
from engage.services.errors import FieldError
from tests.conftest import PASSWORD


def test_passwords_are_hashed_and_checked(app):
    user = users.create_user("Person@Example.org", "", PASSWORD)
    assert user.email == "person@example.org"
    assert PASSWORD not in user.password_hash
    assert users.authenticate("PERSON@example.org", PASSWORD) == user
    assert users.authenticate("person@example.org", "wrong-password-here") is None
    assert users.authenticate("nobody@example.org", PASSWORD) is None


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("no-at-sign", PASSWORD, "correct format"),
        ("a@example.org", "short", "12 characters"),
    ],
)
def test_bad_accounts_are_refused(app, email, password, message):
    with pytest.raises(FieldError, match=message):
        users.create_user(email, "", password)


def test_a_disabled_account_cannot_sign_in(app):
    user = users.create_user("a@example.org", "", PASSWORD)
    user.is_enabled = False
    assert users.authenticate("a@example.org", PASSWORD) is None
