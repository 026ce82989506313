#pragma once
// The hits of a misaligned station as simulate writes them (hits.csv) and align reads them:
// one line per recorded event (an elastic event or a through-going beam muon), the measured
// coordinate of every module for the muon (m_<module>) and, downstream, for the electron
// (e_<module>), empty where a module recorded no hit; the truth in columns of its own
// (true_*), which align does not read. The hits are associated with their particles as
// the simulation made them (pattern recognition and particle identification are assumed).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "detgrad/muone/alignment_event_fit.hpp"
#include "muone/muone_config.hpp"

namespace detgrad::muone {

using AlignmentRecord = RecordedEvent;

struct AlignmentData {
  std::vector<std::string> module_names;
  std::vector<AlignmentRecord> events;
  // The truth column true_electron_momentum_GeV when the file has it (checks only; NaN for
  // beam muons), else empty.
  std::vector<double> true_electron_momentum;
};

struct AlignmentSample {
  std::uint64_t elastic_events = 0;
  std::uint64_t beam_muons = 0;
};

// The recorded events of a study with a misalignment section: `elastic` elastic events and
// beam_muons_per_event times as many beam muons, in the study's true geometry; written to
// `file` with their truth (CPU, OpenMP, double).
AlignmentSample write_alignment_hits(const MuoneStudyConfig& study, std::uint64_t elastic,
                                     const std::filesystem::path& file);

// The same events as records, in memory (without truth): what reading the file gives.
std::vector<RecordedEvent> simulate_alignment_records(const MuoneStudyConfig& study, std::uint64_t elastic);

// Reads hits.csv; a file that is not one (columns, numbers, more than 2^31 lines or 4 GiB)
// is a StudyError naming the file and its line.
AlignmentData read_alignment_hits(const std::filesystem::path& file);

}  // namespace detgrad::muone
