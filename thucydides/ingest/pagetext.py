"""Boilerplate removal for raw page-text dumps (text copied from a rendered news page).

A page dump is the article buried among menus, share lines, cookie banners, captions, licence
lines and related-article lists, one block per line. Nearly every article paragraph survives as
one whole line, so the task is a line classification:

1. each non-empty line gets shallow features (length, sentence punctuation, stopword ratio,
   capitalisation, boilerplate cue words, repetition elsewhere on the page, blank-line framing,
   the density of prose around it, whether it lies in the page's densest run of prose);
2. a logistic model scores the lines; a second logistic model rescores each line from its own
   features plus its neighbours' first-stage scores (jusText-style context smoothing, learned);
3. the body is the lines scoring above a threshold, restricted to the main stretch of the page
   found by a maximum-sum segment over length-weighted scores, so stray prose in footers or
   teaser lists does not leak in.

The weights live in ``thucydides/data/pagetext_model.json`` (trained by
``scripts/train_pagetext.py`` on features only; no page text is shipped). Inference is linear
in the page length (per-line counts in Python, the rest as numpy arrays over the page). Metadata (title, date, agency, byline, editor, section)
comes from :mod:`thucydides.ingest.metadata`.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from thucydides.ingest import metadata

__all__ = ["PageText", "extract_page_text", "line_features", "FEATURE_NAMES", "CONTEXT_NAMES"]


@dataclass
class PageText:
    """The article recovered from a page dump, with the metadata the page states."""

    body: str
    title: str | None = None
    published: str | None = None
    agency: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    section: str | None = None


_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TERMINAL = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]"

# Function words of the languages seen in news pages; a prose line is rich in them, a menu is not.
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being has have
had do does did not no that this these those it its he she they we you i his her their our your
him them us me who whom which what when where why how than then there here so such can could will
would shall should may might must also after before over under about into out up down more most
said says just only very all any some other new one two
de la le les des du un une et est en que qui pour pas sur au aux dans par ce cette ne se il elle
el los las del y es por con para una lo su al como más pero sus fue ha o e em os as do da dos das
um uma com não na no ao mais foi der die das und ist nicht mit den dem ein eine zu von im auf für
sich auch es an als wie il di che è per non si con della delle nel gli una sono
и в не на что с по как это он она они но из у за к о а то же бы был было от для
""".split())  # noqa: SIM905 - a word list reads better as prose

_BOILER_CUES = (
    "copyright", "©", "all rights reserved", "cookie", "subscribe", "sign up", "sign in", "log in",
    "newsletter", "follow us", "share this", "advertis", "read more", "related", "click here",
    "privacy", "terms of", "recommended", "most read", "most popular", "trending", "sponsored",
    "comments", "download the app", "watch:", "read also", "see also", "more from", "next up",
    "you may also", "don't miss", "license", "licence", "whatsapp", "facebook", "twitter",
)
_CAPTION_CUES = (
    "photo", "image", "getty", "credit", "file photo", "reuters/", "/ap", "afp/", "(ap ",
    "illustration", "pictured", "caption", "shutterstock", "video",
)

_DIGIT = re.compile(r"[0-9]")
_is_stop = STOPWORDS.__contains__

FEATURE_NAMES = [
    "bias", "log_words", "log_chars", "terminal", "comma_rate", "stop_ratio", "cap_ratio",
    "digit_ratio", "boiler_cue", "caption_cue", "starts_by", "dup_log", "dup_later", "dup_earlier",
    "rel_pos", "blank_before", "blank_after", "ctx1_words", "ctx3_words", "ctx3_max",
    "short_run", "prose_density", "in_core", "core_dist", "all_caps", "separators", "urlish",
    "title_like", "tiny", "long_prose", "short_no_terminal", "before_title", "after_title_near",
    "headline_lead", "ellipsis",
]
CONTEXT_NAMES = ["p", "p_prev", "p_next", "p_prev2", "p_next2", "p_win5", "p_max_nb", "p_in_core"]


