from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.retry_config import RetryConfig


T = TypeVar("T", bound="WebhookBody")


@_attrs_define
class WebhookBody:
    """A new subscription.

    Attributes:
        events (list[str]): Event types (`GET /v1/webhook-events`), `resource.*` or `*`; 1 to 50 entries. Example:
            ['person.*', 'job.completed'].
        url (str): Where events are POSTed: an https URL on the public internet (at most 2,048 characters). Example:
            https://hooks.acme.example/enrich.
        description (None | str | Unset):  Example: CRM sync.
        enabled (bool | None | Unset): Default true.
        retry_config (None | RetryConfig | Unset):
    """

    events: list[str]
    url: str
    description: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    retry_config: None | RetryConfig | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.retry_config import RetryConfig  # noqa: PLC0415

        events = self.events

        url = self.url

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        retry_config: dict[str, Any] | None | Unset
        if isinstance(self.retry_config, Unset):
            retry_config = UNSET
        elif isinstance(self.retry_config, RetryConfig):
            retry_config = self.retry_config.to_dict()
        else:
            retry_config = self.retry_config

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "events": events,
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if retry_config is not UNSET:
            field_dict["retry_config"] = retry_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.retry_config import RetryConfig  # noqa: PLC0415

        d = dict(src_dict)
        events = cast(list[str], d.pop("events"))

        url = d.pop("url")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_retry_config(data: object) -> None | RetryConfig | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                retry_config_type_1 = RetryConfig.from_dict(data)

                return retry_config_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RetryConfig | Unset, data)

        retry_config = _parse_retry_config(d.pop("retry_config", UNSET))

        webhook_body = cls(
            events=events,
            url=url,
            description=description,
            enabled=enabled,
            retry_config=retry_config,
        )

        return webhook_body
