from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source_change import SourceChange
from ...models.source_view import SourceView
from ...types import Response


def _get_kwargs(
    source_id: str,
    *,
    body: SourceChange,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/data-sources/{source_id}".format(
            source_id=quote(str(source_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SourceView | None:
    if response.status_code == 200:
        response_200 = SourceView.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | SourceView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: SourceChange,
) -> Response[Problem | SourceView]:
    """Change a data source: the fields given (`null` clears `url`, `auth` and `schedule`; the type
    never changes). With `version`, a concurrent change is a 409. The schedule follows.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (SourceChange): What to change: each field given replaces the stored one; the others
            keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: SourceChange,
) -> Problem | SourceView | None:
    """Change a data source: the fields given (`null` clears `url`, `auth` and `schedule`; the type
    never changes). With `version`, a concurrent change is a 409. The schedule follows.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (SourceChange): What to change: each field given replaces the stored one; the others
            keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceView
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: SourceChange,
) -> Response[Problem | SourceView]:
    """Change a data source: the fields given (`null` clears `url`, `auth` and `schedule`; the type
    never changes). With `version`, a concurrent change is a 409. The schedule follows.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (SourceChange): What to change: each field given replaces the stored one; the others
            keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: SourceChange,
) -> Problem | SourceView | None:
    """Change a data source: the fields given (`null` clears `url`, `auth` and `schedule`; the type
    never changes). With `version`, a concurrent change is a 409. The schedule follows.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (SourceChange): What to change: each field given replaces the stored one; the others
            keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceView
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            body=body,
        )
    ).parsed
