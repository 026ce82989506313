// detgrad command-line entry point (cli/cli_main.hpp).
#include <string>
#include <vector>

#include "cli/cli_main.hpp"

int main(int argc, char** argv) { return detgrad::run_cli(std::vector<std::string>(argv + 1, argv + argc)); }
