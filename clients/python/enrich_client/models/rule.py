from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.rule_action import RuleAction

T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """One kind's rule.

    Attributes:
        action (RuleAction): What happens to a contact whose bounces or complaints reach the threshold.
        threshold (int): Events of this kind for one contact (all campaigns) that trigger the action, 1 to 100. Example:
            2.
    """

    action: RuleAction
    threshold: int

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        threshold = self.threshold

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "threshold": threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = RuleAction(d.pop("action"))

        threshold = d.pop("threshold")

        rule = cls(
            action=action,
            threshold=threshold,
        )

        return rule
