"""Anonymity by design: no answer table leads to a person, in the models and in the schema
the migrations built (on whichever database the suite runs)."""

from __future__ import annotations

from sqlalchemy import inspect

from backoffice.extensions import db

ANSWER_TABLES = ("survey_answers", "survey_scores", "survey_texts", "survey_results")
# A person is reached through users, or through the marks and sessions that name one.
PERSONAL = {"users", "survey_invitations", "user_sessions"}


def _reachable(start: str, foreign_keys: dict[str, set[str]]) -> set[str]:
    """Every table `start` leads to by following foreign keys, however many hops."""
    seen, todo = set(), [start]
    while todo:
        table = todo.pop()
        for target in foreign_keys.get(table, set()) - seen:
            seen.add(target)
            todo.append(target)
    return seen


def _reaches_a_person(table: str, foreign_keys: dict[str, set[str]]) -> set[str]:
    """Tables on the way that name a person: users itself, or anything holding a user id.

    Services lead to functions, and functions to their lead (a user); that is the
    organisation chart, not the respondent, so the walk stops at the org tables.
    """
    org = {"services", "functions", "handoffs", "survey_rounds", "survey_questions"}
    found, seen, todo = set(), set(), [table]
    while todo:
        current = todo.pop()
        for target in foreign_keys.get(current, set()) - seen:
            seen.add(target)
            if target in PERSONAL:
                found.add(target)
            elif target not in org:
                todo.append(target)
    return found


def test_no_answer_table_leads_to_a_person_in_the_models(app):
    keys = {
        name: {fk.column.table.name for fk in table.foreign_keys}
        for name, table in db.metadata.tables.items()
    }
    for table in ANSWER_TABLES:
        assert not _reaches_a_person(table, keys), table
        columns = set(db.metadata.tables[table].columns.keys())
        assert not {c for c in columns if "user" in c or "invitation" in c or c.endswith("_dt")}, (
            f"{table} has a column that could name a person or a time: {columns}"
        )
    # The answered-marks themselves hold no answer, and nothing points at them.
    assert all("survey_invitations" not in targets for targets in keys.values())
    marks = set(db.metadata.tables["survey_invitations"].columns.keys())
    assert not marks & {"answered_dt", "service_id", "answer_id", "overall"}


def test_no_answer_table_leads_to_a_person_in_the_migrated_schema(app):
    with app.app_context():
        inspector = inspect(db.engine)
        keys = {
            table: {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
            for table in inspector.get_table_names()
        }
        columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in ANSWER_TABLES}
    for table in ANSWER_TABLES:
        assert not _reaches_a_person(table, keys), table
        assert not {c for c in columns[table] if "user" in c or c.endswith("_dt")}
    assert "survey_answers" in _reachable("survey_scores", keys)
