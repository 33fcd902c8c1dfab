"""One page of a working list, already read, so templates do no database work.

Every list page uses this with `templates/includes/pagination.html`: the page size comes
from `settings.LIST_PAGE_SIZE`, and a page number that is not a number, or is past the
end, gives the first or the last page (Django's `Paginator.get_page`), never an error.
The queryset must be ordered stably (a unique last key), or rows can repeat across pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator


def page_of(rows, number, *, size: int | None = None) -> Page:
    page = Paginator(rows, size or settings.LIST_PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    return page
