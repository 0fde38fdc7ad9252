from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.scope_name import ScopeName
from ..models.tier import Tier
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.client_body_metadata import ClientBodyMetadata


T = TypeVar("T", bound="ClientBody")


@_attrs_define
class ClientBody:
    """A new API client.

    Attributes:
        contact_email (str):  Example: dev@acme.example.
        name (str):  Example: Acme CRM sync.
        scopes (list[ScopeName]): Scopes the client's keys and tokens may be given (`GET /v1/scopes`); each must be
            something
            the creating user may do.
        description (None | str | Unset):
        logo_url (None | str | Unset):
        metadata (ClientBodyMetadata | Unset): Your own labels: at most 20 keys (1 to 40 letters, digits, `_ . : -`),
            each a string of at
            most 500 characters, a number or a boolean.
        rate_limit_tier (Tier | Unset):
        redirect_uris (list[str] | Unset): https URLs (OAuth2 redirect URIs), at most 10.
        website (None | str | Unset):
    """

    contact_email: str
    name: str
    scopes: list[ScopeName]
    description: None | str | Unset = UNSET
    logo_url: None | str | Unset = UNSET
    metadata: ClientBodyMetadata | Unset = UNSET
    rate_limit_tier: Tier | Unset = UNSET
    redirect_uris: list[str] | Unset = UNSET
    website: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact_email = self.contact_email

        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

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

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        rate_limit_tier: str | Unset = UNSET
        if not isinstance(self.rate_limit_tier, Unset):
            rate_limit_tier = self.rate_limit_tier.value

        redirect_uris: list[str] | Unset = UNSET
        if not isinstance(self.redirect_uris, Unset):
            redirect_uris = self.redirect_uris

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_email": contact_email,
                "name": name,
                "scopes": scopes,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if rate_limit_tier is not UNSET:
            field_dict["rate_limit_tier"] = rate_limit_tier
        if redirect_uris is not UNSET:
            field_dict["redirect_uris"] = redirect_uris
        if website is not UNSET:
            field_dict["website"] = website

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_body_metadata import ClientBodyMetadata  # noqa: PLC0415

        d = dict(src_dict)
        contact_email = d.pop("contact_email")

        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = ScopeName(scopes_item_data)

            scopes.append(scopes_item)

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

        _metadata = d.pop("metadata", UNSET)
        metadata: ClientBodyMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ClientBodyMetadata.from_dict(_metadata)

        _rate_limit_tier = d.pop("rate_limit_tier", UNSET)
        rate_limit_tier: Tier | Unset
        if isinstance(_rate_limit_tier, Unset):
            rate_limit_tier = UNSET
        else:
            rate_limit_tier = Tier(_rate_limit_tier)

        redirect_uris = cast(list[str], d.pop("redirect_uris", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        client_body = cls(
            contact_email=contact_email,
            name=name,
            scopes=scopes,
            description=description,
            logo_url=logo_url,
            metadata=metadata,
            rate_limit_tier=rate_limit_tier,
            redirect_uris=redirect_uris,
            website=website,
        )

        return client_body
