"""A small client for Doffin's public API: search published notices, download one as eForms.

DFØ runs the API at https://api.doffin.no/public/v2 behind Azure API Management; every
request carries the subscription key in the ``Ocp-Apim-Subscription-Key`` header (a key
is free from DFØ's developer portal). Two operations are public:

* ``GET /search`` with ``searchString`` (free text over title and description),
  ``cpvCode`` (full eight-digit codes, repeatable), ``type`` and ``status`` (repeatable),
  ``issueDateFrom``/``issueDateTo`` (yyyy-mm-dd), ``estimatedValueFrom``/``To``,
  ``location`` (NUTS), ``sortBy``, ``numHitsPerPage`` (at most 100) and ``page``
  (counted from 1). It answers JSON: ``numHitsTotal``, ``numHitsAccessible`` and
  ``hits``, each with ``id`` (the Doffin number), ``heading``, ``description``,
  ``buyer`` (``name``, ``organizationId``), ``type``, ``status``, ``issueDate``,
  ``publicationDate``, ``cpvCodes`` and ``estimatedValue``.
* ``GET /download/{doffinId}`` answers the notice's eForms XML (as
  ``application/octet-stream``), or 404.

The search has no buyer parameter, so ``search(buyer=…)`` narrows the returned page by
organisation number or name. The responses have been seen to hold raw control characters
inside strings, so they are read leniently (``strict=False``).

The client does no I/O of its own: it calls a transport, ``urllib_transport`` unless
another is given, so tests run against recorded responses and never the network.
"""

from __future__ import annotations

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cases.notices.eforms import (
    DOFFIN_ID_RE,
    MAX_NOTICE_BYTES,
    Money,
    NoticeProposal,
    norwegian_org_number,
    parse_notice,
)

DEFAULT_BASE_URL = "https://api.doffin.no/public/v2"
PUBLIC_NOTICE_URL = "https://www.doffin.no/notices/{doffin_id}"
USER_AGENT = "IOA-portalen"
MAX_PER_PAGE = 100

NOTICE_TYPES = frozenset({
    "PLANNING", "NOTICE_ON_BUYER_PROFILE", "ADVISORY_NOTICE", "PRE_ANNOUNCEMENT",
    "COMPETITION", "ANNOUNCEMENT_OF_COMPETITION", "DYNAMIC_PURCHASING_SCHEME",
    "QUALIFICATION_SCHEME", "RESULT", "ANNOUNCEMENT_OF_INTENT",
    "ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "CHANGE_OF_CONCLUSION_OF_CONTRACT",
    "CANCELLED_OR_MISSING_CONCLUSION_OF_CONTRACT",
})  # fmt: skip
STATUSES = frozenset({"ACTIVE", "EXPIRED", "AWARDED", "CANCELLED"})
SORT_ORDERS = frozenset({
    "RELEVANCE", "DEADLINE", "PUBLICATION_DATE_ASC", "PUBLICATION_DATE_DESC",
    "ESTIMATED_VALUE_ASC", "ESTIMATED_VALUE_DESC",
})  # fmt: skip


def notice_url(doffin_id: str) -> str:
    """The notice's public page on doffin.no."""
    return PUBLIC_NOTICE_URL.format(doffin_id=doffin_id)


class DoffinError(Exception):
    """Doffin could not be asked or did not answer; the message is for people."""

    def __init__(self, message: str, status: int | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class DoffinNotFound(DoffinError):
    pass


# ---------------------------------------------------------------------------- transport


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes


Transport = Callable[[str, Mapping[str, str], float], HttpResponse]


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float) -> HttpResponse:
    """GET ``url`` with the standard library; reads at most one notice's worth of bytes."""
    # DoffinClient only builds https URLs (it checks the base URL), hence the noqa.
    request = urllib.request.Request(url, headers=dict(headers), method="GET")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_NOTICE_BYTES + 1)
            return HttpResponse(response.status, dict(response.headers.items()), body)
    except urllib.error.HTTPError as error:
        headers = dict(error.headers.items()) if error.headers else {}
        return HttpResponse(error.code, headers, error.read(64 * 1024))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DoffinError("Fikk ikke kontakt med Doffin. Prøv igjen senere.") from error


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SearchBuyer:
    name: str
    org_number: str  # "" when Doffin gives none, or one that is not a valid number


