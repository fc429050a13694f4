"""The method (DESIGN §7) a category goes to when nothing else decides it: no database, so the batch CLI uses it
as it is and ``routing`` starts from it before looking at the network."""

from jiefen.core.taxonomy import Category, Method

METHOD_BY_CATEGORY: dict[str, str] = {
    Category.MEDICAL: Method.INDUSTRY_MEDIATION,
    Category.TRAFFIC: Method.INDUSTRY_MEDIATION,
    Category.ADMINISTRATIVE: Method.ADMINISTRATIVE_RECONSIDERATION,
    Category.INTELLECTUAL_PROPERTY: Method.LAWYER_MEDIATION,
}


def default_method(category: str) -> str:
    return str(METHOD_BY_CATEGORY.get(category, Method.PEOPLES_MEDIATION))
