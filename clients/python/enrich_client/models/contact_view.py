from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contact_status import ContactStatus
from ..models.validation import Validation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_view_attributes import ContactViewAttributes


T = TypeVar("T", bound="ContactView")


@_attrs_define
class ContactView:
    """A contact as the API shows it.

    Attributes:
        attributes (ContactViewAttributes):
        created_at (str):
        email (str):  Example: ana.souza@globex.com.
        id (str):
        status (ContactStatus):
        tags (list[str]): Tag slugs, sorted.
        updated_at (str):
        validation (Validation):
        version (int):
        country (None | str | Unset): ISO 3166-1 alpha-2. Example: BR.
        first_name (None | str | Unset):
        language (None | str | Unset): BCP 47. Example: pt-BR.
        last_name (None | str | Unset):
        person_id (None | str | Unset):
        source (None | str | Unset):
    """

    attributes: ContactViewAttributes
    created_at: str
    email: str
    id: str
    status: ContactStatus
    tags: list[str]
    updated_at: str
    validation: Validation
    version: int
    country: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    language: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    person_id: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attributes = self.attributes.to_dict()

        created_at = self.created_at

        email = self.email

        id = self.id

        status = self.status.value

        tags = self.tags

        updated_at = self.updated_at

        validation = self.validation.value

        version = self.version

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        person_id: None | str | Unset
        if isinstance(self.person_id, Unset):
            person_id = UNSET
        else:
            person_id = self.person_id

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "created_at": created_at,
                "email": email,
                "id": id,
                "status": status,
                "tags": tags,
                "updated_at": updated_at,
                "validation": validation,
                "version": version,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if language is not UNSET:
            field_dict["language"] = language
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if person_id is not UNSET:
            field_dict["person_id"] = person_id
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_view_attributes import ContactViewAttributes  # noqa: PLC0415

        d = dict(src_dict)
        attributes = ContactViewAttributes.from_dict(d.pop("attributes"))

        created_at = d.pop("created_at")

        email = d.pop("email")

        id = d.pop("id")

        status = ContactStatus(d.pop("status"))

        tags = cast(list[str], d.pop("tags"))

        updated_at = d.pop("updated_at")

        validation = Validation(d.pop("validation"))

        version = d.pop("version")

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_person_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person_id = _parse_person_id(d.pop("person_id", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        contact_view = cls(
            attributes=attributes,
            created_at=created_at,
            email=email,
            id=id,
            status=status,
            tags=tags,
            updated_at=updated_at,
            validation=validation,
            version=version,
            country=country,
            first_name=first_name,
            language=language,
            last_name=last_name,
            person_id=person_id,
            source=source,
        )

        contact_view.additional_properties = d
        return contact_view

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
