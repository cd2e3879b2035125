"""A consistent copy of the SQLite database while the app runs (SQLite's online backup API).

PostgreSQL has its own tools for this (`pg_dump -Fc`, `pg_restore`; see the README): the app does
not wrap them, so that credentials and dump options stay with whoever runs the database.
"""
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """Why no backup was made, in a sentence for the person running the command."""


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    size: int


def backup_sqlite(database_url: str, target: Path, pages_per_step: int = -1) -> BackupSummary:
    """Copy the SQLite database at `database_url` to `target`, which must not exist yet.

    The copy is written beside the target and renamed into place once whole and checked, so a
    failed or interrupted run never leaves a half-written file under the target's name. The backup
    API copies under a read lock, so the copy is one consistent moment of the database while other
    connections go on; by default in one step, because a copy made a few pages at a time starts
    over whenever another connection writes, and under steady writes might never finish.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "Databasen er PostgreSQL: ta sikkerhetskopi med pg_dump -Fc (og gjenopprett med pg_restore); "
            "se «Sikkerhetskopi» i README.")
    source_path = url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("Databasen ligger bare i minnet og kan ikke kopieres.")
    if not Path(source_path).is_file():
        raise BackupError(f"Fant ikke databasefilen {source_path}.")
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} finnes allerede; velg et nytt filnavn (en sikkerhetskopi overskrives aldri).")
    if not target.parent.is_dir():
        raise BackupError(f"Mappen {target.parent} finnes ikke.")
    partial = target.with_name(f".{target.name}.delvis")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy, pages=pages_per_step)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
                if verdict != "ok":
                    raise BackupError(f"Kopien besto ikke integritetssjekken ({verdict}); ingen kopi er lagret.")
                tables = [name for (name,) in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
                rows = sum(copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # nosec B608
                           for name in tables)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"Sikkerhetskopien mislyktes: {error}. Ingen kopi er lagret.") from error
    except OSError as error:
        raise BackupError(f"Sikkerhetskopien kunne ikke skrives ({error.strerror or error}). "
                          "Ingen kopi er lagret.") from error
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(target, len(tables), rows, target.stat().st_size)
