from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.answer import Answer

if TYPE_CHECKING:
    from ..models.source_result_normalized import SourceResultNormalized


T = TypeVar("T", bound="SourceResult")


@_attrs_define
class SourceResult:
    """One provider's answer for a record, kept as received and as normalised.

    Attributes:
        cached (bool): Whether the answer came from the cache (no provider call, no credit).
        confidence (float): The highest field confidence of this answer.
        credits_ (float):
        normalized (SourceResultNormalized):
        observed_at (str):
        provider (str):
        raw (Any):
        status (Answer): What a provider's answer says about the subject.
    """

    cached: bool
    confidence: float
    credits_: float
    normalized: SourceResultNormalized
    observed_at: str
    provider: str
    raw: Any
    status: Answer
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cached = self.cached

        confidence = self.confidence

        credits_ = self.credits_

        normalized = self.normalized.to_dict()

        observed_at = self.observed_at

        provider = self.provider

        raw = self.raw

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cached": cached,
                "confidence": confidence,
                "credits": credits_,
                "normalized": normalized,
                "observed_at": observed_at,
                "provider": provider,
                "raw": raw,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_result_normalized import SourceResultNormalized  # noqa: PLC0415

        d = dict(src_dict)
        cached = d.pop("cached")

        confidence = d.pop("confidence")

        credits_ = d.pop("credits")

        normalized = SourceResultNormalized.from_dict(d.pop("normalized"))

        observed_at = d.pop("observed_at")

        provider = d.pop("provider")

        raw = d.pop("raw")

        status = Answer(d.pop("status"))

        source_result = cls(
            cached=cached,
            confidence=confidence,
            credits_=credits_,
            normalized=normalized,
            observed_at=observed_at,
            provider=provider,
            raw=raw,
            status=status,
        )

        source_result.additional_properties = d
        return source_result

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
