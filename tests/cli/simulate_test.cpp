// End to end: `detgrad simulate` on the hello-world study writes a complete, consistent run
// directory; the saved muons follow --save-muons and the seed, and do not depend on the
// number of OpenMP threads; the backend choice fails or falls back as documented.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "backend/cuda_runtime.hpp"
#include "cli/cli_runner.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/physics/cosmic_rate.hpp"

namespace detgrad::test {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMuons = 20000;

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator)) fields.push_back(field);
  if (!line.empty() && line.back() == separator) fields.push_back("");
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Data rows of a muons.csv (the header excluded).
std::size_t data_rows(const std::string& csv) {
  std::size_t newlines = 0;
  for (char c : csv) newlines += c == '\n';
  return newlines - 1;
}

// The resolved study's detector planes: its tomography panels when it has that section,
// else its plain planes.
json detector_planes(const json& study) {
  if (study.contains("tomography")) return study.at("tomography").at("panels");
  return study.at("planes");
}

bool has_cuda_device() {
  std::string why_none;
  return cuda_device_count(&why_none) > 0;
}

// One 20000-muon run of the hello-world study on the CPU, shared by the tests that
// inspect its run directory.
class HelloWorldRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = std::make_unique<TempDir>();
    run_ = std::make_unique<CliRun>(run_detgrad({"simulate", hello_world_study().string(), "--out",
                                                 run_dir().string(), "--muons", std::to_string(kMuons),
                                                 "--backend", "cpu"},
                                                scratch_->path()));
  }
  static void TearDownTestSuite() {
    run_.reset();
    scratch_.reset();
  }
  void SetUp() override { ASSERT_EQ(run_->exit_code, 0) << describe(*run_); }

  static fs::path run_dir() { return *scratch_ / "run"; }
  static json read_json(const std::string& name) { return json::parse(read_text(run_dir() / name)); }

  static std::unique_ptr<TempDir> scratch_;
  static std::unique_ptr<CliRun> run_;
};

std::unique_ptr<TempDir> HelloWorldRun::scratch_;
std::unique_ptr<CliRun> HelloWorldRun::run_;

TEST_F(HelloWorldRun, WritesTheFourOutputs) {
  for (const char* name : {"summary.json", "muons.csv", "study.json", "log.txt"}) {
    EXPECT_TRUE(fs::is_regular_file(run_dir() / name)) << name;
  }
  EXPECT_FALSE(read_text(run_dir() / "log.txt").empty());
  EXPECT_TRUE(contains(read_text(run_dir() / "log.txt"), "backend cpu"));
}

TEST_F(HelloWorldRun, SummaryIsCompleteAndConsistent) {
  const json summary = read_json("summary.json");
  for (const char* key : {"study", "seed", "backend", "backend_detail", "muons_generated", "muons_transported",
                          "muons_entered_volume", "muons_stopped", "muons_left_through_side", "muons_reached_bottom",
                          "muons_lost", "muons_saved", "source", "generation_area_m2", "exposure_seconds",
                          "wall_seconds", "muons_per_second", "muon_counters", "task"}) {
    EXPECT_TRUE(summary.contains(key)) << key << " missing from\n" << summary.dump(2);
  }
  const auto generated = summary.at("muons_generated").get<std::uint64_t>();
  EXPECT_EQ(generated, kMuons);
  EXPECT_EQ(summary.at("muons_transported").get<std::uint64_t>() + summary.at("muons_lost").get<std::uint64_t>(),
            generated);
  EXPECT_LE(summary.at("muons_entered_volume").get<std::uint64_t>(), generated);
  // What the counters document as adding up; and side leavers are among the entering ones.
  EXPECT_EQ(summary.at("muons_reached_bottom").get<std::uint64_t>() + summary.at("muons_stopped").get<std::uint64_t>() +
                summary.at("muons_lost").get<std::uint64_t>(),
            generated);
  EXPECT_LE(summary.at("muons_left_through_side").get<std::uint64_t>(),
            summary.at("muons_entered_volume").get<std::uint64_t>());
  for (const char* key : {"muons_generated", "muons_entered_volume", "muons_stopped", "muons_left_through_side",
                          "muons_reached_bottom", "muons_lost", "adds_up"}) {
    EXPECT_TRUE(summary.at("muon_counters").contains(key)) << key;
  }
  EXPECT_EQ(summary.at("task"), "tomography");
  EXPECT_EQ(summary.at("muons_saved").get<std::uint64_t>(), kMuons);
  EXPECT_EQ(summary.at("study"), "hello_world");
  EXPECT_EQ(summary.at("seed"), 1);
  EXPECT_EQ(summary.at("backend"), "cpu");
  EXPECT_EQ(summary.at("source"), "cosmic");
  EXPECT_GT(summary.at("muons_per_second").get<double>(), 0.0);
  EXPECT_GT(summary.at("wall_seconds").get<double>(), 0.0);

  // Exposure = N / (rate * area): the area from the resolved generation plane, the rate
  // from the material-independent cosmic-rate integral of the resolved source.
  const json source = read_json("study.json").at("source");
  const json& plane = source.at("plane");
  const double area_m2 = (plane.at("x_range_m")[1].get<double>() - plane.at("x_range_m")[0].get<double>()) *
                         (plane.at("y_range_m")[1].get<double>() - plane.at("y_range_m")[0].get<double>());
  EXPECT_NEAR(summary.at("generation_area_m2").get<double>(), area_m2, 1e-12 * area_m2);
  CosmicSourceConfig cosmic;
  cosmic.model = source.at("model") == "shukla2016" ? CosmicModel::shukla2016 : CosmicModel::guan2015;
  cosmic.momentum_min_GeV = source.at("momentum_range_GeV")[0].get<double>();
  cosmic.momentum_max_GeV = source.at("momentum_range_GeV")[1].get<double>();
  cosmic.zenith_max_rad = source.at("zenith_max_deg").get<double>() * units::kDegree_rad;
  cosmic.charge_ratio = source.at("charge_ratio").get<double>();
  const double rate_per_m2_s = cosmic_rate_per_m2_s(cosmic);
  const double exposure_s = summary.at("exposure_seconds").get<double>();
  EXPECT_GT(exposure_s, 0.0);
  const double expected_s = double(generated) / (rate_per_m2_s * summary.at("generation_area_m2").get<double>());
  EXPECT_NEAR(exposure_s, expected_s, 1e-6 * expected_s);
}

