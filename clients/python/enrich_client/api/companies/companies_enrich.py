from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.company_enrich_body_by_domain import CompanyEnrichBodyByDomain
from ...models.company_enrich_body_by_name import CompanyEnrichBodyByName
from ...models.company_enrich_body_by_tax_id_country import CompanyEnrichBodyByTaxIdCountry
from ...models.company_enrich_response import CompanyEnrichResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: CompanyEnrichBodyByDomain | CompanyEnrichBodyByName | CompanyEnrichBodyByTaxIdCountry,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/companies/enrich",
    }

    if isinstance(body, CompanyEnrichBodyByDomain):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CompanyEnrichBodyByName):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CompanyEnrichResponse | Problem | None:
    if response.status_code == 200:
        response_200 = CompanyEnrichResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CompanyEnrichResponse.from_dict(response.json())

        return response_201

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
) -> Response[CompanyEnrichResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CompanyEnrichBodyByDomain | CompanyEnrichBodyByName | CompanyEnrichBodyByTaxIdCountry,
) -> Response[CompanyEnrichResponse | Problem]:
    """Enrich one company.

     With `tax_id` the registries for its country run first (BrasilAPI and Serpro for a CNPJ); with
    `domain` or `name`, the organisation's company providers follow. The id is validated offline
    before any call. 201 when a new company is stored, 200 when an existing one (matched by domain
    or tax id) is updated or nothing was found.

    Args:
        body (CompanyEnrichBodyByDomain | CompanyEnrichBodyByName |
            CompanyEnrichBodyByTaxIdCountry): Which company: a domain, a name, or a tax id with its
            country.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompanyEnrichResponse | Problem]
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
    body: CompanyEnrichBodyByDomain | CompanyEnrichBodyByName | CompanyEnrichBodyByTaxIdCountry,
) -> CompanyEnrichResponse | Problem | None:
    """Enrich one company.

     With `tax_id` the registries for its country run first (BrasilAPI and Serpro for a CNPJ); with
    `domain` or `name`, the organisation's company providers follow. The id is validated offline
    before any call. 201 when a new company is stored, 200 when an existing one (matched by domain
    or tax id) is updated or nothing was found.

    Args:
        body (CompanyEnrichBodyByDomain | CompanyEnrichBodyByName |
            CompanyEnrichBodyByTaxIdCountry): Which company: a domain, a name, or a tax id with its
            country.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompanyEnrichResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CompanyEnrichBodyByDomain | CompanyEnrichBodyByName | CompanyEnrichBodyByTaxIdCountry,
) -> Response[CompanyEnrichResponse | Problem]:
    """Enrich one company.

     With `tax_id` the registries for its country run first (BrasilAPI and Serpro for a CNPJ); with
    `domain` or `name`, the organisation's company providers follow. The id is validated offline
    before any call. 201 when a new company is stored, 200 when an existing one (matched by domain
    or tax id) is updated or nothing was found.

    Args:
        body (CompanyEnrichBodyByDomain | CompanyEnrichBodyByName |
            CompanyEnrichBodyByTaxIdCountry): Which company: a domain, a name, or a tax id with its
            country.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompanyEnrichResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CompanyEnrichBodyByDomain | CompanyEnrichBodyByName | CompanyEnrichBodyByTaxIdCountry,
) -> CompanyEnrichResponse | Problem | None:
    """Enrich one company.

     With `tax_id` the registries for its country run first (BrasilAPI and Serpro for a CNPJ); with
    `domain` or `name`, the organisation's company providers follow. The id is validated offline
    before any call. 201 when a new company is stored, 200 when an existing one (matched by domain
    or tax id) is updated or nothing was found.

    Args:
        body (CompanyEnrichBodyByDomain | CompanyEnrichBodyByName |
            CompanyEnrichBodyByTaxIdCountry): Which company: a domain, a name, or a tax id with its
            country.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompanyEnrichResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
