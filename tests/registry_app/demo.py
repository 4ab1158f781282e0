from django.core.cache import cache

SEEDED_KEY = "registry_app:seeded"


def seed_registry_app() -> None:
    # No models of its own: the cache shows that seed_demo ran this seeder,.
    cache.set(SEEDED_KEY, cache.get(SEEDED_KEY, 0) + 1)
