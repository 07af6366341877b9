"""Plain XPaths: the rewritten expressions select exactly what trafilatura's regex ones select."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS, CATEGORIES_XPATHS

from thucydides.ingest.fastxpath import expand_regex, plain_xpath, plain_xpaths
from thucydides.ingest.html import _metadata


@pytest.mark.parametrize(("pattern", "strings"), [
    ("author", ["author"]),
    ("author-?name|AuthorName", ["author-name", "authorname", "AuthorName"]),
    ("[Bb]yline", ["Byline", "byline"]),
    ("^(?:meta|entry-info)", ["^meta", "^entry-info"]),
    ("article-(?:share|support)", ["article-share", "article-support"]),
])
def test_finite_regexes_expand_to_their_strings(pattern: str, strings: list[str]) -> None:
    assert expand_regex(pattern) == strings


@pytest.mark.parametrize("pattern", ["a.b", "(^|\\s)bottom", "x+", "comments$", "a|b*", "(x)", "[a-z]", "a\\sb"])
def test_other_regexes_are_not_expanded(pattern: str) -> None:
    assert expand_regex(pattern) is None


def test_unexpandable_tests_are_kept_as_regexes() -> None:
    expr = ("//div[re:test(@class, '(^|\\s)bottom') or re:test(@class, 'fulltext', 'i') or "
            "re:test(@id, 'a|^b?')]")  # the last matches any id: no finite set of non-empty strings
    assert plain_xpath(expr) == expr
    assert plain_xpath("//div[re:test(@id|@class, '^post-?meta')]") == \
        "//div[(starts-with(@id|@class, 'post-meta') or starts-with(@id|@class, 'postmeta'))]"


def _probe_page() -> str:
    """Elements whose class and id hit, nearly hit and miss every string in trafilatura's lists."""
    values = {"", "x", "article-body"}
    for xp in AUTHOR_XPATHS + AUTHOR_DISCARD_XPATHS + CATEGORIES_XPATHS:
        for word in ("author", "Author", "byline", "Byline", "comments", "Comments", "commentlist",
                     "comment-list", "post-meta", "postmeta", "postinfo", "entry-meta", "meta", "sidebar",
                     "print", "writer", "screenname", "zuozhe", "category", "meta-date", "is-hidden"):
            if word.lower() in xp.path.lower():
                values |= {word, f"big-{word}", f"{word}-box", word.upper(), word[:-1]}
    tags = ["div", "span", "a", "p", "section", "h3", "strong"]
    items = []
    for i, v in enumerate(sorted(values)):
        tag = tags[i % len(tags)]
        items.append(f'<{tag} class="{v}" id="{v}x" href="/category/c{i}/">Jane Doe {i}</{tag}>')
        items.append(f'<div class="{v}"><a href="/category/k{i}/">Section {i}</a></div>')
    return "<html><body>" + "".join(items) + "</body></html>"


def test_plain_xpaths_select_the_same_elements_as_trafilatura() -> None:
    tree = lxml_html.fromstring(_probe_page())
    for originals in (AUTHOR_XPATHS, AUTHOR_DISCARD_XPATHS, CATEGORIES_XPATHS):
        for orig, plain in zip(originals, plain_xpaths(originals), strict=True):
            want = orig(tree)
            assert want == plain(tree)
    assert sum(len(x(tree)) for x in AUTHOR_XPATHS) > 10  # the probe does exercise the expressions


def test_html_metadata_matches_trafilatura() -> None:
    page = ("<html lang='en'><head><title>Talks in Lima | Example News</title>"
            "<meta property='article:published_time' content='2020-03-02'></head><body>"
            "<div class='post-meta'><a href='/category/world/'>World</a></div>"
            "<div class='author-name'>By Jane Doe</div><article><p>Chile and Peru met.</p></article>"
            "<div class='comments'><span class='author'>Troll</span></div></body></html>")
    ours = _metadata(load_html(page), "https://example.com/2020/03/02/talks")
    ref = extract_metadata(load_html(page), "https://example.com/2020/03/02/talks")
    assert ours["title"] == ref.title == "Talks in Lima"
    assert ours["published"] == ref.date == "2020-03-02"
    assert ours["authors"] == [ref.author] == ["Jane Doe"]
    assert ours["section"] == ref.categories[0] == "World"
    assert ours["sitename"] == ref.sitename
