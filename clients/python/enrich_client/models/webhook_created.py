from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.disabled_reason import DisabledReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.retry_config import RetryConfig


T = TypeVar("T", bound="WebhookCreated")


@_attrs_define
class WebhookCreated:
    """A created subscription: the view and its signing secret, shown this once.

    Attributes:
        created_at (str):
        enabled (bool):
        events (list[str]):
        id (str):
        retry_config (RetryConfig): How failed deliveries are retried. Without a `retry_delay`, the platform's schedule
            (after the
            first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each ±20 %) is used, cut to
            `max_retries`; with one, the n-th retry waits `retry_delay × backoff_multiplier^(n-1)` (at most
            a day).
        updated_at (str):
        url (str):
        secret (str): `whsec_…`: verifies both signatures (see the README, "Verifying webhooks").
        client_id (None | str | Unset): The API client it belongs to; null for the organisation's own.
        description (None | str | Unset):
        disabled_reason (DisabledReason | None | Unset):
        previous_secret_valid_until (None | str | Unset): Until when a rotated-out secret still signs beside the current
            one.
    """

    created_at: str
    enabled: bool
    events: list[str]
    id: str
    retry_config: RetryConfig
    updated_at: str
    url: str
    secret: str
    client_id: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    disabled_reason: DisabledReason | None | Unset = UNSET
    previous_secret_valid_until: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        enabled = self.enabled

        events = self.events

        id = self.id

        retry_config = self.retry_config.to_dict()

        updated_at = self.updated_at

        url = self.url

        secret = self.secret

        client_id: None | str | Unset
        if isinstance(self.client_id, Unset):
            client_id = UNSET
        else:
            client_id = self.client_id

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        disabled_reason: None | str | Unset
        if isinstance(self.disabled_reason, Unset):
            disabled_reason = UNSET
        elif isinstance(self.disabled_reason, DisabledReason):
            disabled_reason = self.disabled_reason.value
        else:
            disabled_reason = self.disabled_reason

        previous_secret_valid_until: None | str | Unset
        if isinstance(self.previous_secret_valid_until, Unset):
            previous_secret_valid_until = UNSET
        else:
            previous_secret_valid_until = self.previous_secret_valid_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "enabled": enabled,
                "events": events,
                "id": id,
                "retry_config": retry_config,
                "updated_at": updated_at,
                "url": url,
                "secret": secret,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if description is not UNSET:
            field_dict["description"] = description
        if disabled_reason is not UNSET:
            field_dict["disabled_reason"] = disabled_reason
        if previous_secret_valid_until is not UNSET:
            field_dict["previous_secret_valid_until"] = previous_secret_valid_until

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.retry_config import RetryConfig  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        enabled = d.pop("enabled")

        events = cast(list[str], d.pop("events"))

        id = d.pop("id")

        retry_config = RetryConfig.from_dict(d.pop("retry_config"))

        updated_at = d.pop("updated_at")

        url = d.pop("url")

        secret = d.pop("secret")

        def _parse_client_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_id = _parse_client_id(d.pop("client_id", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_disabled_reason(data: object) -> DisabledReason | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_1 = DisabledReason(data)

                return disabled_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DisabledReason | None | Unset, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason", UNSET))

        def _parse_previous_secret_valid_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_secret_valid_until = _parse_previous_secret_valid_until(d.pop("previous_secret_valid_until", UNSET))

        webhook_created = cls(
            created_at=created_at,
            enabled=enabled,
            events=events,
            id=id,
            retry_config=retry_config,
            updated_at=updated_at,
            url=url,
            secret=secret,
            client_id=client_id,
            description=description,
            disabled_reason=disabled_reason,
            previous_secret_valid_until=previous_secret_valid_until,
        )

        webhook_created.additional_properties = d
        return webhook_created

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
