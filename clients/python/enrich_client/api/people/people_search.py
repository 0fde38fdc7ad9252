from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.people_search_body import PeopleSearchBody
from ...models.person_list import PersonList
from ...models.problem import Problem
from ...models.prospect_page import ProspectPage
from ...models.provider_search_response import ProviderSearchResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PeopleSearchBody,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/people/search",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PersonList | ProspectPage | ProviderSearchResponse | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> PersonList | ProspectPage | ProviderSearchResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_people_search_answer_type_0 = PersonList.from_dict(data)

                return componentsschemas_people_search_answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_people_search_answer_type_1 = ProspectPage.from_dict(data)

                return componentsschemas_people_search_answer_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_people_search_answer_type_2 = ProviderSearchResponse.from_dict(data)

            return componentsschemas_people_search_answer_type_2

        response_200 = _parse_response_200(response.json())

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
) -> Response[PersonList | ProspectPage | ProviderSearchResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PeopleSearchBody,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PersonList | ProspectPage | ProviderSearchResponse | Problem]:
    """Search people.

     Stored people match exactly on `email` or `linkedin_url` (normalised), or by company
    (`company_id`, or `company_domain` through the stored company). With `criteria` (titles,
    seniorities, locations, industries, employee and revenue ranges, technologies) it finds new
    people at the organisation's search providers (Apollo, People Data Labs, RocketReach; the
    sandbox locally) in its waterfall order: a page of prospects in one shape, the next page
    through `cursor`, cached 30 minutes. With `provider: rocketreach` the `query` goes to
    RocketReach's people search as it is. Provider searches need `people.write` (they spend
    credits).

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        body (PeopleSearchBody): Search stored people by indexed fields, or pass a query through
            to a provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonList | ProspectPage | ProviderSearchResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
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
    body: PeopleSearchBody,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PersonList | ProspectPage | ProviderSearchResponse | Problem | None:
    """Search people.

     Stored people match exactly on `email` or `linkedin_url` (normalised), or by company
    (`company_id`, or `company_domain` through the stored company). With `criteria` (titles,
    seniorities, locations, industries, employee and revenue ranges, technologies) it finds new
    people at the organisation's search providers (Apollo, People Data Labs, RocketReach; the
    sandbox locally) in its waterfall order: a page of prospects in one shape, the next page
    through `cursor`, cached 30 minutes. With `provider: rocketreach` the `query` goes to
    RocketReach's people search as it is. Provider searches need `people.write` (they spend
    credits).

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        body (PeopleSearchBody): Search stored people by indexed fields, or pass a query through
            to a provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonList | ProspectPage | ProviderSearchResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PeopleSearchBody,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PersonList | ProspectPage | ProviderSearchResponse | Problem]:
    """Search people.

     Stored people match exactly on `email` or `linkedin_url` (normalised), or by company
    (`company_id`, or `company_domain` through the stored company). With `criteria` (titles,
    seniorities, locations, industries, employee and revenue ranges, technologies) it finds new
    people at the organisation's search providers (Apollo, People Data Labs, RocketReach; the
    sandbox locally) in its waterfall order: a page of prospects in one shape, the next page
    through `cursor`, cached 30 minutes. With `provider: rocketreach` the `query` goes to
    RocketReach's people search as it is. Provider searches need `people.write` (they spend
    credits).

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        body (PeopleSearchBody): Search stored people by indexed fields, or pass a query through
            to a provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonList | ProspectPage | ProviderSearchResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PeopleSearchBody,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PersonList | ProspectPage | ProviderSearchResponse | Problem | None:
    """Search people.

     Stored people match exactly on `email` or `linkedin_url` (normalised), or by company
    (`company_id`, or `company_domain` through the stored company). With `criteria` (titles,
    seniorities, locations, industries, employee and revenue ranges, technologies) it finds new
    people at the organisation's search providers (Apollo, People Data Labs, RocketReach; the
    sandbox locally) in its waterfall order: a page of prospects in one shape, the next page
    through `cursor`, cached 30 minutes. With `provider: rocketreach` the `query` goes to
    RocketReach's people search as it is. Provider searches need `people.write` (they spend
    credits).

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        body (PeopleSearchBody): Search stored people by indexed fields, or pass a query through
            to a provider.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonList | ProspectPage | ProviderSearchResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
