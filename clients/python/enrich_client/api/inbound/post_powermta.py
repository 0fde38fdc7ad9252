from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.inbound_accepted import InboundAccepted
from ...models.problem import Problem
from ...models.sender_record import SenderRecord
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: list[SenderRecord] | SenderRecord,
    token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/inbound/powermta",
        "params": params,
    }

    if isinstance(body, SenderRecord):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = []
        for componentsschemas_sender_post_type_1_item_data in body:
            componentsschemas_sender_post_type_1_item = componentsschemas_sender_post_type_1_item_data.to_dict()
            _kwargs["json"].append(componentsschemas_sender_post_type_1_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InboundAccepted | Problem | None:
    if response.status_code == 202:
        response_202 = InboundAccepted.from_dict(response.json())

        return response_202

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
) -> Response[InboundAccepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderRecord] | SenderRecord,
    token: str | Unset = UNSET,
) -> Response[InboundAccepted | Problem]:
    """PowerMTA HTTP accounting records (a JSON array; deliveries `d`, bounces `b`/`rb`, feedback
    loops `f`; deferrals `t` are skipped). The URL token is the credential; `jobId` carries the
    campaign id (set the `X-Job` header of the message to it). PowerMTA posts again until 2xx:
    each record counts once.

    Args:
        token (str | Unset):
        body (list[SenderRecord] | SenderRecord): A sender's post: one record, or an array of at
            most 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderRecord] | SenderRecord,
    token: str | Unset = UNSET,
) -> InboundAccepted | Problem | None:
    """PowerMTA HTTP accounting records (a JSON array; deliveries `d`, bounces `b`/`rb`, feedback
    loops `f`; deferrals `t` are skipped). The URL token is the credential; `jobId` carries the
    campaign id (set the `X-Job` header of the message to it). PowerMTA posts again until 2xx:
    each record counts once.

    Args:
        token (str | Unset):
        body (list[SenderRecord] | SenderRecord): A sender's post: one record, or an array of at
            most 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboundAccepted | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        token=token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderRecord] | SenderRecord,
    token: str | Unset = UNSET,
) -> Response[InboundAccepted | Problem]:
    """PowerMTA HTTP accounting records (a JSON array; deliveries `d`, bounces `b`/`rb`, feedback
    loops `f`; deferrals `t` are skipped). The URL token is the credential; `jobId` carries the
    campaign id (set the `X-Job` header of the message to it). PowerMTA posts again until 2xx:
    each record counts once.

    Args:
        token (str | Unset):
        body (list[SenderRecord] | SenderRecord): A sender's post: one record, or an array of at
            most 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderRecord] | SenderRecord,
    token: str | Unset = UNSET,
) -> InboundAccepted | Problem | None:
    """PowerMTA HTTP accounting records (a JSON array; deliveries `d`, bounces `b`/`rb`, feedback
    loops `f`; deferrals `t` are skipped). The URL token is the credential; `jobId` carries the
    campaign id (set the `X-Job` header of the message to it). PowerMTA posts again until 2xx:
    each record counts once.

    Args:
        token (str | Unset):
        body (list[SenderRecord] | SenderRecord): A sender's post: one record, or an array of at
            most 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboundAccepted | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            token=token,
        )
    ).parsed
