from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure import Erasure
from ...models.erasure_body import ErasureBody
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ErasureBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/data-subjects/erase",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Erasure | Problem | None:
    if response.status_code == 200:
        response_200 = Erasure.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Erasure | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ErasureBody,
) -> Response[Erasure | Problem]:
    """Erase everything held about an address (a data-subject erasure request).

     Removes the stored person with this address (record, identifiers, provider answers, cached
    answers) and, under each of its addresses, the contact with its tag links, send records and
    delivery events (campaign and day counts stay: they hold nobody); suppresses the addresses by
    digest so they are never mailed again, without keeping them; keeps the audit log's entries about
    the person under the erasure's id. Works for a contact who was never enriched, and for an address
    nothing holds (then it only suppresses). Idempotent: a repeat, or a retry after a failure
    midway, finishes the erasure and erases nothing twice.

    Args:
        body (ErasureBody): Whose data to erase.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Erasure | Problem]
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
    client: AuthenticatedClient,
    body: ErasureBody,
) -> Erasure | Problem | None:
    """Erase everything held about an address (a data-subject erasure request).

     Removes the stored person with this address (record, identifiers, provider answers, cached
    answers) and, under each of its addresses, the contact with its tag links, send records and
    delivery events (campaign and day counts stay: they hold nobody); suppresses the addresses by
    digest so they are never mailed again, without keeping them; keeps the audit log's entries about
    the person under the erasure's id. Works for a contact who was never enriched, and for an address
    nothing holds (then it only suppresses). Idempotent: a repeat, or a retry after a failure
    midway, finishes the erasure and erases nothing twice.

    Args:
        body (ErasureBody): Whose data to erase.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Erasure | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ErasureBody,
) -> Response[Erasure | Problem]:
    """Erase everything held about an address (a data-subject erasure request).

     Removes the stored person with this address (record, identifiers, provider answers, cached
    answers) and, under each of its addresses, the contact with its tag links, send records and
    delivery events (campaign and day counts stay: they hold nobody); suppresses the addresses by
    digest so they are never mailed again, without keeping them; keeps the audit log's entries about
    the person under the erasure's id. Works for a contact who was never enriched, and for an address
    nothing holds (then it only suppresses). Idempotent: a repeat, or a retry after a failure
    midway, finishes the erasure and erases nothing twice.

    Args:
        body (ErasureBody): Whose data to erase.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Erasure | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ErasureBody,
) -> Erasure | Problem | None:
    """Erase everything held about an address (a data-subject erasure request).

     Removes the stored person with this address (record, identifiers, provider answers, cached
    answers) and, under each of its addresses, the contact with its tag links, send records and
    delivery events (campaign and day counts stay: they hold nobody); suppresses the addresses by
    digest so they are never mailed again, without keeping them; keeps the audit log's entries about
    the person under the erasure's id. Works for a contact who was never enriched, and for an address
    nothing holds (then it only suppresses). Idempotent: a repeat, or a retry after a failure
    midway, finishes the erasure and erases nothing twice.

    Args:
        body (ErasureBody): Whose data to erase.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Erasure | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
