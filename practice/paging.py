"""One page of a working list, already read, so templates do no database work.

Every list page uses this with `templates/includes/pagination.html`: the page size comes
from `settings.LIST_PAGE_SIZE`, and a page number that is not a number, or is past the
end, gives the first or the last page (Django's `Paginator.get_page`), never an error.
The queryset must be ordered stably (a unique last key), or rows can repeat across pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Func, IntegerField, QuerySet, Subquery, Value


def page_of(rows, number, *, size: int | None = None) -> Page:
    page = Paginator(rows, size or settings.LIST_PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    return page


def page_read(rows: QuerySet, number, *, size: int) -> Page:
    """`page_of` in one query for a short list (one client's notes, a caseload): the page's
    rows carry the list's length, counted by an uncorrelated subquery the database runs
    once, instead of a COUNT query before the page. A page past the end, or a number that
    is not one, falls back to `page_of` (two queries), with the same answer."""
    try:
        wanted = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        wanted = 0
    if wanted < 1:
        return page_of(rows, number, size=size)
    counted = rows.order_by().values(
        _n=Func(Value(1), function="COUNT", output_field=IntegerField())
    )
    found = list(rows.annotate(_list_length=Subquery(counted))[(wanted - 1) * size : wanted * size])
    if not found and wanted > 1:
        return page_of(rows, number, size=size)
    paginator = Paginator(rows, size)
    paginator.count = found[0]._list_length if found else 0  # what `count` would ask
    page = paginator.page(wanted)
    page.object_list = found
    return page
