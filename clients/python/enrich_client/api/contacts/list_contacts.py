from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_list import ContactList
from ...models.list_contacts_status import ListContactsStatus
from ...models.list_contacts_validation import ListContactsValidation
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListContactsStatus | Unset = UNSET,
    validation: ListContactsValidation | Unset = UNSET,
    language: str | Unset = UNSET,
    source: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_validation: str | Unset = UNSET
    if not isinstance(validation, Unset):
        json_validation = validation.value

    params["validation"] = json_validation

    params["language"] = language

    params["source"] = source

    params["tag"] = tag

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ContactList | Problem | None:
    if response.status_code == 200:
        response_200 = ContactList.from_dict(response.json())

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
) -> Response[ContactList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListContactsStatus | Unset = UNSET,
    validation: ListContactsValidation | Unset = UNSET,
    language: str | Unset = UNSET,
    source: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ContactList | Problem]:
    """The organisation's contacts, filtered by `status`, `validation`, `language`, `source` and `tag`,
    cursor-paged.

    Args:
        status (ListContactsStatus | Unset):
        validation (ListContactsValidation | Unset):
        language (str | Unset):
        source (str | Unset):
        tag (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        validation=validation,
        language=language,
        source=source,
        tag=tag,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListContactsStatus | Unset = UNSET,
    validation: ListContactsValidation | Unset = UNSET,
    language: str | Unset = UNSET,
    source: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ContactList | Problem | None:
    """The organisation's contacts, filtered by `status`, `validation`, `language`, `source` and `tag`,
    cursor-paged.

    Args:
        status (ListContactsStatus | Unset):
        validation (ListContactsValidation | Unset):
        language (str | Unset):
        source (str | Unset):
        tag (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactList | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        validation=validation,
        language=language,
        source=source,
        tag=tag,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListContactsStatus | Unset = UNSET,
    validation: ListContactsValidation | Unset = UNSET,
    language: str | Unset = UNSET,
    source: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ContactList | Problem]:
    """The organisation's contacts, filtered by `status`, `validation`, `language`, `source` and `tag`,
    cursor-paged.

    Args:
        status (ListContactsStatus | Unset):
        validation (ListContactsValidation | Unset):
        language (str | Unset):
        source (str | Unset):
        tag (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        validation=validation,
        language=language,
        source=source,
        tag=tag,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListContactsStatus | Unset = UNSET,
    validation: ListContactsValidation | Unset = UNSET,
    language: str | Unset = UNSET,
    source: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ContactList | Problem | None:
    """The organisation's contacts, filtered by `status`, `validation`, `language`, `source` and `tag`,
    cursor-paged.

    Args:
        status (ListContactsStatus | Unset):
        validation (ListContactsValidation | Unset):
        language (str | Unset):
        source (str | Unset):
        tag (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            validation=validation,
            language=language,
            source=source,
            tag=tag,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
