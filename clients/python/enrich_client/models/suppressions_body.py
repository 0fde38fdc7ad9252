from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reason import Reason
from ..types import UNSET, Unset

T = TypeVar("T", bound="SuppressionsBody")


@_attrs_define
class SuppressionsBody:
    """Addresses to suppress.

    Attributes:
        emails (list[str]):
        reason (None | Reason | Unset):
    """

    emails: list[str]
    reason: None | Reason | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        emails = self.emails

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, Reason):
            reason = self.reason.value
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "emails": emails,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        emails = cast(list[str], d.pop("emails"))

        def _parse_reason(data: object) -> None | Reason | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = Reason(data)

                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Reason | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        suppressions_body = cls(
            emails=emails,
            reason=reason,
        )

        return suppressions_body
