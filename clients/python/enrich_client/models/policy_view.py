from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.strategy import Strategy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy_view_max_age_days import PolicyViewMaxAgeDays


T = TypeVar("T", bound="PolicyView")


@_attrs_define
class PolicyView:
    """The organisation's enrichment policy as the API shows it.

    Attributes:
        max_age_days (PolicyViewMaxAgeDays): Field → days after which a value is stale (the organisation's and the
            defaults; any field
            not listed: 365).
        refresh_budget_credits (float): Credits scheduled re-enrichment may spend per UTC day (0: none).
        strategy (Strategy): How the waterfall orders its providers.
        version (int): Send it back with a change; 0 while the defaults apply.
        estimates_computed_at (None | str | Unset): When the provider performance the strategies choose by was last
            measured (`null`: never).
        updated_at (None | str | Unset):
    """

    max_age_days: PolicyViewMaxAgeDays
    refresh_budget_credits: float
    strategy: Strategy
    version: int
    estimates_computed_at: None | str | Unset = UNSET
    updated_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_age_days = self.max_age_days.to_dict()

        refresh_budget_credits = self.refresh_budget_credits

        strategy = self.strategy.value

        version = self.version

        estimates_computed_at: None | str | Unset
        if isinstance(self.estimates_computed_at, Unset):
            estimates_computed_at = UNSET
        else:
            estimates_computed_at = self.estimates_computed_at

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "max_age_days": max_age_days,
                "refresh_budget_credits": refresh_budget_credits,
                "strategy": strategy,
                "version": version,
            }
        )
        if estimates_computed_at is not UNSET:
            field_dict["estimates_computed_at"] = estimates_computed_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_view_max_age_days import PolicyViewMaxAgeDays  # noqa: PLC0415

        d = dict(src_dict)
        max_age_days = PolicyViewMaxAgeDays.from_dict(d.pop("max_age_days"))

        refresh_budget_credits = d.pop("refresh_budget_credits")

        strategy = Strategy(d.pop("strategy"))

        version = d.pop("version")

        def _parse_estimates_computed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        estimates_computed_at = _parse_estimates_computed_at(d.pop("estimates_computed_at", UNSET))

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        policy_view = cls(
            max_age_days=max_age_days,
            refresh_budget_credits=refresh_budget_credits,
            strategy=strategy,
            version=version,
            estimates_computed_at=estimates_computed_at,
            updated_at=updated_at,
        )

        policy_view.additional_properties = d
        return policy_view

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
