# surgesim: every target bootstraps (installs missing Debian packages) and builds what it needs.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
OUT        ?= out

RELEASE_FLAGS = -DCMAKE_BUILD_TYPE=Release -DSURGESIM_WERROR=ON -DPython3_EXECUTABLE=/usr/bin/python3
ASAN_FLAGS    = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSURGESIM_WERROR=ON -DSURGESIM_SANITIZE=ON \
                -DSURGESIM_BUILD_BENCH=OFF -DPython3_EXECUTABLE=/usr/bin/python3

.PHONY: all bootstrap build test test-release test-asan bench bench-city demo format format-check clean

all: build

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	cmake -S . -B $(BUILD) $(RELEASE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# The whole suite, optimised and then under AddressSanitizer + UndefinedBehaviorSanitizer.
test: test-release test-asan

test-release: build
	cd $(BUILD) && ctest -j$(JOBS) --output-on-failure

test-asan: bootstrap
	cmake -S . -B $(ASAN_BUILD) $(ASAN_FLAGS) >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest -j$(JOBS) --output-on-failure

bench: build
	$(BUILD)/bin/surgesim_bench --benchmark_min_time=0.2
	/usr/bin/python3 bench/compare_simpy.py --bin $(BUILD)/bin

# The city scenario at 1 M, 4 M and 21.84 M people on 1 and 2 threads (about 2 minutes).
bench-city: build
	/usr/bin/python3 bench/city_scale.py --bin $(BUILD)/bin

# The main job: Beijing's December 2022 wave, the whole city (21.84 M people) with its 1,263 fever
# clinics, through the CLI; outputs (summary.json, epidemic_timeseries.csv, timeseries.csv,
# resolved.yaml) in $(OUT)/beijing-2022-12.
demo: build
	$(BUILD)/bin/surgesim run scenarios/beijing-2022-12.yaml --out $(OUT)/beijing-2022-12

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
