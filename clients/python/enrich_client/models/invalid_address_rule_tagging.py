from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invalid_address_rule_tagging_action import InvalidAddressRuleTaggingAction

T = TypeVar("T", bound="InvalidAddressRuleTagging")


@_attrs_define
class InvalidAddressRuleTagging:
    """
    Attributes:
        action (InvalidAddressRuleTaggingAction):
        tag (str): An existing tag's slug.
    """

    action: InvalidAddressRuleTaggingAction
    tag: str

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        tag = self.tag

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "tag": tag,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = InvalidAddressRuleTaggingAction(d.pop("action"))

        tag = d.pop("tag")

        invalid_address_rule_tagging = cls(
            action=action,
            tag=tag,
        )

        return invalid_address_rule_tagging
