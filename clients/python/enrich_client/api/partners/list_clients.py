from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_list import ClientList
from ...models.list_clients_rate_limit_tier import ListClientsRateLimitTier
from ...models.list_clients_status import ListClientsStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListClientsStatus | Unset = UNSET,
    rate_limit_tier: ListClientsRateLimitTier | Unset = UNSET,
    contact_email: str | Unset = UNSET,
    search: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_rate_limit_tier: str | Unset = UNSET
    if not isinstance(rate_limit_tier, Unset):
        json_rate_limit_tier = rate_limit_tier.value

    params["rate_limit_tier"] = json_rate_limit_tier

    params["contact_email"] = contact_email

    params["search"] = search

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/api-clients",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClientList | Problem | None:
    if response.status_code == 200:
        response_200 = ClientList.from_dict(response.json())

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
) -> Response[ClientList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListClientsStatus | Unset = UNSET,
    rate_limit_tier: ListClientsRateLimitTier | Unset = UNSET,
    contact_email: str | Unset = UNSET,
    search: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ClientList | Problem]:
    """The organisation's API clients (deleted ones are gone), filtered and cursor-paged.

    Args:
        status (ListClientsStatus | Unset):
        rate_limit_tier (ListClientsRateLimitTier | Unset):
        contact_email (str | Unset):
        search (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        rate_limit_tier=rate_limit_tier,
        contact_email=contact_email,
        search=search,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListClientsStatus | Unset = UNSET,
    rate_limit_tier: ListClientsRateLimitTier | Unset = UNSET,
    contact_email: str | Unset = UNSET,
    search: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ClientList | Problem | None:
    """The organisation's API clients (deleted ones are gone), filtered and cursor-paged.

    Args:
        status (ListClientsStatus | Unset):
        rate_limit_tier (ListClientsRateLimitTier | Unset):
        contact_email (str | Unset):
        search (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientList | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        rate_limit_tier=rate_limit_tier,
        contact_email=contact_email,
        search=search,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListClientsStatus | Unset = UNSET,
    rate_limit_tier: ListClientsRateLimitTier | Unset = UNSET,
    contact_email: str | Unset = UNSET,
    search: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ClientList | Problem]:
    """The organisation's API clients (deleted ones are gone), filtered and cursor-paged.

    Args:
        status (ListClientsStatus | Unset):
        rate_limit_tier (ListClientsRateLimitTier | Unset):
        contact_email (str | Unset):
        search (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        rate_limit_tier=rate_limit_tier,
        contact_email=contact_email,
        search=search,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListClientsStatus | Unset = UNSET,
    rate_limit_tier: ListClientsRateLimitTier | Unset = UNSET,
    contact_email: str | Unset = UNSET,
    search: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ClientList | Problem | None:
    """The organisation's API clients (deleted ones are gone), filtered and cursor-paged.

    Args:
        status (ListClientsStatus | Unset):
        rate_limit_tier (ListClientsRateLimitTier | Unset):
        contact_email (str | Unset):
        search (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            rate_limit_tier=rate_limit_tier,
            contact_email=contact_email,
            search=search,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
