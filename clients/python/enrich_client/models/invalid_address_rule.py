from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.invalid_address_action import InvalidAddressAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvalidAddressRule")


@_attrs_define
class InvalidAddressRule:
    """The organisation's rule for addresses a validation run finds invalid (the contact is marked
    `invalid` either way, which keeps it out of every audience).

        Attributes:
            action (InvalidAddressAction): What a run does with an address found invalid (besides marking the contact
                `invalid`, which
                already keeps it out of every audience).
            tag (None | str | Unset): The tag given, with `action: tag`.
    """

    action: InvalidAddressAction
    tag: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        tag: None | str | Unset
        if isinstance(self.tag, Unset):
            tag = UNSET
        else:
            tag = self.tag

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if tag is not UNSET:
            field_dict["tag"] = tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = InvalidAddressAction(d.pop("action"))

        def _parse_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tag = _parse_tag(d.pop("tag", UNSET))

        invalid_address_rule = cls(
            action=action,
            tag=tag,
        )

        return invalid_address_rule
