from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AutoPause")


@_attrs_define
class AutoPause:
    """When a running campaign pauses itself.

    Attributes:
        bounce_rate_percent (float): Hard bounces per send, in percent (0.1 to 50), above which the campaign pauses.
            Example: 5.0.
        complaint_rate_percent (float): Complaints per send, in percent (0.01 to 10), above which the campaign pauses.
            Example: 0.1.
        enabled (bool):
        min_sample (int): Sends counted before rates are judged, 10 to 1,000,000. Example: 200.
    """

    bounce_rate_percent: float
    complaint_rate_percent: float
    enabled: bool
    min_sample: int

    def to_dict(self) -> dict[str, Any]:
        bounce_rate_percent = self.bounce_rate_percent

        complaint_rate_percent = self.complaint_rate_percent

        enabled = self.enabled

        min_sample = self.min_sample

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bounce_rate_percent": bounce_rate_percent,
                "complaint_rate_percent": complaint_rate_percent,
                "enabled": enabled,
                "min_sample": min_sample,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bounce_rate_percent = d.pop("bounce_rate_percent")

        complaint_rate_percent = d.pop("complaint_rate_percent")

        enabled = d.pop("enabled")

        min_sample = d.pop("min_sample")

        auto_pause = cls(
            bounce_rate_percent=bounce_rate_percent,
            complaint_rate_percent=complaint_rate_percent,
            enabled=enabled,
            min_sample=min_sample,
        )

        return auto_pause
