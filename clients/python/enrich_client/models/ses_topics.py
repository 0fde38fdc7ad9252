from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SesTopics")


@_attrs_define
class SesTopics:
    """The SNS topics to accept SES notifications from.

    Attributes:
        topic_arns (list[str]): At most 10 SNS topic ARNs (`arn:aws:sns:<region>:<account>:<name>`); empty stops SES
            posts. Example: ['arn:aws:sns:us-east-1:123456789012:ses-events'].
    """

    topic_arns: list[str]

    def to_dict(self) -> dict[str, Any]:
        topic_arns = self.topic_arns

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "topic_arns": topic_arns,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        topic_arns = cast(list[str], d.pop("topic_arns"))

        ses_topics = cls(
            topic_arns=topic_arns,
        )

        return ses_topics
