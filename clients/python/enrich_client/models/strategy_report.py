from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.strategy import Strategy

if TYPE_CHECKING:
    from ..models.strategy_report_filled_by import StrategyReportFilledBy


T = TypeVar("T", bound="StrategyReport")


@_attrs_define
class StrategyReport:
    """What the strategy did for one answer.

    Attributes:
        asked (list[str]): Providers asked, in the order asked.
        credits_saved (float): `expected_fixed_credits − credits_spent` (negative when this answer cost more).
        credits_spent (float): Credits the providers of the waterfall charged (verification and a linked company apart).
        expected_fixed_credits (float): What the organisation's fixed order is expected to spend for the same fields.
        filled_by (StrategyReportFilledBy): Field → the provider that filled it in this answer.
        strategy (Strategy): How the waterfall orders its providers.
    """

    asked: list[str]
    credits_saved: float
    credits_spent: float
    expected_fixed_credits: float
    filled_by: StrategyReportFilledBy
    strategy: Strategy
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asked = self.asked

        credits_saved = self.credits_saved

        credits_spent = self.credits_spent

        expected_fixed_credits = self.expected_fixed_credits

        filled_by = self.filled_by.to_dict()

        strategy = self.strategy.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asked": asked,
                "credits_saved": credits_saved,
                "credits_spent": credits_spent,
                "expected_fixed_credits": expected_fixed_credits,
                "filled_by": filled_by,
                "strategy": strategy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.strategy_report_filled_by import StrategyReportFilledBy  # noqa: PLC0415

        d = dict(src_dict)
        asked = cast(list[str], d.pop("asked"))

        credits_saved = d.pop("credits_saved")

        credits_spent = d.pop("credits_spent")

        expected_fixed_credits = d.pop("expected_fixed_credits")

        filled_by = StrategyReportFilledBy.from_dict(d.pop("filled_by"))

        strategy = Strategy(d.pop("strategy"))

        strategy_report = cls(
            asked=asked,
            credits_saved=credits_saved,
            credits_spent=credits_spent,
            expected_fixed_credits=expected_fixed_credits,
            filled_by=filled_by,
            strategy=strategy,
        )

        strategy_report.additional_properties = d
        return strategy_report

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
