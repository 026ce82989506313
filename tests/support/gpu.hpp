#pragma once
// GPU test instances skip themselves, visibly, where no CUDA device is usable.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "backend/cuda_runtime.hpp"

#define DETGRAD_REQUIRE_CUDA_DEVICE()                                                 \
  do {                                                                                \
    std::string why_none;                                                             \
    if (::detgrad::cuda_device_count(&why_none) == 0) {                               \
      std::printf("skipped: no CUDA device (%s)\n", why_none.c_str());                \
      GTEST_SKIP() << "skipped: no CUDA device (" << why_none << ")";                 \
    }                                                                                 \
  } while (0)
