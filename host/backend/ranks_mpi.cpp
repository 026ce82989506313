// The processes of a run with MPI (built when CMake found MPI; ranks_single.cpp otherwise).
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "backend/ranks.hpp"

namespace detgrad::ranks {

namespace {

int g_rank = 0, g_size = 1, g_local_rank = 0;
bool g_initialised = false;

// Whether a launcher (mpirun, srun) started this process: only then is MPI initialised, so
// that a plain run neither pays for MPI's start nor needs its daemons.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID"}) {
    if (std::getenv(name)) return true;
  }
  return false;
}

}  // namespace

void initialize(int* argc, char*** argv) {
  if (!launched_by_mpi()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (already) return;
  int provided = 0;
  // Only the main thread calls MPI (OpenMP threads never do).
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  g_initialised = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, g_rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &g_local_rank);
  MPI_Comm_free(&node);
}

void finalize() {
  if (!g_initialised) return;
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised) MPI_Finalize();
}

int rank() { return g_rank; }
int size() { return g_size; }
int local_rank() { return g_local_rank; }
bool is_root() { return g_rank == 0; }
bool built_with_mpi() { return true; }

bool any(bool flag) {
  if (g_size == 1) return flag;
  int mine = flag ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return all != 0;
}

void broadcast(std::vector<double>& values) {
  if (g_size == 1 || values.empty()) return;
  MPI_Bcast(values.data(), int(values.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

std::vector<double> gather(const std::vector<double>& mine) {
  if (g_size == 1) return mine;
  int count = int(mine.size());
  const auto ranks_count = static_cast<std::size_t>(g_size);
  std::vector<int> counts(ranks_count), offsets(ranks_count);
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<double> all;
  if (g_rank == 0) {
    int total = 0;
    for (int r = 0; r < g_size; ++r) {
      offsets[std::size_t(r)] = total;
      total += counts[std::size_t(r)];
    }
    all.resize(std::size_t(total));
  }
  MPI_Gatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
              MPI_COMM_WORLD);
  return all;
}

std::vector<unsigned char> all_gather(const std::vector<unsigned char>& mine, std::size_t record_bytes) {
  if (g_size == 1) return mine;
  constexpr auto kMaxCount = std::uint64_t(std::numeric_limits<int>::max());
  if (record_bytes == 0 || record_bytes > kMaxCount || mine.size() % record_bytes != 0)
    abort_all("ranks::all_gather: records of " + std::to_string(record_bytes) + " bytes cannot hold " +
                  std::to_string(mine.size()) + " bytes",
              2);
  const std::uint64_t records = mine.size() / record_bytes;
  // Every rank checks the same total, so that all of them abort or none.
  std::vector<unsigned long long> total = {records};
  sum(total);
  if (total[0] > kMaxCount)
    abort_all("ranks::all_gather: " + std::to_string(total[0]) + " records are more than one gather can hold", 2);
  const auto ranks_count = static_cast<std::size_t>(g_size);
  int count = int(records);
  std::vector<int> counts(ranks_count), offsets(ranks_count);
  MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int at = 0;
  for (std::size_t r = 0; r < ranks_count; ++r) {
    offsets[r] = at;
    at += counts[r];
  }
  MPI_Datatype record;
  MPI_Type_contiguous(int(record_bytes), MPI_BYTE, &record);
  MPI_Type_commit(&record);
  std::vector<unsigned char> all(std::size_t(total[0]) * record_bytes);
  MPI_Allgatherv(mine.data(), count, record, all.data(), counts.data(), offsets.data(), record, MPI_COMM_WORLD);
  MPI_Type_free(&record);
  return all;
}

void sum(std::vector<long long>& values) {
  if (g_size == 1 || values.empty()) return;
  MPI_Allreduce(MPI_IN_PLACE, values.data(), int(values.size()), MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
}

void sum(std::vector<unsigned long long>& values) {
  if (g_size == 1 || values.empty()) return;
  MPI_Allreduce(MPI_IN_PLACE, values.data(), int(values.size()), MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
}

void barrier() {
  if (g_size > 1) MPI_Barrier(MPI_COMM_WORLD);
}

void abort_all(const std::string& message, int code) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
  if (g_size > 1) MPI_Abort(MPI_COMM_WORLD, code);
  finalize();
  std::exit(code);
}

}  // namespace detgrad::ranks