@dataclass(frozen=True)
class SearchHit:
    doffin_id: str
    heading: str
    description: str
    buyers: tuple[SearchBuyer, ...]
    notice_type: str  # Doffin's type: COMPETITION, RESULT, PLANNING …
    status: str
    issue_date: datetime.date | None
    publication_date: datetime.date | None
    cpv_codes: tuple[str, ...]
    estimated_value: Money | None

    @property
    def url(self) -> str:
        return notice_url(self.doffin_id)


@dataclass(frozen=True)
class SearchPage:
    total: int  # numHitsTotal
    accessible: int  # numHitsAccessible: how many Doffin lets one page through
    page: int
    hits: tuple[SearchHit, ...]


# ---------------------------------------------------------------------------- client


class DoffinClient:
    """Search Doffin and download notices. ``api_key`` and ``base_url`` come from settings."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: Transport = urllib_transport,
        timeout: float = 20.0,
    ):
        if not api_key:
            raise ValueError("a Doffin API key is needed")
        if urllib.parse.urlsplit(base_url).scheme != "https":
            raise ValueError(f"the Doffin API is reached over https, not {base_url!r}")
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self.timeout = timeout

    def search(
        self,
        text: str = "",
        *,
        cpv_codes: Iterable[str] = (),
        buyer: str = "",
        types: Iterable[str] = (),
        statuses: Iterable[str] = (),
        issued_from: datetime.date | None = None,
        issued_to: datetime.date | None = None,
        page: int = 1,
        per_page: int = 20,
        sort_by: str = "",
    ) -> SearchPage:
        """One page of notices matching all the given conditions.

        ``buyer`` is an organisation number or part of a buyer's name; Doffin cannot
        search by buyer, so it narrows the hits of the page Doffin returns.
        """
        params: list[tuple[str, str]] = []
        if text.strip():
            params.append(("searchString", text.strip()))
        for code in cpv_codes:
            params.append(("cpvCode", _cpv(code)))
        for notice_type in types:
            params.append(("type", _choice(notice_type, NOTICE_TYPES, "type")))
        for status in statuses:
            params.append(("status", _choice(status, STATUSES, "status")))
        if issued_from:
            params.append(("issueDateFrom", issued_from.isoformat()))
        if issued_to:
            params.append(("issueDateTo", issued_to.isoformat()))
        if sort_by:
            params.append(("sortBy", _choice(sort_by, SORT_ORDERS, "sort order")))
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError("page counts from 1 and a page holds 1 to 100 hits")
        params += [("numHitsPerPage", str(per_page)), ("page", str(page))]

        response = self._get("/search?" + urllib.parse.urlencode(params), "application/json")
        try:
            data = json.loads(response.body.decode("utf-8-sig"), strict=False)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DoffinError("Doffin sendte et svar som ikke kunne leses.") from error
        if not isinstance(data, dict):
            raise DoffinError("Doffin sendte et svar som ikke kunne leses.")
        hits = data.get("hits") or []
        if isinstance(hits, dict):  # the published schema shows one hit as an object
            hits = [hits]
        parsed = tuple(_hit(hit) for hit in hits if isinstance(hit, dict) and hit.get("id"))
        if buyer.strip():
            parsed = tuple(hit for hit in parsed if _bought_by(hit, buyer))
        return SearchPage(
            total=_int(data.get("numHitsTotal")),
            accessible=_int(data.get("numHitsAccessible")),
            page=page,
            hits=parsed,
        )

    def download(self, doffin_id: str) -> bytes:
        """The notice's eForms XML, as Doffin serves it."""
        doffin_id = doffin_id.strip()
        if not DOFFIN_ID_RE.fullmatch(doffin_id):
            raise DoffinError(
                f"«{doffin_id}» er ikke et Doffin-nummer. Skriv år, bindestrek og seks sifre: "
                "2024-105432."
            )
        try:
            response = self._get(f"/download/{doffin_id}", "application/xml")
        except DoffinNotFound as error:
            raise DoffinNotFound(
                f"Doffin har ingen kunngjøring med nummeret {doffin_id}.",
                status=404,
            ) from error
        return response.body

    def fetch_notice(self, doffin_id: str) -> NoticeProposal:
        """Download a notice and read it (raises DoffinError or NoticeError)."""
        doffin_id = doffin_id.strip()
        return parse_notice(self.download(doffin_id), doffin_id=doffin_id)

    def _get(self, path: str, accept: str) -> HttpResponse:
        headers = {
            "Ocp-Apim-Subscription-Key": self.api_key,
            "Accept": accept,
            "User-Agent": USER_AGENT,
        }
        response = self.transport(self.base_url + path, headers, self.timeout)
        if response.status == 200:
            return response
        status = response.status
        if status in (401, 403):
            raise DoffinError(
                f"Doffin avviste API-nøkkelen (HTTP {status}). Sjekk innstillingen for nøkkelen.",
                status=status,
            )
        if status == 404:
            raise DoffinNotFound("Doffin fant ikke det som ble spurt etter.", status=status)
        if status == 429:
            retry_after = _int(_header(response.headers, "Retry-After")) or None
            raise DoffinError(
                "Doffin ber oss vente litt før neste forespørsel. Prøv igjen om et øyeblikk.",
                status=status,
                retry_after=retry_after,
            )
        raise DoffinError(
            f"Doffin svarte med en feil (HTTP {status}). Prøv igjen senere.",
            status=status,
        )


