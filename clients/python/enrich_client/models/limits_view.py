from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tier import Tier

if TYPE_CHECKING:
    from ..models.named_window import NamedWindow
    from ..models.per_user_limits import PerUserLimits
    from ..models.weights_view import WeightsView


T = TypeVar("T", bound="LimitsView")


@_attrs_define
class LimitsView:
    """The organisation's limits tier and what it allows each of its users.

    Attributes:
        per_user (PerUserLimits):
        tier (Tier):
        weights (WeightsView): What each request weighs against a user's limits, by the class of its route.
        yours (list[NamedWindow]): The caller's own windows: minute, hour and UTC day.
    """

    per_user: PerUserLimits
    tier: Tier
    weights: WeightsView
    yours: list[NamedWindow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        per_user = self.per_user.to_dict()

        tier = self.tier.value

        weights = self.weights.to_dict()

        yours = []
        for yours_item_data in self.yours:
            yours_item = yours_item_data.to_dict()
            yours.append(yours_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "per_user": per_user,
                "tier": tier,
                "weights": weights,
                "yours": yours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.named_window import NamedWindow  # noqa: PLC0415
        from ..models.per_user_limits import PerUserLimits  # noqa: PLC0415
        from ..models.weights_view import WeightsView  # noqa: PLC0415

        d = dict(src_dict)
        per_user = PerUserLimits.from_dict(d.pop("per_user"))

        tier = Tier(d.pop("tier"))

        weights = WeightsView.from_dict(d.pop("weights"))

        yours = []
        _yours = d.pop("yours")
        for yours_item_data in _yours:
            yours_item = NamedWindow.from_dict(yours_item_data)

            yours.append(yours_item)

        limits_view = cls(
            per_user=per_user,
            tier=tier,
            weights=weights,
            yours=yours,
        )

        limits_view.additional_properties = d
        return limits_view

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
