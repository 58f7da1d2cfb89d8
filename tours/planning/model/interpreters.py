"""How many interpreters a bus needs at the least, and which languages bind across buses."""

import itertools

from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Interpreter


def covers(group: tuple[Interpreter, ...], languages: frozenset[str]) -> bool:
    """Rule 8: the group speaks every language on the bus, and Japanese when any is needed."""
    if not languages:
        return True
    spoken = frozenset().union(*(i.languages for i in group)) if group else frozenset()
    return languages <= spoken and NO_LANGUAGE_NEEDED in spoken


EXACT_UP_TO = 3  # languages; beyond, a greedy cover gives an upper count (fast, maybe one high)


def fewest_interpreters(
    languages: frozenset[str], interpreters: tuple[Interpreter, ...]
) -> int | None:
    """The smallest number of interpreters covering `languages` (None: nobody can). Exact for up
    to EXACT_UP_TO languages; beyond that a greedy count, never below the true one."""
    if not languages:
        return 0
    useful = [i for i in interpreters if i.languages & (languages | {NO_LANGUAGE_NEEDED})]
    if not covers(tuple(useful), languages):
        return None
    if len(languages) > EXACT_UP_TO:
        return _greedy_cover(languages | {NO_LANGUAGE_NEEDED}, useful)
    for size in range(1, len(languages) + 2):
        for group in itertools.combinations(useful, size):
            if covers(group, languages):
                return size
    return None


def _greedy_cover(needed: frozenset[str], useful: list[Interpreter]) -> int:
    left, count = set(needed), 0
    while left:
        best = max(useful, key=lambda i: (len(i.languages & left), -len(i.languages), i.key))
        left -= best.languages
        count += 1
    return count


def speakers(language: str, interpreters: tuple[Interpreter, ...]) -> int:
    """Interpreters who can serve a bus where `language` is spoken (they need Japanese too,
    or a colleague who has it; counting those with the language is the safe upper limit)."""
    return sum(1 for i in interpreters if language in i.languages)
