"""Re-code stored articles after the coder improves, without fetching or extracting again.

Every stored article text goes through the current coder; the article's event mentions and
their actor rows are replaced in one transaction per article, then every event is clustered
afresh. The run is recorded in ``runs`` like an ingest (its manifest says ``command: recode``),
so the store tells which coder version produced its events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import duckdb

from ..errors import StorageError
from ..model import Article
from ..settings import Settings
from .duck import Store, _event_row
from .events import ClusterReport, rebuild_events

__all__ = ["RecodeReport", "recode"]


@dataclass
class RecodeReport:
    """What a recode run did."""

    run_id: str
    articles: int = 0
    changed: int = 0  # articles whose set of event mention ids changed
    before: int = 0
    after: int = 0
    errors: list[str] = field(default_factory=list)
    events: ClusterReport | None = None

    def summary(self) -> str:
        """One line for the terminal."""
        ev = f"; {self.events.summary()}" if self.events else ""
        return (f"run {self.run_id}: recoded {self.articles} articles ({self.changed} changed), event mentions "
                f"{self.before} -> {self.after}, {len(self.errors)} failed{ev}")


def _stored_articles(store: Store, only: list[str] | None) -> Iterator[Article]:
    sql = ("SELECT id, url, title, published, publisher, agency, text FROM articles WHERE text IS NOT NULL "
           "AND text <> ''")
    params: list[object] = []
    if only:
        sql += " AND id IN (SELECT unnest(?))"
        params.append(only)
    has_story = store.con.execute("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_name = 'article_story'").fetchone()
    if has_story and has_story[0]:  # a syndicated copy keeps no events of its own: leave it so
        sql += " AND id NOT IN (SELECT article_id FROM article_story WHERE copy_of IS NOT NULL)"
    for row in store.con.execute(sql + " ORDER BY id", params).fetchall():
        yield Article(id=row[0], url=row[1], title=row[2], published=row[3], publisher=row[4], agency=row[5],
                      text=row[6])


def _replace_events(store: Store, art: Article) -> tuple[int, bool]:
    """Swap an article's event mentions for ``art.events``; return (old count, whether ids changed)."""
    con = store.con
    old = {r[0] for r in con.execute("SELECT id FROM event_mentions WHERE article_id = ?", [art.id]).fetchall()}
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM actors WHERE event_id IN (SELECT id FROM event_mentions WHERE article_id = ?)",
                    [art.id])
        con.execute("DELETE FROM event_mentions WHERE article_id = ?", [art.id])
        if art.events:
            con.executemany(
                "INSERT INTO event_mentions (id, article_id, type, mode, context, cameo, goldstein, quad_class, "
                "date, source_codes, target_codes, location_country, location, evidence, mentions, "
                "confidence, coder, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                [_event_row(art.id, e) for e in art.events])
            actor_rows = [[e.id, role, pos, a.text, a.name, a.code, a.sector, a.id]
                          for e in art.events for role, actors in (("source", e.source), ("target", e.target))
                          for pos, a in enumerate(actors)]
            if actor_rows:
                con.executemany("INSERT INTO actors (event_id, role, position, text, name, code, sector, kb_id) "
                                "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", actor_rows)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StorageError(f"cannot replace the events of article {art.id!r}: {exc}") from None
    return len(old), old != {e.id for e in art.events}


def recode(store: Store, settings: Settings | None = None, articles: list[str] | None = None,
           on_article: Callable[[Article], None] | None = None) -> RecodeReport:
    """Re-run the coder over stored articles (all, or the ids in ``articles``) and re-cluster events."""
    from ..pipeline import code_articles
    from .ingest import run_manifest

    settings = settings or Settings()
    manifest = run_manifest(settings, ["recode"])
    manifest["command"] = "recode"
    run_id = store.start_run(manifest)
    report = RecodeReport(run_id)
    for art in code_articles(_stored_articles(store, articles), settings):
        report.articles += 1
        if art.error:
            report.errors.append(f"{art.id}: {art.error}")
            store.record_failure(art.id, None, art.error, run_id)
        else:
            before, changed = _replace_events(store, art)
            report.before += before
            report.after += len(art.events)
            report.changed += changed
        if on_article:
            on_article(art)
    report.events = rebuild_events(store)
    store.finish_run(run_id, report.articles, len(report.errors), report.changed, report.articles - report.changed)
    return report
