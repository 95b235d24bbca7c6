"""Search text against a real SQLite FTS5 table: stems, literal queries, snippets."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.textsearch import (
    MAX_QUERY_TERMS,
    highlight,
    match_query,
    normalize,
    owner_token,
    query_stems,
    short_stems,
    stem,
    words,
)

TOKENIZERS = ["unicode61 remove_diacritics 0", "unicode61"]


@pytest.fixture(params=TOKENIZERS)
def db(request: pytest.FixtureRequest) -> Iterator[sqlite3.Connection]:
    """The recommended table, with an UNINDEXED user_id too for the other scoping form."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE search USING fts5"
        f"(owner, body, user_id UNINDEXED, tokenize = '{request.param}')"
    )
    yield conn
    conn.close()


def add(conn: sqlite3.Connection, item_id: int, text: str, user_id: int = 1) -> None:
    conn.execute(
        "INSERT INTO search (rowid, owner, body, user_id) VALUES (?, ?, ?, ?)",
        (item_id, owner_token(user_id), normalize(text), user_id),
    )


def find(conn: sqlite3.Connection, user_text: str, user_id: int | None = None) -> list[int]:
    query = match_query(user_text, user_id=user_id)
    assert query is not None
    rows = conn.execute(
        "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid", (query,)
    ).fetchall()
    return [row[0] for row in rows]


def test_normalize_example() -> None:
    assert normalize("Отправили акты Acme") == "отправ акт acm"


def test_words_split_on_punctuation_hyphens_and_apostrophes() -> None:
    assert words("Acme-Corp's «отчёт»,счёт_2024 (v2.1)") == [
        "acme",
        "corp",
        "s",
        "отчет",
        "счет",
        "2024",
        "v2",
        "1",
    ]


@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("Отправили акты Acme", "акт"),
        ("Отправили акты Acme", "актов"),
        ("Нет акта за март", "акты"),
        ("Надо отправить счёт", "отправили"),
        ("Отправили счёт", "отправить"),
        ("Send the reports", "report"),
        ("Weekly report", "reporting"),
        ("Reporting is late", "reports"),
        ("Two invoices unpaid", "invoice"),
        ("Invoice sent", "invoices"),
        ("Ёлка в офисе", "елка"),
        ("Елка в офисе", "ёлку"),
        ("ОТЧЁТ для ACME", "отчет acme"),
        ("Квартальный отчёт для Acme Corp отправлен", "acme отчеты"),
        ("акты", "ак"),  # a query word that is a prefix of the stored stem
    ],
)
def test_word_forms_find_each_other(db: sqlite3.Connection, document: str, query: str) -> None:
    add(db, 1, document)
    add(db, 2, "совсем другое: weather forecast")
    assert find(db, query) == [1]
    assert find(db, query, user_id=1) == [1]


def test_all_query_words_must_match(db: sqlite3.Connection) -> None:
    add(db, 1, "акты Acme")
    add(db, 2, "акты Globex")
    assert find(db, "акты acme") == [1]


def test_operators_typed_by_the_user_are_words(db: sqlite3.Connection) -> None:
    add(db, 1, "call NEAR office OR home, not today")
    add(db, 2, "call office")
    # As FTS5 syntax this would be an OR (or an error); taken literally, only 1 has all.
    assert find(db, 'call OR "home" NOT today') == [1]
    assert find(db, "NEAR(call office)") == [1]


def test_scoped_query_only_finds_the_users_own_documents(db: sqlite3.Connection) -> None:
    add(db, 1, "акты Acme", user_id=42)
    add(db, 2, "акты Acme", user_id=7)
    add(db, 3, "u7 акты", user_id=42)  # the owner token typed as text stays in body
    assert find(db, "акты", user_id=42) == [1, 3]
    assert find(db, "акты", user_id=7) == [2]
    assert find(db, "u7", user_id=42) == [3]
    assert find(db, "u42", user_id=7) == []
    # The UNINDEXED form gives the same rows (it is only slower; see the bench).
    query = match_query("акты")
    rows = db.execute(
        "SELECT rowid FROM search WHERE search MATCH ? AND user_id = ? ORDER BY rowid",
        (query, 42),
    ).fetchall()
    assert [row[0] for row in rows] == [1, 3]


def test_owner_token_is_one_fts_token() -> None:
    assert owner_token(42) == "u42"
    assert owner_token(-1001) == "n1001"


def test_no_words_means_no_query() -> None:
    assert match_query("") is None
    assert match_query(" -- ?! «» ... 'quoted' "[:4]) is None
    assert match_query('"*^:()') is None


def test_quotes_in_a_word_are_doubled() -> None:
    # Words never contain quotes today; the quoting still must not rely on that.
    assert match_query('say "hi"') == '"say"* "hi"*'


def test_exact_stems_find_word_forms_but_not_half_words(db: sqlite3.Connection) -> None:
    add(db, 1, "Отправили акты Acme")
    exact = match_query("актов", user_id=1, prefix=False)
    assert exact == 'owner:"u1" AND body:("акт")'
    assert db.execute("SELECT rowid FROM search WHERE search MATCH ?", (exact,)).fetchall() == [
        (1,)
    ]
    half = match_query("отпр", prefix=False)
    assert db.execute("SELECT rowid FROM search WHERE search MATCH ?", (half,)).fetchall() == []


