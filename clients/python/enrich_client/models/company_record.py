from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_data import CompanyData
    from ..models.company_provenance import CompanyProvenance
    from ..models.company_record_pending_lookups import CompanyRecordPendingLookups
    from ..models.source_result import SourceResult


T = TypeVar("T", bound="CompanyRecord")


@_attrs_define
class CompanyRecord:
    """A company as the API returns it.

    Attributes:
        created_at (str):
        data (CompanyData): The record's fields: each one the platform keeps, typed (absent until a source or a user
            gives it); other keys are custom fields
        data_sources (list[str]):
        id (str):
        overall_confidence (float):
        pending_lookups (CompanyRecordPendingLookups): Asynchronous lookups still running (provider → lookup id); see
            `/v1/people/lookup-status`.
        provenance (CompanyProvenance): Field → where its value came from, how sure, and when (one entry per field of
            data, custom fields included)
        stale_fields (list[str]): Fields older than the organisation's maximum age for them
            (`GET /v1/providers/policy`).
        updated_at (str):
        version (int):
        watched (bool): Scheduled re-enrichment keeps it fresh (`POST /v1/people/{id}/watch`).
        company_id (None | str | Unset):
        last_enriched_at (None | str | Unset):
        sources (list[SourceResult] | None | Unset): Per-source results, with `?include=sources`.
        stale_at (None | str | Unset): When the first field turns (or turned) stale.
    """

    created_at: str
    data: CompanyData
    data_sources: list[str]
    id: str
    overall_confidence: float
    pending_lookups: CompanyRecordPendingLookups
    provenance: CompanyProvenance
    stale_fields: list[str]
    updated_at: str
    version: int
    watched: bool
    company_id: None | str | Unset = UNSET
    last_enriched_at: None | str | Unset = UNSET
    sources: list[SourceResult] | None | Unset = UNSET
    stale_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        data = self.data.to_dict()

        data_sources = self.data_sources

        id = self.id

        overall_confidence = self.overall_confidence

        pending_lookups = self.pending_lookups.to_dict()

        provenance = self.provenance.to_dict()

        stale_fields = self.stale_fields

        updated_at = self.updated_at

        version = self.version

        watched = self.watched

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        last_enriched_at: None | str | Unset
        if isinstance(self.last_enriched_at, Unset):
            last_enriched_at = UNSET
        else:
            last_enriched_at = self.last_enriched_at

        sources: list[dict[str, Any]] | None | Unset
        if isinstance(self.sources, Unset):
            sources = UNSET
        elif isinstance(self.sources, list):
            sources = []
            for sources_type_0_item_data in self.sources:
                sources_type_0_item = sources_type_0_item_data.to_dict()
                sources.append(sources_type_0_item)

        else:
            sources = self.sources

        stale_at: None | str | Unset
        if isinstance(self.stale_at, Unset):
            stale_at = UNSET
        else:
            stale_at = self.stale_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "data_sources": data_sources,
                "id": id,
                "overall_confidence": overall_confidence,
                "pending_lookups": pending_lookups,
                "provenance": provenance,
                "stale_fields": stale_fields,
                "updated_at": updated_at,
                "version": version,
                "watched": watched,
            }
        )
        if company_id is not UNSET:
            field_dict["company_id"] = company_id
        if last_enriched_at is not UNSET:
            field_dict["last_enriched_at"] = last_enriched_at
        if sources is not UNSET:
            field_dict["sources"] = sources
        if stale_at is not UNSET:
            field_dict["stale_at"] = stale_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_data import CompanyData  # noqa: PLC0415
        from ..models.company_provenance import CompanyProvenance  # noqa: PLC0415
        from ..models.company_record_pending_lookups import CompanyRecordPendingLookups  # noqa: PLC0415
        from ..models.source_result import SourceResult  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        data = CompanyData.from_dict(d.pop("data"))

        data_sources = cast(list[str], d.pop("data_sources"))

        id = d.pop("id")

        overall_confidence = d.pop("overall_confidence")

        pending_lookups = CompanyRecordPendingLookups.from_dict(d.pop("pending_lookups"))

        provenance = CompanyProvenance.from_dict(d.pop("provenance"))

        stale_fields = cast(list[str], d.pop("stale_fields"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        watched = d.pop("watched")

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("company_id", UNSET))

        def _parse_last_enriched_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_enriched_at = _parse_last_enriched_at(d.pop("last_enriched_at", UNSET))

        def _parse_sources(data: object) -> list[SourceResult] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sources_type_0 = []
                _sources_type_0 = data
                for sources_type_0_item_data in _sources_type_0:
                    sources_type_0_item = SourceResult.from_dict(sources_type_0_item_data)

                    sources_type_0.append(sources_type_0_item)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[SourceResult] | None | Unset, data)

        sources = _parse_sources(d.pop("sources", UNSET))

        def _parse_stale_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stale_at = _parse_stale_at(d.pop("stale_at", UNSET))

        company_record = cls(
            created_at=created_at,
            data=data,
            data_sources=data_sources,
            id=id,
            overall_confidence=overall_confidence,
            pending_lookups=pending_lookups,
            provenance=provenance,
            stale_fields=stale_fields,
            updated_at=updated_at,
            version=version,
            watched=watched,
            company_id=company_id,
            last_enriched_at=last_enriched_at,
            sources=sources,
            stale_at=stale_at,
        )

        company_record.additional_properties = d
        return company_record

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
