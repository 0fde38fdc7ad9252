from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.limits_view import LimitsView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/organization/limits",
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LimitsView | Problem | None:
    if response.status_code == 200:
        response_200 = LimitsView.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[LimitsView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[LimitsView | Problem]:
    """The organisation's limits tier, each user's limits under it (request units per minute, hour
    and day; a read is 1 unit, a write 2, an enrichment 5, a bulk submission 20), and the caller's
    own use of them. A request past a limit is a 429 with `Retry-After`; every answer carries
    `X-RateLimit-*` and `RateLimit` headers for the window that binds.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsView | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> LimitsView | Problem | None:
    """The organisation's limits tier, each user's limits under it (request units per minute, hour
    and day; a read is 1 unit, a write 2, an enrichment 5, a bulk submission 20), and the caller's
    own use of them. A request past a limit is a 429 with `Retry-After`; every answer carries
    `X-RateLimit-*` and `RateLimit` headers for the window that binds.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsView | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[LimitsView | Problem]:
    """The organisation's limits tier, each user's limits under it (request units per minute, hour
    and day; a read is 1 unit, a write 2, an enrichment 5, a bulk submission 20), and the caller's
    own use of them. A request past a limit is a 429 with `Retry-After`; every answer carries
    `X-RateLimit-*` and `RateLimit` headers for the window that binds.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsView | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> LimitsView | Problem | None:
    """The organisation's limits tier, each user's limits under it (request units per minute, hour
    and day; a read is 1 unit, a write 2, an enrichment 5, a bulk submission 20), and the caller's
    own use of them. A request past a limit is a 429 with `Retry-After`; every answer carries
    `X-RateLimit-*` and `RateLimit` headers for the window that binds.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
