// Tests of statistical power (many replications against an exact result) run in the optimised
// build only: under AddressSanitizer they take minutes and check no memory the other tests don't.
#pragma once

#include <gtest/gtest.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)  // clang's way of saying so
#define SURGESIM_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(SURGESIM_UNDER_ASAN)
#define SURGESIM_SKIP_UNDER_SANITIZERS() \
  GTEST_SKIP() << "a statistical validation: run in the optimised build only"
#else
#define SURGESIM_SKIP_UNDER_SANITIZERS() static_cast<void>(0)
#endif
