"""Shared checks for the paged working lists (practice.paging.page_of)."""

from __future__ import annotations

from math import ceil


def check_pages(browser, url, *, rows: int, size: int, count, param: str = "page", **query):
    """`rows` rows split `size` to a page, in order, with links that keep the query string;
    a page number that is not a number or is past the end gives a page, not an error.

    `count(html)` counts the rows of this list shown on a page."""
    first = browser.get(url, query).content.decode()
    assert count(first) == min(size, rows)
    pages = ceil(rows / size)
    if pages > 1:
        assert 'rel="next"' in first and f"{param}=2" in first
        for key, value in query.items():
            assert f"{key}={value}" in first  # the other parameters are kept in the link
    last = browser.get(url, {**query, param: pages}).content.decode()
    assert count(last) == rows - size * (pages - 1)
    for bad in ("abc", "0", "-3", "99999", "1.5"):
        response = browser.get(url, {**query, param: bad})
        assert response.status_code == 200
        assert 0 < count(response.content.decode()) <= size
