from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_pause import AutoPause
    from ..models.invalid_address_rule_tagging import InvalidAddressRuleTagging
    from ..models.invalid_address_rule_untagged import InvalidAddressRuleUntagged
    from ..models.rule import Rule


T = TypeVar("T", bound="BounceRulesBody")


@_attrs_define
class BounceRulesBody:
    """A change of the rules (`PUT /v1/organization/bounce-rules`): the three rules, and the
    auto-pause thresholds (today's kept when absent).

        Attributes:
            complaint (Rule): One kind's rule.
            hard (Rule): One kind's rule.
            soft (Rule): One kind's rule.
            auto_pause (AutoPause | None | Unset):
            invalid_address (InvalidAddressRuleTagging | InvalidAddressRuleUntagged | None | Unset):
    """

    complaint: Rule
    hard: Rule
    soft: Rule
    auto_pause: AutoPause | None | Unset = UNSET
    invalid_address: InvalidAddressRuleTagging | InvalidAddressRuleUntagged | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.auto_pause import AutoPause  # noqa: PLC0415
        from ..models.invalid_address_rule_tagging import InvalidAddressRuleTagging  # noqa: PLC0415
        from ..models.invalid_address_rule_untagged import InvalidAddressRuleUntagged  # noqa: PLC0415

        complaint = self.complaint.to_dict()

        hard = self.hard.to_dict()

        soft = self.soft.to_dict()

        auto_pause: dict[str, Any] | None | Unset
        if isinstance(self.auto_pause, Unset):
            auto_pause = UNSET
        elif isinstance(self.auto_pause, AutoPause):
            auto_pause = self.auto_pause.to_dict()
        else:
            auto_pause = self.auto_pause

        invalid_address: dict[str, Any] | None | Unset
        if isinstance(self.invalid_address, Unset):
            invalid_address = UNSET
        elif isinstance(self.invalid_address, InvalidAddressRuleUntagged):
            invalid_address = self.invalid_address.to_dict()
        elif isinstance(self.invalid_address, InvalidAddressRuleTagging):
            invalid_address = self.invalid_address.to_dict()
        else:
            invalid_address = self.invalid_address

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "complaint": complaint,
                "hard": hard,
                "soft": soft,
            }
        )
        if auto_pause is not UNSET:
            field_dict["auto_pause"] = auto_pause
        if invalid_address is not UNSET:
            field_dict["invalid_address"] = invalid_address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_pause import AutoPause  # noqa: PLC0415
        from ..models.invalid_address_rule_tagging import InvalidAddressRuleTagging  # noqa: PLC0415
        from ..models.invalid_address_rule_untagged import InvalidAddressRuleUntagged  # noqa: PLC0415
        from ..models.rule import Rule  # noqa: PLC0415

        d = dict(src_dict)
        complaint = Rule.from_dict(d.pop("complaint"))

        hard = Rule.from_dict(d.pop("hard"))

        soft = Rule.from_dict(d.pop("soft"))

        def _parse_auto_pause(data: object) -> AutoPause | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auto_pause_type_1 = AutoPause.from_dict(data)

                return auto_pause_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutoPause | None | Unset, data)

        auto_pause = _parse_auto_pause(d.pop("auto_pause", UNSET))

        def _parse_invalid_address(
            data: object,
        ) -> InvalidAddressRuleTagging | InvalidAddressRuleUntagged | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_invalid_address_rule_invalid_address_rule_untagged = (
                    InvalidAddressRuleUntagged.from_dict(data)
                )

                return componentsschemas_invalid_address_rule_invalid_address_rule_untagged
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_invalid_address_rule_invalid_address_rule_tagging = (
                    InvalidAddressRuleTagging.from_dict(data)
                )

                return componentsschemas_invalid_address_rule_invalid_address_rule_tagging
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InvalidAddressRuleTagging | InvalidAddressRuleUntagged | None | Unset, data)

        invalid_address = _parse_invalid_address(d.pop("invalid_address", UNSET))

        bounce_rules_body = cls(
            complaint=complaint,
            hard=hard,
            soft=soft,
            auto_pause=auto_pause,
            invalid_address=invalid_address,
        )

        return bounce_rules_body
