"""The national ID check: fødselsnummer and D-numbers worked out by hand."""

import polars as pl
import pytest

from warehouse.validation.fnr import (
    contains_national_id,
    has_valid_control_digits,
    hides_national_id,
    is_national_id,
    might_contain_national_id,
    text_contains_national_id,
)

# 01.01.80, individual number 123.
# First control digit, weights 3 7 6 1 8 9 4 5 2 over 0 1 0 1 8 0 1 2 3:
#   0 + 7 + 0 + 1 + 64 + 0 + 4 + 10 + 6 = 92; 92 mod 11 = 4; k1 = 11 - 4 = 7.
# Second, weights 5 4 3 2 7 6 5 4 3 2 over 0 1 0 1 8 0 1 2 3 7:
#   0 + 4 + 0 + 2 + 56 + 0 + 5 + 8 + 9 + 14 = 98; 98 mod 11 = 10; k2 = 11 - 10 = 1.
FODSELSNUMMER = "01018012371"

# The same person with a D-number: day 01 + 40 = 41, individual number 123.
# k1: 4*3 + 7 + 0 + 1 + 64 + 0 + 4 + 10 + 6 = 104; 104 mod 11 = 5; k1 = 6.
# k2: 4*5 + 4 + 0 + 2 + 56 + 0 + 5 + 8 + 9 + 6*2 = 116; 116 mod 11 = 6; k2 = 5.
D_NUMBER = "41018012365"

# 15.07.92, individual number 457 (456 is impossible: its k1 would be 11 - 1 = 10).
# k1: 3 + 35 + 0 + 7 + 72 + 18 + 16 + 25 + 14 = 190; 190 mod 11 = 3; k1 = 8.
# k2: 5 + 20 + 0 + 14 + 63 + 12 + 20 + 20 + 21 + 16 = 191; 191 mod 11 = 4; k2 = 7.
ANOTHER_FODSELSNUMMER = "15079245787"

# 15.03.85, individual number 101, the example.
# k1: 3 + 35 + 0 + 3 + 64 + 45 + 4 + 0 + 2 = 156; 156 mod 11 = 2; k1 = 9.
# k2: 5 + 20 + 0 + 6 + 56 + 30 + 5 + 0 + 3 + 18 = 143; 143 mod 11 = 0; k2 = 0.
WRITTEN_WITH_A_HYPHEN = "150385-10190"


def checked(check, values: list[str | None]) -> list[bool]:
    """`check` applied to a column of `values`."""
    return pl.select(check(pl.lit(pl.Series(values, dtype=pl.String)))).to_series().to_list()


def test_a_fodselsnummer_with_both_control_digits_right_is_recognised():
    assert checked(is_national_id, [FODSELSNUMMER, ANOTHER_FODSELSNUMMER]) == [True, True]


def test_a_d_number_is_recognised():
    assert checked(is_national_id, [D_NUMBER]) == [True]


def test_a_wrong_first_or_second_control_digit_is_not_a_national_id():
    # k1 must be 7 and k2 must be 1 for 010180123 (worked out above).
    assert checked(is_national_id, ["01018012381", "01018012372"]) == [False, False]


def test_eleven_random_digits_with_a_wrong_control_digit_are_not_a_national_id():
    # 123456789: 3 + 14 + 18 + 4 + 40 + 54 + 28 + 40 + 18 = 219; 219 mod 11 = 10; k1 = 1, not 0.
    assert checked(is_national_id, ["12345678901"]) == [False]


def test_base_digits_whose_first_control_digit_would_be_ten_never_pass():
    # 150792456: k1 would be 10 (above), so no last two digits make it valid.
    candidates = [f"150792456{k1}{k2}" for k1 in range(10) for k2 in range(10)]
    assert not any(checked(is_national_id, candidates))


def test_ten_digits_are_a_national_id_whose_leading_zero_excel_removed():
    assert checked(is_national_id, [FODSELSNUMMER[1:]]) == [True]


def test_nine_digits_are_not_a_national_id_even_with_zeros_added():
    assert checked(is_national_id, [FODSELSNUMMER[2:]]) == [False]


def test_a_number_written_with_a_space_after_the_birth_date_is_recognised():
    assert checked(is_national_id, ["010180 12371", " 01018012371 "]) == [True, True]


@pytest.mark.parametrize(
    "written",
    [
        WRITTEN_WITH_A_HYPHEN,
        "15.03.85 10190",
        "15.03.85-10190",
        "15 03 85 10190",
        "150385\u00a010190",  # non-breaking space
        "150385\u202f10190",  # narrow non-breaking space
        "150385\u201310190",  # en dash
        "150385\u00ad10190",  # soft hyphen, invisible
        "1503 8510 190",
    ],
)
def test_a_number_written_with_spaces_dots_or_hyphens_is_recognised(written):
    assert checked(is_national_id, [written]) == [True]
    assert checked(contains_national_id, [f"søker {written}, ring"]) == [True]
    assert checked(might_contain_national_id, [f"søker {written}, ring"]) == [True]
    assert text_contains_national_id(f"søker {written}, ring")


def test_a_separated_number_with_a_wrong_control_digit_is_not_recognised():
    # k2 of 1503851019 is 0 (worked out above), so ...-10191 is no national ID.
    assert checked(contains_national_id, ["150385-10191", "15.03.85 10191"]) == [False, False]


