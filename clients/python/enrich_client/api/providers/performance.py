from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.performance_field import PerformanceField
from ...models.performance_report import PerformanceReport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    field: PerformanceField | Unset = UNSET,
    days: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_field: str | Unset = UNSET
    if not isinstance(field, Unset):
        json_field = field.value

    params["field"] = json_field

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/providers/performance",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PerformanceReport | Problem | None:
    if response.status_code == 200:
        response_200 = PerformanceReport.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PerformanceReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    field: PerformanceField | Unset = UNSET,
    days: int | Unset = UNSET,
) -> Response[PerformanceReport | Problem]:
    """Provider performance: per provider and field, over the last `days` days, how often a lookup
    filled the field (`hit_rate`), what a filled field cost (`credits_per_filled_field`) and the
    lookup latency (p50, p95). Counted as calls are logged (exact under concurrency, no extra
    write); read from the daily usage counters (one Query).

    Args:
        field (PerformanceField | Unset):
        days (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PerformanceReport | Problem]
    """

    kwargs = _get_kwargs(
        field=field,
        days=days,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    field: PerformanceField | Unset = UNSET,
    days: int | Unset = UNSET,
) -> PerformanceReport | Problem | None:
    """Provider performance: per provider and field, over the last `days` days, how often a lookup
    filled the field (`hit_rate`), what a filled field cost (`credits_per_filled_field`) and the
    lookup latency (p50, p95). Counted as calls are logged (exact under concurrency, no extra
    write); read from the daily usage counters (one Query).

    Args:
        field (PerformanceField | Unset):
        days (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PerformanceReport | Problem
    """

    return sync_detailed(
        client=client,
        field=field,
        days=days,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    field: PerformanceField | Unset = UNSET,
    days: int | Unset = UNSET,
) -> Response[PerformanceReport | Problem]:
    """Provider performance: per provider and field, over the last `days` days, how often a lookup
    filled the field (`hit_rate`), what a filled field cost (`credits_per_filled_field`) and the
    lookup latency (p50, p95). Counted as calls are logged (exact under concurrency, no extra
    write); read from the daily usage counters (one Query).

    Args:
        field (PerformanceField | Unset):
        days (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PerformanceReport | Problem]
    """

    kwargs = _get_kwargs(
        field=field,
        days=days,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    field: PerformanceField | Unset = UNSET,
    days: int | Unset = UNSET,
) -> PerformanceReport | Problem | None:
    """Provider performance: per provider and field, over the last `days` days, how often a lookup
    filled the field (`hit_rate`), what a filled field cost (`credits_per_filled_field`) and the
    lookup latency (p50, p95). Counted as calls are logged (exact under concurrency, no extra
    write); read from the daily usage counters (one Query).

    Args:
        field (PerformanceField | Unset):
        days (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PerformanceReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            field=field,
            days=days,
        )
    ).parsed
