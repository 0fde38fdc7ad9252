from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NewMailwizzInput")


@_attrs_define
class NewMailwizzInput:
    """MailWizz settings of a new profile: the API key is required.

    Attributes:
        api_key (str): The install's API key (required on create; on replace, absent keeps the stored key).
        api_url (str): The install's API base, e.g. `https://mail.acme.com/api`. Example: https://mail.acme.com/api.
        list_uid (str): The list contacts are synced into and campaigns are sent to. Example: ab12cd34ef.
    """

    api_key: str
    api_url: str
    list_uid: str

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        api_url = self.api_url

        list_uid = self.list_uid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_key": api_key,
                "api_url": api_url,
                "list_uid": list_uid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("api_key")

        api_url = d.pop("api_url")

        list_uid = d.pop("list_uid")

        new_mailwizz_input = cls(
            api_key=api_key,
            api_url=api_url,
            list_uid=list_uid,
        )

        return new_mailwizz_input
