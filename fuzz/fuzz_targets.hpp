#pragma once
// The fuzz targets: each feeds one input, as a file's bytes, to one of detgrad's readers and
// returns 0. A refusal of the input (a StudyError, or for a checkpoint any std::exception,
// as run_optimization refuses it) is the expected answer; anything else (another exception,
// a crash, undefined behaviour, a hang, memory beyond -rss_limit_mb) is a finding.
//
// libfuzzer_entry.cpp turns one of them into a libFuzzer program (-DDETGRAD_FUZZ=ON, clang);
// tests/fuzz/fuzz_corpus_test.cpp runs each over its seed corpus in the ordinary test suite.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace detgrad::fuzz {

// A study of any task, through the task registry: read, validated, written back.
int study(const std::uint8_t* data, std::size_t size);
// A layout file (JSON) as every task reads it, against its default study.
int layout_json(const std::uint8_t* data, std::size_t size);
// An SWGO layout text file ("x y" or "index x y" per line).
int layout_text(const std::uint8_t* data, std::size_t size);
// An SWGO lateral-density parameter file (24 lines of 3 numbers).
int ldf_text(const std::uint8_t* data, std::size_t size);
// A checkpoint of an optimisation of the tomography default study: the JSON, the exact
// parameter values and the optimiser's state, read as a resumed run reads them.
int checkpoint(const std::uint8_t* data, std::size_t size);

struct Target {
  const char* name;  // the corpus folder fuzz/corpus/<name> and the program fuzz_<name>
  int (*run)(const std::uint8_t*, std::size_t);
};
const std::vector<Target>& targets();

// The source tree (configs/ and data/ are read from it).
std::string source_dir();

}  // namespace detgrad::fuzz
