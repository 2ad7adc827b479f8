"""Ids and quarters from URLs: anything the database cannot hold is "not found" or the default."""

from __future__ import annotations

import pytest

from backoffice.quarters import Quarter
from backoffice.request_values import MAX_DATABASE_ID, database_id
from tests.helpers import login


@pytest.mark.parametrize(
    "url",
    [
        "/attachments/99999999999999999999",
        f"/attachments/{MAX_DATABASE_ID + 1}",
        "/attachments/-1",
        "/admin/users/99999999999999999999",
        "/agreements/services/99999999999999999999",
    ],
)
def test_an_id_past_the_database_range_is_not_found(client, office, url):
    login(client, office.admin)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("text", ["1", "42", str(MAX_DATABASE_ID)])
def test_database_id_reads_ids_the_database_can_hold(text):
    assert database_id(text) == int(text)


@pytest.mark.parametrize(
    "text", ["0", "-1", "", "1.0", "１２", "12\n", str(MAX_DATABASE_ID + 1), "9" * 400, " 1"]
)
def test_database_id_refuses_everything_else(text):
    with pytest.raises(ValueError):
        database_id(text)


@pytest.mark.parametrize("text", ["2026-Q4", " 2026-q4 ", "1900-Q1", "2999-Q4"])
def test_quarters_in_range_are_read(text):
    assert Quarter.parse(text).key == text.strip().upper()


@pytest.mark.parametrize(
    "text", ["0000-Q1", "9999-Q4", "1899-Q4", "3000-Q1", "２０２６-Q4", "2026-Q4\n2", "2026-Q5"]
)
def test_quarters_out_of_range_or_odd_are_refused_and_fall_back(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)
    assert Quarter.parse_or(text, Quarter(2026, 4)) == Quarter(2026, 4)
