from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_body_contact_type_0 import PreviewBodyContactType0


T = TypeVar("T", bound="PreviewBody")


@_attrs_define
class PreviewBody:
    """Whom to render a preview for: a stored contact, or sample contact fields.

    Attributes:
        contact (None | PreviewBodyContactType0 | Unset): Sample fields (`email`, `first_name`, `last_name`, `language`,
            `country`, `attributes`).
        contact_id (None | str | Unset):
    """

    contact: None | PreviewBodyContactType0 | Unset = UNSET
    contact_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_body_contact_type_0 import PreviewBodyContactType0  # noqa: PLC0415

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, PreviewBodyContactType0):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if contact is not UNSET:
            field_dict["contact"] = contact
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_body_contact_type_0 import PreviewBodyContactType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_contact(data: object) -> None | PreviewBodyContactType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_type_0 = PreviewBodyContactType0.from_dict(data)

                return contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewBodyContactType0 | Unset, data)

        contact = _parse_contact(d.pop("contact", UNSET))

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        preview_body = cls(
            contact=contact,
            contact_id=contact_id,
        )

        return preview_body
