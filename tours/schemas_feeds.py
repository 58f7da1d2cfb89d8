"""Response shapes of personal feed links and the interpreters' assignment report."""

import datetime as dt

from ninja import Schema


class FeedLinkOut(Schema):
    id: int
    role: str
    person: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class FeedLinkIssued(Schema):
    """A new link: `token` and the URLs are shown this once and never stored."""

    id: int
    role: str
    person: str
    prefix: str
    token: str
    calendar_url: str
    page_url: str


class ReportDelegation(Schema):
    key: str
    city: str
    language: str
    size: int


class ReportInterpreter(Schema):
    key: str
    name: str
    languages: list[str]
    bus: str | None = None
    delegations: list[ReportDelegation]
    covers: bool
    missing_languages: list[str]
    confirmed: bool
    confirmed_at: dt.datetime | None = None
    problems: list[str]


class InterpreterReportOut(Schema):
    event: str
    publication: int
    published_at: dt.datetime
    interpreters: list[ReportInterpreter]
