from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_credits_by_provider import JobCreditsByProvider


T = TypeVar("T", bound="JobCredits")


@_attrs_define
class JobCredits:
    """Credits a job spent, in all and by provider.

    Attributes:
        by_provider (JobCreditsByProvider):
        total (float):
    """

    by_provider: JobCreditsByProvider
    total: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_provider = self.by_provider.to_dict()

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_provider": by_provider,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_credits_by_provider import JobCreditsByProvider  # noqa: PLC0415

        d = dict(src_dict)
        by_provider = JobCreditsByProvider.from_dict(d.pop("by_provider"))

        total = d.pop("total")

        job_credits = cls(
            by_provider=by_provider,
            total=total,
        )

        job_credits.additional_properties = d
        return job_credits

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
