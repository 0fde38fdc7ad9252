from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.from_people_body_by_job_id import FromPeopleBodyByJobId
from ...models.from_people_body_by_person_ids import FromPeopleBodyByPersonIds
from ...models.from_people_report import FromPeopleReport
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: FromPeopleBodyByJobId | FromPeopleBodyByPersonIds,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contacts/from-people",
    }

    if isinstance(body, FromPeopleBodyByPersonIds):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FromPeopleReport | Problem | None:
    if response.status_code == 200:
        response_200 = FromPeopleReport.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FromPeopleReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: FromPeopleBodyByJobId | FromPeopleBodyByPersonIds,
) -> Response[FromPeopleReport | Problem]:
    """Make contacts of enriched people (`person_ids`) or of a finished bulk job's people
    (`job_id`): each person with an email becomes, or updates, the contact with that email, linked
    to the person, with `source` `people` or `job:<id>`.

    Args:
        body (FromPeopleBodyByJobId | FromPeopleBodyByPersonIds): People to make contacts of:
            listed, or a finished bulk job's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FromPeopleReport | Problem]
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
    body: FromPeopleBodyByJobId | FromPeopleBodyByPersonIds,
) -> FromPeopleReport | Problem | None:
    """Make contacts of enriched people (`person_ids`) or of a finished bulk job's people
    (`job_id`): each person with an email becomes, or updates, the contact with that email, linked
    to the person, with `source` `people` or `job:<id>`.

    Args:
        body (FromPeopleBodyByJobId | FromPeopleBodyByPersonIds): People to make contacts of:
            listed, or a finished bulk job's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FromPeopleReport | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: FromPeopleBodyByJobId | FromPeopleBodyByPersonIds,
) -> Response[FromPeopleReport | Problem]:
    """Make contacts of enriched people (`person_ids`) or of a finished bulk job's people
    (`job_id`): each person with an email becomes, or updates, the contact with that email, linked
    to the person, with `source` `people` or `job:<id>`.

    Args:
        body (FromPeopleBodyByJobId | FromPeopleBodyByPersonIds): People to make contacts of:
            listed, or a finished bulk job's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FromPeopleReport | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: FromPeopleBodyByJobId | FromPeopleBodyByPersonIds,
) -> FromPeopleReport | Problem | None:
    """Make contacts of enriched people (`person_ids`) or of a finished bulk job's people
    (`job_id`): each person with an email becomes, or updates, the contact with that email, linked
    to the person, with `source` `people` or `job:<id>`.

    Args:
        body (FromPeopleBodyByJobId | FromPeopleBodyByPersonIds): People to make contacts of:
            listed, or a finished bulk job's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FromPeopleReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
