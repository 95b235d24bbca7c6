"""Full-text search text: Snowball stems for SQLite FTS5, literal queries, HTML snippets.

SQLite's FTS5 has no Russian stemmer, so the index holds stems made here: the
document goes in as `normalize(text)` and the user's words come back as
`match_query(text)`; both sides use the same tokens and the same stemmer, so
"акты", "актов" and "акт" all find each other. A query word is a prefix ("презент"
finds «презентация»), except a short one the user has written whole somewhere
(`short_stems`, `storage.search.SearchRepository.written_whole`): "акт" then finds
its forms and not «актуализировать». The index never holds the original
text, so the snippet shown in a reply is cut from the item's own text by `highlight`.

Recommended schema (one row per item, `rowid` = `items.id`)::

    CREATE VIRTUAL TABLE search USING fts5(
        owner,                      -- owner_token(user_id), e.g. 'u42': scoping, not ranking
        body,                       -- normalize(title || ' ' || text)
        tokenize = 'unicode61 remove_diacritics 0'
    );
    INSERT INTO search (search, rank) VALUES ('rank', 'bm25(0.0, 1.0)');

    -- written in the same transaction as the item:
    INSERT INTO search (rowid, owner, body) VALUES (:item_id, :owner, :stems);
    DELETE FROM search WHERE rowid = :item_id;  -- then insert again on edit

    -- one user's results; :query is match_query(text, user_id=user_id):
    SELECT rowid FROM search WHERE search MATCH :query ORDER BY rowid DESC LIMIT 20;
    -- or ORDER BY rank for relevance (bm25 over body only, as configured above)

Why an indexed `owner` token rather than `user_id UNINDEXED` plus `WHERE user_id = ?`:
FTS5 cannot use an index on an UNINDEXED column, so that form first finds the
word in every user's documents and only then throws away the other users' rows;
`owner:"u42" AND body:(...)` intersects the word's posting list with the user's
inside the index, so the scope is applied before any row is produced or ranked.
`bench/bench_search_export.py` measures both.

Why a table that stores its own copy of the stems rather than contentless
(`content=''`) or external content: the stems exist nowhere else, and deleting from
a contentless table before SQLite 3.43 needs the exact values that were indexed;
recomputing them after a snowballstemmer upgrade that changed a stem would
silently corrupt the index. The copy costs space: for 200,000 items the table
above is 55 MB, a contentless one 18 MB. Once the deployed SQLite is 3.43 or
newer, `content='', contentless_delete=1` keeps the same queries, deletes by rowid
alone and saves that space. Either way a stemmer upgrade needs a rebuild
(delete every row, insert again) for old rows to be found by new stems.
`remove_diacritics 0` keeps "й" apart from "и" and keeps the index agreeing with
`highlight`, which compares stems in Python.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import unicodedata
from collections.abc import Collection

import snowballstemmer

# A word is a run of letters and digits of any script; punctuation, hyphens,
# apostrophes, underscores and combining marks split words. FTS5's unicode61
# tokenizer treats every character of such a run as a token character, so the
# stems written here come back out of FTS5 as exactly these tokens.
_WORD = re.compile(r"[^\W_]+")
# The same, for cutting words out of the original text: combining marks stay with
# their letter so that a decomposed "й" is one word, as it is after NFKC.
_ORIGINAL_WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[a-z\u00df-\u024f]")
_SPACE = re.compile(r"\s+")

# A pasted page of text would make a query of hundreds of prefix scans; past this
# many distinct words the extra ANDs only narrow an already narrow result.
MAX_QUERY_TERMS = 32
# A query word of this many letters may be a whole word ("акт", "pay", "отчёт") as well
# as the start of a longer one ("банн"). One longer is most likely being typed out
# ("презент" for «презентация»), and the longer words it begins are mostly its own
# family; one shorter is a preposition ("от", "по") or the start of a word ("ак"):
# both always stay prefixes.
WHOLE_WORD_LETTERS = range(3, 6)
OWNER_COLUMN = "owner"
BODY_COLUMN = "body"

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")
# Snowball stemmers keep their working state on the object: two threads (the event
# loop and aiosqlite's worker, say) must not stem at once. Only cache misses lock.
_STEMMER_LOCK = threading.Lock()


def words(text: str) -> list[str]:
    """The text's words, casefolded, with ё as е, before stemming."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _WORD.findall(folded)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of one casefolded word: Russian if it has Cyrillic, else English."""
    if _CYRILLIC.search(word):
        stemmer = _RUSSIAN
    elif _LATIN.search(word):
        stemmer = _ENGLISH
    else:
        return word
    with _STEMMER_LOCK:
        stemmed: str = stemmer.stemWord(word)
    return stemmed or word


