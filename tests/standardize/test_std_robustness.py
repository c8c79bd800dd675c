"""Dirty input never raises: every function returns a value or an error, never both."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.pipeline.standardize import (
    JunkMatcher,
    clean_name,
    match_key,
    split_full_name,
    standardize_country,
    standardize_email,
    standardize_gender,
    standardize_handle,
    standardize_id,
    standardize_phone,
)

TEXT = st.text(max_size=40) | st.from_regex(r"[+0( ]{0,2}[0-9 ()\-.]{0,20}", fullmatch=True)
JUNK = JunkMatcher.with_defaults({"email": ["*@x.*"]})


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from([None, "IT", "US", "BR", "PL", "IR", "GB"]))
def test_phone_never_raises(raw: str, region: str | None) -> None:
    value, error = standardize_phone(raw, region)
    assert value is None or error is None
    if value is not None:
        assert value.startswith("+") and value[1:].isdigit()
        assert standardize_phone(value, None).value == value  # idempotent


@settings(max_examples=200, deadline=None)
@given(TEXT | st.emails())
def test_email_never_raises(raw: str) -> None:
    value, key, error = standardize_email(raw)
    assert (value is None) == (key is None)
    assert value is None or error is None
    if value is not None:
        assert standardize_email(value).value == value  # idempotent


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_names_and_keys_never_raise(raw: str) -> None:
    cleaned = clean_name(raw)
    assert cleaned is None or (cleaned == cleaned.strip() and cleaned)
    split_full_name(raw)
    key = match_key(raw)
    assert key is None or (key.isascii() and key == " ".join(key.split()))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_values_never_raise(raw: str) -> None:
    for value, error in (
        standardize_gender(raw),
        standardize_country(raw),
        standardize_handle(raw),
        standardize_id(raw),
    ):
        assert value is None or error is None
    JUNK.is_junk("email", raw)
    JUNK.is_junk("phone", raw)
