"""XML Schema validation against the schemas the package carries, offline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from lxml import etree

SCHEMAS = Path(str(resources.files("oversyn.documents.archive").joinpath("schemas")))


class _Local(etree.Resolver):
    """Imports by URL (mets.xsd imports the loc.gov xlink.xsd) resolve to the local copy."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        local = SCHEMAS / str(url).rsplit("/", 1)[-1]
        if local.is_file():
            return self.resolve_filename(str(local), context)
        return None


def schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def schema_errors(name: str, data: bytes) -> list[str]:
    xsd = schema(name)
    ok = xsd.validate(etree.fromstring(data))
    return [] if ok else [f"{e.line}: {e.message}" for e in xsd.error_log]
