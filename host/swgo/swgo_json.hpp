#pragma once
// The "swgo" study section: read (known keys only, every error a StudyError naming the JSON
// path or the layout file's line), resolved (the layout built), validated, written back with
// every default filled in.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "swgo/swgo_config.hpp"

namespace detgrad::swgo {

// Reads the whole study (common keys and "swgo") and validates it with its layout, which is
// resolved (file read, generator run) once and handed back in *resolved when asked for.
SwgoConfig read_swgo_study(const nlohmann::json& study, Layout* resolved = nullptr);
void write_swgo_study(const SwgoConfig& c, nlohmann::json& out);

// The layout the study describes (file read, generator run).
Layout resolve_layout(const SwgoConfig& c);
// Checks a layout against the study: at least one unit for every tank the trigger needs,
// finite coordinates, least distance, site. `where` names it in messages ("swgo.layout",
// a layout file).
void validate_layout(const SwgoConfig& c, const Layout& layout, const std::string& where);
// Checks the common keys and the study's resolved layout (validate_layout).
void validate_swgo(const SwgoConfig& c, const Layout& layout);

// The folder of the LDF files: data_dir, or data/swgo in detgrad's share folder
// (install/install_paths.hpp).
std::filesystem::path ldf_folder(const SwgoConfig& c);
// A path from a study: as given (relative to the working directory) if it exists, else
// relative to detgrad's share folder (so "data/swgo/layouts/A1.txt" works from anywhere).
std::filesystem::path study_path(const std::string& path);

}  // namespace detgrad::swgo
