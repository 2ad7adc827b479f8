"""Application configuration.

Every setting lives here, as a class attribute read from the environment, so
an operator can see in one file what can be changed and what the defaults are.
`create_app` picks a class by `APP_ENV` (development, production, testing).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'backoffice.sqlite'}"
    # Accept the URLs that hosting platforms hand out and route them to psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("postgresql") and "connect_timeout=" not in url:
        # A database host that drops packets must not hang requests and /readyz for minutes.
        url += ("&" if "?" in url else "?") + "connect_timeout=5"
    return url


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")  # generated into instance/ when unset
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    # Sessions and cookies. A sign-in session is a row of `user_sessions`; the cookies carry
    # only its random token, so signing out (or "sign out everywhere") ends every copy.
    # A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS
    # after sign-in; with "keep me signed in" it lasts REMEMBER_DAYS, idle or not.
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 120)
    SESSION_MAX_HOURS = _env_int("SESSION_MAX_HOURS", 12)
    REMEMBER_DAYS = _env_int("REMEMBER_DAYS", 30)
    REMEMBER_COOKIE_DURATION = timedelta(days=REMEMBER_DAYS)
    # A session notes when it was last seen at most this often (not a write per request).
    SESSION_TOUCH_MINUTES = _env_int("SESSION_TOUCH_MINUTES", 5)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch still submits
    # WTForms' own messages ("This field is required.") in the reader's language, from the
    # catalogues WTForms ships (Flask-WTF picks them by the same locale as our pages).
    WTF_I18N_ENABLED = True

    # Request and upload limits
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
    MAX_ATTACHMENT_BYTES = _env_int("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
    ATTACHMENT_EXTENSIONS = frozenset(
        os.environ.get(
            "ATTACHMENT_EXTENSIONS",
            "pdf,png,jpg,jpeg,gif,txt,csv,xlsx,xls,docx,doc,odt,ods,eml,msg,zip",
        ).split(",")
    )
    # Attachments live in the database. This is read only by the migration
    # 20261201_attachment_data, which moves the files of an older install from this
    # directory into the database; the app itself never reads or writes it.
    ATTACHMENT_DIR = os.environ.get("ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))

    # Sign-in throttling (backoffice/auth/throttling.py). Failures count when each follows
    # the one before within LOGIN_FAILURE_WINDOW_MINUTES; a quiet window forgets them.
    # LOGIN_MAX_FAILURES for one account from one client address lock that pair for
    # LOGIN_LOCK_MINUTES: the owner signing in from another address is not locked out.
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 5)
    LOGIN_FAILURE_WINDOW_MINUTES = _env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
    LOGIN_LOCK_MINUTES = _env_int("LOGIN_LOCK_MINUTES", 15)
    # One address failing on many accounts (password spraying) is locked after this many.
    # Set it above the number of people behind one office NAT who might mistype at once.
    LOGIN_MAX_FAILURES_PER_ADDRESS = _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
    # One account failing from many addresses is slowed, never locked: past this many
    # failures each attempt waits LOGIN_ACCOUNT_SLOW_SECONDS after the one before.
    LOGIN_ACCOUNT_SLOW_AFTER = _env_int("LOGIN_ACCOUNT_SLOW_AFTER", 100)
    LOGIN_ACCOUNT_SLOW_SECONDS = _env_int("LOGIN_ACCOUNT_SLOW_SECONDS", 10)

    # Reverse proxies: how many trust their X-Forwarded-For/-Proto/-Host/-Port/-Prefix
    # headers (werkzeug's ProxyFix). 0: none, the client address is the connection's. Set
    # it to the number of proxies in front of the app (1 behind one load balancer); more
    # lets a client choose the address that sign-in throttling counts.
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)

    # Localisation
    LANGUAGES = ("en", "de", "nl")
    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "en")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("ORG_TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "backoffice" / "translations")
    DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "EUR")

    # The JSON API (/api/v1). Requests per token and minute, counted per worker process
    # (backoffice/api/rate_limit.py); how long an Idempotency-Key's first answer is kept.
    API_RATE_LIMIT_PER_MINUTE = _env_int("API_RATE_LIMIT_PER_MINUTE", 600)
    IDEMPOTENCY_HOURS = _env_int("IDEMPOTENCY_HOURS", 24)
    # Webhooks (backoffice/webhooks/): receivers in private or loopback networks are refused
    # unless this is set (an intranet receiver); deliveries are tried this often, then given up.
    WEBHOOK_ALLOW_PRIVATE = _env_bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_MAX_ATTEMPTS = _env_int("WEBHOOK_MAX_ATTEMPTS", 10)
    WEBHOOK_TIMEOUT_SECONDS = _env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
    WEBHOOK_DELIVERY_SECONDS = _env_int("WEBHOOK_DELIVERY_SECONDS", 15)

    # Tickets
    TICKET_NUMBER_PREFIX = os.environ.get("TICKET_NUMBER_PREFIX", "HD")
    TICKETS_PER_PAGE = _env_int("TICKETS_PER_PAGE", 50)
    # Business days from assignment until a ticket is due, by severity.
    DUE_DAYS_BY_SEVERITY = {"critical": 1, "high": 3, "medium": 10, "low": 20}

    # Service agreements: the calendar of functions that have none of their own,
    # and when a ticket counts as at risk (share of its target time used).
    BUSINESS_WEEKDAYS = tuple(
        int(d) for d in os.environ.get("BUSINESS_WEEKDAYS", "0,1,2,3,4").split(",")
    )
    BUSINESS_DAY_START = os.environ.get("BUSINESS_DAY_START", "09:00")
    BUSINESS_DAY_END = os.environ.get("BUSINESS_DAY_END", "17:00")
    HOLIDAY_COUNTRY = os.environ.get("HOLIDAY_COUNTRY", "DE")
    HOLIDAY_SUBDIV = os.environ.get("HOLIDAY_SUBDIV", "")
    AT_RISK_SHARE = float(os.environ.get("AT_RISK_SHARE", "0.8"))
    SLA_CHECK_MINUTES = _env_int("SLA_CHECK_MINUTES", 5)
    # Days after a resolution before its preventive action is checked, unless the defect
    # category says otherwise (pick-list entry "check after days").
    EFFECTIVENESS_CHECK_DAYS = _env_int("EFFECTIVENESS_CHECK_DAYS", 90)
    ACHIEVEMENT_TREND_QUARTERS = 8

    # Mail (used by the outbox); without a host, mail is written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "backoffice@localhost")
    # A mail the server keeps refusing for a passing reason is given up after this many
    # tries (1, 2, 4 … 60 minutes apart: about 10 hours) and shown as failed on /admin/outbox.
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 15)
    # How long a deliverer owns a claimed mail; a crashed one's mail is retried after it.
    MAIL_CLAIM_SECONDS = _env_int("MAIL_CLAIM_SECONDS", 300)

    # Quarterly reviews. The rule: the REVIEW_WEEK_ORDINAL-th REVIEW_WEEKDAY (Monday=0)
    # after the quarter ends, at REVIEW_TIME in the organisation's time zone, moved
    # forward off weekends and the public holidays of HOLIDAY_COUNTRY/HOLIDAY_SUBDIV
    # (the organisation's one holiday calendar, shared with service agreements).
    REVIEW_WEEKDAY = _env_int("REVIEW_WEEKDAY", 1)  # Tuesday
    REVIEW_WEEK_ORDINAL = _env_int("REVIEW_WEEK_ORDINAL", 2)
    REVIEW_TIME = os.environ.get("REVIEW_TIME", "10:00")
    REVIEW_DURATION_MINUTES = _env_int("REVIEW_DURATION_MINUTES", 90)
    REVIEW_LOCATION = os.environ.get("REVIEW_LOCATION", "")
    INVITE_DAYS_BEFORE = _env_int("INVITE_DAYS_BEFORE", 21)
    REMINDER_DAYS_BEFORE = _env_int("REMINDER_DAYS_BEFORE", 2)
    # Survey rounds (the internal customers' voice): a round per review, opening
    # SURVEY_OPEN_DAYS_BEFORE_REVIEW days before it and closing SURVEY_CLOSE_DAYS_BEFORE_REVIEW
    # days before; one reminder SURVEY_REMINDER_DAYS_BEFORE its last day. Results of a
    # service show only from SURVEY_MIN_ANSWERS answers on (anonymity).
    SURVEY_MIN_ANSWERS = _env_int("SURVEY_MIN_ANSWERS", 3)
    SURVEY_OPEN_DAYS_BEFORE_REVIEW = _env_int("SURVEY_OPEN_DAYS_BEFORE_REVIEW", 28)
    SURVEY_CLOSE_DAYS_BEFORE_REVIEW = _env_int("SURVEY_CLOSE_DAYS_BEFORE_REVIEW", 7)
    SURVEY_REMINDER_DAYS_BEFORE = _env_int("SURVEY_REMINDER_DAYS_BEFORE", 3)
    ORG_LOCALE = os.environ.get("ORG_LOCALE", BABEL_DEFAULT_LOCALE)  # the agenda's language
    # The printed agenda lists at most this many open tickets (by priority); the
    # counts per handoff always cover all of them.
    AGENDA_MAX_OPEN_ROWS = _env_int("AGENDA_MAX_OPEN_ROWS", 500)
    AGENDA_MAX_RECENT_ROWS = _env_int("AGENDA_MAX_RECENT_ROWS", 100)  # reported/resolved lists
    # Self-assessments: a team is reminded when its last completed one is this many days old.
    ASSESSMENT_REMINDER_DAYS = _env_int("ASSESSMENT_REMINDER_DAYS", 365)
    # Where links in mails and PDFs point to (e.g. https://backoffice.example.com).
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000")


class DevelopmentConfig(Config):
    DEBUG = False  # served by a real WSGI server even in development


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    LOGIN_MAX_FAILURES = 5


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
