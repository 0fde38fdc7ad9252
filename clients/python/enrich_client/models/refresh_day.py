from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefreshDay")


@_attrs_define
class RefreshDay:
    """An organisation's refresh spending on one UTC day.

    Attributes:
        day (str): `YYYY-MM-DD` (UTC).
        budget_credits (float | Unset): The budget in force when the day's last refresh started.
        records_refused (int | Unset): Due records the spent budget kept from refreshing, summed over the day's runs (a
            record
            refused by three hourly runs counts three times).
        records_started (int | Unset): Records sent to refresh.
        reserved_credits (float | Unset): Credits set aside for the day's refreshes (each record's expected cost, when
            it started).
    """

    day: str
    budget_credits: float | Unset = UNSET
    records_refused: int | Unset = UNSET
    records_started: int | Unset = UNSET
    reserved_credits: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day

        budget_credits = self.budget_credits

        records_refused = self.records_refused

        records_started = self.records_started

        reserved_credits = self.reserved_credits

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
            }
        )
        if budget_credits is not UNSET:
            field_dict["budget_credits"] = budget_credits
        if records_refused is not UNSET:
            field_dict["records_refused"] = records_refused
        if records_started is not UNSET:
            field_dict["records_started"] = records_started
        if reserved_credits is not UNSET:
            field_dict["reserved_credits"] = reserved_credits

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = d.pop("day")

        budget_credits = d.pop("budget_credits", UNSET)

        records_refused = d.pop("records_refused", UNSET)

        records_started = d.pop("records_started", UNSET)

        reserved_credits = d.pop("reserved_credits", UNSET)

        refresh_day = cls(
            day=day,
            budget_credits=budget_credits,
            records_refused=records_refused,
            records_started=records_started,
            reserved_credits=reserved_credits,
        )

        refresh_day.additional_properties = d
        return refresh_day

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