TEST_F(HelloWorldRun, MuonsCsvHasEveryColumnAndOneRowPerMuon) {
  const std::vector<std::string> lines = lines_of(read_text(run_dir() / "muons.csv"));
  ASSERT_FALSE(lines.empty());
  const std::vector<std::string> header = split(lines[0], ',');
  std::vector<std::string> expected = {
      "event",        "charge",      "momentum_GeV", "cos_zenith",   "azimuth_rad",    "x_gen_m",
      "y_gen_m",      "entered_volume", "stopped",   "left_through_side", "reached_bottom", "lost",
      "entry_x_m",    "entry_y_m",   "entry_z_m",    "entry_dir_x",  "entry_dir_y",    "entry_dir_z",
      "exit_x_m",     "exit_y_m",    "exit_z_m",     "exit_dir_x",   "exit_dir_y",     "exit_dir_z",
      "exit_momentum_GeV", "path_in_volume_m"};
  const json planes = detector_planes(read_json("study.json"));
  ASSERT_FALSE(planes.empty());
  for (const auto& plane : planes) {
    const std::string name = plane.at("name").get<std::string>();
    for (const char* suffix : {"_x_m", "_y_m", "_slope_x", "_slope_y"}) expected.push_back(name + suffix);
  }
  EXPECT_EQ(std::multiset<std::string>(header.begin(), header.end()),
            std::multiset<std::string>(expected.begin(), expected.end()));
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 26),
            std::vector<std::string>(expected.begin(), expected.begin() + 26));

  ASSERT_EQ(lines.size(), kMuons + 1);
  std::size_t bad_width = 0, non_finite = 0, out_of_order = 0, entered = 0;
  for (std::size_t row = 1; row < lines.size(); ++row) {
    const std::vector<std::string> fields = split(lines[row], ',');
    if (fields.size() != header.size()) ++bad_width;
    if (fields.empty() || fields[0] != std::to_string(row - 1)) ++out_of_order;
    for (const auto& field : fields) {
      const bool is_number = !field.empty() && std::isfinite(std::strtod(field.c_str(), nullptr));
      const bool looks_non_finite = contains(field, "nan") || contains(field, "NaN") || contains(field, "inf");
      if ((!field.empty() && !is_number) || looks_non_finite) ++non_finite;
    }
    if (fields.size() > 7 && fields[7] == "1") ++entered;
  }
  EXPECT_EQ(bad_width, 0u) << "rows whose field count differs from the header's " << header.size();
  EXPECT_EQ(out_of_order, 0u) << "rows whose event number is not its row index";
  EXPECT_EQ(non_finite, 0u) << "fields that are not finite numbers";
  EXPECT_EQ(entered, read_json("summary.json").at("muons_entered_volume").get<std::size_t>());
}

TEST_F(HelloWorldRun, ResolvedStudyIsAValidStudy) {
  const json study = read_json("study.json");
  EXPECT_EQ(study.at("muons"), kMuons);
  EXPECT_EQ(study.at("output").at("save_muons"), kMuons);
  EXPECT_EQ(study.at("backend"), "cpu");
  const CliRun validate = run_detgrad({"validate", (run_dir() / "study.json").string()}, scratch_->path());
  EXPECT_EQ(validate.exit_code, 0) << describe(validate);
  EXPECT_TRUE(contains(validate.out, "valid study")) << describe(validate);
}

