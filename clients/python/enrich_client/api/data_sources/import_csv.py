from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_url_body import ImportUrlBody
from ...models.problem import Problem
from ...models.run_view import RunView
from ...types import UNSET, Response


def _get_kwargs(
    source_id: str,
    *,
    body: ImportUrlBody | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/data-sources/{source_id}/import".format(
            source_id=quote(str(source_id), safe=""),
        ),
    }

    if isinstance(body, ImportUrlBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, str):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RunView | None:
    if response.status_code == 202:
        response_202 = RunView.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RunView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: ImportUrlBody | str | Unset = UNSET,
) -> Response[Problem | RunView]:
    """Import a CSV into a `csv` source: the file as `text/csv` (up to 5 MB, UTF-8, a header line
    first; `,` `;` or tab separated), or `{"url": …}` for a larger one (up to 50 MB, fetched by
    the run). Columns are matched to the source's mapping (or named as the contact fields); a
    mapped column the file lacks is a 422 naming it. Rows are upserted by email in the
    background (202 with the run); each refused row is reported with its line. Importing the same
    file again updates the same contacts.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (ImportUrlBody): A CSV to import by URL (fetched by the run: up to 50 MB).
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: ImportUrlBody | str | Unset = UNSET,
) -> Problem | RunView | None:
    """Import a CSV into a `csv` source: the file as `text/csv` (up to 5 MB, UTF-8, a header line
    first; `,` `;` or tab separated), or `{"url": …}` for a larger one (up to 50 MB, fetched by
    the run). Columns are matched to the source's mapping (or named as the contact fields); a
    mapped column the file lacks is a 422 naming it. Rows are upserted by email in the
    background (202 with the run); each refused row is reported with its line. Importing the same
    file again updates the same contacts.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (ImportUrlBody): A CSV to import by URL (fetched by the run: up to 50 MB).
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunView
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: ImportUrlBody | str | Unset = UNSET,
) -> Response[Problem | RunView]:
    """Import a CSV into a `csv` source: the file as `text/csv` (up to 5 MB, UTF-8, a header line
    first; `,` `;` or tab separated), or `{"url": …}` for a larger one (up to 50 MB, fetched by
    the run). Columns are matched to the source's mapping (or named as the contact fields); a
    mapped column the file lacks is a 422 naming it. Rows are upserted by email in the
    background (202 with the run); each refused row is reported with its line. Importing the same
    file again updates the same contacts.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (ImportUrlBody): A CSV to import by URL (fetched by the run: up to 50 MB).
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunView]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient,
    body: ImportUrlBody | str | Unset = UNSET,
) -> Problem | RunView | None:
    """Import a CSV into a `csv` source: the file as `text/csv` (up to 5 MB, UTF-8, a header line
    first; `,` `;` or tab separated), or `{"url": …}` for a larger one (up to 50 MB, fetched by
    the run). Columns are matched to the source's mapping (or named as the contact fields); a
    mapped column the file lacks is a 422 naming it. Rows are upserted by email in the
    background (202 with the run); each refused row is reported with its line. Importing the same
    file again updates the same contacts.

    Args:
        source_id (str):  Example: src_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        body (ImportUrlBody): A CSV to import by URL (fetched by the run: up to 50 MB).
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunView
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            body=body,
        )
    ).parsed