def test_a_whole_stem_finds_its_forms_but_not_longer_words_it_begins(
    db: sqlite3.Connection,
) -> None:
    add(db, 1, "Отправили акты Acme")
    add(db, 2, "актуализировать прайс")
    add(db, 3, "Нет акта за март")
    assert match_query("акт", whole={"акт"}) == '"акт"'
    assert find(db, "акт") == [1, 2, 3]  # as a prefix
    for query in ("акт", "актов", "акты"):
        assert db.execute(
            "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid",
            (match_query(query, user_id=1, whole={"акт"}),),
        ).fetchall() == [(1,), (3,)]
    # Only the stems named are whole; the others stay prefixes.
    assert match_query("акт прайс", whole={"акт"}) == '"акт" "прайс"*'


def test_short_stems_are_those_of_short_words() -> None:
    assert short_stems("акты Pay презент отчёт 150 от ак") == ["акт", "pay", "отчет", "150"]
    assert short_stems("актами акт") == ["акт"]  # one short form is enough
    assert short_stems("презентация") == []


def test_query_terms_are_deduplicated_and_capped() -> None:
    assert query_stems("акты акт актов Acme acme") == ["акт", "acm"]
    many = " ".join(f"word{n}" for n in range(100))
    assert len(query_stems(many)) == MAX_QUERY_TERMS


def test_stem_is_memoized() -> None:
    stem.cache_clear()
    stem("отправили")
    stem("отправили")
    assert stem.cache_info().hits == 1


# Text rich in what FTS5 would parse: quotes, operators, column filters, brackets.
FTS_PIECES = [*"\"'-*^:(){}+,", "AND", "OR", "NOT", "NEAR", "NEAR(", "owner:", "body:"]
FTS_PIECES += ["акт", "Acme", "ё", " ", "\x00", "й"]
fts_syntax = st.lists(
    st.one_of(st.sampled_from(FTS_PIECES), st.text(max_size=5)),
    max_size=20,
).map("".join)
any_text = st.one_of(st.text(), fts_syntax)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=any_text, user_text=any_text)
def test_match_never_raises_and_a_document_finds_itself(
    db: sqlite3.Connection, document: str, user_text: str
) -> None:
    db.execute("DELETE FROM search")
    add(db, 1, document, user_id=5)
    for query in (match_query(user_text), match_query(user_text, user_id=5)):
        if query is None:
            assert words(user_text) == []
            continue
        db.execute("SELECT rowid FROM search WHERE search MATCH ?", (query,)).fetchall()
    # Stems made by normalize() come back out of FTS5's tokenizer as the same tokens.
    if words(document):
        assert find(db, document) == [1]
        assert find(db, document, user_id=5) == [1]
        assert find(db, document, user_id=6) == []


def test_highlight_bolds_every_form_of_the_query_words() -> None:
    assert highlight("Отправили акты Acme, акт №2 и актов нет", "акт") == (
        "Отправили <b>акты</b> Acme, <b>акт</b> №2 и <b>актов</b> нет"
    )
    assert highlight("The reports on invoicing", "report invoices") == (
        "The <b>reports</b> on <b>invoicing</b>"
    )


def test_highlight_bolds_a_whole_stem_only_in_its_forms() -> None:
    assert highlight("акты и актуализация", "акт", whole={"акт"}) == ("<b>акты</b> и актуализация")
    assert highlight("акты и актуализация", "акт") == "<b>акты</b> и <b>актуализация</b>"


def test_highlight_escapes_the_original() -> None:
    snippet = highlight("<script>alert('x')</script> & акты <b>", "акт script")
    assert snippet == (
        "&lt;<b>script</b>&gt;alert('x')&lt;/<b>script</b>&gt; &amp; <b>акты</b> &lt;b&gt;"
    )


def test_highlight_cuts_a_window_around_the_first_match() -> None:
    original = "начало " * 40 + "Отправили акты Acme" + " конец" * 40
    snippet = highlight(original, "acme", width=60)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<b>Acme</b>" in snippet
    plain = snippet.replace("<b>", "").replace("</b>", "").strip("…")
    assert len(plain) <= 60
    # Cut between words, not inside one.
    assert plain.split(" ")[0] in {"начало", "Отправили"}
    assert plain.split(" ")[-1] in {"конец", "Acme"}


def test_highlight_without_a_match_shows_the_beginning() -> None:
    assert highlight("Первая строка\n\nвторая   строка", "acme") == "Первая строка вторая строка"
    assert highlight("a " * 100, "", width=10).endswith("…")


@given(original=any_text, user_text=any_text, width=st.integers(min_value=1, max_value=200))
def test_highlight_is_always_valid_telegram_html(original: str, user_text: str, width: int) -> None:
    snippet = highlight(original, user_text, width=width)
    tags = re.findall(r"</?b>", snippet)
    assert tags == ["<b>", "</b>"] * (len(tags) // 2)
    plain = re.sub(r"</?b>", "", snippet)
    assert "<" not in plain
    assert ">" not in plain
    assert not re.search(r"&(?!(amp|lt|gt);)", plain)
    shown = html.unescape(plain).removeprefix("…").removesuffix("…")
    assert shown in " ".join(original.split())
