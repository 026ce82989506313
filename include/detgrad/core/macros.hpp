#pragma once
// Portability macros: every per-event function is compiled for the host and, under nvcc,
// for the device as well. One source, two executors (docs/design.md, principle 1).

#if defined(__CUDACC__)
#define DETGRAD_HD __host__ __device__
#else
#define DETGRAD_HD
#endif

#define DETGRAD_HDI DETGRAD_HD inline
