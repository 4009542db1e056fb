"""M/M/c FIFO queue in SimPy 2 (Debian's python3-simpy), the same model as build/bin/mmc."""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, Simulation, hold, release, request


class Customer(Process):
    def visit(self, server, mu, rng, waits):
        arrived = self.sim.now()
        yield request, self, server
        waits.append(self.sim.now() - arrived)
        yield hold, self, rng.expovariate(mu)
        yield release, self, server


class Source(Process):
    def generate(self, n, lam, mu, server, rng, waits):
        for _ in range(n):
            yield hold, self, rng.expovariate(lam)
            c = Customer(sim=self.sim)
            self.sim.activate(c, c.visit(server, mu, rng, waits))


def run(servers, lam, mu, customers, seed):
    sim = Simulation()
    sim.initialize()
    server = Resource(capacity=servers, sim=sim)
    rng = random.Random(seed)
    waits = []
    src = Source(sim=sim)
    sim.activate(src, src.generate(customers, lam, mu, server, rng, waits))
    t0 = time.perf_counter()
    sim.simulate(until=1e18)
    wall = time.perf_counter() - t0
    return sum(waits) / len(waits), sum(1 for w in waits if w > 0) / len(waits), wall


if __name__ == "__main__":
    c, lam, mu, n = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    mean_wait, p_wait, wall = run(c, lam, mu, n, 1)
    print(f"{mean_wait} {p_wait} {wall}")
