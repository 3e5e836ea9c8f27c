"""Schemata and properties of the entity model, as data.

Names follow FollowTheMoney (FtM) so OpenSanctions data loads as it is and FtM clients
understand our exports. Only the subset used for screening is modelled; each property
has a *type* that decides how its values are cleaned and compared.
"""

from __future__ import annotations

from enum import StrEnum


class PropType(StrEnum):
    """How a property's values are cleaned and compared."""

    NAME = "name"
    DATE = "date"
    COUNTRY = "country"
    IDENTIFIER = "identifier"
    TEXT = "text"
    ADDRESS = "address"
    ENTITY = "entity"  # a reference to another entity (id or, if unresolved, a name)
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    GENDER = "gender"
    LANGUAGE = "language"


#: Schemata embargo knows; FtM names.
SCHEMATA: tuple[str, ...] = (
    "Thing",
    "LegalEntity",
    "Person",
    "Organization",
    "Company",
    "PublicBody",
    "Vessel",
    "Airplane",
    "CryptoWallet",
)

#: Schemata that describe a party with a legal personality (can be screened as one).
PARTY_SCHEMATA: frozenset[str] = frozenset(
    {"LegalEntity", "Person", "Organization", "Company", "PublicBody"}
)

#: Which schema a query schema may match: a query for an Organization may hit a Company.
SCHEMA_PARENTS: dict[str, tuple[str, ...]] = {
    "Thing": (),
    "LegalEntity": ("Thing",),
    "Person": ("LegalEntity", "Thing"),
    "Organization": ("LegalEntity", "Thing"),
    "Company": ("Organization", "LegalEntity", "Thing"),
    "PublicBody": ("Organization", "LegalEntity", "Thing"),
    "Vessel": ("Thing",),
    "Airplane": ("Thing",),
    "CryptoWallet": ("Thing",),
}

N, D, C, ID, T = PropType.NAME, PropType.DATE, PropType.COUNTRY, PropType.IDENTIFIER, PropType.TEXT

#: Every property embargo stores, with its type. FtM names where FtM has one.
PROPERTIES: dict[str, PropType] = {
    # names
    "name": N,
    "alias": N,
    "weakAlias": N,
    "previousName": N,
    "firstName": N,
    "secondName": N,
    "middleName": N,
    "lastName": N,
    "fatherName": N,
    "motherName": N,
    "title": T,
    "position": T,
    # dates
    "birthDate": D,
    "deathDate": D,
    "incorporationDate": D,
    "dissolutionDate": D,
    "listingDate": D,
    "modifiedAt": D,
    "buildDate": D,
    # places / countries
    "birthPlace": T,
    "birthCountry": C,
    "nationality": C,
    "citizenship": C,
    "country": C,
    "jurisdiction": C,
    "mainCountry": C,
    "flag": C,
    "address": PropType.ADDRESS,
    "addressCountry": C,
    # identifiers
    "idNumber": ID,
    "passportNumber": ID,
    "taxNumber": ID,
    "registrationNumber": ID,
    "innCode": ID,
    "ogrnCode": ID,
    "leiCode": ID,
    "swiftBic": ID,
    "imoNumber": ID,
    "mmsi": ID,
    "callSign": ID,
    "serialNumber": ID,
    "publicKey": ID,
    "socialSecurityNumber": ID,
    # vessels / aircraft / wallets
    "type": T,
    "model": T,
    "tonnage": T,
    "grossRegisteredTonnage": T,
    "owner": PropType.ENTITY,
    "operator": PropType.ENTITY,
    "currency": T,
    # contact
    "email": PropType.EMAIL,
    "phone": PropType.PHONE,
    "website": PropType.URL,
    # person attributes
    "gender": PropType.GENDER,
    "religion": T,
    "education": T,
    # sanctions
    "program": T,
    "programId": T,
    "unscId": ID,  # UN Security Council reference of the designation (QDi.414), FtM name
    "sanctionsList": T,
    "authority": T,
    "reason": T,
    "notes": T,
    "summary": T,
    "sourceUrl": PropType.URL,
    "secondarySanctions": T,
    "authorityId": ID,  # the authority's own reference of the designation (EU.3579.2), FtM name
    # relations
    "associates": PropType.ENTITY,
    "linkedTo": PropType.ENTITY,
    "parent": PropType.ENTITY,
    "topics": T,
}

#: Properties holding names, strongest first.
NAME_PROPS: tuple[str, ...] = ("name", "alias", "previousName", "weakAlias")

#: Name parts that some lists publish separately.
NAME_PART_PROPS: tuple[str, ...] = (
    "firstName",
    "secondName",
    "middleName",
    "lastName",
    "fatherName",
    "motherName",
)

#: Identifier properties that alone identify a party when they agree.
STRONG_ID_PROPS: frozenset[str] = frozenset(
    {
        "imoNumber",
        "mmsi",
        "leiCode",
        "swiftBic",
        "innCode",
        "ogrnCode",
        "publicKey",
        "passportNumber",
    }
)


def is_schema_compatible(query_schema: str, candidate_schema: str) -> bool:
    """True when a query of one schema may be the same party as a listed one.

    `LegalEntity` and `Thing` are generic and fit any party; two different concrete
    schemata (Person vs Vessel, Person vs Organization) do not.
    """
    if query_schema == candidate_schema:
        return True
    if query_schema in SCHEMA_PARENTS.get(candidate_schema, ()):
        return True
    return candidate_schema in SCHEMA_PARENTS.get(query_schema, ())
