from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SnsBody")


@_attrs_define
class SnsBody:
    """An SNS message as SNS posts it to an HTTPS subscription (documentation only: the route reads
    it itself and checks its signature).

        Attributes:
            message (str): For a notification, the SES record as a JSON string.
            message_id (str):
            signature (str):
            signature_version (str): `1` (SHA1) or `2` (SHA256). Example: 2.
            signing_cert_url (str):
            timestamp (str):
            topic_arn (str):  Example: arn:aws:sns:us-east-1:123456789012:ses-events.
            type_ (str): `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`. Example: Notification.
            subject (None | str | Unset):
            subscribe_url (None | str | Unset):
            token (None | str | Unset):
    """

    message: str
    message_id: str
    signature: str
    signature_version: str
    signing_cert_url: str
    timestamp: str
    topic_arn: str
    type_: str
    subject: None | str | Unset = UNSET
    subscribe_url: None | str | Unset = UNSET
    token: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        message_id = self.message_id

        signature = self.signature

        signature_version = self.signature_version

        signing_cert_url = self.signing_cert_url

        timestamp = self.timestamp

        topic_arn = self.topic_arn

        type_ = self.type_

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        subscribe_url: None | str | Unset
        if isinstance(self.subscribe_url, Unset):
            subscribe_url = UNSET
        else:
            subscribe_url = self.subscribe_url

        token: None | str | Unset
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Message": message,
                "MessageId": message_id,
                "Signature": signature,
                "SignatureVersion": signature_version,
                "SigningCertURL": signing_cert_url,
                "Timestamp": timestamp,
                "TopicArn": topic_arn,
                "Type": type_,
            }
        )
        if subject is not UNSET:
            field_dict["Subject"] = subject
        if subscribe_url is not UNSET:
            field_dict["SubscribeURL"] = subscribe_url
        if token is not UNSET:
            field_dict["Token"] = token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("Message")

        message_id = d.pop("MessageId")

        signature = d.pop("Signature")

        signature_version = d.pop("SignatureVersion")

        signing_cert_url = d.pop("SigningCertURL")

        timestamp = d.pop("Timestamp")

        topic_arn = d.pop("TopicArn")

        type_ = d.pop("Type")

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("Subject", UNSET))

        def _parse_subscribe_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscribe_url = _parse_subscribe_url(d.pop("SubscribeURL", UNSET))

        def _parse_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("Token", UNSET))

        sns_body = cls(
            message=message,
            message_id=message_id,
            signature=signature,
            signature_version=signature_version,
            signing_cert_url=signing_cert_url,
            timestamp=timestamp,
            topic_arn=topic_arn,
            type_=type_,
            subject=subject,
            subscribe_url=subscribe_url,
            token=token,
        )

        sns_body.additional_properties = d
        return sns_body

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