def split_lines(text: str) -> tuple[list[str], list[bool], list[bool]]:
    """Non-empty stripped lines, with whether each has a blank line before and after it."""
    lines: list[str] = []
    before: list[bool] = []
    blank = True
    for raw in text.split("\n"):
        s = raw.strip()
        if not s:
            blank = True
            continue
        lines.append(s)
        before.append(blank)
        blank = False
    after = [before[i + 1] if i + 1 < len(lines) else True for i in range(len(lines))]
    return lines, before, after


def _prose(words: int, line: str) -> bool:
    return words >= 10 and (line[-1] in _TERMINAL or line[-1] in _CLOSERS)


def _max_segment(scores: list[float]) -> tuple[int, int]:
    """Bounds [start, end) of the maximum-sum contiguous segment (Kadane); (0, 0) if none > 0."""
    best, best_lo, best_hi = 0.0, 0, 0
    run, lo = 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, lo = s, i
        else:
            run += s
        if run > best:
            best, best_lo, best_hi = run, lo, i + 1
    return best_lo, best_hi


def _cue_lines(lows: list[str], cues: tuple[str, ...]) -> np.ndarray:
    """1.0 for each line holding any of the cues (searched once over the whole page, not per line)."""
    page = "\n".join(lows)
    starts = np.cumsum([0] + [len(s) + 1 for s in lows[:-1]])
    flags = np.zeros(len(lows))
    for cue in cues:
        j = page.find(cue)
        while j >= 0:
            i = int(np.searchsorted(starts, j, side="right")) - 1
            flags[i] = 1.0
            j = page.find(cue, int(starts[i + 1])) if i + 1 < len(starts) else -1
    return flags


