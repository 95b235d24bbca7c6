"""The capture corpus: every message read end to end, plus client-name matching."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.capture import KIND_RULES, ClientRef, KindRule, match_client, parse_capture
from tests.capture_corpus import CORPUS, Case

CLIENTS = (
    ClientRef(1, "Acme", ("акме",)),
    ClientRef(2, "Globex"),
    ClientRef(3, "Ромашка", ("romashka",)),
    ClientRef(4, "Initech"),
    ClientRef(5, "Север Строй"),
)
MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 11, 30, tzinfo=MOSCOW)


def _expected_due(case: Case, tz: ZoneInfo) -> datetime | None:
    if case.due is None:
        return None
    return datetime.fromisoformat(case.due).replace(tzinfo=None).replace(tzinfo=tz)


def _shown(due: datetime | None, expected: str | None) -> str | None:
    if due is None:
        return None
    if expected is not None and "+" in expected:
        return due.isoformat(sep=" ", timespec="minutes")
    return due.strftime("%Y-%m-%d %H:%M")


def test_corpus_is_big_and_ids_are_unique() -> None:
    assert len(CORPUS) >= 150
    assert len({case.id for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_corpus(case: Case) -> None:
    tz = ZoneInfo(case.tz)
    now = datetime.fromisoformat(case.now).replace(tzinfo=tz)

    got = parse_capture(case.text, now=now, tz=tz, clients=CLIENTS)
    # The client the item is filed under outside a call: named by tag or prefix, or else
    # mentioned in the text.
    client = got.client or got.mentioned

    assert (got.kind, client.name if client else None, got.title) == (
        case.kind,
        case.client,
        case.title,
    )
    assert _shown(got.due, case.due) == case.due
    assert got.due == _expected_due(case, tz)
    assert got.problems == case.problems
    # No corpus time falls on 18:00 or 23:59, the two times a date without one gets.
    date_only = got.due is None or got.due.strftime("%H:%M") in ("18:00", "23:59")
    assert got.has_time is not date_only


def test_unknown_tag_is_kept_as_written() -> None:
    got = parse_capture("#NewCo-2 отчёт", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (got.client_tag, got.client) == ("NewCo-2", None)


def test_numeric_hashes_are_not_tags() -> None:
    got = parse_capture("задача #123 закрыта", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (got.client_tag, got.title) == (None, "задача #123 закрыта")


def test_prefix_is_reported_even_for_an_unknown_client() -> None:
    got = parse_capture("Новый Клиент: первый звонок", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (got.client_prefix, got.client) == ("Новый Клиент", None)


def test_prefix_needs_text_after_it() -> None:
    got = parse_capture("Acme:", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert got.client_prefix is None
    assert got.client == CLIENTS[0]


def test_date_word_is_not_a_prefix() -> None:
    got = parse_capture("Завтра: созвон с Acme", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (got.client_prefix, got.title) == (None, "созвон с Acme")
    assert got.due == datetime(2026, 11, 26, 18, 0, tzinfo=MOSCOW)


def test_tag_wins_over_prefix() -> None:
    got = parse_capture("Globex: переслать в #acme", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (got.client, got.client_prefix, got.client_tag) == (CLIENTS[0], "Globex", "acme")


def test_forced_kind_overrides_rules() -> None:
    got = parse_capture(
        "клиент просит созвон завтра", now=NOW, tz=MOSCOW, clients=CLIENTS, forced_kind="note"
    )

    assert got.kind == "note"
    assert got.due == datetime(2026, 11, 26, 18, 0, tzinfo=MOSCOW)


def test_end_of_day_is_configurable() -> None:
    got = parse_capture("отчёт завтра", now=NOW, tz=MOSCOW, end_of_day=time(19, 30))

    assert got.due == datetime(2026, 11, 26, 19, 30, tzinfo=MOSCOW)


def test_kind_rules_are_data_in_order() -> None:
    assert [rule.kind for rule in KIND_RULES] == ["reminder", "reminder", "deadline", "request"]
    assert all(isinstance(rule, KindRule) for rule in KIND_RULES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("ACME", "Acme", id="case-insensitive"),
        pytest.param("акме", "Acme", id="alias"),
        pytest.param("Акмe", "Acme", id="alias-with-latin-e"),
        pytest.param("globex", "Globex", id="lowercase"),
        pytest.param("Glboex", "Globex", id="transposition"),
        pytest.param("Globexx", "Globex", id="insertion"),
        pytest.param("РОМАШКА", "Ромашка", id="cyrillic-upper"),
        pytest.param("север  строй", "Север Строй", id="spaces"),
        pytest.param("север_строй", "Север Строй", id="underscore"),
        pytest.param("Globe", "Globex", id="deletion"),
        pytest.param("Glbx", None, id="two-edits"),
        pytest.param("Acm", None, id="short-no-typo"),
        pytest.param("", None, id="empty"),
    ],
)
def test_match_client(name: str, expected: str | None) -> None:
    found = match_client(name, CLIENTS)

    assert (found.name if found else None) == expected


def test_exact_match_beats_typo_match() -> None:
    clients = (ClientRef(1, "Nova"), ClientRef(2, "Novaa"))

    assert match_client("Nova", clients) == clients[0]


def test_two_typo_matches_are_ambiguous() -> None:
    clients = (ClientRef(1, "Delta"), ClientRef(2, "Delto"))

    assert match_client("Deltu", clients) is None


def test_same_client_by_name_and_alias_is_not_ambiguous() -> None:
    clients = (ClientRef(1, "Vesna", ("vesnа",)),)

    assert match_client("Vesnu", clients) == clients[0]


def test_a_tag_names_a_client_by_its_first_word_only_when_one_has_it() -> None:
    tz = ZoneInfo("Europe/Moscow")
    now = datetime(2026, 11, 25, 11, 30, tzinfo=tz)
    one = (ClientRef(1, "Альфа Банк"), ClientRef(2, "Globex"))
    two = (*one, ClientRef(3, "Альфа Медиа"))

    assert parse_capture("созвон #альфа", now=now, tz=tz, clients=one).client == one[0]
    found = parse_capture("созвон #альфа", now=now, tz=tz, clients=two)
    assert found.client is None
    assert found.client_tag == "альфа"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Альфа: прислать договор", "Альфа Банк", id="prefix"),
        pytest.param("альфа: прислать договор", "Альфа Банк", id="prefix-lowercase"),
        pytest.param("прислать договор #альфа", "Альфа Банк", id="tag"),
        pytest.param("Вектор: прислать договор", "ООО Вектор Групп", id="after-legal-form"),
        pytest.param("ООО: прислать договор", None, id="legal-form-is-no-first-word"),
        pytest.param("Банк: прислать договор", None, id="second-word"),
    ],
)
def test_a_prefix_names_a_client_by_its_first_word(text: str, expected: str | None) -> None:
    clients = (ClientRef(1, "Альфа Банк"), ClientRef(2, "ООО Вектор Групп"), ClientRef(3, "Globex"))

    got = parse_capture(text, now=NOW, tz=MOSCOW, clients=clients)

    assert (got.client.name if got.client else None) == expected


def test_a_first_word_two_names_share_names_neither_and_an_exact_name_wins() -> None:
    two = (ClientRef(1, "Альфа Банк"), ClientRef(2, "Альфа Медиа"), ClientRef(3, "Альфо"))
    exact = (ClientRef(1, "Альфа Банк"), ClientRef(2, "Альфа"))

    shared = parse_capture("Альфа: прислать договор", now=NOW, tz=MOSCOW, clients=two)
    assert (shared.client, shared.client_prefix) == (None, "Альфа")
    assert match_client("Альфа", two, first_word=True) is None
    # Not the typo «Альфо» either: the word is the start of the two names.
    assert match_client("Альфа", exact, first_word=True) == exact[1]
    assert match_client("Альфа Банк", exact, first_word=True) == exact[0]
    # A first word beats a typo of a whole name: "Globe" is «Globe Media», not «Globex».
    globe = (ClientRef(1, "Globex"), ClientRef(2, "Globe Media"))
    assert match_client("Globe", globe, first_word=True) == globe[1]
    assert match_client("Globe", globe) == globe[0]


def test_no_clients() -> None:
    assert match_client("Acme", []) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("написать Ромашке про макеты", "Ромашка", id="dative"),
        pytest.param("созвон с Ромашкой", "Ромашка", id="instrumental"),
        pytest.param("позвонить в Acme", "Acme", id="latin-in-russian"),
        pytest.param("Acme's logo in blue", "Acme", id="possessive"),
        pytest.param("счёт для Север Строя", "Север Строй", id="two-words-declined"),
        pytest.param("отчёт для Акме", "Acme", id="alias"),
        pytest.param("купить ромашки", None, id="lowercase-is-a-word"),
        pytest.param("созвон с Ромашкой и Globex", None, id="two-clients"),
        pytest.param("Ромашковое поле", None, id="longer-word"),
        pytest.param("Globex-style header", None, id="hyphenated-word"),
        # At the start a name's typo is forgiven (`test_a_leading_name_with_a_typo`).
        pytest.param("ask Glbex for the logo", None, id="no-typos"),
    ],
)
def test_a_client_mentioned_in_the_text(text: str, expected: str | None) -> None:
    got = parse_capture(text, now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert got.client is None
    assert (got.mentioned.name if got.mentioned else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Рамашка прислать макеты завтра", "Ромашка", id="substitution"),
        pytest.param("Glboex wants a dark theme", "Globex", id="transposition"),
        pytest.param("Globx wants a dark theme", "Globex", id="deletion"),
        pytest.param("Ромашкка прислать макеты", "Ромашка", id="insertion"),
        pytest.param("Север Сторй: акты", "Север Строй", id="prefix-of-two-words"),
        pytest.param("Север Сторй акты подписать", "Север Строй", id="two-words"),
        # Lowercase is a word as often as a name: "рамашка" is let be.
        pytest.param("рамашка прислать макеты", None, id="lowercase"),
        pytest.param("Север сторй акты", None, id="second-word-lowercase"),
        # Names under five letters have too many neighbours: "Acne", "Acre".
        pytest.param("Acne cream banner", None, id="short-name"),
        # A slip at an end makes another word or form of one.
        pytest.param("Globe icon is broken", None, id="ending-dropped"),
        pytest.param("Hlobex wants a dark theme", None, id="first-letter"),
    ],
)
def test_a_leading_name_with_a_typo(text: str, expected: str | None) -> None:
    got = parse_capture(text, now=NOW, tz=MOSCOW, clients=CLIENTS)
    # A typo before a colon is the prefix's, as ever; without one, a guess a call outranks.
    client = got.client if ":" in text else got.mentioned

    assert (client.name if client else None) == expected
    if expected is not None and ":" not in text:
        assert got.title.startswith(text.split()[0])  # the name stays in the sentence


@pytest.mark.parametrize(
    ("text", "clients"),
    [
        # One edit from two clients: neither is guessed.
        pytest.param("Delte wants a call", ("Delta", "Delto"), id="two-clients"),
        # An ordinary word the bot knows is no client's name with a typo.
        pytest.param("Status of the rollout", ("Stratus",), id="heading-word"),
        pytest.param("Звонок прошёл хорошо", ("Звонак",), id="meeting-word"),
        pytest.param("Please send the deck", ("Plaese",), id="request-word"),
        pytest.param("Стать партнёром программы", ("Сталь",), id="infinitive"),
        pytest.param("Пришлите макеты", ("Пришлие",), id="imperative"),
        pytest.param("Sending the deck", ("Sendang",), id="ing"),
        pytest.param("Friday demo with the team", ("Fiday",), id="day"),
        # Another script is another name: "Romashka" is no typo of «Ромашка».
        pytest.param("Romashka wants a logo", ("Ромашка",), id="other-script"),
        pytest.param("Globo wants a banner", ("Globe",), id="other-ending"),
        pytest.param("Apply the new rates", ("Apple",), id="ending-changed"),
    ],
)
def test_a_leading_word_is_not_taken_for_a_misspelt_name(
    text: str, clients: tuple[str, ...]
) -> None:
    refs = tuple(ClientRef(n, name) for n, name in enumerate(clients, 1))

    got = parse_capture(text, now=NOW, tz=MOSCOW, clients=refs)

    assert (got.client, got.mentioned) == (None, None)


QUOTED = (
    ClientRef(1, 'ООО "Ромашка"'),
    ClientRef(2, "<Tag> Studio"),
    ClientRef(3, "Acme Inc."),
    ClientRef(4, "Ромашка Плюс"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Ромашка: счёт", 'ООО "Ромашка"', id="without-legal-form"),
        pytest.param('ООО "Ромашка": счёт', 'ООО "Ромашка"', id="in-quotes"),
        pytest.param("ООО «Ромашка», счёт", 'ООО "Ромашка"', id="other-quotes"),
        pytest.param("Tag Studio: logo", "<Tag> Studio", id="brackets-untyped"),
        pytest.param("<Tag> Studio: logo", "<Tag> Studio", id="brackets-typed"),
        pytest.param("acme deck tomorrow", "Acme Inc.", id="leading-without-inc"),
        pytest.param("#acme deck", "Acme Inc.", id="tag-without-inc"),
    ],
)
def test_quotes_and_legal_forms_do_not_hide_a_client(text: str, expected: str) -> None:
    got = parse_capture(text, now=NOW, tz=MOSCOW, clients=QUOTED)

    assert got.client is not None
    assert got.client.name == expected


def test_a_client_named_without_legal_form_is_mentioned_too() -> None:
    got = parse_capture("отправить счёт Ромашке", now=NOW, tz=MOSCOW, clients=QUOTED[:3])

    assert got.mentioned == QUOTED[0]


def test_a_name_that_is_exactly_another_client_wins_over_a_legal_form() -> None:
    both = (ClientRef(1, "ООО Ромашка"), ClientRef(2, "Ромашка"))

    assert match_client("Ромашка", both) == both[1]
    assert match_client("ооо ромашка", both) == both[0]


def test_a_tag_or_prefix_wins_over_a_mention() -> None:
    tagged = parse_capture("написать Ромашке #acme", now=NOW, tz=MOSCOW, clients=CLIENTS)
    prefixed = parse_capture("Globex: как у Ромашки", now=NOW, tz=MOSCOW, clients=CLIENTS)
    unknown = parse_capture("NewCo: как у Ромашки", now=NOW, tz=MOSCOW, clients=CLIENTS)

    assert (tagged.client, tagged.mentioned) == (CLIENTS[0], None)
    assert (prefixed.client, prefixed.mentioned) == (CLIENTS[1], None)
    # "NewCo:" asks whether to create that client; a mention does not answer for it.
    assert (unknown.client_prefix, unknown.mentioned) == ("NewCo", None)
