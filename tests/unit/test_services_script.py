"""scripts/services.sh picks its ports: the private ones when free, others when taken."""

import socket
import subprocess
from pathlib import Path

SERVICES = Path(__file__).parents[2] / "scripts" / "services.sh"


def free_port_for(preferred: int) -> int:
    finished = subprocess.run(  # noqa: S603 (our own script)
        ["/bin/bash", "-c", f'source "{SERVICES}" && services_free_port {preferred}'],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_a_free_preferred_port_is_kept() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert free_port_for(port) == port


def test_a_taken_port_is_replaced_by_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        chosen = free_port_for(port)
        assert chosen != port
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", chosen))  # free indeed
