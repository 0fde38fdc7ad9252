from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.client_status import ClientStatus
from ..models.tier import Tier
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.client_view_metadata import ClientViewMetadata


T = TypeVar("T", bound="ClientView")


@_attrs_define
class ClientView:
    """An API client as the API shows it.

    Attributes:
        contact_email (str):
        created_at (str):
        gateway_synced (bool): Whether API Gateway's usage plan registration has caught up.
        id (str):
        metadata (ClientViewMetadata):
        name (str):
        rate_limit_tier (Tier):
        redirect_uris (list[str]):
        scopes (list[str]):
        status (ClientStatus):
        updated_at (str):
        description (None | str | Unset):
        logo_url (None | str | Unset):
        website (None | str | Unset):
    """

    contact_email: str
    created_at: str
    gateway_synced: bool
    id: str
    metadata: ClientViewMetadata
    name: str
    rate_limit_tier: Tier
    redirect_uris: list[str]
    scopes: list[str]
    status: ClientStatus
    updated_at: str
    description: None | str | Unset = UNSET
    logo_url: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_email = self.contact_email

        created_at = self.created_at

        gateway_synced = self.gateway_synced

        id = self.id

        metadata = self.metadata.to_dict()

        name = self.name

        rate_limit_tier = self.rate_limit_tier.value

        redirect_uris = self.redirect_uris

        scopes = self.scopes

        status = self.status.value

        updated_at = self.updated_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        logo_url: None | str | Unset
        if isinstance(self.logo_url, Unset):
            logo_url = UNSET
        else:
            logo_url = self.logo_url

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_email": contact_email,
                "created_at": created_at,
                "gateway_synced": gateway_synced,
                "id": id,
                "metadata": metadata,
                "name": name,
                "rate_limit_tier": rate_limit_tier,
                "redirect_uris": redirect_uris,
                "scopes": scopes,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if website is not UNSET:
            field_dict["website"] = website

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_view_metadata import ClientViewMetadata  # noqa: PLC0415

        d = dict(src_dict)
        contact_email = d.pop("contact_email")

        created_at = d.pop("created_at")

        gateway_synced = d.pop("gateway_synced")

        id = d.pop("id")

        metadata = ClientViewMetadata.from_dict(d.pop("metadata"))

        name = d.pop("name")

        rate_limit_tier = Tier(d.pop("rate_limit_tier"))

        redirect_uris = cast(list[str], d.pop("redirect_uris"))

        scopes = cast(list[str], d.pop("scopes"))

        status = ClientStatus(d.pop("status"))

        updated_at = d.pop("updated_at")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_logo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo_url = _parse_logo_url(d.pop("logo_url", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        client_view = cls(
            contact_email=contact_email,
            created_at=created_at,
            gateway_synced=gateway_synced,
            id=id,
            metadata=metadata,
            name=name,
            rate_limit_tier=rate_limit_tier,
            redirect_uris=redirect_uris,
            scopes=scopes,
            status=status,
            updated_at=updated_at,
            description=description,
            logo_url=logo_url,
            website=website,
        )

        client_view.additional_properties = d
        return client_view

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
