from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: `seed_scale` and the settings `make bench` serves with. No models."""

    name = "bench"
    verbose_name = "Benchmark"
