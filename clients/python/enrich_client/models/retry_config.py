from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RetryConfig")


@_attrs_define
class RetryConfig:
    """How failed deliveries are retried. Without a `retry_delay`, the platform's schedule (after the
    first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each ±20 %) is used, cut to
    `max_retries`; with one, the n-th retry waits `retry_delay × backoff_multiplier^(n-1)` (at most
    a day).

        Attributes:
            backoff_multiplier (float | Unset): Growth of each later wait, 1 to 10 (default 2). Example: 2.0.
            max_retries (int | Unset): Retries after the first attempt, 0 to 10 (default 7). Example: 7.
            retry_delay (int | None | Unset): Seconds before the first retry, 1 to 3600; omit for the platform's schedule.
                Example: 60.
            timeout (int | Unset): Seconds one attempt may take, 1 to 30 (default 15). Example: 15.
    """

    backoff_multiplier: float | Unset = UNSET
    max_retries: int | Unset = UNSET
    retry_delay: int | None | Unset = UNSET
    timeout: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        backoff_multiplier = self.backoff_multiplier

        max_retries = self.max_retries

        retry_delay: int | None | Unset
        if isinstance(self.retry_delay, Unset):
            retry_delay = UNSET
        else:
            retry_delay = self.retry_delay

        timeout = self.timeout

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if backoff_multiplier is not UNSET:
            field_dict["backoff_multiplier"] = backoff_multiplier
        if max_retries is not UNSET:
            field_dict["max_retries"] = max_retries
        if retry_delay is not UNSET:
            field_dict["retry_delay"] = retry_delay
        if timeout is not UNSET:
            field_dict["timeout"] = timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backoff_multiplier = d.pop("backoff_multiplier", UNSET)

        max_retries = d.pop("max_retries", UNSET)

        def _parse_retry_delay(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retry_delay = _parse_retry_delay(d.pop("retry_delay", UNSET))

        timeout = d.pop("timeout", UNSET)

        retry_config = cls(
            backoff_multiplier=backoff_multiplier,
            max_retries=max_retries,
            retry_delay=retry_delay,
            timeout=timeout,
        )

        return retry_config
