#pragma once
// The processes of a run (docs/design.md: data-parallel over events with MPI). Without mpirun, or
// in a build without MPI (-DDETGRAD_MPI=OFF), a run is one process of rank 0. Under mpirun
// every rank runs the same command on a contiguous share of each pass's events; partial sums
// meet in a fixed order (pairwise_reduce.hpp), so every rank holds the same, bitwise
// R-independent results; rank 0 alone writes files and prints.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace detgrad::ranks {

// Called once by main before anything else (MPI_Init_thread when the build has MPI and the
// process was started by mpirun), and finalize once at the end.
void initialize(int* argc, char*** argv);
void finalize();

int rank();
int size();
// The rank among the ranks of this node, and their number (GPU choice: local rank modulo
// the node's devices).
int local_rank();
bool is_root();  // rank 0: writes the run's files and prints its progress
bool built_with_mpi();

// Collectives (no-ops on one process). Every rank must call them in the same order.
bool any(bool flag);  // true on every rank when it is true on some rank
void broadcast(std::vector<double>& values);  // rank 0's values to every rank (same size everywhere)
// Every rank's doubles gathered on rank 0, rank after rank (other ranks get an empty vector).
std::vector<double> gather(const std::vector<double>& mine);
// Every rank's records of plain data (record_bytes bytes each; mine.size() a multiple of it)
// on every rank, rank after rank, bytes unchanged. Counts are in records, so a batch may hold
// up to 2^31 - 1 records in all.
std::vector<unsigned char> all_gather(const std::vector<unsigned char>& mine, std::size_t record_bytes);
// Element-wise integer sum on every rank.
void sum(std::vector<long long>& values);
void sum(std::vector<unsigned long long>& values);
void barrier();

// A failure on one rank ends every rank: the message (printed by this rank) and a non-zero
// exit code for the whole job (MPI_Abort). On one process: std::exit(code).
[[noreturn]] void abort_all(const std::string& message, int code);

}  // namespace detgrad::ranks
