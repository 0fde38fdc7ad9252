from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_users_sort import ListUsersSort
from ...models.list_users_status import ListUsersStatus
from ...models.problem import Problem
from ...models.role import Role
from ...models.user_list import UserList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    status: ListUsersStatus | Unset = UNSET,
    sort: ListUsersSort | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UserList | None:
    if response.status_code == 200:
        response_200 = UserList.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | UserList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    status: ListUsersStatus | Unset = UNSET,
    sort: ListUsersSort | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | UserList]:
    """The organisation's users (deleted ones excluded).

     `q` matches name or email (case-insensitive substring); `role` and `status` filter; `sort` is
    `created_at` (default), `name`, `email` or `last_login_at`, `-` prefixed for descending.

    Args:
        q (str | Unset):
        role (Role | Unset):
        status (ListUsersStatus | Unset):
        sort (ListUsersSort | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserList]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        status=status,
        sort=sort,
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
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    status: ListUsersStatus | Unset = UNSET,
    sort: ListUsersSort | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | UserList | None:
    """The organisation's users (deleted ones excluded).

     `q` matches name or email (case-insensitive substring); `role` and `status` filter; `sort` is
    `created_at` (default), `name`, `email` or `last_login_at`, `-` prefixed for descending.

    Args:
        q (str | Unset):
        role (Role | Unset):
        status (ListUsersStatus | Unset):
        sort (ListUsersSort | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserList
    """

    return sync_detailed(
        client=client,
        q=q,
        role=role,
        status=status,
        sort=sort,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    status: ListUsersStatus | Unset = UNSET,
    sort: ListUsersSort | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | UserList]:
    """The organisation's users (deleted ones excluded).

     `q` matches name or email (case-insensitive substring); `role` and `status` filter; `sort` is
    `created_at` (default), `name`, `email` or `last_login_at`, `-` prefixed for descending.

    Args:
        q (str | Unset):
        role (Role | Unset):
        status (ListUsersStatus | Unset):
        sort (ListUsersSort | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserList]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        status=status,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    status: ListUsersStatus | Unset = UNSET,
    sort: ListUsersSort | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | UserList | None:
    """The organisation's users (deleted ones excluded).

     `q` matches name or email (case-insensitive substring); `role` and `status` filter; `sort` is
    `created_at` (default), `name`, `email` or `last_login_at`, `-` prefixed for descending.

    Args:
        q (str | Unset):
        role (Role | Unset):
        status (ListUsersStatus | Unset):
        sort (ListUsersSort | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserList
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            role=role,
            status=status,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
