"""Does a text carry this client's identifiers? Answered on the identity side, by kind only.

A caller hands over a record reference and the texts to check; the answer names the kinds
of identifier found in each text ("surname", "postcode"), never the values, so no name,
address or date of birth leaves this module. Matching is deliberately careful: name parts
as whole words with case and accents folded, postcodes and phone numbers whatever their
spacing, dates of birth in the forms people write them, and very short name parts ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from clients.models import Client, search_form

# The kinds of identifier, in the order a warning lists them: code -> words for the page.
KINDS = {
    "given_name": "first name",
    "preferred_name": "preferred name",
    "family_name": "surname",
    "address_line": "address line",
    "postcode": "postcode",
    "date_of_birth": "date of birth",
    "phone": "phone",
    "email": "e-mail",
}

MIN_WORD = 3  # a name part of one or two letters ("Jo", "Li") would match too much text

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_WORD = "|".join(f"{name[:3]}(?:{name[3:]})?" for name in MONTHS) + "|sept"
_ORDINAL = r"(?:st|nd|rd|th)?"
# A UK postcode, as written in an address (outward code, optional space, inward code).
_POSTCODE = re.compile(r"(?<![a-z0-9])([a-z]{1,2}[0-9][a-z0-9]?)\s*([0-9][a-z]{2})(?![a-z0-9])")
_SEPARATORS = r"[\s().-]*"


def kind_label(code: str) -> str:
    return KINDS[code]


def identifiers_in(*, record_ref: str, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """For each key whose text holds one of the client's identifiers, the kinds found (codes
    of `KINDS`, in its order). Keys with nothing found, and an unknown client, are left out."""
    client = Client.objects.filter(record_ref=record_ref).first()
    if client is None:
        return {}
    matchers = matchers_for(client)
    found = {}
    for key, text in texts.items():
        folded = _fold(text or "")
        kinds = [code for code, matches in matchers if matches(folded)]
        if kinds:
            found[key] = kinds
    return found


Matcher = Callable[[str], bool]


def matchers_for(client: Client) -> list[tuple[str, Matcher]]:
    """One predicate per kind the client has a value for, each taking folded text."""
    candidates = (
        ("given_name", _name_matcher(client.given_name)),
        ("preferred_name", _name_matcher(client.preferred_name)),
        ("family_name", _name_matcher(client.family_name)),
        ("address_line", _address_matcher(client.address)),
        ("postcode", _postcode_matcher(client.address)),
        ("date_of_birth", _birth_date_matcher(client.date_of_birth)),
        ("phone", _phone_matcher(client.phone)),
        ("email", _email_matcher(client.email)),
    )
    return [(code, matcher) for code, matcher in candidates if matcher is not None]


def _fold(text: str) -> str:
    """Case and accents folded, curly apostrophes made straight."""
    return search_form(text.replace("\u2019", "'").replace("\u2018", "'"))


def _whole(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w']){pattern}(?!\w)")


def _any_of(patterns: list[re.Pattern]) -> Matcher | None:
    if not patterns:
        return None
    return lambda folded: any(pattern.search(folded) for pattern in patterns)


def _name_matcher(name: str) -> Matcher | None:
    parts = {part.strip("'") for part in re.split(r"[\s-]+", _fold(name))}
    return _any_of([_whole(re.escape(part)) for part in sorted(parts) if len(part) >= MIN_WORD])


def _address_lines(address: str) -> list[str]:
    lines = re.split(r"[\n,;]+", address)
    return [_POSTCODE.sub(" ", _fold(line)).strip() for line in lines]


def _address_matcher(address: str) -> Matcher | None:
    """Each line of the address as a phrase, its words in order whatever the punctuation.
    A line of one word (a town) alone is too common to warn about."""
    patterns = []
    for line in _address_lines(address):
        words = re.findall(r"[\w']+", line)
        if len(words) >= 2 and sum(len(word) for word in words) >= MIN_WORD:
            patterns.append(_whole(r"[\s,.]+".join(re.escape(word) for word in words)))
    return _any_of(patterns)


def _postcode_matcher(address: str) -> Matcher | None:
    patterns = []
    for outward, inward in _POSTCODE.findall(_fold(address)):
        spaced = r"\s*".join(re.escape(ch) for ch in outward + inward)
        patterns.append(re.compile(rf"(?<![a-z0-9]){spaced}(?![a-z0-9])"))
    return _any_of(patterns)


def _birth_date_matcher(born: date | None) -> Matcher | None:
    if born is None:
        return None
    day, month, year = born.day, born.month, born.year
    numeric = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?!\d)")
    iso = re.compile(r"(?<!\d)(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
    day_first = re.compile(
        rf"(?<!\d)(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH_WORD})\.?,?\s+(\d{{4}})(?!\d)"
    )
    month_first = re.compile(
        rf"(?<![\w])({_MONTH_WORD})\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})(?!\d)"
    )

    def year_matches(text: str) -> bool:
        return int(text) == year if len(text) == 4 else int(text) == year % 100

    def month_of(word: str) -> int:
        return next(n for n, name in enumerate(MONTHS, start=1) if name.startswith(word[:3]))

    def matches(folded: str) -> bool:
        for d, m, y in numeric.findall(folded):
            if (int(d), int(m)) == (day, month) and year_matches(y):
                return True
        for y, m, d in iso.findall(folded):
            if (int(y), int(m), int(d)) == (year, month, day):
                return True
        for d, word, y in day_first.findall(folded):
            if (int(d), month_of(word), int(y)) == (day, month, year):
                return True
        for word, d, y in month_first.findall(folded):
            if (int(d), month_of(word), int(y)) == (day, month, year):
                return True
        return False

    return matches


def _phone_matcher(phone: str) -> Matcher | None:
    """Digits only, whatever the spacing; a UK number also as +44, 0044 or +44 (0)."""
    digits = re.sub(r"\D", "", phone)
    international = phone.strip().startswith("+") or digits.startswith("00")
    digits = digits[2:] if digits.startswith("00") else digits
    if international and digits.startswith("44"):
        national = digits[2:].lstrip("0")
    elif not international and digits.startswith("0"):
        national = digits[1:]
    else:
        national = ""
    if national:
        if len(national) < 6:
            return None
        prefix = rf"(?:(?:\+|00)\s*44{_SEPARATORS}(?:\(?0\)?{_SEPARATORS})?|\(?0{_SEPARATORS})"
        body = _SEPARATORS.join(national)
    else:
        if len(digits) < 6:
            return None
        prefix = r"(?:(?:\+|00)\s*)?"
        body = _SEPARATORS.join(digits)
    pattern = re.compile(rf"(?<![\d+]){prefix}{body}(?!\d)")
    return lambda folded: bool(pattern.search(folded))


def _email_matcher(email: str) -> Matcher | None:
    email = _fold(email.strip())
    if "@" not in email:
        return None
    pattern = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)")
    return lambda folded: bool(pattern.search(folded))