class SimulateOptions : public ::testing::Test {
 protected:
  // Runs hello_world with `options` into a new run directory; returns muons.csv.
  std::string simulate(const std::string& run, const std::vector<std::string>& options,
                       const std::vector<std::string>& environment = {}) {
    std::vector<std::string> args = {"simulate", hello_world_study().string(), "--out", (scratch_ / run).string()};
    args.insert(args.end(), options.begin(), options.end());
    const CliRun result = run_detgrad(args, scratch_.path(), environment);
    EXPECT_EQ(result.exit_code, 0) << describe(result);
    if (result.exit_code != 0) return "";
    return read_text(scratch_ / run / "muons.csv");
  }
  json summary(const std::string& run) { return json::parse(read_text(scratch_ / run / "summary.json")); }

  TempDir scratch_;
};

TEST_F(SimulateOptions, SaveMuonsLimitsTheRows) {
  const std::string csv = simulate("run", {"--muons", "5000", "--save-muons", "100", "--backend", "cpu"});
  EXPECT_EQ(data_rows(csv), 100u);
  EXPECT_EQ(summary("run").at("muons_saved"), 100);
  EXPECT_EQ(summary("run").at("muons_generated"), 5000);
}

// --muons leaves a save_muons that the study gives explicitly as it is (a defaulted one
// follows the new muon count: HelloWorldRun.ResolvedStudyIsAValidStudy).
TEST_F(SimulateOptions, MuonsOverrideKeepsAnExplicitSaveMuons) {
  json study = hello_world_json();
  study["output"] = {{"save_muons", 300}};
  const fs::path path = scratch_ / "study.json";
  write_text(path, study.dump());
  const CliRun run = run_detgrad(
      {"simulate", path.string(), "--out", (scratch_ / "run").string(), "--muons", "1000", "--backend", "cpu"},
      scratch_.path());
  ASSERT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_EQ(data_rows(read_text(scratch_ / "run" / "muons.csv")), 300u);
}

TEST_F(SimulateOptions, SameSeedGivesIdenticalMuonsWhateverTheThreadCount) {
  const std::vector<std::string> options = {"--muons", "4000", "--seed", "7", "--backend", "cpu"};
  const std::string one_thread = simulate("one", options, {"OMP_NUM_THREADS=1"});
  const std::string two_threads = simulate("two", options, {"OMP_NUM_THREADS=2"});
  const std::string again = simulate("again", options, {"OMP_NUM_THREADS=2"});
  ASSERT_EQ(data_rows(one_thread), 4000u);
  EXPECT_TRUE(one_thread == two_threads) << "muons.csv differs between 1 and 2 OpenMP threads";
  EXPECT_TRUE(two_threads == again) << "muons.csv differs between two runs with the same seed";
  EXPECT_TRUE(contains(read_text(scratch_ / "one" / "log.txt"), "1 OpenMP threads"));
  EXPECT_TRUE(contains(read_text(scratch_ / "two" / "log.txt"), "2 OpenMP threads"));
}

TEST_F(SimulateOptions, SeedChangesTheMuons) {
  const std::string seed_7 = simulate("seed_7", {"--muons", "1000", "--seed", "7", "--backend", "cpu"});
  const std::string seed_8 = simulate("seed_8", {"--muons", "1000", "--seed", "8", "--backend", "cpu"});
  ASSERT_EQ(data_rows(seed_7), 1000u);
  ASSERT_EQ(data_rows(seed_8), 1000u);
  EXPECT_FALSE(seed_7 == seed_8);
  EXPECT_EQ(summary("seed_8").at("seed"), 8);
}

// Seeds above 2^53 are read exactly, not rounded through double.
TEST_F(SimulateOptions, LargeSeedIsNotRounded) {
  const std::string odd = simulate("odd", {"--muons", "200", "--seed", "9007199254740993", "--backend", "cpu"});
  const std::string even = simulate("even", {"--muons", "200", "--seed", "9007199254740992", "--backend", "cpu"});
  EXPECT_EQ(summary("odd").at("seed").get<std::uint64_t>(), 9007199254740993ull);
  EXPECT_FALSE(odd == even);
}

TEST_F(SimulateOptions, CudaWithoutDeviceFailsWithExitCode1) {
  if (has_cuda_device()) {
    std::printf("skipped: a CUDA device is present, so --backend cuda is usable here\n");
    GTEST_SKIP() << "a CUDA device is present";
  }
  const fs::path out = scratch_ / "cuda";
  const CliRun result = run_detgrad(
      {"simulate", hello_world_study().string(), "--out", out.string(), "--muons", "100", "--backend", "cuda"},
      scratch_.path());
  EXPECT_EQ(result.exit_code, 1) << describe(result);
  EXPECT_TRUE(contains(result.err, "cuda")) << describe(result);
  EXPECT_FALSE(fs::exists(out)) << "nothing is written when the backend is not usable";
}

TEST_F(SimulateOptions, AutoBackendRuns) {
  simulate("auto", {"--muons", "500", "--backend", "auto"});
  EXPECT_EQ(summary("auto").at("backend"), has_cuda_device() ? "cuda" : "cpu");
}

}  // namespace
}  // namespace detgrad::test
