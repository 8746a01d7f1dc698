# Berth — two commands on a fresh Debian machine:
#   make up     install what is missing, start the Docker engine if needed, build, start berthd in the background
#   make test   the whole test suite (unit, integration against the real engine, SDK conformance, acceptance)
#   make down   stop berthd
.PHONY: up down test build bench tutorial clean

up:
	@scripts/up.sh

down:
	@scripts/down.sh

test:
	@scripts/test.sh

build:
	@scripts/build.sh

bench:
	@bench/task-start/run.sh
	@bench/load-balancer/run.sh

# The Fargate tutorial with the seed's Flask app against the running Berth (builds a Debian image offline first).
tutorial:
	@tests/tutorial/flask-tutorial.sh

clean:
	rm -rf artifacts
