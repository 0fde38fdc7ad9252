from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cache_mode import CacheMode
from ...models.job_view import JobView
from ...models.on_invalid import OnInvalid
from ...models.problem import Problem
from ...models.strategy import Strategy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: str,
    sources: str | Unset = UNSET,
    min_confidence: float | Unset = UNSET,
    fields: str | Unset = UNSET,
    cache: CacheMode | Unset = UNSET,
    strategy: Strategy | Unset = UNSET,
    watch: bool | Unset = UNSET,
    callback_url: str | Unset = UNSET,
    name: str | Unset = UNSET,
    on_invalid: OnInvalid | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["sources"] = sources

    params["min_confidence"] = min_confidence

    params["fields"] = fields

    json_cache: str | Unset = UNSET
    if not isinstance(cache, Unset):
        json_cache = cache.value

    params["cache"] = json_cache

    json_strategy: str | Unset = UNSET
    if not isinstance(strategy, Unset):
        json_strategy = strategy.value

    params["strategy"] = json_strategy

    params["watch"] = watch

    params["callback_url"] = callback_url

    params["name"] = name

    json_on_invalid: str | Unset = UNSET
    if not isinstance(on_invalid, Unset):
        json_on_invalid = on_invalid.value

    params["on_invalid"] = json_on_invalid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/companies/enrich/bulk/csv",
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

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
    body: str,
    sources: str | Unset = UNSET,
    min_confidence: float | Unset = UNSET,
    fields: str | Unset = UNSET,
    cache: CacheMode | Unset = UNSET,
    strategy: Strategy | Unset = UNSET,
    watch: bool | Unset = UNSET,
    callback_url: str | Unset = UNSET,
    name: str | Unset = UNSET,
    on_invalid: OnInvalid | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[JobView | Problem]:
    """Enrich up to 10,000 companies from a CSV file, in the background.

     As the people CSV route, with the columns of `POST /v1/companies/enrich` (`domain`, `name`,
    `tax_id`, `country`); `include_company` and `verify_email` are people options (a 422 naming
    the parameter here).

    Args:
        sources (str | Unset):
        min_confidence (float | Unset):
        fields (str | Unset):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        strategy (Strategy | Unset): How the waterfall orders its providers.
        watch (bool | Unset):
        callback_url (str | Unset):
        name (str | Unset):
        on_invalid (OnInvalid | Unset): What to do with records that fail the checks.
        idempotency_key (str | Unset):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        sources=sources,
        min_confidence=min_confidence,
        fields=fields,
        cache=cache,
        strategy=strategy,
        watch=watch,
        callback_url=callback_url,
        name=name,
        on_invalid=on_invalid,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: str,
    sources: str | Unset = UNSET,
    min_confidence: float | Unset = UNSET,
    fields: str | Unset = UNSET,
    cache: CacheMode | Unset = UNSET,
    strategy: Strategy | Unset = UNSET,
    watch: bool | Unset = UNSET,
    callback_url: str | Unset = UNSET,
    name: str | Unset = UNSET,
    on_invalid: OnInvalid | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> JobView | Problem | None:
    """Enrich up to 10,000 companies from a CSV file, in the background.

     As the people CSV route, with the columns of `POST /v1/companies/enrich` (`domain`, `name`,
    `tax_id`, `country`); `include_company` and `verify_email` are people options (a 422 naming
    the parameter here).

    Args:
        sources (str | Unset):
        min_confidence (float | Unset):
        fields (str | Unset):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        strategy (Strategy | Unset): How the waterfall orders its providers.
        watch (bool | Unset):
        callback_url (str | Unset):
        name (str | Unset):
        on_invalid (OnInvalid | Unset): What to do with records that fail the checks.
        idempotency_key (str | Unset):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        sources=sources,
        min_confidence=min_confidence,
        fields=fields,
        cache=cache,
        strategy=strategy,
        watch=watch,
        callback_url=callback_url,
        name=name,
        on_invalid=on_invalid,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: str,
    sources: str | Unset = UNSET,
    min_confidence: float | Unset = UNSET,
    fields: str | Unset = UNSET,
    cache: CacheMode | Unset = UNSET,
    strategy: Strategy | Unset = UNSET,
    watch: bool | Unset = UNSET,
    callback_url: str | Unset = UNSET,
    name: str | Unset = UNSET,
    on_invalid: OnInvalid | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[JobView | Problem]:
    """Enrich up to 10,000 companies from a CSV file, in the background.

     As the people CSV route, with the columns of `POST /v1/companies/enrich` (`domain`, `name`,
    `tax_id`, `country`); `include_company` and `verify_email` are people options (a 422 naming
    the parameter here).

    Args:
        sources (str | Unset):
        min_confidence (float | Unset):
        fields (str | Unset):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        strategy (Strategy | Unset): How the waterfall orders its providers.
        watch (bool | Unset):
        callback_url (str | Unset):
        name (str | Unset):
        on_invalid (OnInvalid | Unset): What to do with records that fail the checks.
        idempotency_key (str | Unset):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        sources=sources,
        min_confidence=min_confidence,
        fields=fields,
        cache=cache,
        strategy=strategy,
        watch=watch,
        callback_url=callback_url,
        name=name,
        on_invalid=on_invalid,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: str,
    sources: str | Unset = UNSET,
    min_confidence: float | Unset = UNSET,
    fields: str | Unset = UNSET,
    cache: CacheMode | Unset = UNSET,
    strategy: Strategy | Unset = UNSET,
    watch: bool | Unset = UNSET,
    callback_url: str | Unset = UNSET,
    name: str | Unset = UNSET,
    on_invalid: OnInvalid | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> JobView | Problem | None:
    """Enrich up to 10,000 companies from a CSV file, in the background.

     As the people CSV route, with the columns of `POST /v1/companies/enrich` (`domain`, `name`,
    `tax_id`, `country`); `include_company` and `verify_email` are people options (a 422 naming
    the parameter here).

    Args:
        sources (str | Unset):
        min_confidence (float | Unset):
        fields (str | Unset):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        strategy (Strategy | Unset): How the waterfall orders its providers.
        watch (bool | Unset):
        callback_url (str | Unset):
        name (str | Unset):
        on_invalid (OnInvalid | Unset): What to do with records that fail the checks.
        idempotency_key (str | Unset):
        body (str):

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
            sources=sources,
            min_confidence=min_confidence,
            fields=fields,
            cache=cache,
            strategy=strategy,
            watch=watch,
            callback_url=callback_url,
            name=name,
            on_invalid=on_invalid,
            idempotency_key=idempotency_key,
        )
    ).parsed
