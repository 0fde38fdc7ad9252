from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job_view import JobView
from ...models.people_bulk_body import PeopleBulkBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PeopleBulkBody,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/people/enrich/bulk",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobView | Problem | None:
    if response.status_code == 202:
        response_202 = JobView.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PeopleBulkBody,
    idempotency_key: str | Unset = UNSET,
) -> Response[JobView | Problem]:
    """Enrich up to 10,000 people in the background.

     `{"people": [...], options}`; a CSV file goes to `POST /v1/people/enrich/bulk/csv` (this
    route also still takes a `text/csv` body, as that one does). The single route's options apply
    to every record. Every record is checked now; invalid ones are listed by index and field
    (`on_invalid: reject`, the default, refuses the job with a 422; `skip` accepts it and skips
    them). Records that identify the same person are enriched once and reported as duplicates.
    202 with the job and `Location`.

    Args:
        idempotency_key (str | Unset):
        body (PeopleBulkBody): People to enrich in the background.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PeopleBulkBody,
    idempotency_key: str | Unset = UNSET,
) -> JobView | Problem | None:
    """Enrich up to 10,000 people in the background.

     `{"people": [...], options}`; a CSV file goes to `POST /v1/people/enrich/bulk/csv` (this
    route also still takes a `text/csv` body, as that one does). The single route's options apply
    to every record. Every record is checked now; invalid ones are listed by index and field
    (`on_invalid: reject`, the default, refuses the job with a 422; `skip` accepts it and skips
    them). Records that identify the same person are enriched once and reported as duplicates.
    202 with the job and `Location`.

    Args:
        idempotency_key (str | Unset):
        body (PeopleBulkBody): People to enrich in the background.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PeopleBulkBody,
    idempotency_key: str | Unset = UNSET,
) -> Response[JobView | Problem]:
    """Enrich up to 10,000 people in the background.

     `{"people": [...], options}`; a CSV file goes to `POST /v1/people/enrich/bulk/csv` (this
    route also still takes a `text/csv` body, as that one does). The single route's options apply
    to every record. Every record is checked now; invalid ones are listed by index and field
    (`on_invalid: reject`, the default, refuses the job with a 422; `skip` accepts it and skips
    them). Records that identify the same person are enriched once and reported as duplicates.
    202 with the job and `Location`.

    Args:
        idempotency_key (str | Unset):
        body (PeopleBulkBody): People to enrich in the background.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PeopleBulkBody,
    idempotency_key: str | Unset = UNSET,
) -> JobView | Problem | None:
    """Enrich up to 10,000 people in the background.

     `{"people": [...], options}`; a CSV file goes to `POST /v1/people/enrich/bulk/csv` (this
    route also still takes a `text/csv` body, as that one does). The single route's options apply
    to every record. Every record is checked now; invalid ones are listed by index and field
    (`on_invalid: reject`, the default, refuses the job with a 422; `skip` accepts it and skips
    them). Records that identify the same person are enriched once and reported as duplicates.
    202 with the job and `Location`.

    Args:
        idempotency_key (str | Unset):
        body (PeopleBulkBody): People to enrich in the background.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
