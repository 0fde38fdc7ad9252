from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.strategy import Strategy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy_change_max_age_days_type_0 import PolicyChangeMaxAgeDaysType0


T = TypeVar("T", bound="PolicyChange")


@_attrs_define
class PolicyChange:
    """A change to the enrichment policy: only the named settings change.

    Attributes:
        max_age_days (None | PolicyChangeMaxAgeDaysType0 | Unset): Field → days (0–3650; 0: stale as soon as it is
            stored, so every scheduled run refreshes a
            watched record's value, at most once a day); `null` puts a field back to its default.
        refresh_budget_credits (float | None | Unset):
        strategy (None | Strategy | Unset):
        version (int | None | Unset): The version read; a change made since then makes this a 409.
    """

    max_age_days: None | PolicyChangeMaxAgeDaysType0 | Unset = UNSET
    refresh_budget_credits: float | None | Unset = UNSET
    strategy: None | Strategy | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.policy_change_max_age_days_type_0 import PolicyChangeMaxAgeDaysType0  # noqa: PLC0415

        max_age_days: dict[str, Any] | None | Unset
        if isinstance(self.max_age_days, Unset):
            max_age_days = UNSET
        elif isinstance(self.max_age_days, PolicyChangeMaxAgeDaysType0):
            max_age_days = self.max_age_days.to_dict()
        else:
            max_age_days = self.max_age_days

        refresh_budget_credits: float | None | Unset
        if isinstance(self.refresh_budget_credits, Unset):
            refresh_budget_credits = UNSET
        else:
            refresh_budget_credits = self.refresh_budget_credits

        strategy: None | str | Unset
        if isinstance(self.strategy, Unset):
            strategy = UNSET
        elif isinstance(self.strategy, Strategy):
            strategy = self.strategy.value
        else:
            strategy = self.strategy

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_age_days is not UNSET:
            field_dict["max_age_days"] = max_age_days
        if refresh_budget_credits is not UNSET:
            field_dict["refresh_budget_credits"] = refresh_budget_credits
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_change_max_age_days_type_0 import PolicyChangeMaxAgeDaysType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_max_age_days(data: object) -> None | PolicyChangeMaxAgeDaysType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                max_age_days_type_0 = PolicyChangeMaxAgeDaysType0.from_dict(data)

                return max_age_days_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PolicyChangeMaxAgeDaysType0 | Unset, data)

        max_age_days = _parse_max_age_days(d.pop("max_age_days", UNSET))

        def _parse_refresh_budget_credits(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        refresh_budget_credits = _parse_refresh_budget_credits(d.pop("refresh_budget_credits", UNSET))

        def _parse_strategy(data: object) -> None | Strategy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                strategy_type_1 = Strategy(data)

                return strategy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Strategy | Unset, data)

        strategy = _parse_strategy(d.pop("strategy", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        policy_change = cls(
            max_age_days=max_age_days,
            refresh_budget_credits=refresh_budget_credits,
            strategy=strategy,
            version=version,
        )

        return policy_change