def test_a_bare_number_after_another_number_is_still_found():
    # "12 01018012371" joins to 13 digits, but the bare run of 11 is a number on its own.
    assert checked(contains_national_id, [f"Storgata 12 {FODSELSNUMMER}"]) == [True]


@pytest.mark.parametrize(
    "value",
    [
        "15.03.2015",  # a date: 8 digits
        "01.01.2015-31.12.2015",  # a period: 16 digits
        "15.03.2015 12:30",
        "+47 400 00 000",  # a phone number: 10 digits, not a whole cell of bare digits
        "51 97 20 00 / 400 00 000",
        "4306",  # postnummer
        "4306 Sandnes",
        "987 654 321",  # org.nr.: 9 digits
        "NO 987 654 321 MVA",
        "58.851234567",  # a coordinate with nine decimals: 11 digits, but a decimal number
        "5.7365123456",
        "58,851234567",
        "Storgata 12-14",
        "Storgata 12-14, 4306 Sandnes",
        "gnr. 12 bnr. 345",
        "11080101",  # grunnkrets
        "",
        None,
    ],
)
def test_dates_phone_numbers_postcodes_org_numbers_coordinates_and_addresses_pass(value):
    assert checked(contains_national_id, [value]) == [False]


def test_eleven_digits_of_a_coordinate_pass_even_when_they_would_be_valid():
    # 1503.8510190 is a decimal number; its digits 15038510190 pass both control digits
    # (above), yet nobody writes a personal number with one dot. Two dots are a separator.
    assert checked(contains_national_id, ["1503.8510190"]) == [False]
    assert checked(contains_national_id, ["1503.85.10190"]) == [True]


def test_digits_glued_to_letters_in_a_code_are_not_a_written_out_number():
    # The digits of AB150385-10190 pass (above), but a letter glued on makes it a code.
    assert checked(contains_national_id, [f"AB{WRITTEN_WITH_A_HYPHEN}", "c71-4779-9180-1b"]) == [
        False,
        False,
    ]
    # A bare run of 11 digits counts even with a letter glued on: H01018012371 is a key made
    # from a personal number.
    assert checked(contains_national_id, [f"H{FODSELSNUMMER}"]) == [True]


def test_uuids_and_hex_hashes_as_pseudonymous_keys_pass():
    # Both hold the run 30429471512, whose control digits pass:
    # k1: 9 + 0 + 24 + 2 + 72 + 36 + 28 + 5 + 10 = 186; 186 mod 11 = 10; k1 = 1.
    # k2: 15 + 0 + 12 + 4 + 63 + 24 + 35 + 4 + 15 + 2 = 174; 174 mod 11 = 9; k2 = 2.
    uuid = "1a448bfd-a43b-4b4c-9cb8-d30429471512"
    sha256 = "e3b0c44230429471512fc1c149afbf4c8996fb92427ae41e4649b934ca495991"
    assert checked(contains_national_id, [uuid, sha256, f"nøkkel {uuid}"]) == [False] * 3
    assert checked(contains_national_id, ["30429471512"]) == [True]
    assert checked(contains_national_id, [f"ring {FODSELSNUMMER}, nøkkel {uuid}"]) == [True]


def test_one_text_such_as_a_file_name_is_checked_the_same_way():
    assert text_contains_national_id(f"husstander_{WRITTEN_WITH_A_HYPHEN}.csv")
    assert text_contains_national_id(f"{FODSELSNUMMER}.xlsx")
    assert not text_contains_national_id("boliger_2026-10.csv")
    assert not text_contains_national_id("øyeblikksbilde 31.10.2026.xlsx")


def test_blank_and_non_numeric_cells_are_not_national_ids():
    assert checked(is_national_id, [None, "", "0101801237x", "B-17"]) == [False] * 4


def test_a_number_hidden_in_free_text_is_found():
    texts = [
        f"ring {FODSELSNUMMER} i morgen",
        f"D-nr:{D_NUMBER}.",
        "fnr 010180 12371 oppgitt",
    ]
    assert checked(hides_national_id, texts) == [True, True, True]
    assert checked(is_national_id, texts) == [False, False, False]
    assert checked(contains_national_id, texts) == [True, True, True]


def test_eleven_digits_inside_a_longer_number_are_not_a_hidden_national_id():
    assert checked(contains_national_id, [f"konto 99{FODSELSNUMMER}", "ring 40 00 00 00"]) == [
        False,
        False,
    ]


def test_a_hidden_number_with_wrong_control_digits_is_not_found():
    assert checked(contains_national_id, ["saksnr 12345678901 lukket"]) == [False]


@pytest.mark.parametrize(
    "value",
    [FODSELSNUMMER, D_NUMBER, FODSELSNUMMER[1:], "010180 12371", f"ring {FODSELSNUMMER}"],
)
def test_the_cheap_sieve_lets_every_national_id_through(value):
    assert checked(might_contain_national_id, [value]) == [True]
    assert checked(contains_national_id, [value]) == [True]


def test_the_cheap_sieve_stops_grunnkrets_numbers_and_dates():
    assert checked(might_contain_national_id, ["11080101", "31.01.2024", "58,851234"]) == [
        False,
        False,
        False,
    ]


def test_control_digit_check_leaves_a_missing_number_missing():
    assert checked(has_valid_control_digits, [None, FODSELSNUMMER]) == [None, True]
