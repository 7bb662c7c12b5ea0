"""Pagination whose cost does not grow with the table: counts stop at a bound.

Django's paginator counts every matching row before it shows the first 25; over a district that is a
COUNT(*) of tens of thousands of rows on every page view, for a figure nobody reads past "a lot". Here the
count is `SELECT COUNT(*) FROM (… LIMIT bound + 1)`: up to the bound (settings.LIST_COUNT_BOUND,
1,000) the page says how many rows and pages there are, as before; past it, "1,000+", and the pages go on
one "next" at a time (each page reads one row more than it shows to know whether another follows).
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

DEFAULT_BOUND = 1000


class BoundedPage(Page):
    """A page past the bound: whether another follows is known from the extra row read, not from a count."""

    def __init__(self, object_list, number, paginator, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class BoundedPaginator(Paginator):
    @cached_property
    def bound(self) -> int:
        return int(getattr(settings, "LIST_COUNT_BOUND", DEFAULT_BOUND))

    @cached_property
    def count(self) -> int:
        """Matching rows, counted up to `bound + 1` (ordering dropped: it changes nothing in a count)."""
        qs = self.object_list
        if hasattr(qs, "order_by") and hasattr(qs, "query"):
            return qs.order_by()[: self.bound + 1].count()
        return min(len(qs), self.bound + 1)

    @property
    def over_bound(self) -> bool:
        return self.count > self.bound

    @property
    def count_label(self) -> str:
        """What the page shows for the count: the number, or "1,000+" past the bound."""
        return f"{self.bound:,}+" if self.over_bound else str(self.count)

    @cached_property
    def num_pages(self):
        """Pages up to the bound; past it the last page is not known (and not asked for)."""
        if self.over_bound:
            return None
        return super().num_pages

    def validate_number(self, number):
        if not self.over_bound:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码不是整数") from None
        if number < 1:
            raise EmptyPage("页码小于 1")
        return number

    def page(self, number):
        if not self.over_bound:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("该页没有记录")
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
