from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bounce_rules import BounceRules
from ...models.bounce_rules_body import BounceRulesBody
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: BounceRulesBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/organization/bounce-rules",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BounceRules | Problem | None:
    if response.status_code == 200:
        response_200 = BounceRules.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BounceRules | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BounceRulesBody,
) -> Response[BounceRules | Problem]:
    """Replace the bounce and complaint rules (`auto_pause` kept when absent). They apply to events
    applied from now on. 409 when another change came first.

    Args:
        body (BounceRulesBody): A change of the rules (`PUT /v1/organization/bounce-rules`): the
            three rules, and the
            auto-pause thresholds (today's kept when absent).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BounceRules | Problem]
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
    body: BounceRulesBody,
) -> BounceRules | Problem | None:
    """Replace the bounce and complaint rules (`auto_pause` kept when absent). They apply to events
    applied from now on. 409 when another change came first.

    Args:
        body (BounceRulesBody): A change of the rules (`PUT /v1/organization/bounce-rules`): the
            three rules, and the
            auto-pause thresholds (today's kept when absent).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BounceRules | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BounceRulesBody,
) -> Response[BounceRules | Problem]:
    """Replace the bounce and complaint rules (`auto_pause` kept when absent). They apply to events
    applied from now on. 409 when another change came first.

    Args:
        body (BounceRulesBody): A change of the rules (`PUT /v1/organization/bounce-rules`): the
            three rules, and the
            auto-pause thresholds (today's kept when absent).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BounceRules | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BounceRulesBody,
) -> BounceRules | Problem | None:
    """Replace the bounce and complaint rules (`auto_pause` kept when absent). They apply to events
    applied from now on. 409 when another change came first.

    Args:
        body (BounceRulesBody): A change of the rules (`PUT /v1/organization/bounce-rules`): the
            three rules, and the
            auto-pause thresholds (today's kept when absent).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BounceRules | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