def _window(values: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Per position: the sum of ``values`` within ``radius`` on either side (self included), and
    how many positions that window holds."""
    n = len(values)
    cum = np.concatenate(([0.0], np.cumsum(values)))
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - radius), np.minimum(n, idx + radius + 1)
    return cum[hi] - cum[lo], (hi - lo).astype(float)


def line_features(lines: list[str], before: list[bool], after: list[bool],
                  title: str | None = None) -> np.ndarray:
    """Per-line feature matrix (columns in the order of FEATURE_NAMES); shared with the training script.

    The per-line counts are taken in Python, everything positional with numpy over the page.
    """
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    toks_l = [_WORD.findall(s) for s in lines]
    lows = [s.lower() for s in lines]
    lens = np.array([len(s) for s in lines], dtype=float)
    words = np.array([len(t) for t in toks_l])
    for cjk in np.flatnonzero((words > 0) & (lens > 8 * words)).tolist():  # unspaced scripts: count characters
        words[cjk] = max(words[cjk], len(_CJK.findall(lines[cjk])) // 2)
    ntok = np.array([len(t) or 1 for t in toks_l], dtype=float)
    lw = np.log1p(words)
    prose = np.array([_prose(w, s) for w, s in zip(words.tolist(), lines, strict=True)])
    # The densest run of prose: long sentence-final lines pay, short lines cost.
    core_lo, core_hi = _max_segment(np.where(prose, words, -2.0).tolist())
    # Where the on-page headline sits: the article usually starts right after it.
    tidx = -1
    if title:
        hits = [i for i in range(1, n) if lines[i] == title]
        if hits:
            before_core = [i for i in hits if i < core_lo]
            tidx = before_core[-1] if before_core else hits[0]
    # Lengths of runs of short lines (menus, link lists).
    run_len = np.zeros(n)
    short = (words < 6).tolist()
    i = 0
    while i < n:
        if short[i]:
            j = i
            while j < n and short[j]:
                j += 1
            run_len[i:j] = j - i
            i = j
        else:
            i += 1
    # Repetition on the page: how often a line occurs, and whether it occurs again later / earlier.
    counts: dict[str, int] = {}
    occurrence = []
    for s in lines:
        occurrence.append(counts.get(s, 0))
        counts[s] = occurrence[-1] + 1
    total = np.array([counts[s] for s in lines], dtype=float)
    k = np.array(occurrence, dtype=float)
    last = [s[-1] for s in lines]
    terminal = np.array([c in _TERMINAL or (c in _CLOSERS and len(s) > 1 and s[-2] in _TERMINAL)
                         for c, s in zip(last, lines, strict=True)], dtype=float)
    # Neighbourhoods: mean log-length of the lines within 1 and 3, the longest within 3, prose within 5.
    s1, c1 = _window(lw, 1)
    s3, c3 = _window(lw, 3)
    ctx1 = (s1 - lw) / np.maximum(1.0, c1 - 1)
    ctx3 = np.where(c3 > 1, (s3 - lw) / np.maximum(1.0, c3 - 1), 0.0)
    padded = np.concatenate((np.zeros(3), lw, np.zeros(3)))  # lengths are >= 0, so 0 pads are neutral
    ctx3_max = np.max([padded[3 + d:3 + d + n] for d in (-3, -2, -1, 1, 2, 3)], axis=0)
    p5, c5 = _window(prose.astype(float), 5)
    idx = np.arange(n)
    in_core = ((idx >= core_lo) & (idx < core_hi)).astype(float)
    gap = np.where(idx < core_lo, core_lo - idx, np.where(idx >= core_hi, idx - core_hi + 1, 0))
    tnorm = title.lower() if title else ""
    if tnorm:
        title_like = np.array([low == tnorm or (len(low) > 20 and low in tnorm) for low in lows], dtype=float)
    else:
        title_like = np.zeros(n)
    caps = np.array([sum(map(str.isupper, [t[0] for t in toks])) for toks in toks_l]) / ntok
    # "Teaser Headline In Title Case Then its blurb": a related-story item, not prose.
    headline_lead = np.array([sum(1 for t in toks[:5] if t[0].isupper()) >= 5 for toks in toks_l]) & (words > 10)
    cols = [
        np.ones(n), lw, np.log1p(lens), terminal,
        np.array([s.count(",") for s in lines]) / ntok,
        np.array([sum(map(_is_stop, map(str.lower, toks))) for toks in toks_l]) / ntok,
        caps,
        np.array([len(_DIGIT.findall(s)) for s in lines]) / lens,
        _cue_lines(lows, _BOILER_CUES), _cue_lines(lows, _CAPTION_CUES),
        np.array([low.startswith("by ") for low in lows], dtype=float),
        np.log(total), (k + 1 < total).astype(float), (k > 0).astype(float),
        idx / max(1, n - 1), np.array(before, dtype=float), np.array(after, dtype=float), ctx1, ctx3, ctx3_max,
        np.log1p(run_len), p5 / c5, in_core, np.log1p(gap),
        np.array([s.isupper() for s in lines]) & (words > 1),
        np.array([("|" in s or "»" in s or "•" in s) for s in lines], dtype=float),
        np.array([("http" in low or "www." in low or ".com" in low or "@" in low) for low in lows], dtype=float),
        title_like,
        (words <= 2).astype(float), prose.astype(float),
        ((words < 8) & (terminal == 0)).astype(float),
        ((idx >= 0) & (idx < tidx)).astype(float),
        np.where((tidx >= 0) & (idx > tidx), np.exp(np.minimum(0, tidx - idx) / 10.0), 0.0),
        headline_lead,
        np.array([s.endswith(("...", "…")) for s in lines], dtype=float),
    ]
    return np.column_stack(cols).astype(float)


def context_features(p: list[float], feats: list[list[float]]) -> list[list[float]]:
    """Second-stage inputs: a line's first-stage score and its neighbours' (order CONTEXT_NAMES)."""
    n = len(p)
    out = []
    for i in range(n):
        prev = p[i - 1] if i > 0 else 0.0
        nxt = p[i + 1] if i + 1 < n else 0.0
        prev2 = p[i - 2] if i > 1 else 0.0
        nxt2 = p[i + 2] if i + 2 < n else 0.0
        lo, hi = max(0, i - 5), min(n, i + 6)
        win = (sum(p[lo:hi]) - p[i]) / max(1, hi - lo - 1)
        out.append([p[i], prev, nxt, prev2, nxt2, win, max(prev, nxt), feats[i][22]])
    return out


@lru_cache(maxsize=1)
def _model() -> dict:
    path = resources.files("thucydides.data").joinpath("pagetext_model.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function on a vector, 0 below -30."""
    out = 1.0 / (1.0 + np.exp(-np.maximum(z, -30.0)))
    out[z < -30] = 0.0
    return out


def _context_matrix(p: np.ndarray, in_core: np.ndarray) -> np.ndarray:
    """``context_features`` on arrays (the same columns), for scoring a page in one pass."""
    n = len(p)
    pad = np.zeros(2)
    prev = np.concatenate((pad, p))[1:n + 1]
    prev2 = np.concatenate((pad, p))[:n]
    nxt = np.concatenate((p, pad))[1:n + 1]
    nxt2 = np.concatenate((p, pad))[2:n + 2]
    cum = np.concatenate(([0.0], np.cumsum(p)))
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - 5), np.minimum(n, idx + 6)
    win = (cum[hi] - cum[lo] - p) / np.maximum(1, hi - lo - 1)
    return np.column_stack((p, prev, nxt, prev2, nxt2, win, np.maximum(prev, nxt), in_core))


