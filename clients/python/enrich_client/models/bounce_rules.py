from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_pause import AutoPause
    from ..models.invalid_address_rule_tagging import InvalidAddressRuleTagging
    from ..models.invalid_address_rule_untagged import InvalidAddressRuleUntagged
    from ..models.rule import Rule


T = TypeVar("T", bound="BounceRules")


@_attrs_define
class BounceRules:
    """The rules as stored and shown.

    Attributes:
        complaint (Rule): One kind's rule.
        hard (Rule): One kind's rule.
        soft (Rule): One kind's rule.
        auto_pause (AutoPause | Unset): When a running campaign pauses itself.
        invalid_address (InvalidAddressRuleTagging | InvalidAddressRuleUntagged | Unset): The organisation's rule for
            addresses a validation run finds invalid (the contact is marked
            `invalid` either way, which keeps it out of every audience).
        updated_at (None | str | Unset):
        version (int | Unset): Moves with each change (send it back as `If-Match`-like `version` to detect a concurrent
            change).
    """

    complaint: Rule
    hard: Rule
    soft: Rule
    auto_pause: AutoPause | Unset = UNSET
    invalid_address: InvalidAddressRuleTagging | InvalidAddressRuleUntagged | Unset = UNSET
    updated_at: None | str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.invalid_address_rule_untagged import InvalidAddressRuleUntagged  # noqa: PLC0415

        complaint = self.complaint.to_dict()

        hard = self.hard.to_dict()

        soft = self.soft.to_dict()

        auto_pause: dict[str, Any] | Unset = UNSET
        if not isinstance(self.auto_pause, Unset):
            auto_pause = self.auto_pause.to_dict()

        invalid_address: dict[str, Any] | Unset
        if isinstance(self.invalid_address, Unset):
            invalid_address = UNSET
        elif isinstance(self.invalid_address, InvalidAddressRuleUntagged):
            invalid_address = self.invalid_address.to_dict()
        else:
            invalid_address = self.invalid_address.to_dict()

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if version is not UNSET:
            field_dict["version"] = version

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

        _auto_pause = d.pop("auto_pause", UNSET)
        auto_pause: AutoPause | Unset
        if isinstance(_auto_pause, Unset):
            auto_pause = UNSET
        else:
            auto_pause = AutoPause.from_dict(_auto_pause)

        def _parse_invalid_address(data: object) -> InvalidAddressRuleTagging | InvalidAddressRuleUntagged | Unset:
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
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_invalid_address_rule_invalid_address_rule_tagging = InvalidAddressRuleTagging.from_dict(
                data
            )

            return componentsschemas_invalid_address_rule_invalid_address_rule_tagging

        invalid_address = _parse_invalid_address(d.pop("invalid_address", UNSET))

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        version = d.pop("version", UNSET)

        bounce_rules = cls(
            complaint=complaint,
            hard=hard,
            soft=soft,
            auto_pause=auto_pause,
            invalid_address=invalid_address,
            updated_at=updated_at,
            version=version,
        )

        bounce_rules.additional_properties = d
        return bounce_rules

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
