from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Template")


@_attrs_define
class Template:
    """A template as stored and shown.

    Attributes:
        created_at (str):
        html (str):
        id (str):
        language (str): BCP 47: the language of its text (how a group picks it). Example: pt-BR.
        name (str):
        subject (str):
        updated_at (str):
        version (int):
        group (None | str | Unset): The group it belongs to (a slug), at most one template per language.
        text (None | str | Unset):
    """

    created_at: str
    html: str
    id: str
    language: str
    name: str
    subject: str
    updated_at: str
    version: int
    group: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        html = self.html

        id = self.id

        language = self.language

        name = self.name

        subject = self.subject

        updated_at = self.updated_at

        version = self.version

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "html": html,
                "id": id,
                "language": language,
                "name": name,
                "subject": subject,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if group is not UNSET:
            field_dict["group"] = group
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        html = d.pop("html")

        id = d.pop("id")

        language = d.pop("language")

        name = d.pop("name")

        subject = d.pop("subject")

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        template = cls(
            created_at=created_at,
            html=html,
            id=id,
            language=language,
            name=name,
            subject=subject,
            updated_at=updated_at,
            version=version,
            group=group,
            text=text,
        )

        template.additional_properties = d
        return template

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
