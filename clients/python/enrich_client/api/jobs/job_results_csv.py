from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    job_id: str,
    *,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/jobs/{job_id}/results.csv".format(
            job_id=quote(str(job_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.content)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Response[Problem | str]:
    """The job as CSV: one row per input record in input order, the input, the outcome, and every
    field with its source. A page stops after 5 MB (API Gateway answers at most 10 MB); a
    `Link: <…?cursor=…>; rel="next"` header then points at the rest. Each page repeats the
    header row. Cells a spreadsheet would evaluate are prefixed with `'`.

    Args:
        job_id (str):  Example: job_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Problem | str | None:
    """The job as CSV: one row per input record in input order, the input, the outcome, and every
    field with its source. A page stops after 5 MB (API Gateway answers at most 10 MB); a
    `Link: <…?cursor=…>; rel="next"` header then points at the rest. Each page repeats the
    header row. Cells a spreadsheet would evaluate are prefixed with `'`.

    Args:
        job_id (str):  Example: job_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Response[Problem | str]:
    """The job as CSV: one row per input record in input order, the input, the outcome, and every
    field with its source. A page stops after 5 MB (API Gateway answers at most 10 MB); a
    `Link: <…?cursor=…>; rel="next"` header then points at the rest. Each page repeats the
    header row. Cells a spreadsheet would evaluate are prefixed with `'`.

    Args:
        job_id (str):  Example: job_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Problem | str | None:
    """The job as CSV: one row per input record in input order, the input, the outcome, and every
    field with its source. A page stops after 5 MB (API Gateway answers at most 10 MB); a
    `Link: <…?cursor=…>; rel="next"` header then points at the rest. Each page repeats the
    header row. Cells a spreadsheet would evaluate are prefixed with `'`.

    Args:
        job_id (str):  Example: job_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            cursor=cursor,
        )
    ).parsed
