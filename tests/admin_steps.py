"""What the administration tests share: the forms they fill in and the trail left.

Who administers comes from the `admin` and `coordinator` fixtures in conftest.py.
"""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from sqlalchemy import select

from backoffice.audit import AuditEntry
from backoffice.auth.models import Role, User
from backoffice.extensions import db


def audit_trail(app: Flask) -> list[tuple[str, str, str, str]]:
    """(actor e-mail, entity, action, changes) of every change made by a person, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(User.email, AuditEntry.entity, AuditEntry.action, AuditEntry.changes)
            .join(User, AuditEntry.actor_id == User.id)
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def admin_nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="admin-nav".*?</nav>', html, re.DOTALL)
    assert nav, "no admin navigation"
    return [unescape(t) for t in re.findall(r"<a\b[^>]*>([^<]*)</a>", nav.group(0))]


def function_form(name: str, lead_id: int = 0, description: str = "", active: bool = True) -> dict:
    form = {"name": name, "lead_id": str(lead_id), "description": description}
    return form | ({"is_active": "y"} if active else {})


def handoff_form(
    name: str, from_id: int, to_id: int, owner_id: int = 0, active: bool = True
) -> dict:
    form = {
        "name": name,
        "from_function_id": str(from_id),
        "to_function_id": str(to_id),
        "default_owner_id": str(owner_id),
        "description": "",
    }
    return form | ({"is_active": "y"} if active else {})


def user_form(
    email: str,
    name: str,
    role: Role,
    function_id: int = 0,
    password: str = "",
    active: bool = True,
) -> dict:
    form = {
        "email": email,
        "name": name,
        "role": role.value,
        "function_id": str(function_id),
        "locale": "",
        "password": password,
    }
    return form | ({"is_active_user": "y"} if active else {})


def pick_form(en: str, de: str = "", nl: str = "", position: int = 0, active: bool = True) -> dict:
    form = {"label_en": en, "label_de": de, "label_nl": nl, "position": str(position)}
    return form | ({"is_active": "y"} if active else {})