# ---------------------------------------------------------------------------- helpers


def _cpv(code: str) -> str:
    """Doffin takes the eight digits of a CPV code, without its check digit."""
    digits = re.sub(r"-\d$", "", code.strip())
    if not re.fullmatch(r"\d{8}", digits):
        raise ValueError(f"not a CPV code: {code!r}")
    return digits


def _choice(value: str, allowed: frozenset[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown Doffin {what}: {value!r}")
    return value


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _date(value: Any) -> datetime.date | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", str(value or ""))
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _money(value: Any) -> Money | None:
    if not isinstance(value, dict) or value.get("amount") in (None, ""):
        return None
    try:
        amount = Decimal(str(value["amount"]))
    except InvalidOperation:
        return None
    currency = value.get("currencyCode") or value.get("code") or ""
    return Money(amount, str(currency).upper())


def _hit(hit: dict) -> SearchHit:
    buyers = hit.get("buyer") or []
    if isinstance(buyers, dict):
        buyers = [buyers]
    return SearchHit(
        doffin_id=str(hit["id"]),
        heading=_text(hit.get("heading")),
        description=str(hit.get("description") or "").strip(),
        buyers=tuple(
            SearchBuyer(
                name=_text(b.get("name")),
                org_number=norwegian_org_number(str(b.get("organizationId") or "")),
            )
            for b in buyers
            if isinstance(b, dict)
        ),
        notice_type=str(hit.get("type") or ""),
        status=str(hit.get("status") or ""),
        issue_date=_date(hit.get("issueDate")),
        publication_date=_date(hit.get("publicationDate")),
        cpv_codes=tuple(str(c) for c in hit.get("cpvCodes") or ()),
        estimated_value=_money(hit.get("estimatedValue")),
    )


def _bought_by(hit: SearchHit, buyer: str) -> bool:
    number = norwegian_org_number(buyer)
    if number:
        return any(b.org_number == number for b in hit.buyers)
    wanted = buyer.strip().casefold()
    return any(wanted in b.name.casefold() for b in hit.buyers)
