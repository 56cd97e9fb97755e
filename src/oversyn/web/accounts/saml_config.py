"""pysaml2's SP configuration from the environment (imported by the settings, so it imports
nothing of Django's apps)."""

from __future__ import annotations

import os
import shutil
from typing import Any


def saml_config_from_env() -> dict[str, Any]:
    """pysaml2's SP configuration from the environment: ``OVERSYN_BASE_URL`` is where the IdP
    reaches us; ``OVERSYN_SAML_IDP_METADATA`` is the IdP's (or the federation's) metadata file,
    or ``OVERSYN_SAML_IDP_METADATA_URL`` its address; ``OVERSYN_SAML_KEY`` /
    ``OVERSYN_SAML_CERT`` the SP's signing key and certificate (PEM files);
    ``OVERSYN_SAML_ENTITY_ID`` the SP's entity id (default: its metadata address)."""
    return saml_config(
        base=os.environ.get("OVERSYN_BASE_URL", "http://127.0.0.1:8000"),
        metadata_file=os.environ.get("OVERSYN_SAML_IDP_METADATA"),
        metadata_url=os.environ.get("OVERSYN_SAML_IDP_METADATA_URL"),
        key=os.environ.get("OVERSYN_SAML_KEY"),
        cert=os.environ.get("OVERSYN_SAML_CERT"),
        entity_id=os.environ.get("OVERSYN_SAML_ENTITY_ID"),
    )


def saml_config(
    *,
    base: str,
    metadata_file: str | None = None,
    metadata_url: str | None = None,
    key: str | None = None,
    cert: str | None = None,
    entity_id: str | None = None,
) -> dict[str, Any]:
    """pysaml2's SP configuration (djangosaml2's ``SAML_CONFIG``)."""
    import saml2
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

    base = base.rstrip("/")
    metadata: dict[str, Any] = {}
    if metadata_file:
        metadata["local"] = [metadata_file]
    if metadata_url:
        metadata["remote"] = [{"url": metadata_url}]
    config: dict[str, Any] = {
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": entity_id or f"{base}/saml2/metadata/",
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Översyn",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED],
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{base}/saml2/acs/", saml2.BINDING_HTTP_POST),
                    ],
                    "single_logout_service": [
                        (f"{base}/saml2/ls/", saml2.BINDING_HTTP_REDIRECT),
                        (f"{base}/saml2/ls/post/", saml2.BINDING_HTTP_POST),
                    ],
                },
                "required_attributes": [],
                "want_response_signed": False,
                "want_assertions_signed": True,
                "authn_requests_signed": bool(key),
                "logout_requests_signed": bool(key),
                "logout_responses_signed": bool(key),
                "allow_unsolicited": False,
            }
        },
        "metadata": metadata,
        "debug": 0,
    }
    if key and cert:
        config["key_file"] = key
        config["cert_file"] = cert
        config["encryption_keypairs"] = [{"key_file": key, "cert_file": cert}]
    return config
