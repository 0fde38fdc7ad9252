from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_event_stats import CampaignEventStats


T = TypeVar("T", bound="Stats")


@_attrs_define
class Stats:
    """A campaign's counts (GET of one campaign; exact: each recipient is counted once).

    Attributes:
        failed (int):
        fanout_done (bool): Whether the whole audience has been queued.
        sent (int):
        skipped (int): Unsubscribed or suppressed between queueing and sending.
        to_send (int): Recipients the fan-out has queued so far (the audience, once `fanout_done`).
        events (CampaignEventStats | Unset): A campaign's delivery-event counts (each event counted once, however often
            its sender posts
            it) and rates per send.
    """

    failed: int
    fanout_done: bool
    sent: int
    skipped: int
    to_send: int
    events: CampaignEventStats | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        failed = self.failed

        fanout_done = self.fanout_done

        sent = self.sent

        skipped = self.skipped

        to_send = self.to_send

        events: dict[str, Any] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "failed": failed,
                "fanout_done": fanout_done,
                "sent": sent,
                "skipped": skipped,
                "to_send": to_send,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_event_stats import CampaignEventStats  # noqa: PLC0415

        d = dict(src_dict)
        failed = d.pop("failed")

        fanout_done = d.pop("fanout_done")

        sent = d.pop("sent")

        skipped = d.pop("skipped")

        to_send = d.pop("to_send")

        _events = d.pop("events", UNSET)
        events: CampaignEventStats | Unset
        if isinstance(_events, Unset):
            events = UNSET
        else:
            events = CampaignEventStats.from_dict(_events)

        stats = cls(
            failed=failed,
            fanout_done=fanout_done,
            sent=sent,
            skipped=skipped,
            to_send=to_send,
            events=events,
        )

        stats.additional_properties = d
        return stats

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
