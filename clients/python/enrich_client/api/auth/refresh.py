from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.refresh_body import RefreshBody
from ...models.token_pair import TokenPair
from ...types import Response


def _get_kwargs(
    *,
    body: RefreshBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth/refresh",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TokenPair | None:
    if response.status_code == 200:
        response_200 = TokenPair.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TokenPair]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshBody,
) -> Response[Problem | TokenPair]:
    """Rotates the refresh token: the answer carries a new pair and the presented token is retired.
    Presenting a retired token again is treated as theft: the whole session (every token descended
    from the same login) is revoked.

     Concurrency: rotation is conditional on the session's version; of two concurrent refreshes with
    one token, one succeeds and the other gets 401 (it is not treated as reuse).

    Args:
        body (RefreshBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshBody,
) -> Problem | TokenPair | None:
    """Rotates the refresh token: the answer carries a new pair and the presented token is retired.
    Presenting a retired token again is treated as theft: the whole session (every token descended
    from the same login) is revoked.

     Concurrency: rotation is conditional on the session's version; of two concurrent refreshes with
    one token, one succeeds and the other gets 401 (it is not treated as reuse).

    Args:
        body (RefreshBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenPair
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshBody,
) -> Response[Problem | TokenPair]:
    """Rotates the refresh token: the answer carries a new pair and the presented token is retired.
    Presenting a retired token again is treated as theft: the whole session (every token descended
    from the same login) is revoked.

     Concurrency: rotation is conditional on the session's version; of two concurrent refreshes with
    one token, one succeeds and the other gets 401 (it is not treated as reuse).

    Args:
        body (RefreshBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshBody,
) -> Problem | TokenPair | None:
    """Rotates the refresh token: the answer carries a new pair and the presented token is retired.
    Presenting a retired token again is treated as theft: the whole session (every token descended
    from the same login) is revoked.

     Concurrency: rotation is conditional on the session's version; of two concurrent refreshes with
    one token, one succeeds and the other gets 401 (it is not treated as reuse).

    Args:
        body (RefreshBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenPair
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
