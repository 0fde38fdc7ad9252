from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_view import DeliveryView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    client_id: str,
    webhook_id: str,
    delivery_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/{delivery_id}".format(
            client_id=quote(str(client_id), safe=""),
            webhook_id=quote(str(webhook_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeliveryView | Problem | None:
    if response.status_code == 200:
        response_200 = DeliveryView.from_dict(response.json())

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
) -> Response[DeliveryView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    client_id: str,
    webhook_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeliveryView | Problem]:
    """
    Args:
        client_id (str):  Example: cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        webhook_id (str):  Example: wh_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delivery_id (str):  Example: msg_01HZX5R5B7Q6J3V9K2M4N8P0QR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryView | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        webhook_id=webhook_id,
        delivery_id=delivery_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    client_id: str,
    webhook_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> DeliveryView | Problem | None:
    """
    Args:
        client_id (str):  Example: cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        webhook_id (str):  Example: wh_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delivery_id (str):  Example: msg_01HZX5R5B7Q6J3V9K2M4N8P0QR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryView | Problem
    """

    return sync_detailed(
        client_id=client_id,
        webhook_id=webhook_id,
        delivery_id=delivery_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    client_id: str,
    webhook_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeliveryView | Problem]:
    """
    Args:
        client_id (str):  Example: cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        webhook_id (str):  Example: wh_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delivery_id (str):  Example: msg_01HZX5R5B7Q6J3V9K2M4N8P0QR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryView | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        webhook_id=webhook_id,
        delivery_id=delivery_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    client_id: str,
    webhook_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> DeliveryView | Problem | None:
    """
    Args:
        client_id (str):  Example: cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        webhook_id (str):  Example: wh_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        delivery_id (str):  Example: msg_01HZX5R5B7Q6J3V9K2M4N8P0QR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryView | Problem
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            webhook_id=webhook_id,
            delivery_id=delivery_id,
            client=client,
        )
    ).parsed
