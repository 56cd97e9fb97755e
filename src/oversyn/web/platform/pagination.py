"""Lists of a case page in pages (``?sida=N``), with Django's :class:`Paginator`.

A large municipality has thousands of interactions and audit rows; a page shows
:data:`PER_PAGE` of them and the shared include ``platform/_pagination.html`` links the others
(keeping the page's other query parameters).  A page number that is no number, or past the
end, shows the nearest page rather than an error.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

#: The query parameter that names the page.
PARAM = "sida"
#: Rows per page unless the list says otherwise.
PER_PAGE = 50


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> dict[str, Any]:
    """The page of ``items`` (a list or a query set) that ``?sida=`` asks for, as the context
    the include needs: ``page_obj`` (the rows are ``page_obj.object_list``) and ``page_query``
    (the other query parameters, to keep in the links)."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    page: Page[Any] = paginator.get_page(request.GET.get(PARAM))
    query = request.GET.copy()
    query.pop(PARAM, None)
    encoded = query.urlencode()
    return {
        "page_obj": page,
        "page_query": f"{encoded}&" if encoded else "",
        "page_param": PARAM,
    }


__all__ = ["PARAM", "PER_PAGE", "paginate"]
