from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.enrich_status import EnrichStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_summary import CallSummary
    from ..models.company_record import CompanyRecord
    from ..models.conflict import Conflict
    from ..models.person_record import PersonRecord
    from ..models.rejection import Rejection
    from ..models.strategy_report import StrategyReport
    from ..models.warning import Warning_


T = TypeVar("T", bound="PersonEnrichResponse")


@_attrs_define
class PersonEnrichResponse:
    """The answer of `POST /v1/people/enrich`.

    Attributes:
        calls (list[CallSummary]):
        changed (list[str]):
        conflicts (list[Conflict]):
        created (bool): Whether a new record was stored.
        credits_spent (float):
        missing (list[str]):
        rejected (list[Rejection]):
        status (EnrichStatus): What an enrich route found.
        warnings (list[Warning_]):
        company (CompanyRecord | None | Unset):
        record (None | PersonRecord | Unset):
        strategy (None | StrategyReport | Unset):
    """

    calls: list[CallSummary]
    changed: list[str]
    conflicts: list[Conflict]
    created: bool
    credits_spent: float
    missing: list[str]
    rejected: list[Rejection]
    status: EnrichStatus
    warnings: list[Warning_]
    company: CompanyRecord | None | Unset = UNSET
    record: None | PersonRecord | Unset = UNSET
    strategy: None | StrategyReport | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.company_record import CompanyRecord  # noqa: PLC0415
        from ..models.person_record import PersonRecord  # noqa: PLC0415
        from ..models.strategy_report import StrategyReport  # noqa: PLC0415

        calls = []
        for calls_item_data in self.calls:
            calls_item = calls_item_data.to_dict()
            calls.append(calls_item)

        changed = self.changed

        conflicts = []
        for conflicts_item_data in self.conflicts:
            conflicts_item = conflicts_item_data.to_dict()
            conflicts.append(conflicts_item)

        created = self.created

        credits_spent = self.credits_spent

        missing = self.missing

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        status = self.status.value

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        company: dict[str, Any] | None | Unset
        if isinstance(self.company, Unset):
            company = UNSET
        elif isinstance(self.company, CompanyRecord):
            company = self.company.to_dict()
        else:
            company = self.company

        record: dict[str, Any] | None | Unset
        if isinstance(self.record, Unset):
            record = UNSET
        elif isinstance(self.record, PersonRecord):
            record = self.record.to_dict()
        else:
            record = self.record

        strategy: dict[str, Any] | None | Unset
        if isinstance(self.strategy, Unset):
            strategy = UNSET
        elif isinstance(self.strategy, StrategyReport):
            strategy = self.strategy.to_dict()
        else:
            strategy = self.strategy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "calls": calls,
                "changed": changed,
                "conflicts": conflicts,
                "created": created,
                "credits_spent": credits_spent,
                "missing": missing,
                "rejected": rejected,
                "status": status,
                "warnings": warnings,
            }
        )
        if company is not UNSET:
            field_dict["company"] = company
        if record is not UNSET:
            field_dict["record"] = record
        if strategy is not UNSET:
            field_dict["strategy"] = strategy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_summary import CallSummary  # noqa: PLC0415
        from ..models.company_record import CompanyRecord  # noqa: PLC0415
        from ..models.conflict import Conflict  # noqa: PLC0415
        from ..models.person_record import PersonRecord  # noqa: PLC0415
        from ..models.rejection import Rejection  # noqa: PLC0415
        from ..models.strategy_report import StrategyReport  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        calls = []
        _calls = d.pop("calls")
        for calls_item_data in _calls:
            calls_item = CallSummary.from_dict(calls_item_data)

            calls.append(calls_item)

        changed = cast(list[str], d.pop("changed"))

        conflicts = []
        _conflicts = d.pop("conflicts")
        for conflicts_item_data in _conflicts:
            conflicts_item = Conflict.from_dict(conflicts_item_data)

            conflicts.append(conflicts_item)

        created = d.pop("created")

        credits_spent = d.pop("credits_spent")

        missing = cast(list[str], d.pop("missing"))

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = Rejection.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        status = EnrichStatus(d.pop("status"))

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        def _parse_company(data: object) -> CompanyRecord | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_type_1 = CompanyRecord.from_dict(data)

                return company_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanyRecord | None | Unset, data)

        company = _parse_company(d.pop("company", UNSET))

        def _parse_record(data: object) -> None | PersonRecord | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                record_type_1 = PersonRecord.from_dict(data)

                return record_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonRecord | Unset, data)

        record = _parse_record(d.pop("record", UNSET))

        def _parse_strategy(data: object) -> None | StrategyReport | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                strategy_type_1 = StrategyReport.from_dict(data)

                return strategy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StrategyReport | Unset, data)

        strategy = _parse_strategy(d.pop("strategy", UNSET))

        person_enrich_response = cls(
            calls=calls,
            changed=changed,
            conflicts=conflicts,
            created=created,
            credits_spent=credits_spent,
            missing=missing,
            rejected=rejected,
            status=status,
            warnings=warnings,
            company=company,
            record=record,
            strategy=strategy,
        )

        person_enrich_response.additional_properties = d
        return person_enrich_response

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