def score_lines(lines: list[str], before: list[bool], after: list[bool],
                title: str | None = None, model: dict | None = None) -> list[float]:
    """Probability that each line belongs to the article body."""
    model = model or _model()
    feats = line_features(lines, before, after, title)
    if not len(feats):
        return []
    # The two logistic stages as matrix products: the same model as context_features,
    # a few times faster than scoring line by line in Python.
    x = feats
    p1 = _sigmoid(x @ np.asarray(model["stage1"]))
    x2 = np.hstack((x, _context_matrix(p1, x[:, FEATURE_NAMES.index("in_core")])))
    return list(_sigmoid(x2 @ np.asarray(model["stage2"])).tolist())


def select_lines(lines: list[str], probs: list[float], model: dict | None = None) -> list[int]:
    """Indices of body lines: above threshold, within the main length-weighted stretch."""
    model = model or _model()
    thr = model.get("threshold", 0.5)
    margin = model.get("span_margin", 0.5)
    weights = [math.log1p(len(s)) for s in lines]
    lo, hi = _max_segment([(p - margin) * w for p, w in zip(probs, weights, strict=True)])
    return [i for i in range(lo, hi) if probs[i] >= thr]


def extract_page_text(text: str, url: str | None = None) -> PageText:
    """Recover the article body and its metadata from a raw page-text dump.

    ``url`` is only used as a hint for the title (pages often repeat it in their first line).
    Text that is already clean (one paragraph, or an article whose lines are all prose)
    comes back unchanged apart from paragraph spacing.
    """
    lines, before, after = split_lines(text)
    meta = metadata.extract_metadata(lines, url)
    if len(lines) <= 2:
        return PageText(body=text.strip(), **meta)
    if _looks_clean(lines):
        # Already an article (a wire text, Wikinews): keep every paragraph, minus a date line.
        if metadata.parse_date(lines[0]) and len(lines[0].split()) < 6:
            lines = lines[1:]
        return PageText(body="\n\n".join(lines), **meta)
    probs = score_lines(lines, before, after, meta.get("title"))
    keep = select_lines(lines, probs)
    if not keep:
        # Nothing cleared the bar: a short article among heavy chrome. Take the best prose line
        # and whatever scores near it, rather than return nothing.
        best = max(range(len(lines)), key=lambda i: probs[i] * math.log1p(len(lines[i])))
        keep = [i for i in range(len(lines)) if probs[i] >= 0.7 * probs[best] and abs(i - best) < 10]
    body = "\n\n".join(c for c in (_clean_line(lines[i]) for i in keep) if c)
    return PageText(body=body, **meta)


def _looks_clean(lines: list[str]) -> bool:
    """True when (almost) every line is prose: no menus or link lists to remove."""
    short_run = longest = prose_chars = 0
    for s in lines:
        if _prose(len(s.split()), s) or len(s) > 200:
            prose_chars += len(s)
            short_run = 0
        else:
            short_run += 1
            longest = max(longest, short_run)
    return longest < 3 and prose_chars >= 0.8 * sum(len(s) for s in lines)


def _clean_line(line: str) -> str:
    # Dateline, byline and credit lines next to the article are metadata, not article text;
    # so are credits glued onto a kept line ("... said. Source: Xinhua Editor: X").
    if len(line) < 80 and (metadata.parse_date(line) and len(line.split()) < 8
                           or metadata.find_authors([line])):
        return ""
    m = metadata.TRAILER.search(line)
    return line[:m.start()].rstrip() if m else line
