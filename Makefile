# Makefile — fazhi: one C binary. See README.md.
#   make            build build/rel/fazhi (-Werror)
#   make demo       install missing packages, build, load the demo district, serve it
#   make check      build and run every test: unit, HTTP, sanitizers (clang ASan+UBSan),
#                   a short fuzz run, the browser test
#   make check-pg   the unit, HTTP and browser tests again on a private PostgreSQL in build/pg
#   make fuzz       run every fuzz target longer (FUZZ_SECONDS each)
#   make lint       clang-tidy and cppcheck over src/
#   SANITIZE=1      build with clang AddressSanitizer + UndefinedBehaviorSanitizer

CC ?= cc
SANITIZE ?=
ifeq ($(SANITIZE),1)
  CC := clang
  VARIANT := san
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  # the font and layout libraries' process-wide caches are not leaks (tests/lsan.supp)
  TEST_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp
else
  VARIANT := rel
  OPT := -O2 -g
endif
# O=DIR builds elsewhere (several builds side by side).
BUILD := $(if $(O),$(O),build/$(VARIANT))

PKGS := libmicrohttpd sqlite3 libpq jansson libargon2 libcrypto libqrencode xlsxwriter pangocairo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla -Wpointer-arith -Wno-missing-field-initializers
CFLAGS_ALL := -std=c17 -D_DEFAULT_SOURCE $(WARN) $(OPT) $(CFLAGS) $(PKG_CFLAGS) -Isrc -MMD -MP
LDFLAGS_ALL := $(OPT) $(LDFLAGS)

LIB_SRC := $(shell find src -name '*.c' ! -path 'src/cli/main.c' | sort)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
TESTDB_SRC := tests/common/testdb.c
UNIT_SRC := $(wildcard tests/unit/*.c) $(TESTDB_SRC)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
HTTP_SRC := $(wildcard tests/http/*.c) $(TESTDB_SRC)
HTTP_OBJ := $(HTTP_SRC:%.c=$(BUILD)/%.o)

FAZHI := $(BUILD)/fazhi
UNIT := $(BUILD)/unit-tests
HTTPT := $(BUILD)/http-tests

.PHONY: all check check-unit check-http check-san check-fuzz check-browser check-clang \
        check-pg pg-start pg-stop demo deps fuzz lint bench clean
all: $(FAZHI) $(UNIT) $(HTTPT)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

# The built-in web assets (.incbin) are not seen by -MMD.
$(BUILD)/src/http/assets.o: $(wildcard web/*)

$(BUILD)/libfazhi.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FAZHI): $(BUILD)/src/cli/main.o $(BUILD)/libfazhi.a
	@echo "  LD  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(UNIT): $(UNIT_OBJ) $(BUILD)/libfazhi.a
	@echo "  LD  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(HTTPT): $(HTTP_OBJ) $(BUILD)/libfazhi.a
	@echo "  LD  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

# ---- set-up ---------------------------------------------------------------------------------
build/.deps-ok: scripts/setup-deps.sh
	scripts/setup-deps.sh
	@mkdir -p build && touch $@
deps: build/.deps-ok

# ---- demo -----------------------------------------------------------------------------------
DEMO_DB ?= var/demo.db
DEMO_LISTEN ?= 127.0.0.1:8080
demo: deps
	$(MAKE) $(FAZHI)
	@mkdir -p var
	$(FAZHI) demo --db $(DEMO_DB) --force
	$(FAZHI) serve --db $(DEMO_DB) --listen $(DEMO_LISTEN)

# ---- tests ----------------------------------------------------------------------------------
check: deps
	$(MAKE) all
	$(MAKE) check-unit check-http
	$(MAKE) check-pg
	$(MAKE) check-clang
	$(MAKE) SANITIZE=1 all
	$(MAKE) SANITIZE=1 check-unit check-http
	$(MAKE) SANITIZE=1 check-pg
	$(MAKE) check-fuzz
	$(MAKE) check-browser
	@echo "make check: all suites passed"

# FAZHI_TEST_PG=postgresql://…/ (a server's base URL; the tests add a database name) runs
# the tests on PostgreSQL as well; check-pg sets it.
PG_ENV = $(if $(FAZHI_TEST_PG),FAZHI_TEST_PG='$(FAZHI_TEST_PG)')

check-unit: $(UNIT) $(FAZHI)
	$(TEST_ENV) $(PG_ENV) FAZHI_DATA=data $(UNIT)

check-http: $(HTTPT) $(FAZHI)
	$(TEST_ENV) $(PG_ENV) FAZHI_DATA=data FAZHI_BIN=$(FAZHI) $(HTTPT)

# A private PostgreSQL 15 cluster for the tests (scripts/pg-cluster.sh): build/pg, listening
# on 127.0.0.1:54329 (or the next free port) only. check-pg runs it with PG_FAST=1 (no
# fsync) and stops it afterwards, also when a test fails or on Ctrl-C, keeping the status.
PG_DIR := build/pg
pg-start:
	scripts/pg-cluster.sh start $(PG_DIR)
pg-stop:
	scripts/pg-cluster.sh stop $(PG_DIR)
check-pg: $(UNIT) $(HTTPT) $(FAZHI)
	@trap 'scripts/pg-cluster.sh stop $(PG_DIR)' EXIT; trap 'exit 130' INT TERM; \
	PG_FAST=1 scripts/pg-cluster.sh start $(PG_DIR) && \
	url=$$(scripts/pg-cluster.sh url $(PG_DIR)) && \
	$(MAKE) check-unit check-http FAZHI_TEST_PG="$$url" && \
	if [ "$(SANITIZE)" != 1 ]; then \
	    PGOPTIONS='-c client_min_messages=warning' psql "$${url}postgres" -qc 'DROP DATABASE IF EXISTS fz_browser' \
	        -c 'CREATE DATABASE fz_browser' && \
	    FAZHI_BROWSER_DB="$${url}fz_browser" tests/browser/run.sh $(FAZHI); fi

# Compile every file with clang too, so both compilers stay clean at -Werror (the sanitizer
# build below is clang as well; this also covers files it would not rebuild).
check-clang: build/clang.ok
build/clang.ok: $(LIB_SRC) src/cli/main.c $(UNIT_SRC) $(HTTP_SRC) $(wildcard src/*/*.h)
	@mkdir -p build
	@for f in $(LIB_SRC) src/cli/main.c $(UNIT_SRC) $(HTTP_SRC); do \
	    clang -std=c17 -D_DEFAULT_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc -fsyntax-only $$f \
	    || exit 1; done
	@touch $@

FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 300
FUZZ_BUILD := build/fuzz
FUZZ_FLAGS := -std=c17 -D_DEFAULT_SOURCE $(WARN) -O1 -g -fsanitize=address,undefined \
              $(PKG_CFLAGS) -Isrc
FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $< (fuzz)"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(FUZZ_BUILD)/src/http/assets.o: $(wildcard web/*)
$(FUZZ_BUILD)/libfazhi.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^
$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libfazhi.a
	@echo "  LD  $@"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libfazhi.a $(PKG_LIBS)
# Each target runs FUZZ_SECONDS on its committed seeds plus what it found before (kept out
# of git in build/fuzz-corpus); check-fuzz runs each for 10 s.
define run_fuzz
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz-corpus/$$t; \
	    echo "  FUZZ $$t ($(1) s)"; \
	    if ! FAZHI_DATA=data $(FUZZ_BUILD)/$$t -max_total_time=$(1) -max_len=65536 \
	        -artifact_prefix=build/fuzz/ build/fuzz-corpus/$$t fuzz/corpus/$$t \
	        > build/fuzz/$$t.log 2>&1; then \
	        tail -n 40 build/fuzz/$$t.log; echo "fuzz target $$t failed"; exit 1; fi; \
	    tail -n 1 build/fuzz/$$t.log; \
	done
endef
check-fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
	$(call run_fuzz,10)
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
	$(call run_fuzz,$(FUZZ_SECONDS))

check-browser: $(FAZHI)
	tests/browser/run.sh $(FAZHI)

# clang-tidy (.clang-tidy: bug-prone checks fail the target; the analyser's findings are
# printed for review) and cppcheck. NULL ends our variadic attribute lists on purpose (glibc
# defines it as a pointer), hence varFuncNullUB is off.
lint:
	clang-tidy --quiet $(LIB_SRC) src/cli/main.c -- -std=c17 -D_DEFAULT_SOURCE $(PKG_CFLAGS) -Isrc
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
	    --suppress=missingIncludeSystem --suppress=varFuncNullUB -Isrc src

bench: $(FAZHI)
	bench/run.sh $(FAZHI)

# A cluster still running in build/pg would lose its data directory under it.
clean:
	@scripts/pg-cluster.sh stop $(PG_DIR) 2>/dev/null || true
	rm -rf build

# Every object's header dependencies, the fuzz build's too (at any depth under src/: a stale
# object built against an older struct layout crashes the fuzzer).
-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(HTTP_OBJ:.o=.d) $(BUILD)/src/cli/main.d \
    $(FUZZ_OBJ:.o=.d)
