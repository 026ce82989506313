// End to end: bad command lines exit with code 2, say what is wrong and print the usage;
// `detgrad help` (or --help, -h, also after a command) prints the usage and succeeds.
#include <gtest/gtest.h>

#include "cli/cli_runner.hpp"

namespace detgrad::test {
namespace {

TEST(CliArguments, HelpPrintsUsage) {
  TempDir scratch;
  for (const char* help : {"help", "--help", "-h"}) {
    const CliRun run = run_detgrad({help}, scratch.path());
    EXPECT_EQ(run.exit_code, 0) << describe(run);
    EXPECT_TRUE(contains(run.out, "usage:")) << describe(run);
    EXPECT_TRUE(contains(run.out, "detgrad simulate STUDY.json --out DIR")) << describe(run);
  }
  // After a command, with or without other arguments.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"optimize", "--help"}, {"simulate", "study.json", "-h"}, {"scan", "--param", "a=1:2:3", "--help"}}) {
    const CliRun run = run_detgrad(args, scratch.path());
    EXPECT_EQ(run.exit_code, 0) << describe(run);
    EXPECT_TRUE(contains(run.out, "usage:")) << describe(run);
  }
}

struct BadArguments {
  std::string name;
  std::vector<std::string> args;  // "STUDY" is the hello-world study, "OUT" a run directory
  std::string phrase;             // part of the error message
};

void PrintTo(const BadArguments& bad, std::ostream* out) { *out << bad.name; }

const BadArguments bad_arguments[] = {
    {"no_command", {}, "no command given"},
    {"unknown_command", {"simulat", "STUDY", "--out", "OUT"}, "unknown command \"simulat\""},
    {"validate_without_study", {"validate"}, "validate needs a study file"},
    {"simulate_without_study", {"simulate", "--out", "OUT"}, "simulate needs a study file"},
    {"simulate_without_out", {"simulate", "STUDY"}, "simulate needs --out DIR"},
    {"out_without_value", {"simulate", "STUDY", "--out"}, "--out needs a value"},
    {"zero_muons", {"simulate", "STUDY", "--out", "OUT", "--muons", "0"}, "--muons: must be at least 1"},
    {"muons_not_a_number", {"simulate", "STUDY", "--out", "OUT", "--muons", "abc"},
     "--muons: \"abc\" is not a non-negative whole number"},
    {"negative_muons", {"simulate", "STUDY", "--out", "OUT", "--muons", "-5"}, "--muons: \"-5\" is not"},
    {"fractional_muons", {"simulate", "STUDY", "--out", "OUT", "--muons", "1.5"}, "--muons: \"1.5\" is not"},
    {"seed_too_large", {"simulate", "STUDY", "--out", "OUT", "--seed", "18446744073709551616"},
     "--seed: \"18446744073709551616\" is not"},
    {"save_muons_not_a_number", {"simulate", "STUDY", "--out", "OUT", "--save-muons", "all"},
     "--save-muons: \"all\" is not"},
    {"unknown_backend", {"simulate", "STUDY", "--out", "OUT", "--backend", "gpu"},
     "--backend: \"gpu\" is not one of auto, cpu, cuda"},
    {"unknown_option", {"simulate", "STUDY", "--out", "OUT", "--fast"}, "unknown option --fast"},
    {"two_studies", {"simulate", "STUDY", "STUDY", "--out", "OUT"}, "unexpected argument"},
    {"validate_with_muons", {"validate", "STUDY", "--muons", "10"}, "validate takes only the study file"},
    {"validate_with_out", {"validate", "STUDY", "--out", "OUT"}, "validate takes only the study file"},
    {"validate_with_backend", {"validate", "STUDY", "--backend", "cpu"}, "validate takes only the study file"},
};

class CliBadArguments : public ::testing::TestWithParam<BadArguments> {};

TEST_P(CliBadArguments, ExitWith2AndPrintUsage) {
  TempDir scratch;
  const fs::path out = scratch / "run";
  std::vector<std::string> args;
  for (const auto& arg : GetParam().args) {
    args.push_back(arg == "STUDY" ? hello_world_study().string() : arg == "OUT" ? out.string() : arg);
  }
  const CliRun run = run_detgrad(args, scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "detgrad: error: " + GetParam().phrase)) << describe(run);
  EXPECT_TRUE(contains(run.err, "usage:")) << describe(run);
  EXPECT_TRUE(run.out.empty()) << describe(run);
  EXPECT_FALSE(fs::exists(out)) << "a bad command line created the run directory";
}

INSTANTIATE_TEST_SUITE_P(Arguments, CliBadArguments, ::testing::ValuesIn(bad_arguments),
                         [](const ::testing::TestParamInfo<BadArguments>& info) { return info.param.name; });

}  // namespace
}  // namespace detgrad::test
