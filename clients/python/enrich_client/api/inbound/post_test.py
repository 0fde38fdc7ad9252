from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source import Source
from ...models.test_reading import TestReading
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Any,
    token: str | Unset = UNSET,
    source: Source,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["token"] = token

    json_source = source.value
    params["source"] = json_source

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/inbound/test",
        "params": params,
    }

    _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TestReading | None:
    if response.status_code == 200:
        response_200 = TestReading.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | TestReading]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    token: str | Unset = UNSET,
    source: Source,
) -> Response[Problem | TestReading]:
    """Reads a post as its source's route would and answers what it read (and whether a signature
    is valid), storing and queueing nothing: for setting up a sender.

    Args:
        token (str | Unset):
        source (Source): Who reported an event.
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestReading]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
        source=source,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    token: str | Unset = UNSET,
    source: Source,
) -> Problem | TestReading | None:
    """Reads a post as its source's route would and answers what it read (and whether a signature
    is valid), storing and queueing nothing: for setting up a sender.

    Args:
        token (str | Unset):
        source (Source): Who reported an event.
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestReading
    """

    return sync_detailed(
        client=client,
        body=body,
        token=token,
        source=source,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    token: str | Unset = UNSET,
    source: Source,
) -> Response[Problem | TestReading]:
    """Reads a post as its source's route would and answers what it read (and whether a signature
    is valid), storing and queueing nothing: for setting up a sender.

    Args:
        token (str | Unset):
        source (Source): Who reported an event.
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestReading]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
        source=source,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    token: str | Unset = UNSET,
    source: Source,
) -> Problem | TestReading | None:
    """Reads a post as its source's route would and answers what it read (and whether a signature
    is valid), storing and queueing nothing: for setting up a sender.

    Args:
        token (str | Unset):
        source (Source): Who reported an event.
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestReading
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            token=token,
            source=source,
        )
    ).parsed
