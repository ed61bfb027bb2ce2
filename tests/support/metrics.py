"""Reading figures back from a Prometheus scrape, as Prometheus would."""

from prometheus_client.parser import text_string_to_metric_families


def figure(scrape: str, name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels` (0 if none)."""
    total = 0.0
    for family in text_string_to_metric_families(scrape):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total
