from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.endpoint_usage import EndpointUsage
    from ..models.error_count import ErrorCount
    from ..models.time_bucket import TimeBucket


T = TypeVar("T", bound="UsageReport")


@_attrs_define
class UsageReport:
    """Seed 004's usage statistics, in the API's snake_case.

    Attributes:
        average_response_time (float): Milliseconds.
        failed_requests (int):
        from_ (str):
        requests_by_endpoint (list[EndpointUsage]):
        requests_by_time (list[TimeBucket]):
        successful_requests (int):
        to (str):
        top_error_codes (list[ErrorCount]):
        total_requests (int):
        p95_response_time (int | None | Unset): Milliseconds: the upper bound of the histogram bucket holding the 95th
            percentile.
    """

    average_response_time: float
    failed_requests: int
    from_: str
    requests_by_endpoint: list[EndpointUsage]
    requests_by_time: list[TimeBucket]
    successful_requests: int
    to: str
    top_error_codes: list[ErrorCount]
    total_requests: int
    p95_response_time: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        average_response_time = self.average_response_time

        failed_requests = self.failed_requests

        from_ = self.from_

        requests_by_endpoint = []
        for requests_by_endpoint_item_data in self.requests_by_endpoint:
            requests_by_endpoint_item = requests_by_endpoint_item_data.to_dict()
            requests_by_endpoint.append(requests_by_endpoint_item)

        requests_by_time = []
        for requests_by_time_item_data in self.requests_by_time:
            requests_by_time_item = requests_by_time_item_data.to_dict()
            requests_by_time.append(requests_by_time_item)

        successful_requests = self.successful_requests

        to = self.to

        top_error_codes = []
        for top_error_codes_item_data in self.top_error_codes:
            top_error_codes_item = top_error_codes_item_data.to_dict()
            top_error_codes.append(top_error_codes_item)

        total_requests = self.total_requests

        p95_response_time: int | None | Unset
        if isinstance(self.p95_response_time, Unset):
            p95_response_time = UNSET
        else:
            p95_response_time = self.p95_response_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "average_response_time": average_response_time,
                "failed_requests": failed_requests,
                "from": from_,
                "requests_by_endpoint": requests_by_endpoint,
                "requests_by_time": requests_by_time,
                "successful_requests": successful_requests,
                "to": to,
                "top_error_codes": top_error_codes,
                "total_requests": total_requests,
            }
        )
        if p95_response_time is not UNSET:
            field_dict["p95_response_time"] = p95_response_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint_usage import EndpointUsage  # noqa: PLC0415
        from ..models.error_count import ErrorCount  # noqa: PLC0415
        from ..models.time_bucket import TimeBucket  # noqa: PLC0415

        d = dict(src_dict)
        average_response_time = d.pop("average_response_time")

        failed_requests = d.pop("failed_requests")

        from_ = d.pop("from")

        requests_by_endpoint = []
        _requests_by_endpoint = d.pop("requests_by_endpoint")
        for requests_by_endpoint_item_data in _requests_by_endpoint:
            requests_by_endpoint_item = EndpointUsage.from_dict(requests_by_endpoint_item_data)

            requests_by_endpoint.append(requests_by_endpoint_item)

        requests_by_time = []
        _requests_by_time = d.pop("requests_by_time")
        for requests_by_time_item_data in _requests_by_time:
            requests_by_time_item = TimeBucket.from_dict(requests_by_time_item_data)

            requests_by_time.append(requests_by_time_item)

        successful_requests = d.pop("successful_requests")

        to = d.pop("to")

        top_error_codes = []
        _top_error_codes = d.pop("top_error_codes")
        for top_error_codes_item_data in _top_error_codes:
            top_error_codes_item = ErrorCount.from_dict(top_error_codes_item_data)

            top_error_codes.append(top_error_codes_item)

        total_requests = d.pop("total_requests")

        def _parse_p95_response_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        p95_response_time = _parse_p95_response_time(d.pop("p95_response_time", UNSET))

        usage_report = cls(
            average_response_time=average_response_time,
            failed_requests=failed_requests,
            from_=from_,
            requests_by_endpoint=requests_by_endpoint,
            requests_by_time=requests_by_time,
            successful_requests=successful_requests,
            to=to,
            top_error_codes=top_error_codes,
            total_requests=total_requests,
            p95_response_time=p95_response_time,
        )

        usage_report.additional_properties = d
        return usage_report

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
