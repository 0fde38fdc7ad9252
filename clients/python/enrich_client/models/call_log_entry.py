from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallLogEntry")


@_attrs_define
class CallLogEntry:
    """One line of the provider call log.

    Attributes:
        at (str):
        attempts (int):
        credits_ (float):
        endpoint (str):
        id (str):
        latency_ms (int):
        outcome (str):
        provider (str):
        request_id (str):
        http_status (int | None | Unset):
        user_id (None | str | Unset):
    """

    at: str
    attempts: int
    credits_: float
    endpoint: str
    id: str
    latency_ms: int
    outcome: str
    provider: str
    request_id: str
    http_status: int | None | Unset = UNSET
    user_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at

        attempts = self.attempts

        credits_ = self.credits_

        endpoint = self.endpoint

        id = self.id

        latency_ms = self.latency_ms

        outcome = self.outcome

        provider = self.provider

        request_id = self.request_id

        http_status: int | None | Unset
        if isinstance(self.http_status, Unset):
            http_status = UNSET
        else:
            http_status = self.http_status

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "attempts": attempts,
                "credits": credits_,
                "endpoint": endpoint,
                "id": id,
                "latency_ms": latency_ms,
                "outcome": outcome,
                "provider": provider,
                "request_id": request_id,
            }
        )
        if http_status is not UNSET:
            field_dict["http_status"] = http_status
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = d.pop("at")

        attempts = d.pop("attempts")

        credits_ = d.pop("credits")

        endpoint = d.pop("endpoint")

        id = d.pop("id")

        latency_ms = d.pop("latency_ms")

        outcome = d.pop("outcome")

        provider = d.pop("provider")

        request_id = d.pop("request_id")

        def _parse_http_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        http_status = _parse_http_status(d.pop("http_status", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        call_log_entry = cls(
            at=at,
            attempts=attempts,
            credits_=credits_,
            endpoint=endpoint,
            id=id,
            latency_ms=latency_ms,
            outcome=outcome,
            provider=provider,
            request_id=request_id,
            http_status=http_status,
            user_id=user_id,
        )

        call_log_entry.additional_properties = d
        return call_log_entry

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
