from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.validate_by_contact_ids import ValidateByContactIds
from ...models.validate_by_contact_ids_tagging import ValidateByContactIdsTagging
from ...models.validate_by_filter import ValidateByFilter
from ...models.validate_by_filter_tagging import ValidateByFilterTagging
from ...models.validation_run import ValidationRun
from ...types import Response


def _get_kwargs(
    *,
    body: ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter | ValidateByFilterTagging,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contacts/validate",
    }

    if isinstance(body, ValidateByContactIdsTagging):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ValidateByContactIds):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ValidateByFilterTagging):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ValidationRun | None:
    if response.status_code == 202:
        response_202 = ValidationRun.from_dict(response.json())

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
) -> Response[Problem | ValidationRun]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter | ValidateByFilterTagging,
) -> Response[Problem | ValidationRun]:
    """Validate contacts' addresses in the background: the ids given (up to 5,000, whatever their
    status) or those a filter selects (all `pending` by default, optionally of one tag). A run is
    created and answered at once (202); the bulk worker checks 200 addresses a page with the
    organisation's email verifier (ZeroBounce's batch endpoint; credits charged as enrichment
    does), sets each contact's `validation`, and with `on_invalid` suppresses (default) or tags
    invalid addresses. An `invalid` contact is in no campaign's audience. Follow the run at
    `GET /v1/contact-validations/{run_id}`.

    Args:
        body (ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter |
            ValidateByFilterTagging): What to validate and what to do with invalid addresses.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationRun]
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
    body: ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter | ValidateByFilterTagging,
) -> Problem | ValidationRun | None:
    """Validate contacts' addresses in the background: the ids given (up to 5,000, whatever their
    status) or those a filter selects (all `pending` by default, optionally of one tag). A run is
    created and answered at once (202); the bulk worker checks 200 addresses a page with the
    organisation's email verifier (ZeroBounce's batch endpoint; credits charged as enrichment
    does), sets each contact's `validation`, and with `on_invalid` suppresses (default) or tags
    invalid addresses. An `invalid` contact is in no campaign's audience. Follow the run at
    `GET /v1/contact-validations/{run_id}`.

    Args:
        body (ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter |
            ValidateByFilterTagging): What to validate and what to do with invalid addresses.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationRun
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter | ValidateByFilterTagging,
) -> Response[Problem | ValidationRun]:
    """Validate contacts' addresses in the background: the ids given (up to 5,000, whatever their
    status) or those a filter selects (all `pending` by default, optionally of one tag). A run is
    created and answered at once (202); the bulk worker checks 200 addresses a page with the
    organisation's email verifier (ZeroBounce's batch endpoint; credits charged as enrichment
    does), sets each contact's `validation`, and with `on_invalid` suppresses (default) or tags
    invalid addresses. An `invalid` contact is in no campaign's audience. Follow the run at
    `GET /v1/contact-validations/{run_id}`.

    Args:
        body (ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter |
            ValidateByFilterTagging): What to validate and what to do with invalid addresses.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationRun]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter | ValidateByFilterTagging,
) -> Problem | ValidationRun | None:
    """Validate contacts' addresses in the background: the ids given (up to 5,000, whatever their
    status) or those a filter selects (all `pending` by default, optionally of one tag). A run is
    created and answered at once (202); the bulk worker checks 200 addresses a page with the
    organisation's email verifier (ZeroBounce's batch endpoint; credits charged as enrichment
    does), sets each contact's `validation`, and with `on_invalid` suppresses (default) or tags
    invalid addresses. An `invalid` contact is in no campaign's audience. Follow the run at
    `GET /v1/contact-validations/{run_id}`.

    Args:
        body (ValidateByContactIds | ValidateByContactIdsTagging | ValidateByFilter |
            ValidateByFilterTagging): What to validate and what to do with invalid addresses.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationRun
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
