/* suites.h — every unit-test suite, one SUITE(name) per tests/unit/test_<name>.c. */
SUITE(core)
SUITE(date)
SUITE(calendar)
SUITE(audit)
SUITE(engine)
SUITE(features)
SUITE(penalty)
SUITE(uploads)
