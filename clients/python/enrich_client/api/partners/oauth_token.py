from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.oauth_error_body import OauthErrorBody
from ...models.problem import Problem
from ...models.token_form import TokenForm
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TokenForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OauthErrorBody | Problem | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OauthErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OauthErrorBody.from_dict(response.json())

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
) -> Response[OauthErrorBody | Problem | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenForm,
) -> Response[OauthErrorBody | Problem | TokenResponse]:
    """OAuth2 client credentials: `grant_type=client_credentials` with the client's id and secret
    (HTTP Basic, or `client_id` / `client_secret` in the form) and an optional `scope` (within the
    client's). Answers a bearer token valid for an hour.

    Args:
        body (TokenForm): The token request's form (`application/x-www-form-urlencoded`, RFC 6749
            §4.4) as the document
            states it, so generated clients get a typed form; the handler reads the form itself (a
            repeated parameter is refused, the client may authenticate with HTTP Basic instead).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OauthErrorBody | Problem | TokenResponse]
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
    body: TokenForm,
) -> OauthErrorBody | Problem | TokenResponse | None:
    """OAuth2 client credentials: `grant_type=client_credentials` with the client's id and secret
    (HTTP Basic, or `client_id` / `client_secret` in the form) and an optional `scope` (within the
    client's). Answers a bearer token valid for an hour.

    Args:
        body (TokenForm): The token request's form (`application/x-www-form-urlencoded`, RFC 6749
            §4.4) as the document
            states it, so generated clients get a typed form; the handler reads the form itself (a
            repeated parameter is refused, the client may authenticate with HTTP Basic instead).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OauthErrorBody | Problem | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenForm,
) -> Response[OauthErrorBody | Problem | TokenResponse]:
    """OAuth2 client credentials: `grant_type=client_credentials` with the client's id and secret
    (HTTP Basic, or `client_id` / `client_secret` in the form) and an optional `scope` (within the
    client's). Answers a bearer token valid for an hour.

    Args:
        body (TokenForm): The token request's form (`application/x-www-form-urlencoded`, RFC 6749
            §4.4) as the document
            states it, so generated clients get a typed form; the handler reads the form itself (a
            repeated parameter is refused, the client may authenticate with HTTP Basic instead).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OauthErrorBody | Problem | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenForm,
) -> OauthErrorBody | Problem | TokenResponse | None:
    """OAuth2 client credentials: `grant_type=client_credentials` with the client's id and secret
    (HTTP Basic, or `client_id` / `client_secret` in the form) and an optional `scope` (within the
    client's). Answers a bearer token valid for an hour.

    Args:
        body (TokenForm): The token request's form (`application/x-www-form-urlencoded`, RFC 6749
            §4.4) as the document
            states it, so generated clients get a typed form; the handler reads the form itself (a
            repeated parameter is refused, the client may authenticate with HTTP Basic instead).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OauthErrorBody | Problem | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
