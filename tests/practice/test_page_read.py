"""One query for a short list's page and its length, with the same answers as Django's
paginator for every page number, good or bad; note previews without Django's Truncator."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template.defaultfilters import truncatechars

from practice.models import User
from practice.paging import page_read
from records.services.reading import PREVIEW_CHARACTERS, RevealedNote
from tests.conftest import make_staff


@pytest.fixture
def staff(db):
    for n in range(7):
        make_staff(f"person{n}")
    return User.objects.order_by("username", "pk")


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "two", 2])
def test_the_page_is_the_one_djangos_paginator_gives(staff, number):
    expected = Paginator(staff, 3).get_page(number)
    page = page_read(staff, number, size=3)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == staff.count()
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert [u.pk for u in page.object_list] == [u.pk for u in expected.object_list]
    assert isinstance(page.object_list, list)  # already read: templates do no queries


def test_a_page_and_its_count_are_one_query(staff, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_read(staff, "2", size=3)
        assert page.paginator.count == 7 and page.has_next()


def test_an_empty_list_is_one_empty_page(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_read(User.objects.filter(pk=-1).order_by("pk"), None, size=3)
    assert page.paginator.count == 0 and list(page.object_list) == []


@pytest.mark.parametrize("length", [0, 1, PREVIEW_CHARACTERS - 1, PREVIEW_CHARACTERS, 601, 5000])
def test_a_preview_is_what_truncatechars_gives(length):
    body = ("word ünïcode " * 500)[:length]
    assert RevealedNote(note=None, body=body, addenda=[]).preview == truncatechars(
        body, PREVIEW_CHARACTERS
    )
