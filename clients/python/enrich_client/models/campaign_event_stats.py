from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CampaignEventStats")


@_attrs_define
class CampaignEventStats:
    """A campaign's delivery-event counts (each event counted once, however often its sender posts
    it) and rates per send.

        Attributes:
            bounce_rate (float):
            bounced (int):
            click_rate (float):
            clicks (int):
            complained (int):
            complaint_rate (float):
            delivered (int):
            delivery_rate (float): Percent of sends (0 before any send), two decimals.
            hard_bounced (int):
            open_rate (float):
            opens (int): Every open; `unique_opens` counts recipients who opened.
            soft_bounced (int):
            unique_clicks (int):
            unique_opens (int):
            unsubscribe_rate (float):
            unsubscribed (int):
    """

    bounce_rate: float
    bounced: int
    click_rate: float
    clicks: int
    complained: int
    complaint_rate: float
    delivered: int
    delivery_rate: float
    hard_bounced: int
    open_rate: float
    opens: int
    soft_bounced: int
    unique_clicks: int
    unique_opens: int
    unsubscribe_rate: float
    unsubscribed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bounce_rate = self.bounce_rate

        bounced = self.bounced

        click_rate = self.click_rate

        clicks = self.clicks

        complained = self.complained

        complaint_rate = self.complaint_rate

        delivered = self.delivered

        delivery_rate = self.delivery_rate

        hard_bounced = self.hard_bounced

        open_rate = self.open_rate

        opens = self.opens

        soft_bounced = self.soft_bounced

        unique_clicks = self.unique_clicks

        unique_opens = self.unique_opens

        unsubscribe_rate = self.unsubscribe_rate

        unsubscribed = self.unsubscribed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bounce_rate": bounce_rate,
                "bounced": bounced,
                "click_rate": click_rate,
                "clicks": clicks,
                "complained": complained,
                "complaint_rate": complaint_rate,
                "delivered": delivered,
                "delivery_rate": delivery_rate,
                "hard_bounced": hard_bounced,
                "open_rate": open_rate,
                "opens": opens,
                "soft_bounced": soft_bounced,
                "unique_clicks": unique_clicks,
                "unique_opens": unique_opens,
                "unsubscribe_rate": unsubscribe_rate,
                "unsubscribed": unsubscribed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bounce_rate = d.pop("bounce_rate")

        bounced = d.pop("bounced")

        click_rate = d.pop("click_rate")

        clicks = d.pop("clicks")

        complained = d.pop("complained")

        complaint_rate = d.pop("complaint_rate")

        delivered = d.pop("delivered")

        delivery_rate = d.pop("delivery_rate")

        hard_bounced = d.pop("hard_bounced")

        open_rate = d.pop("open_rate")

        opens = d.pop("opens")

        soft_bounced = d.pop("soft_bounced")

        unique_clicks = d.pop("unique_clicks")

        unique_opens = d.pop("unique_opens")

        unsubscribe_rate = d.pop("unsubscribe_rate")

        unsubscribed = d.pop("unsubscribed")

        campaign_event_stats = cls(
            bounce_rate=bounce_rate,
            bounced=bounced,
            click_rate=click_rate,
            clicks=clicks,
            complained=complained,
            complaint_rate=complaint_rate,
            delivered=delivered,
            delivery_rate=delivery_rate,
            hard_bounced=hard_bounced,
            open_rate=open_rate,
            opens=opens,
            soft_bounced=soft_bounced,
            unique_clicks=unique_clicks,
            unique_opens=unique_opens,
            unsubscribe_rate=unsubscribe_rate,
            unsubscribed=unsubscribed,
        )

        campaign_event_stats.additional_properties = d
        return campaign_event_stats

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
