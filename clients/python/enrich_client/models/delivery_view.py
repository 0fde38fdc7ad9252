from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attempt_record import AttemptRecord
    from ..models.delivery_view_payload import DeliveryViewPayload


T = TypeVar("T", bound="DeliveryView")


@_attrs_define
class DeliveryView:
    """A delivery as the log shows it.

    Attributes:
        attempt_count (int): Attempts made so far.
        attempts (list[AttemptRecord]): Every attempt (the newest 20): time, status, duration, the answer cut to 4 KB,
            error,
            trigger.
        created_at (str):
        event_id (str):
        event_type (str):
        id (str): `msg_…`: the `webhook-id` / `X-Webhook-Id` of every attempt.
        payload (DeliveryViewPayload): The exact body every attempt sends.
        status (DeliveryStatus):
        next_attempt_at (None | str | Unset): When the next attempt is due, while pending.
    """

    attempt_count: int
    attempts: list[AttemptRecord]
    created_at: str
    event_id: str
    event_type: str
    id: str
    payload: DeliveryViewPayload
    status: DeliveryStatus
    next_attempt_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt_count = self.attempt_count

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        created_at = self.created_at

        event_id = self.event_id

        event_type = self.event_type

        id = self.id

        payload = self.payload.to_dict()

        status = self.status.value

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        else:
            next_attempt_at = self.next_attempt_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt_count": attempt_count,
                "attempts": attempts,
                "created_at": created_at,
                "event_id": event_id,
                "event_type": event_type,
                "id": id,
                "payload": payload,
                "status": status,
            }
        )
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_record import AttemptRecord  # noqa: PLC0415
        from ..models.delivery_view_payload import DeliveryViewPayload  # noqa: PLC0415

        d = dict(src_dict)
        attempt_count = d.pop("attempt_count")

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = AttemptRecord.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        created_at = d.pop("created_at")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        id = d.pop("id")

        payload = DeliveryViewPayload.from_dict(d.pop("payload"))

        status = DeliveryStatus(d.pop("status"))

        def _parse_next_attempt_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at", UNSET))

        delivery_view = cls(
            attempt_count=attempt_count,
            attempts=attempts,
            created_at=created_at,
            event_id=event_id,
            event_type=event_type,
            id=id,
            payload=payload,
            status=status,
            next_attempt_at=next_attempt_at,
        )

        delivery_view.additional_properties = d
        return delivery_view

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
