"""How close two spellings are: a client's name, a weekday typed in a hurry."""

from __future__ import annotations


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance of at most 1."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    prefix = 0
    while prefix < len(a) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        rest = a[prefix + 1 :] == b[prefix + 1 :]
        swapped = (
            prefix + 1 < len(a)
            and a[prefix] == b[prefix + 1]
            and a[prefix + 1] == b[prefix]
            and a[prefix + 2 :] == b[prefix + 2 :]
        )
        return rest or swapped
    return a[prefix:] == b[prefix + 1 :]
