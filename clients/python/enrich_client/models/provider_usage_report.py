from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refresh_day import RefreshDay
    from ..models.usage_row import UsageRow


T = TypeVar("T", bound="ProviderUsageReport")


@_attrs_define
class ProviderUsageReport:
    """
    Attributes:
        from_ (str):
        group_by (str):
        refresh (list[RefreshDay]): Scheduled re-enrichment per day of the range that had any: the budget, the credits
            set
            aside, records refreshed, and records the spent budget kept from refreshing.
        rows (list[UsageRow]):
        to (str):
        total (UsageRow):
    """

    from_: str
    group_by: str
    refresh: list[RefreshDay]
    rows: list[UsageRow]
    to: str
    total: UsageRow
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        group_by = self.group_by

        refresh = []
        for refresh_item_data in self.refresh:
            refresh_item = refresh_item_data.to_dict()
            refresh.append(refresh_item)

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        to = self.to

        total = self.total.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "group_by": group_by,
                "refresh": refresh,
                "rows": rows,
                "to": to,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refresh_day import RefreshDay  # noqa: PLC0415
        from ..models.usage_row import UsageRow  # noqa: PLC0415

        d = dict(src_dict)
        from_ = d.pop("from")

        group_by = d.pop("group_by")

        refresh = []
        _refresh = d.pop("refresh")
        for refresh_item_data in _refresh:
            refresh_item = RefreshDay.from_dict(refresh_item_data)

            refresh.append(refresh_item)

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = UsageRow.from_dict(rows_item_data)

            rows.append(rows_item)

        to = d.pop("to")

        total = UsageRow.from_dict(d.pop("total"))

        provider_usage_report = cls(
            from_=from_,
            group_by=group_by,
            refresh=refresh,
            rows=rows,
            to=to,
            total=total,
        )

        provider_usage_report.additional_properties = d
        return provider_usage_report

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
