from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.generic_event import GenericEvent
from ...models.generic_events import GenericEvents
from ...models.inbound_accepted import InboundAccepted
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: GenericEvent | GenericEvents | list[GenericEvent],
    token: str | Unset = UNSET,
    x_enrich_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Enrich-Signature"] = x_enrich_signature

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/inbound/generic",
        "params": params,
    }

    if isinstance(body, GenericEvents):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, list):
        _kwargs["json"] = []
        for componentsschemas_generic_post_type_1_item_data in body:
            componentsschemas_generic_post_type_1_item = componentsschemas_generic_post_type_1_item_data.to_dict()
            _kwargs["json"].append(componentsschemas_generic_post_type_1_item)

    else:
        _kwargs["json"] = body.to_dict()

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
    body: GenericEvent | GenericEvents | list[GenericEvent],
    token: str | Unset = UNSET,
    x_enrich_signature: str,
) -> Response[InboundAccepted | Problem]:
    """The generic shape, signed: `{"events": [{"type", "email", "campaign_id"?, "message_id"?,
    "url"?, "bounce_type"? (hard|soft, for a bounce), "timestamp"? (RFC 3339), "reason"?, "id"?}]}`
    (at most 500). `id` makes a re-post idempotent; without it, the event's fields do.

    Args:
        token (str | Unset):
        x_enrich_signature (str):
        body (GenericEvent | GenericEvents | list[GenericEvent]): The generic shape: `{"events":
            [...]}`, an array of events, or one event.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
        x_enrich_signature=x_enrich_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: GenericEvent | GenericEvents | list[GenericEvent],
    token: str | Unset = UNSET,
    x_enrich_signature: str,
) -> InboundAccepted | Problem | None:
    """The generic shape, signed: `{"events": [{"type", "email", "campaign_id"?, "message_id"?,
    "url"?, "bounce_type"? (hard|soft, for a bounce), "timestamp"? (RFC 3339), "reason"?, "id"?}]}`
    (at most 500). `id` makes a re-post idempotent; without it, the event's fields do.

    Args:
        token (str | Unset):
        x_enrich_signature (str):
        body (GenericEvent | GenericEvents | list[GenericEvent]): The generic shape: `{"events":
            [...]}`, an array of events, or one event.

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
        x_enrich_signature=x_enrich_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: GenericEvent | GenericEvents | list[GenericEvent],
    token: str | Unset = UNSET,
    x_enrich_signature: str,
) -> Response[InboundAccepted | Problem]:
    """The generic shape, signed: `{"events": [{"type", "email", "campaign_id"?, "message_id"?,
    "url"?, "bounce_type"? (hard|soft, for a bounce), "timestamp"? (RFC 3339), "reason"?, "id"?}]}`
    (at most 500). `id` makes a re-post idempotent; without it, the event's fields do.

    Args:
        token (str | Unset):
        x_enrich_signature (str):
        body (GenericEvent | GenericEvents | list[GenericEvent]): The generic shape: `{"events":
            [...]}`, an array of events, or one event.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        token=token,
        x_enrich_signature=x_enrich_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: GenericEvent | GenericEvents | list[GenericEvent],
    token: str | Unset = UNSET,
    x_enrich_signature: str,
) -> InboundAccepted | Problem | None:
    """The generic shape, signed: `{"events": [{"type", "email", "campaign_id"?, "message_id"?,
    "url"?, "bounce_type"? (hard|soft, for a bounce), "timestamp"? (RFC 3339), "reason"?, "id"?}]}`
    (at most 500). `id` makes a re-post idempotent; without it, the event's fields do.

    Args:
        token (str | Unset):
        x_enrich_signature (str):
        body (GenericEvent | GenericEvents | list[GenericEvent]): The generic shape: `{"events":
            [...]}`, an array of events, or one event.

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
            x_enrich_signature=x_enrich_signature,
        )
    ).parsed
