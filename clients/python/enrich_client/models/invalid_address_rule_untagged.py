from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invalid_address_rule_untagged_action import InvalidAddressRuleUntaggedAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvalidAddressRuleUntagged")


@_attrs_define
class InvalidAddressRuleUntagged:
    """
    Attributes:
        action (InvalidAddressRuleUntaggedAction):
        tag (None | Unset):
    """

    action: InvalidAddressRuleUntaggedAction
    tag: None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

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
        action = InvalidAddressRuleUntaggedAction(d.pop("action"))

        tag = d.pop("tag", UNSET)

        invalid_address_rule_untagged = cls(
            action=action,
            tag=tag,
        )

        return invalid_address_rule_untagged
