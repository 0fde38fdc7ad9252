from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.day_counts import DayCounts
    from ..models.day_stats import DayStats


T = TypeVar("T", bound="EventStats")


@_attrs_define
class EventStats:
    """The organisation's delivery events over the last `days` days (today included): the daily
    series, the totals and the rates that mailbox providers judge.

        Attributes:
            bounce_rate (float): Bounces per message that reached a mailbox or bounced (`bounced / (delivered + bounced)`),
                in percent, two decimals.
            complaint_rate (float): Complaints per delivered message, in percent.
            days (int):
            hard_bounce_rate (float): Hard bounces on the same base, in percent.
            series (list[DayStats]):
            totals (DayCounts): One shard of the organisation's event counts of a day.
            unsubscribe_rate (float): Unsubscribes per delivered message, in percent.
    """

    bounce_rate: float
    complaint_rate: float
    days: int
    hard_bounce_rate: float
    series: list[DayStats]
    totals: DayCounts
    unsubscribe_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bounce_rate = self.bounce_rate

        complaint_rate = self.complaint_rate

        days = self.days

        hard_bounce_rate = self.hard_bounce_rate

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        totals = self.totals.to_dict()

        unsubscribe_rate = self.unsubscribe_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bounce_rate": bounce_rate,
                "complaint_rate": complaint_rate,
                "days": days,
                "hard_bounce_rate": hard_bounce_rate,
                "series": series,
                "totals": totals,
                "unsubscribe_rate": unsubscribe_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.day_counts import DayCounts  # noqa: PLC0415
        from ..models.day_stats import DayStats  # noqa: PLC0415

        d = dict(src_dict)
        bounce_rate = d.pop("bounce_rate")

        complaint_rate = d.pop("complaint_rate")

        days = d.pop("days")

        hard_bounce_rate = d.pop("hard_bounce_rate")

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = DayStats.from_dict(series_item_data)

            series.append(series_item)

        totals = DayCounts.from_dict(d.pop("totals"))

        unsubscribe_rate = d.pop("unsubscribe_rate")

        event_stats = cls(
            bounce_rate=bounce_rate,
            complaint_rate=complaint_rate,
            days=days,
            hard_bounce_rate=hard_bounce_rate,
            series=series,
            totals=totals,
            unsubscribe_rate=unsubscribe_rate,
        )

        event_stats.additional_properties = d
        return event_stats

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
