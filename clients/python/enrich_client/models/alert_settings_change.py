from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertSettingsChange")


@_attrs_define
class AlertSettingsChange:
    """A change: new thresholds, and the version read.

    Attributes:
        thresholds (list[int]): 1–5 distinct percentages between 1 and 100. Example: [75, 90, 100].
        version (int | None | Unset): The version read; a change made since then makes this a 409.
    """

    thresholds: list[int]
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        thresholds = self.thresholds

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "thresholds": thresholds,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        thresholds = cast(list[int], d.pop("thresholds"))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        alert_settings_change = cls(
            thresholds=thresholds,
            version=version,
        )

        return alert_settings_change
