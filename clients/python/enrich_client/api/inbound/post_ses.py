from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.inbound_accepted import InboundAccepted
from ...models.problem import Problem
from ...models.sns_body import SnsBody
from ...models.sns_confirmed import SnsConfirmed
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SnsBody,
    token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/inbound/ses",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InboundAccepted | Problem | SnsConfirmed | None:
    if response.status_code == 200:
        response_200 = SnsConfirmed.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = InboundAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[InboundAccepted | Problem | SnsConfirmed]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SnsBody,
    token: str | Unset = UNSET,
) -> Response[InboundAccepted | Problem | SnsConfirmed]:
    """Amazon SES notifications through SNS: subscribe this URL (with `?token=`) to the topic of an
    SES identity or configuration set, after registering the topic (`PUT /v1/inbound/ses-topics`).
    Every message must carry SNS's valid signature (versions 1 and 2; the certificate is fetched
    only from `sns.<region>.amazonaws.com`); a subscription confirmation is confirmed at once
    (200); a notification's SES event is queued (202). A forged message is a 401, a topic not
    registered a 403, and nothing is stored or queued. SNS redelivers until 2xx: each event counts
    once.

    Args:
        token (str | Unset):
        body (SnsBody): An SNS message as SNS posts it to an HTTPS subscription (documentation
            only: the route reads
            it itself and checks its signature).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem | SnsConfirmed]
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
    body: SnsBody,
    token: str | Unset = UNSET,
) -> InboundAccepted | Problem | SnsConfirmed | None:
    """Amazon SES notifications through SNS: subscribe this URL (with `?token=`) to the topic of an
    SES identity or configuration set, after registering the topic (`PUT /v1/inbound/ses-topics`).
    Every message must carry SNS's valid signature (versions 1 and 2; the certificate is fetched
    only from `sns.<region>.amazonaws.com`); a subscription confirmation is confirmed at once
    (200); a notification's SES event is queued (202). A forged message is a 401, a topic not
    registered a 403, and nothing is stored or queued. SNS redelivers until 2xx: each event counts
    once.

    Args:
        token (str | Unset):
        body (SnsBody): An SNS message as SNS posts it to an HTTPS subscription (documentation
            only: the route reads
            it itself and checks its signature).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboundAccepted | Problem | SnsConfirmed
    """

    return sync_detailed(
        client=client,
        body=body,
        token=token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SnsBody,
    token: str | Unset = UNSET,
) -> Response[InboundAccepted | Problem | SnsConfirmed]:
    """Amazon SES notifications through SNS: subscribe this URL (with `?token=`) to the topic of an
    SES identity or configuration set, after registering the topic (`PUT /v1/inbound/ses-topics`).
    Every message must carry SNS's valid signature (versions 1 and 2; the certificate is fetched
    only from `sns.<region>.amazonaws.com`); a subscription confirmation is confirmed at once
    (200); a notification's SES event is queued (202). A forged message is a 401, a topic not
    registered a 403, and nothing is stored or queued. SNS redelivers until 2xx: each event counts
    once.

    Args:
        token (str | Unset):
        body (SnsBody): An SNS message as SNS posts it to an HTTPS subscription (documentation
            only: the route reads
            it itself and checks its signature).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InboundAccepted | Problem | SnsConfirmed]
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
    body: SnsBody,
    token: str | Unset = UNSET,
) -> InboundAccepted | Problem | SnsConfirmed | None:
    """Amazon SES notifications through SNS: subscribe this URL (with `?token=`) to the topic of an
    SES identity or configuration set, after registering the topic (`PUT /v1/inbound/ses-topics`).
    Every message must carry SNS's valid signature (versions 1 and 2; the certificate is fetched
    only from `sns.<region>.amazonaws.com`); a subscription confirmation is confirmed at once
    (200); a notification's SES event is queued (202). A forged message is a 401, a topic not
    registered a 403, and nothing is stored or queued. SNS redelivers until 2xx: each event counts
    once.

    Args:
        token (str | Unset):
        body (SnsBody): An SNS message as SNS posts it to an HTTPS subscription (documentation
            only: the route reads
            it itself and checks its signature).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InboundAccepted | Problem | SnsConfirmed
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            token=token,
        )
    ).parsed
