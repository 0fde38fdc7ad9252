from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source_view import SourceView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source_id: str,
    *,
    reassign_to: str | Unset = UNSET,
    delete_contacts: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["reassign_to"] = reassign_to

    params["delete_contacts"] = delete_contacts

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/data-sources/{source_id}".format(
            source_id=quote(str(source_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | SourceView | None:
    if response.status_code == 202:
        response_202 = SourceView.from_dict(response.json())

        return response_202

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Problem | SourceView]:
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
    reassign_to: str | Unset = UNSET,
    delete_contacts: bool | Unset = UNSET,
) -> Response[Any | Problem | SourceView]:
    """Delete a data source. 204 when it has no contacts. With contacts it is a 409, unless
    `reassign_to` names another source of the organisation (its contacts move there) or
    `delete_contacts=true` (they are deleted): that runs in the background, 202 with the source
    shown as `deleting`, gone when its contacts are. A running sync is a 409.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        reassign_to (str | Unset):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delete_contacts (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | SourceView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        reassign_to=reassign_to,
        delete_contacts=delete_contacts,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient,
    reassign_to: str | Unset = UNSET,
    delete_contacts: bool | Unset = UNSET,
) -> Any | Problem | SourceView | None:
    """Delete a data source. 204 when it has no contacts. With contacts it is a 409, unless
    `reassign_to` names another source of the organisation (its contacts move there) or
    `delete_contacts=true` (they are deleted): that runs in the background, 202 with the source
    shown as `deleting`, gone when its contacts are. A running sync is a 409.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        reassign_to (str | Unset):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delete_contacts (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | SourceView
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        reassign_to=reassign_to,
        delete_contacts=delete_contacts,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient,
    reassign_to: str | Unset = UNSET,
    delete_contacts: bool | Unset = UNSET,
) -> Response[Any | Problem | SourceView]:
    """Delete a data source. 204 when it has no contacts. With contacts it is a 409, unless
    `reassign_to` names another source of the organisation (its contacts move there) or
    `delete_contacts=true` (they are deleted): that runs in the background, 202 with the source
    shown as `deleting`, gone when its contacts are. A running sync is a 409.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        reassign_to (str | Unset):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delete_contacts (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | SourceView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        reassign_to=reassign_to,
        delete_contacts=delete_contacts,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient,
    reassign_to: str | Unset = UNSET,
    delete_contacts: bool | Unset = UNSET,
) -> Any | Problem | SourceView | None:
    """Delete a data source. 204 when it has no contacts. With contacts it is a 409, unless
    `reassign_to` names another source of the organisation (its contacts move there) or
    `delete_contacts=true` (they are deleted): that runs in the background, 202 with the source
    shown as `deleting`, gone when its contacts are. A running sync is a 409.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        reassign_to (str | Unset):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delete_contacts (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | SourceView
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            reassign_to=reassign_to,
            delete_contacts=delete_contacts,
        )
    ).parsed
