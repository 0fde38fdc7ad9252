from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.status_body_status import StatusBodyStatus

T = TypeVar("T", bound="StatusBody")


@_attrs_define
class StatusBody:
    """
    Attributes:
        status (StatusBodyStatus): `active` or `suspended`. Example: suspended.
    """

    status: StatusBodyStatus

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = StatusBodyStatus(d.pop("status"))

        status_body = cls(
            status=status,
        )

        return status_body
