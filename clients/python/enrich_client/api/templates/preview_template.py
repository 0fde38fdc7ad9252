from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.preview_body_by_contact import PreviewBodyByContact
from ...models.preview_body_by_contact_id import PreviewBodyByContactId
from ...models.problem import Problem
from ...models.rendered import Rendered
from ...types import Response


def _get_kwargs(
    template_id: str,
    *,
    body: PreviewBodyByContact | PreviewBodyByContactId,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/templates/{template_id}/preview".format(
            template_id=quote(str(template_id), safe=""),
        ),
    }

    if isinstance(body, PreviewBodyByContactId):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Rendered | None:
    if response.status_code == 200:
        response_200 = Rendered.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Rendered]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    template_id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBodyByContact | PreviewBodyByContactId,
) -> Response[Problem | Rendered]:
    """Render a template for a contact (its subject, HTML and text), with the contact's real
    unsubscribe link. Sends nothing.

    Args:
        template_id (str):  Example: tpl_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (PreviewBodyByContact | PreviewBodyByContactId): Whom to render a preview for: a
            stored contact, or sample contact fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Rendered]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    template_id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBodyByContact | PreviewBodyByContactId,
) -> Problem | Rendered | None:
    """Render a template for a contact (its subject, HTML and text), with the contact's real
    unsubscribe link. Sends nothing.

    Args:
        template_id (str):  Example: tpl_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (PreviewBodyByContact | PreviewBodyByContactId): Whom to render a preview for: a
            stored contact, or sample contact fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Rendered
    """

    return sync_detailed(
        template_id=template_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    template_id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBodyByContact | PreviewBodyByContactId,
) -> Response[Problem | Rendered]:
    """Render a template for a contact (its subject, HTML and text), with the contact's real
    unsubscribe link. Sends nothing.

    Args:
        template_id (str):  Example: tpl_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (PreviewBodyByContact | PreviewBodyByContactId): Whom to render a preview for: a
            stored contact, or sample contact fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Rendered]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    template_id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBodyByContact | PreviewBodyByContactId,
) -> Problem | Rendered | None:
    """Render a template for a contact (its subject, HTML and text), with the contact's real
    unsubscribe link. Sends nothing.

    Args:
        template_id (str):  Example: tpl_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (PreviewBodyByContact | PreviewBodyByContactId): Whom to render a preview for: a
            stored contact, or sample contact fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Rendered
    """

    return (
        await asyncio_detailed(
            template_id=template_id,
            client=client,
            body=body,
        )
    ).parsed
