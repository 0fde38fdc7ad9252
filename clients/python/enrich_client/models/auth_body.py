from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AuthBody")


@_attrs_define
class AuthBody:
    """A source's auth header: its value is kept in Secrets Manager and never shown again.

    Attributes:
        header (str): The header's name, e.g. `Authorization` or `X-Api-Key`. Example: Authorization.
        value (str):  Example: Bearer 6f1c….
    """

    header: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        header = self.header

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "header": header,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        header = d.pop("header")

        value = d.pop("value")

        auth_body = cls(
            header=header,
            value=value,
        )

        return auth_body
