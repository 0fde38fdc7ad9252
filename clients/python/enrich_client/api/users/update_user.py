from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.update_user_body_by_name import UpdateUserBodyByName
from ...models.update_user_body_by_role import UpdateUserBodyByRole
from ...models.user_view import UserView
from ...types import Response


def _get_kwargs(
    user_id: str,
    *,
    body: UpdateUserBodyByName | UpdateUserBodyByRole,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    if isinstance(body, UpdateUserBodyByName):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UserView | None:
    if response.status_code == 200:
        response_200 = UserView.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | UserView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateUserBodyByName | UpdateUserBodyByRole,
) -> Response[Problem | UserView]:
    """Renames a user or changes their role.

     Retry and concurrency: the write is conditional on the version read, so a concurrent change
    gets 409 (read again and retry); a retry of a success is a no-op. Role changes touching `owner`
    also update the organisation's owner count in the same transaction, so two owners demoting each
    other at once cannot leave it ownerless.

    Args:
        user_id (str):  Example: usr_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (UpdateUserBodyByName | UpdateUserBodyByRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserView]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateUserBodyByName | UpdateUserBodyByRole,
) -> Problem | UserView | None:
    """Renames a user or changes their role.

     Retry and concurrency: the write is conditional on the version read, so a concurrent change
    gets 409 (read again and retry); a retry of a success is a no-op. Role changes touching `owner`
    also update the organisation's owner count in the same transaction, so two owners demoting each
    other at once cannot leave it ownerless.

    Args:
        user_id (str):  Example: usr_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (UpdateUserBodyByName | UpdateUserBodyByRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserView
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateUserBodyByName | UpdateUserBodyByRole,
) -> Response[Problem | UserView]:
    """Renames a user or changes their role.

     Retry and concurrency: the write is conditional on the version read, so a concurrent change
    gets 409 (read again and retry); a retry of a success is a no-op. Role changes touching `owner`
    also update the organisation's owner count in the same transaction, so two owners demoting each
    other at once cannot leave it ownerless.

    Args:
        user_id (str):  Example: usr_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (UpdateUserBodyByName | UpdateUserBodyByRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserView]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateUserBodyByName | UpdateUserBodyByRole,
) -> Problem | UserView | None:
    """Renames a user or changes their role.

     Retry and concurrency: the write is conditional on the version read, so a concurrent change
    gets 409 (read again and retry); a retry of a success is a no-op. Role changes touching `owner`
    also update the organisation's owner count in the same transaction, so two owners demoting each
    other at once cannot leave it ownerless.

    Args:
        user_id (str):  Example: usr_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (UpdateUserBodyByName | UpdateUserBodyByRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserView
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            body=body,
        )
    ).parsed
