#include "cli/cli_options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace detgrad {
namespace {

// Plain digits are read exactly (up to 2^64 - 1: a seed must not be rounded); a number
// written with a point or an exponent ("1e6") must be a whole number up to 2^53, where
// every integer is exact in double.
std::uint64_t parse_count(const std::string& flag, const std::string& text) {
  const UsageError bad(flag + ": \"" + text + "\" is not a non-negative whole number");
  if (text.empty() || text.find_first_not_of("0123456789.eE+") != std::string::npos) throw bad;
  errno = 0;
  char* end = nullptr;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0') throw bad;
    return value;
  }
  const double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0' || !(value >= 0) || value > 9007199254740992.0 || value != std::floor(value)) {
    throw bad;
  }
  return std::uint64_t(value);
}

// Checked here so that a typo is a usage error, not an "error in study".
std::string parse_backend_name(const std::string& text) {
  if (text == "auto" || text == "cpu" || text == "cuda") return text;
  throw UsageError("--backend: \"" + text + "\" is not one of auto, cpu, cuda");
}

}  // namespace

std::string usage_text() {
  return "usage:\n"
         "  detgrad simulate STUDY.json --out DIR [--events N] [--seed S] [--backend auto|cpu|cuda] [--save-events K]\n"
         "  detgrad validate STUDY.json\n"
         "  detgrad gradcheck STUDY.json [--events N] [--seed S] [--json FILE]\n"
         "  detgrad optimize STUDY.json --out DIR [--steps N] [--resume] [--seed S] [--backend auto|cpu|cuda]\n"
         "  detgrad evaluate STUDY.json [--layout FILE] [--events N] [--seed S] [--backend auto|cpu|cuda] [--json FILE]\n"
         "  detgrad scan STUDY.json --param NAME=START:STOP:N [--param ...] --out DIR [--events N] [--seed S]\n"
         "               [--backend auto|cpu|cuda]\n"
         "  detgrad align STUDY.json --data RUN_DIR --out DIR [--backend auto|cpu|cuda]\n"
         "  detgrad help\n"
         "--events N counts the study's events: muons, showers or scattering events (--muons N and\n"
         "--save-muons K are the same options as --events N and --save-events K)\n"
         "exit codes: 0 success, 1 run-time failure, 2 bad study or bad arguments\n";
}

CliOptions parse_cli(const std::vector<std::string>& args) {
  CliOptions o;
  if (args.empty()) throw UsageError("no command given");
  o.command = args[0];
  if (o.command == "help" || o.command == "--help" || o.command == "-h") {
    o.command = "help";
    return o;
  }
  if (o.command != "simulate" && o.command != "validate" && o.command != "gradcheck" && o.command != "optimize" &&
      o.command != "evaluate" && o.command != "scan" && o.command != "align") {
    throw UsageError("unknown command \"" + o.command + "\"");
  }
  std::string events_flag = "--events";  // as the user spelled it, for the messages
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      return args[++i];
    };
    if (a == "--help" || a == "-h") {  // `detgrad optimize --help`: the usage, whatever else is given
      o = CliOptions{};
      o.command = "help";
      return o;
    }
    if (a == "--out") o.out_dir = value();
    else if (a == "--events" || a == "--muons") {
      o.events = parse_count(a, value());
      events_flag = a;
    }
    else if (a == "--seed") o.seed = parse_count(a, value());
    else if (a == "--save-events" || a == "--save-muons") o.save_events = parse_count(a, value());
    else if (a == "--param") o.scan_params.push_back(value());
    else if (a == "--backend") o.backend = parse_backend_name(value());
    else if (a == "--json") o.json_path = value();
    else if (a == "--steps") o.steps = parse_count(a, value());
    else if (a == "--resume") o.resume = true;
    else if (a == "--layout") o.layout_path = value();
    else if (a == "--data") o.data_dir = value();
    else if (!a.empty() && a[0] == '-') throw UsageError("unknown option " + a);
    else if (o.study_path.empty()) o.study_path = a;
    else throw UsageError("unexpected argument \"" + a + "\"");
  }
  if (o.study_path.empty()) throw UsageError(o.command + " needs a study file");
  if (o.command == "simulate" && !o.out_dir) throw UsageError("simulate needs --out DIR");
  if (o.command == "validate" && (o.out_dir || o.events || o.seed || o.save_events || o.backend)) {
    throw UsageError("validate takes only the study file");
  }
  if (o.json_path && o.command != "gradcheck" && o.command != "evaluate") {
    throw UsageError("--json is an option of gradcheck and evaluate");
  }
  if (o.layout_path && o.command != "evaluate") throw UsageError("--layout is an option of evaluate");
  if (o.command == "evaluate" && (o.out_dir || o.save_events)) throw UsageError("evaluate takes no --out or --save-events");
  if (!o.scan_params.empty() && o.command != "scan") throw UsageError("--param is an option of scan");
  if (o.command == "scan") {
    if (o.scan_params.empty() || o.scan_params.size() > 2) throw UsageError("scan needs one or two --param NAME=START:STOP:N");
    if (!o.out_dir) throw UsageError("scan needs --out DIR");
    if (o.save_events) throw UsageError("scan takes no --save-events");
  }
  if ((o.steps || o.resume) && o.command != "optimize") throw UsageError("--steps and --resume are options of optimize");
  if (o.command == "optimize" && !o.out_dir) throw UsageError("optimize needs --out DIR");
  if (o.command == "optimize" && (o.events || o.save_events)) {
    throw UsageError("optimize takes the events per step from the study (optimization.events_per_step, or the "
                     "task's own key such as optimization.muons_per_step)");
  }
  if (o.steps && *o.steps == 0) throw UsageError("--steps: must be at least 1");
  if (o.command == "gradcheck" && (o.out_dir || o.save_events || o.backend)) {
    throw UsageError("gradcheck takes --events, --seed and --json only");
  }
  if (o.data_dir && o.command != "align") throw UsageError("--data is an option of align");
  if (o.command == "align") {
    if (!o.data_dir || !o.out_dir) throw UsageError("align needs --data RUN_DIR and --out DIR");
    if (o.events || o.save_events || o.seed) throw UsageError("align takes --data, --out and --backend only");
  }
  if (o.events && *o.events == 0) throw UsageError(events_flag + ": must be at least 1");
  return o;
}

}  // namespace detgrad
