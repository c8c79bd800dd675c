"""JunkMatcher: placeholder identifiers that must never link records."""

import pytest

from tessera.pipeline.standardize import JunkMatcher


@pytest.fixture(scope="module")
def junk() -> JunkMatcher:
    return JunkMatcher.with_defaults(
        {"email": ["*@mailinator.com"], "crm_id": ["999999", "TEMP-*"], "*": ["asdf"]}
    )


@pytest.mark.parametrize(
    ("namespace", "value"),
    [
        ("email", "test@test.com"),
        ("email", "TEST@Test.com"),  # case-insensitive
        ("email", "noemail@foo.it"),
        ("email", "no-reply@shop.com"),
        ("email", "mario@example.com"),
        ("email", "a.b@example.org"),
        ("email", "x@mailinator.com"),  # workspace pattern
        ("phone", "+10000000000"),
        ("phone", "+391234567890"),
        ("phone", "+390000000000"),  # built-in: one repeated digit
        ("phone", "+48999999999"),
        ("phone", "+11234567890"),  # built-in: straight run
        ("phone", "+19876543210"),
        ("work_phone", "+390000000000"),  # the phone rules follow the value, not the name
        ("crm_id", "999999"),
        ("crm_id", "temp-12"),
        ("crm_id", "0"),
        ("crm_id", "N/A"),
        ("social_handle", "xxxx"),  # one repeated character
        ("device_id", "0000"),
        ("device_id", "asdf"),  # workspace '*' pattern
        ("loyalty_card", "Guest"),
    ],
)
def test_junk(junk: JunkMatcher, namespace: str, value: str) -> None:
    assert junk.is_junk(namespace, value)


@pytest.mark.parametrize(
    ("namespace", "value"),
    [
        ("email", "mario.rossi@gmail.com"),
        ("email", "test@testing.com"),  # '*@test.com' is anchored
        ("email", "x?y@z.com"),  # only '*' is a wildcard
        ("phone", "+393331234567"),
        ("phone", "+48601234567"),
        ("phone", "+3912345"),  # run too short to be telling
        ("crm_id", "12345"),
        ("crm_id", "11"),  # short repeats can be real ids
        ("crm_id", "temp"),
        ("social_handle", "ana.silva"),
        ("social_handle", "mailinator.com"),  # email pattern does not leak
    ],
)
def test_not_junk(junk: JunkMatcher, namespace: str, value: str) -> None:
    assert not junk.is_junk(namespace, value)


def test_patterns_are_literal_apart_from_star() -> None:
    matcher = JunkMatcher({"user_id": ["a.b", "[x]*", "q?"]})
    assert matcher.is_junk("user_id", "A.B")
    assert not matcher.is_junk("user_id", "axb")
    assert matcher.is_junk("user_id", "[x]123")
    assert not matcher.is_junk("user_id", "x123")
    assert not matcher.is_junk("user_id", "qq")


def test_star_namespace_applies_to_unlisted_namespaces() -> None:
    matcher = JunkMatcher({"*": ["nobody"], "email": ["*@example.com"]})
    assert matcher.is_junk("anything", "NOBODY")
    assert matcher.is_junk("email", "nobody")
    assert not matcher.is_junk("anything", "x@example.com")


def test_without_defaults_only_built_in_rules_apply() -> None:
    matcher = JunkMatcher({})
    assert not matcher.is_junk("email", "test@test.com")
    assert matcher.is_junk("phone", "+390000000000")
    assert matcher.is_junk("user_id", "zzz")
