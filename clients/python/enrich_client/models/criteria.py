from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.range_ import Range


T = TypeVar("T", bound="Criteria")


@_attrs_define
class Criteria:
    """What to look for. Every list is "any of"; different criteria must all hold.

    Attributes:
        employee_ranges (list[Range] | Unset):
        industries (list[str] | Unset):  Example: ['software'].
        locations (list[str] | Unset): Places as free text (`Lisbon, Portugal`, `Brazil`). Example: ['Lisbon,
            Portugal'].
        revenue_ranges (list[Range] | Unset): Annual revenue in US dollars.
        seniorities (list[str] | Unset): Seniorities (people): owner, founder, c_suite, partner, vp, head, director,
            manager,
            senior, entry.
        technologies (list[str] | Unset): Technologies the company uses (`salesforce`, `hubspot`).
        titles (list[str] | Unset): Job titles (people). Example: ['Head of Sales'].
    """

    employee_ranges: list[Range] | Unset = UNSET
    industries: list[str] | Unset = UNSET
    locations: list[str] | Unset = UNSET
    revenue_ranges: list[Range] | Unset = UNSET
    seniorities: list[str] | Unset = UNSET
    technologies: list[str] | Unset = UNSET
    titles: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        employee_ranges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.employee_ranges, Unset):
            employee_ranges = []
            for employee_ranges_item_data in self.employee_ranges:
                employee_ranges_item = employee_ranges_item_data.to_dict()
                employee_ranges.append(employee_ranges_item)

        industries: list[str] | Unset = UNSET
        if not isinstance(self.industries, Unset):
            industries = self.industries

        locations: list[str] | Unset = UNSET
        if not isinstance(self.locations, Unset):
            locations = self.locations

        revenue_ranges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.revenue_ranges, Unset):
            revenue_ranges = []
            for revenue_ranges_item_data in self.revenue_ranges:
                revenue_ranges_item = revenue_ranges_item_data.to_dict()
                revenue_ranges.append(revenue_ranges_item)

        seniorities: list[str] | Unset = UNSET
        if not isinstance(self.seniorities, Unset):
            seniorities = self.seniorities

        technologies: list[str] | Unset = UNSET
        if not isinstance(self.technologies, Unset):
            technologies = self.technologies

        titles: list[str] | Unset = UNSET
        if not isinstance(self.titles, Unset):
            titles = self.titles

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if employee_ranges is not UNSET:
            field_dict["employee_ranges"] = employee_ranges
        if industries is not UNSET:
            field_dict["industries"] = industries
        if locations is not UNSET:
            field_dict["locations"] = locations
        if revenue_ranges is not UNSET:
            field_dict["revenue_ranges"] = revenue_ranges
        if seniorities is not UNSET:
            field_dict["seniorities"] = seniorities
        if technologies is not UNSET:
            field_dict["technologies"] = technologies
        if titles is not UNSET:
            field_dict["titles"] = titles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.range_ import Range  # noqa: PLC0415

        d = dict(src_dict)
        _employee_ranges = d.pop("employee_ranges", UNSET)
        employee_ranges: list[Range] | Unset = UNSET
        if _employee_ranges is not UNSET:
            employee_ranges = []
            for employee_ranges_item_data in _employee_ranges:
                employee_ranges_item = Range.from_dict(employee_ranges_item_data)

                employee_ranges.append(employee_ranges_item)

        industries = cast(list[str], d.pop("industries", UNSET))

        locations = cast(list[str], d.pop("locations", UNSET))

        _revenue_ranges = d.pop("revenue_ranges", UNSET)
        revenue_ranges: list[Range] | Unset = UNSET
        if _revenue_ranges is not UNSET:
            revenue_ranges = []
            for revenue_ranges_item_data in _revenue_ranges:
                revenue_ranges_item = Range.from_dict(revenue_ranges_item_data)

                revenue_ranges.append(revenue_ranges_item)

        seniorities = cast(list[str], d.pop("seniorities", UNSET))

        technologies = cast(list[str], d.pop("technologies", UNSET))

        titles = cast(list[str], d.pop("titles", UNSET))

        criteria = cls(
            employee_ranges=employee_ranges,
            industries=industries,
            locations=locations,
            revenue_ranges=revenue_ranges,
            seniorities=seniorities,
            technologies=technologies,
            titles=titles,
        )

        return criteria
