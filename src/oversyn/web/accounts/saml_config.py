"""pysaml2's SP configuration from the environment (imported by the settings, so it imports
nothing of Django's apps)."""

from __future__ import annotations

import os
import shutil
from typing import Any


def saml_config_from_env() -> dict[str, Any]:
    """pysaml2's SP configuration. ``OVERSYN_BASE_URL`` is where the IdP reaches us;
    ``OVERSYN_SAML_IDP_METADATA`` is the IdP's (or the federation's) metadata file, or
    ``OVERSYN_SAML_IDP_METADATA_URL`` its address; ``OVERSYN_SAML_KEY`` / ``OVERSYN_SAML_CERT``
    the SP's signing key and certificate (PEM files)."""
    import saml2
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

    base = os.environ.get("OVERSYN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    metadata: dict[str, Any] = {}
    if os.environ.get("OVERSYN_SAML_IDP_METADATA"):
        metadata["local"] = [os.environ["OVERSYN_SAML_IDP_METADATA"]]
    if os.environ.get("OVERSYN_SAML_IDP_METADATA_URL"):
        metadata["remote"] = [{"url": os.environ["OVERSYN_SAML_IDP_METADATA_URL"]}]
    key, cert = os.environ.get("OVERSYN_SAML_KEY"), os.environ.get("OVERSYN_SAML_CERT")
    config: dict[str, Any] = {
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": os.environ.get("OVERSYN_SAML_ENTITY_ID", f"{base}/saml2/metadata/"),
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
