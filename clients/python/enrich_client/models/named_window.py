from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NamedWindow")


@_attrs_define
class NamedWindow:
    """
    Attributes:
        limit (int): Request units allowed in the window.
        remaining (int):
        reset_at (datetime.datetime): When the window starts again.
        used (int): Request units spent in it (this request included).
        window (str): `minute`, `hour` or `day`.
    """

    limit: int
    remaining: int
    reset_at: datetime.datetime
    used: int
    window: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limit = self.limit

        remaining = self.remaining

        reset_at = self.reset_at.isoformat()

        used = self.used

        window = self.window

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limit": limit,
                "remaining": remaining,
                "reset_at": reset_at,
                "used": used,
                "window": window,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        limit = d.pop("limit")

        remaining = d.pop("remaining")

        reset_at = datetime.datetime.fromisoformat(d.pop("reset_at"))

        used = d.pop("used")

        window = d.pop("window")

        named_window = cls(
            limit=limit,
            remaining=remaining,
            reset_at=reset_at,
            used=used,
            window=window,
        )

        named_window.additional_properties = d
        return named_window

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
