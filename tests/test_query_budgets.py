"""A query budget counts every query of the block, however many came before it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice.models import User


@pytest.mark.django_db
def test_a_budget_after_a_full_query_log_still_sees_the_blocks_queries(
    django_assert_max_num_queries,
):
    with CaptureQueriesContext(connection):  # a large seed, logged
        for _ in range(connection.queries_limit + 10):
            User.objects.exists()
    with (
        pytest.raises(pytest.fail.Exception, match="Expected to perform 0 queries or less"),
        django_assert_max_num_queries(0),
    ):
        User.objects.exists()
