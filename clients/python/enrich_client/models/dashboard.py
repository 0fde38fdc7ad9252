from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.client_status import ClientStatus
from ..models.tier import Tier
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.key_limits import KeyLimits
    from ..models.limits import Limits


T = TypeVar("T", bound="Dashboard")


@_attrs_define
class Dashboard:
    """
    Attributes:
        client_id (str):
        current_usage (list[KeyLimits]): Each active key's use of its minute, hour and day windows right now.
        error_rate_7d (float): Failed / total over 7 days (0 with no requests).
        keys_active (int):
        keys_expiring_14d (int):
        rate_limit_tier (Tier):
        requests_7d (int):
        requests_today (int):
        status (ClientStatus):
        tier_limits (Limits): Requests allowed per window (seed 004's figures), and the burst API Gateway's token bucket
            allows.
        p95_response_time_7d (int | None | Unset):
    """

    client_id: str
    current_usage: list[KeyLimits]
    error_rate_7d: float
    keys_active: int
    keys_expiring_14d: int
    rate_limit_tier: Tier
    requests_7d: int
    requests_today: int
    status: ClientStatus
    tier_limits: Limits
    p95_response_time_7d: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        current_usage = []
        for current_usage_item_data in self.current_usage:
            current_usage_item = current_usage_item_data.to_dict()
            current_usage.append(current_usage_item)

        error_rate_7d = self.error_rate_7d

        keys_active = self.keys_active

        keys_expiring_14d = self.keys_expiring_14d

        rate_limit_tier = self.rate_limit_tier.value

        requests_7d = self.requests_7d

        requests_today = self.requests_today

        status = self.status.value

        tier_limits = self.tier_limits.to_dict()

        p95_response_time_7d: int | None | Unset
        if isinstance(self.p95_response_time_7d, Unset):
            p95_response_time_7d = UNSET
        else:
            p95_response_time_7d = self.p95_response_time_7d

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "current_usage": current_usage,
                "error_rate_7d": error_rate_7d,
                "keys_active": keys_active,
                "keys_expiring_14d": keys_expiring_14d,
                "rate_limit_tier": rate_limit_tier,
                "requests_7d": requests_7d,
                "requests_today": requests_today,
                "status": status,
                "tier_limits": tier_limits,
            }
        )
        if p95_response_time_7d is not UNSET:
            field_dict["p95_response_time_7d"] = p95_response_time_7d

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_limits import KeyLimits  # noqa: PLC0415
        from ..models.limits import Limits  # noqa: PLC0415

        d = dict(src_dict)
        client_id = d.pop("client_id")

        current_usage = []
        _current_usage = d.pop("current_usage")
        for current_usage_item_data in _current_usage:
            current_usage_item = KeyLimits.from_dict(current_usage_item_data)

            current_usage.append(current_usage_item)

        error_rate_7d = d.pop("error_rate_7d")

        keys_active = d.pop("keys_active")

        keys_expiring_14d = d.pop("keys_expiring_14d")

        rate_limit_tier = Tier(d.pop("rate_limit_tier"))

        requests_7d = d.pop("requests_7d")

        requests_today = d.pop("requests_today")

        status = ClientStatus(d.pop("status"))

        tier_limits = Limits.from_dict(d.pop("tier_limits"))

        def _parse_p95_response_time_7d(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        p95_response_time_7d = _parse_p95_response_time_7d(d.pop("p95_response_time_7d", UNSET))

        dashboard = cls(
            client_id=client_id,
            current_usage=current_usage,
            error_rate_7d=error_rate_7d,
            keys_active=keys_active,
            keys_expiring_14d=keys_expiring_14d,
            rate_limit_tier=rate_limit_tier,
            requests_7d=requests_7d,
            requests_today=requests_today,
            status=status,
            tier_limits=tier_limits,
            p95_response_time_7d=p95_response_time_7d,
        )

        dashboard.additional_properties = d
        return dashboard

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