def normalize(text: str) -> str:
    """The text to index: its words' stems, space-separated."""
    return " ".join(stem(word) for word in words(text))


def forward_document(sender_name: str, text: str) -> str:
    """What a logged message is indexed as: who wrote it, then what they wrote, so
    "/find Ivan" finds what Ivan said (the reply shows his name beside it)."""
    return f"{sender_name}\n{text}"


def owner_token(user_id: int) -> str:
    """The indexed token that scopes a document to its user ('u42')."""
    # A minus sign would split the token in two; Telegram user ids are positive,
    # but a group chat's id is not.
    return f"u{user_id}" if user_id >= 0 else f"n{-user_id}"


def query_stems(user_text: str) -> list[str]:
    """Distinct stems of the user's words, in order, at most MAX_QUERY_TERMS."""
    stems = dict.fromkeys(stem(word) for word in words(user_text))
    return list(stems)[:MAX_QUERY_TERMS]


def short_stems(user_text: str) -> list[str]:
    """The query stems that may be whole words: those of words of WHOLE_WORD_LETTERS
    letters ("акты" gives "акт"), in query order."""
    short = {stem(word) for word in words(user_text) if len(word) in WHOLE_WORD_LETTERS}
    return [term for term in query_stems(user_text) if term in short]


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scoped(terms: str, user_id: int | None) -> str:
    if user_id is None:
        return terms
    return f"{OWNER_COLUMN}:{_phrase(owner_token(user_id))} AND {BODY_COLUMN}:({terms})"


def match_query(
    user_text: str,
    *,
    user_id: int | None = None,
    prefix: bool = True,
    whole: Collection[str] = (),
) -> str | None:
    """FTS5 MATCH expression taking the user's text literally; None if it has no words.

    Every word becomes a quoted prefix term (`"акт"*`), so FTS5 operators, quotes and
    brackets typed by the user are searched for as words, never parsed. With
    `user_id`, the terms are confined to the body column of that user's documents.
    The stems in `whole` match only as whole stems: "акт" finds акты, акта, актов but
    not «актуализировать». `prefix=False` makes every stem whole: word forms still find
    each other, a half-typed word does not, and FTS5 skips merging every term with that
    prefix.
    """
    stems = query_stems(user_text)
    if not stems:
        return None
    terms = " ".join(
        _phrase(term) + ("*" if prefix and term not in whole else "") for term in stems
    )
    return _scoped(terms, user_id)


def written_query(term: str, user_id: int) -> str:
    """MATCH expression for one stem as a whole word in one user's documents: whether
    they ever wrote it (see `short_stems`)."""
    return _scoped(_phrase(term), user_id)


def _is_match(original_word: str, stems: list[str], whole: Collection[str]) -> bool:
    return any(
        found == term or (term not in whole and found.startswith(term))
        for found in map(stem, words(original_word))
        for term in stems
    )


def _window(text: str, first: tuple[int, int] | None, width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    match_start, match_end = first or (0, 0)
    start = max(0, match_start - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    # Cut between words, not inside one, unless the match itself leaves no room.
    if start > 0:
        space = text.find(" ", start, match_start)
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(match_end, start), end)
        if space != -1:
            end = space
    return start, end


def highlight(
    original: str, user_text: str, *, width: int = 120, whole: Collection[str] = ()
) -> str:
    """Telegram-HTML snippet of `original` around the first match, matches in <b>;
    `whole` as for `match_query`."""
    if width < 1:
        raise ValueError("width must be positive")
    stems = query_stems(user_text)
    text = _SPACE.sub(" ", original).strip()
    found = [
        (word.start(), word.end())
        for word in _ORIGINAL_WORD.finditer(text)
        if stems and _is_match(word.group(), stems, whole)
    ]
    start, end = _window(text, found[0] if found else None, width)
    parts: list[str] = ["…"] if start > 0 else []
    position = start
    for word_start, word_end in found:
        if word_start < start or word_end > end:
            continue
        parts.append(html.escape(text[position:word_start], quote=False))
        parts.append(f"<b>{html.escape(text[word_start:word_end], quote=False)}</b>")
        position = word_end
    parts.append(html.escape(text[position:end], quote=False))
    if end < len(text):
        parts.append("…")
    return "".join(parts)
